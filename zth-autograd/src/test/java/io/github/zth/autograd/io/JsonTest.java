package io.github.zth.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesAllValueKinds() {
    Object v =
        Json.parse(
            " {\"a\": [1, -2, 3.5, 1e2, true, false, null], \"b\": \"x\\u00e9\\n\\\"\", \"c\": {}} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
    List<?> a = (List<?>) m.get("a");
    assertEquals(1L, a.get(0));
    assertEquals(-2L, a.get(1));
    assertEquals(3.5, a.get(2));
    assertEquals(100.0, a.get(3));
    assertEquals(Boolean.TRUE, a.get(4));
    assertEquals(Boolean.FALSE, a.get(5));
    assertSame(Json.NULL, a.get(6));
    assertEquals("x\u00e9\n\"", m.get("b"));
    assertEquals(Map.of(), m.get("c"));
    assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""));
  }

  @Test
  void errorsNameTheOffset() {
    assertError(
        "{\"a\":1,}", "JSON at offset 7: unexpected '}', expected '\"' starting an object key");
    assertError(
        "{\"a\":1 \"b\":2}", "JSON at offset 7: unexpected '\"', expected ',' or '}' in an object");
    assertError("{\"a\":1,\"a\":2}", "JSON at offset 7: duplicate key \"a\"");
    assertError("[1] x", "JSON at offset 4: unexpected 'x' after the JSON value");
    assertError(
        "9223372036854775808",
        "JSON at offset 0: integer 9223372036854775808 does not fit in 64 bits");
    assertError("01", "JSON at offset 1: unexpected '1' after the JSON value");
    assertError("1.", "JSON at offset 2: expected a digit after '.', got end of input");
    assertError("\"abc", "JSON at offset 4: unterminated string");
    assertError("\"a\tb\"", "JSON at offset 2: control character U+0009 in a string");
    assertError("\"\\x\"", "JSON at offset 2: invalid escape \\x");
    assertError("\"\\ud800\"", "lone surrogate U+D800");
    assertError("tru", "JSON at offset 0: unexpected 't', expected a value");
    assertError("", "JSON at offset 0: unexpected end of input, expected a value");
    assertError("[".repeat(Json.MAX_DEPTH + 1), "nesting deeper than 64 levels");
    assertTrue(
        Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)) instanceof List,
        "64 levels are allowed");
  }

  @Test
  void deepNestingIsRefusedWithoutStackOverflow() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(1_000_000)));
    assertTrue(e.getMessage().contains("nesting deeper"), e.getMessage());
  }

  @Test
  void writesLikeSerdeJson() {
    StringBuilder sb = new StringBuilder();
    Json.writeString(sb, "a\"b\\c\n\u0001\u00e9/");
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\u00e9/\"", sb.toString());
  }

  @Property(tries = 300)
  void writtenStringsParseBack(@ForAll("unicode") String s) {
    StringBuilder sb = new StringBuilder();
    Json.writeString(sb, s);
    assertEquals(s, Json.parse(sb.toString()));
  }

  @Provide
  Arbitrary<String> unicode() {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\u00ff')
        .withChars('"', '\\', '\u20ac', '\uD83D', '\uDE00')
        .ofMaxLength(20)
        .filter(JsonTest::wellFormed);
  }

  private static boolean wellFormed(String s) {
    return s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
  }

  private static void assertError(String json, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse(json));
    assertTrue(e.getMessage().contains(expected), () -> "got: " + e.getMessage());
  }
}
