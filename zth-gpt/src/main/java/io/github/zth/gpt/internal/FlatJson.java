package io.github.zth.gpt.internal;

import io.github.zth.autograd.io.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the flat JSON objects zth-gpt keeps next to a checkpoint ({@code config.json},
 * {@code trainer.json}): string keys mapped to numbers, booleans or strings, no nesting. The JSON
 * itself is zth-nn's strict {@link Json}; this class only adds the flat shape and the file's name
 * to errors.
 */
public final class FlatJson {

  private FlatJson() {}

  /** Writes {@code values} (Number, Boolean or String) as a pretty one-key-per-line object. */
  public static String write(Map<String, ?> values) {
    StringBuilder sb = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, ?> e : values.entrySet()) {
      sb.append("  ");
      Json.writeString(sb, e.getKey());
      sb.append(": ");
      Object v = e.getValue();
      if (v instanceof String s) {
        Json.writeString(sb, s);
      } else if (v instanceof Double || v instanceof Float) {
        sb.append(Double.toString(((Number) v).doubleValue()));
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        throw new IllegalArgumentException(
            "FlatJson.write: unsupported value for \"" + e.getKey() + "\": " + v);
      }
      sb.append(++i < values.size() ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
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
    // The flat shape and its errors have one home, zth-autograd's JsonObject; callers here edit the
    // map.
    return new LinkedHashMap<>(io.github.zth.autograd.io.JsonObject.parse(what, text).asMap());
  }

  /**
   * Parses a JSON object keeping only its scalar entries: Hugging Face's {@code config.json} nests
   * objects and arrays (task_specific_params, architectures) that a model does not read. Values
   * become as in {@link #parse}; nested values and null are left out.
   *
   * @param what the file name for error messages
   * @param text the JSON text
   * @return the scalar entries in file order
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  public static Map<String, Object> parseScalars(String what, String text) {
    Object doc;
    try {
      doc = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": malformed JSON: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(what + ": malformed JSON: expected an object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
        out.put((String) e.getKey(), v);
      }
    }
    return out;
  }
}
