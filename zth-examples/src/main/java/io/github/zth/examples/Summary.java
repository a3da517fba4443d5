package io.github.zth.examples;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code key: value} lines every subcommand ends with, in insertion order, so scripts can read
 * a run's results.
 *
 * <pre>{@code
 * new Summary().put("accuracy", 1.0, 2).put("steps", 100).print(out);
 * // accuracy: 1.00
 * // steps: 100
 * }</pre>
 */
public final class Summary {
  private final Map<String, String> entries = new LinkedHashMap<>();

  /** An empty summary. */
  public Summary() {}

  /**
   * Adds or replaces a line.
   *
   * @param key a lower-case name without spaces or colons
   * @param value the text after {@code ": "}, on one line
   * @return this summary
   * @throws IllegalArgumentException if the key or value would break the line format
   */
  public Summary put(String key, String value) {
    if (key.isEmpty() || !key.matches("[a-z0-9_.]+")) {
      throw new IllegalArgumentException(
          "Summary.put: key '" + key + "': expected lower-case letters, digits, '_' or '.'");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "Summary.put: value for '" + key + "' spans several lines");
    }
    entries.put(key, value);
    return this;
  }

  /**
   * Adds or replaces a whole-number line.
   *
   * @param key the name
   * @param value the number
   * @return this summary
   */
  public Summary put(String key, long value) {
    return put(key, Long.toString(value));
  }

  /**
   * Adds or replaces a line with a number printed to a fixed number of decimals.
   *
   * @param key the name
   * @param value the number
   * @param decimals digits after the point
   * @return this summary
   */
  public Summary put(String key, double value, int decimals) {
    return put(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
  }

  /**
   * Prints the lines and flushes.
   *
   * @param out where to print
   */
  public void print(PrintWriter out) {
    entries.forEach((k, v) -> out.println(k + ": " + v));
    out.flush();
  }
}
