package io.github.zth.autograd.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) parser and string writer, enough for safetensors headers and
 * golden files, so zth needs no JSON library.
 *
 * <p>Values map to Java as: object → {@link LinkedHashMap} (document order, duplicate keys
 * refused), array → {@link List}, string → {@link String}, integer literal → {@link Long} (out of
 * range refused), number with fraction or exponent → {@link Double}, {@code true/false} → {@link
 * Boolean}, {@code null} → {@link #NULL}. Nesting deeper than {@link #MAX_DEPTH} is refused so a
 * hostile header cannot overflow the stack. Every error names the character offset where parsing
 * stopped.
 */
public final class Json {

  /**
   * The value that stands for JSON {@code null} (Java maps cannot hold a real null conveniently).
   */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** Deepest nesting of arrays/objects accepted. */
  public static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses a complete JSON document; only whitespace may follow the value.
   *
   * @param text the document
   * @return the value (see the class comment for the Java types)
   * @throws IllegalArgumentException naming the offset of the first error
   */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipWhitespace();
    Object value = p.value(0);
    p.skipWhitespace();
    if (p.pos != text.length()) {
      throw p.error("unexpected " + p.describe(p.pos) + " after the JSON value");
    }
    return value;
  }

  private Object value(int depth) {
    if (pos >= text.length()) {
      throw error("unexpected end of input, expected a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected " + describe(pos) + ", expected a value");
    }
  }

  private Map<String, Object> object(int depth) {
    checkDepth(depth);
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("unexpected " + describe(pos) + ", expected '\"' starting an object key");
      }
      int keyAt = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value(depth);
      if (map.put(key, v) != null) {
        pos = keyAt;
        throw error("duplicate key \"" + key + "\"");
      }
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        pos++;
      } else if (c == '}') {
        pos++;
        return map;
      } else {
        throw error("unexpected " + describe(pos) + ", expected ',' or '}' in an object");
      }
    }
  }

  private List<Object> array(int depth) {
    checkDepth(depth);
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth));
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        pos++;
      } else if (c == ']') {
        pos++;
        return list;
      } else {
        throw error("unexpected " + describe(pos) + ", expected ',' or ']' in an array");
      }
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        checkSurrogates(sb);
        pos++;
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
      }
      if (c != '\\') {
        sb.append(c);
        pos++;
        continue;
      }
      if (pos + 1 >= text.length()) {
        throw error("unterminated escape sequence");
      }
      char e = text.charAt(pos + 1);
      switch (e) {
        case '"':
          sb.append('"');
          break;
        case '\\':
          sb.append('\\');
          break;
        case '/':
          sb.append('/');
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          sb.append(hex4(pos + 2));
          pos += 4;
          break;
        default:
          pos++;
          throw error("invalid escape \\" + e);
      }
      pos += 2;
    }
  }

  // A lone surrogate could not be written back as UTF-8, so it is refused as serde_json does.
  private void checkSurrogates(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw error(
            "lone surrogate U+" + String.format("%04X", (int) c) + " in the string ending here");
      }
    }
  }

  private char hex4(int at) {
    if (at + 4 > text.length()) {
      pos = at;
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = at; i < at + 4; i++) {
      int d = Character.digit(text.charAt(i), 16);
      if (d < 0) {
        pos = i;
        throw error("invalid hex digit " + describe(i) + " in a \\u escape");
      }
      v = v * 16 + d;
    }
    return (char) v;
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      throw error("expected a digit, got " + describe(pos));
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("expected a digit after '.', got " + describe(pos));
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("expected a digit in the exponent, got " + describe(pos));
      }
      digits();
    }
    String literal = text.substring(start, pos);
    if (integral) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException ex) {
        pos = start;
        throw error("integer " + abbreviate(literal) + " does not fit in 64 bits");
      }
    }
    return Double.parseDouble(literal);
  }

  private void digits() {
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected " + describe(pos) + ", expected a value");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("unexpected " + describe(pos) + ", expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private String describe(int at) {
    if (at >= text.length()) {
      return "end of input";
    }
    char c = text.charAt(at);
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("JSON at offset " + pos + ": " + message);
  }

  /**
   * Appends {@code s} as a JSON string literal, escaping like serde_json (the writer behind the
   * Python safetensors library) so headers come out byte-identical: {@code "} and {@code \} are
   * backslash-escaped, control characters use the short escapes or {@code \}{@code u00xx},
   * everything else (including non-ASCII) is written as is.
   *
   * @param out where to append
   * @param s the string
   */
  public static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
