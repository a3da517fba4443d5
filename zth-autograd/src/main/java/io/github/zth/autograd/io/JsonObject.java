package io.github.zth.autograd.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flat JSON object: string keys mapped to numbers, booleans or strings, with no nesting. This is
 * the shape of every small settings file zth keeps beside a checkpoint ({@code config.json}, the
 * trainer's state), so the typed field readers live here once and every such file reports a bad
 * field the same way: the file, the key, what it held and what was expected.
 *
 * <pre>{@code
 * JsonObject o = JsonObject.parse("config.json", text);
 * int nLayer = o.getInt("n_layer", 12);
 * }</pre>
 */
public final class JsonObject {
  private final String what;
  private final Map<String, Object> values;

  private JsonObject(String what, Map<String, Object> values) {
    this.what = what;
    this.values = values;
  }

  /**
   * Parses a flat object; values become {@link String}, {@link Boolean}, {@link Long} (integers) or
   * {@link Double}.
   *
   * @param what the file name, used in every error message
   * @throws IllegalArgumentException if the text is not a flat JSON object, naming {@code what}
   */
  public static JsonObject parse(String what, String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : object(what, text).entrySet()) {
      if (!isScalar(e.getValue())) {
        throw new IllegalArgumentException(
            what + ": \"" + e.getKey() + "\" must be a string, number or boolean");
      }
      out.put((String) e.getKey(), e.getValue());
    }
    return new JsonObject(what, out);
  }

  /**
   * Parses an object that may nest, keeping only its top-level strings, numbers and booleans: a
   * file written by another program (Hugging Face's {@code config.json} lists {@code architectures}
   * and nests {@code task_specific_params}) where zth reads only the scalar settings. Nested values
   * and {@code null} are left out, so reading one of their keys reports it missing.
   *
   * @param what the file name, used in every error message
   * @throws IllegalArgumentException if the text is not a JSON object, naming {@code what}
   */
  public static JsonObject parseScalars(String what, String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : object(what, text).entrySet()) {
      if (isScalar(e.getValue())) {
        out.put((String) e.getKey(), e.getValue());
      }
    }
    return new JsonObject(what, out);
  }

  private static Map<?, ?> object(String what, String text) {
    Object doc;
    try {
      doc = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": malformed JSON: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(what + ": malformed JSON: expected an object");
    }
    return map;
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double;
  }

  /**
   * Writes {@code values} (Number, Boolean or String) as a pretty one-key-per-line object. Doubles
   * are written with {@link Double#toString}, which reads back to the same bits, so a saved run
   * state resumes exactly. JSON has no literal for NaN or the infinities, yet a diverged run's loss
   * is one and must still save, so those are written as the strings {@code "NaN"}, {@code
   * "Infinity"} and {@code "-Infinity"}, which {@link #getDouble(String)} reads back.
   */
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
        double d = ((Number) v).doubleValue();
        if (Double.isFinite(d)) {
          sb.append(Double.toString(d));
        } else {
          Json.writeString(sb, Double.toString(d));
        }
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        throw new IllegalArgumentException(
            "JsonObject.write: unsupported value for \"" + e.getKey() + "\": " + v);
      }
      sb.append(++i < values.size() ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
  }

  /** Whether the object has {@code key}. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The entries in file order (read-only). */
  public Map<String, Object> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /** An int field, or {@code dflt} when absent; a non-integer or out-of-range value is refused. */
  public int getInt(String key, int dflt) {
    return has(key) ? getInt(key) : dflt;
  }

  /** A required int field. */
  public int getInt(String key) {
    long l = getLong(key);
    if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
      throw bad(key, "an integer in int range", l);
    }
    return (int) l;
  }

  /** A long field, or {@code dflt} when absent. */
  public long getLong(String key, long dflt) {
    return has(key) ? getLong(key) : dflt;
  }

  /** A required long field. */
  public long getLong(String key) {
    Object v = require(key);
    if (!(v instanceof Long l)) {
      throw bad(key, "an integer", v);
    }
    return l;
  }

  /** A number field (integers are accepted), or {@code dflt} when absent. */
  public double getDouble(String key, double dflt) {
    return has(key) ? getDouble(key) : dflt;
  }

  /**
   * A required number field; the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}
   * are read as those values, the form {@link #write} gives them.
   */
  public double getDouble(String key) {
    Object v = require(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    switch (String.valueOf(v)) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        throw bad(key, "a number", v);
    }
  }

  /** A boolean field, or {@code dflt} when absent. */
  public boolean getBoolean(String key, boolean dflt) {
    return has(key) ? getBoolean(key) : dflt;
  }

  /** A required boolean field. */
  public boolean getBoolean(String key) {
    Object v = require(key);
    if (!(v instanceof Boolean b)) {
      throw bad(key, "true or false", v);
    }
    return b;
  }

  /** A string field, or {@code dflt} when absent. */
  public String getString(String key, String dflt) {
    return has(key) ? getString(key) : dflt;
  }

  /** A required string field. */
  public String getString(String key) {
    Object v = require(key);
    if (!(v instanceof String s)) {
      throw bad(key, "a string", v);
    }
    return s;
  }

  private Object require(String key) {
    Object v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException(what + ": missing \"" + key + "\"");
    }
    return v;
  }

  private IllegalArgumentException bad(String key, String expected, Object got) {
    String shown = got instanceof String s ? "\"" + s + "\"" : String.valueOf(got);
    return new IllegalArgumentException(
        what + ": \"" + key + "\" must be " + expected + ", got " + shown);
  }
}
