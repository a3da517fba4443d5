package io.github.zth.gpt.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes the flat JSON objects zth-gpt keeps next to a checkpoint ({@code config.json},
 * {@code trainer.json}): string keys mapped to numbers, booleans or strings, no nesting.
 */
public final class FlatJson {

  private FlatJson() {}

  /** Writes {@code values} (Number, Boolean or String) as a pretty one-key-per-line object. */
  public static String write(Map<String, ?> values) {
    StringBuilder sb = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, ?> e : values.entrySet()) {
      sb.append("  ").append(quote(e.getKey())).append(": ");
      Object v = e.getValue();
      if (v instanceof String s) {
        sb.append(quote(s));
      } else if (v instanceof Double || v instanceof Float) {
        sb.append(String.format(Locale.ROOT, "%s", Double.toString(((Number) v).doubleValue())));
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        throw new IllegalArgumentException("FlatJson.write: unsupported value for \"" + e.getKey() + "\": " + v);
      }
      sb.append(++i < values.size() ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Parses a flat object: values become {@link String}, {@link Boolean}, {@link Long} (integers) or
   * {@link Double}.
   *
   * @param what the file name for error messages
   * @param text the JSON text
   * @return the entries in file order
   * @throws IllegalArgumentException if the text is not a flat JSON object
   */
  public static Map<String, Object> parse(String what, String text) {
    return new Parser(what, text).object();
  }

  private static final class Parser {
    private final String what;
    private final String s;
    private int i;

    Parser(String what, String s) {
      this.what = what;
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> out = new LinkedHashMap<>();
      expect('{');
      ws();
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          ws();
          String key = string();
          ws();
          expect(':');
          ws();
          out.put(key, value());
          ws();
          char c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw bad("expected ',' or '}'");
          }
        }
      }
      ws();
      if (i != s.length()) {
        throw bad("trailing characters");
      }
      return out;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String num = s.substring(start, i);
      if (num.isEmpty()) {
        throw bad("expected a string, number or boolean");
      }
      try {
        if (num.matches("-?\\d+")) {
          return Long.parseLong(num);
        }
        return Double.parseDouble(num);
      } catch (NumberFormatException e) {
        throw bad("malformed number '" + num + "'");
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\') {
          char e = next();
          switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'u' -> {
              if (i + 4 > s.length()) {
                throw bad("truncated \\u escape");
              }
              sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> sb.append(e);
          }
        } else {
          sb.append(c);
        }
      }
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw bad("unexpected end of input");
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        i--;
        throw bad("expected '" + c + "'");
      }
    }

    private IllegalArgumentException bad(String msg) {
      return new IllegalArgumentException(what + ": malformed JSON at offset " + i + ": " + msg);
    }
  }
}
