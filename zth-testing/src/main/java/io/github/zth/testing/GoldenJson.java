package io.github.zth.testing;

import io.github.zth.autograd.io.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the arrays a golden script in {@code tools/golden/} writes as one JSON object (torch's
 * logits, token ids, losses), flattened, for tests in any module that compare against them: the
 * tests read the committed file through zth's own strict {@link Json} parser, so a malformed golden
 * file fails loudly instead of being scanned loosely.
 */
public final class GoldenJson {
  private GoldenJson() {}

  /**
   * Every number under a key, nested arrays flattened in document order.
   *
   * @param json the golden file's text, one JSON object
   * @param path the key, after the keys of the objects that hold it ({@code "train", "losses"})
   * @return the numbers
   * @throws IllegalArgumentException if the path does not lead through objects to (nested arrays
   *     of) numbers only
   */
  public static double[] numbers(String json, String... path) {
    List<Number> all = flat(json, path);
    double[] out = new double[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i).doubleValue();
    }
    return out;
  }

  /**
   * Every integer under a key (token ids, targets), nested arrays flattened in document order.
   *
   * @param json the golden file's text, one JSON object
   * @param path the key, after the keys of the objects that hold it
   * @return the integers
   * @throws IllegalArgumentException as {@link #numbers}, or if a number has a fraction or exponent
   */
  public static long[] longs(String json, String... path) {
    List<Number> all = flat(json, path);
    long[] out = new long[all.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(all.get(i) instanceof Long v)) {
        throw new IllegalArgumentException(
            "golden "
                + List.of(path)
                + ": element "
                + i
                + " is "
                + all.get(i)
                + ", expected an integer");
      }
      out[i] = v;
    }
    return out;
  }

  private static List<Number> flat(String json, String... path) {
    if (path.length == 0) {
      throw new IllegalArgumentException("golden JSON: no key given");
    }
    Object value = Json.parse(json);
    for (String key : path) {
      if (!(value instanceof Map<?, ?> object) || !object.containsKey(key)) {
        throw new IllegalArgumentException(
            "golden JSON: no object holding \"" + key + "\" on the path " + List.of(path));
      }
      value = object.get(key);
    }
    List<Number> out = new ArrayList<>();
    flatten(List.of(path), value, out);
    return out;
  }

  private static void flatten(List<String> path, Object value, List<Number> out) {
    if (value instanceof Number n) {
      out.add(n);
    } else if (value instanceof List<?> list) {
      for (Object v : list) {
        flatten(path, v, out);
      }
    } else {
      throw new IllegalArgumentException(
          "golden " + path + ": " + value + " is not a number or an array");
    }
  }
}
