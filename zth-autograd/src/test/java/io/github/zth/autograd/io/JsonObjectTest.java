package io.github.zth.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonObjectTest {
  @Test
  void roundTripsEveryFieldTypeExactly() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_layer", 4);
    m.put("lr", 0.1 + 0.2); // not a short decimal: must come back bit for bit
    m.put("bias", true);
    m.put("name", "gpt \"2\"");
    m.put("seed", 2147483647L * 3);
    JsonObject o = JsonObject.parse("config.json", JsonObject.write(m));
    assertEquals(4, o.getInt("n_layer"));
    assertEquals(0.1 + 0.2, o.getDouble("lr"));
    assertEquals(true, o.getBoolean("bias"));
    assertEquals("gpt \"2\"", o.getString("name"));
    assertEquals(2147483647L * 3, o.getLong("seed"));
    assertEquals(7, o.getInt("absent", 7));
  }

  @Test
  void errorsNameTheFileTheKeyAndWhatWasExpected() {
    JsonObject o = JsonObject.parse("config.json", "{\"n_layer\": 2.5, \"big\": 9999999999}");
    var e = assertThrows(IllegalArgumentException.class, () -> o.getInt("n_layer"));
    assertEquals("config.json: \"n_layer\" must be an integer, got 2.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.getInt("big"));
    assertEquals(
        "config.json: \"big\" must be an integer in int range, got 9999999999", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.getString("missing"));
    assertEquals("config.json: missing \"missing\"", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> JsonObject.parse("t.json", "{\"a\": [1]}"));
    assertEquals("t.json: \"a\" must be a string, number or boolean", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> JsonObject.parse("t.json", "[1]"));
    assertEquals("t.json: malformed JSON: expected an object", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JsonObject.parse("t.json", "{\"loss\": \"nan\"}").getDouble("loss"));
    assertEquals("t.json: \"loss\" must be a number, got \"nan\"", e.getMessage());
  }

  @Test
  void nonFiniteDoublesRoundTripAsTheirJavaNames() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nan", Double.NaN);
    m.put("inf", Double.POSITIVE_INFINITY);
    m.put("neg", Float.NEGATIVE_INFINITY);
    String text = JsonObject.write(m);
    assertTrue(text.contains("\"nan\": \"NaN\""), text);
    JsonObject o = JsonObject.parse("trainer.json", text);
    assertEquals(Double.NaN, o.getDouble("nan"));
    assertEquals(Double.POSITIVE_INFINITY, o.getDouble("inf"));
    assertEquals(Double.NEGATIVE_INFINITY, o.getDouble("neg"));
    assertEquals("NaN", o.getString("nan")); // still a string to a string reader
  }

  @Test
  void parseScalarsSkipsNestedValuesAndNull() {
    JsonObject o =
        JsonObject.parseScalars(
            "config.json",
            "{\"architectures\": [\"GPT2LMHeadModel\"], \"n_layer\": 12,"
                + " \"task_specific_params\": {\"a\": {}}, \"bos\": null}");
    assertEquals(12, o.getInt("n_layer"));
    assertFalse(o.has("architectures"));
    assertFalse(o.has("bos"));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> JsonObject.parseScalars("config.json", "[]"));
    assertEquals("config.json: malformed JSON: expected an object", e.getMessage());
  }
}
