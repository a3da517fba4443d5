package io.github.zth.autograd.internal;

import java.util.Arrays;

/**
 * Selection along the last dim of contiguous rows: the order behind {@code topk}, and the one
 * temperature / top-k / top-p filter every sampler uses.
 */
public final class SelectKernels {

  private SelectKernels() {}

  /**
   * The indices of each row's {@code k} largest values, largest first; equal values keep their
   * order (lower index first) and NaN counts as larger than everything, as torch's {@code topk}.
   *
   * @param v rows × n values
   * @param rows the number of rows
   * @param n the row length
   * @param k how many to keep, in [0, n]
   * @return rows × k indices
   */
  public static long[] topk(double[] v, int rows, int n, int k) {
    long[] out = new long[rows * k];
    Integer[] order = new Integer[n];
    for (int r = 0; r < rows; r++) {
      int base = r * n;
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order, (a, b) -> compareDescending(v[base + a], v[base + b])); // stable: ties by index
      for (int j = 0; j < k; j++) {
        out[r * k + j] = order[j];
      }
    }
    return out;
  }

  private static int compareDescending(double a, double b) {
    return Double.compare(b, a); // Double.compare puts NaN above +inf
  }

  /**
   * Scales each row of logits by {@code 1/temperature} and keeps the candidates a sampler may draw:
   * the {@code topK} largest (ties with the k-th kept, as nanoGPT's {@code logits < v[:, [-1]]}),
   * then the smallest set of the likeliest whose softmax probability reaches {@code topP} (the
   * token that crosses it kept). Everything else becomes {@code -inf}. Each row's maximum is
   * subtracted before scaling, so a small temperature cannot overflow to infinity and NaN; softmax
   * does not change.
   *
   * @param logits rows × n finite logits, overwritten with the filtered, scaled ones
   * @param rows the number of rows
   * @param n the row length
   * @param temperature the softmax temperature, positive
   * @param topK keep at most this many, or {@code <= 0} for all (clamped to n)
   * @param topP the nucleus mass in (0, 1], or 1 for all
   */
  public static void filterLogits(
      float[] logits, int rows, int n, double temperature, int topK, double topP) {
    double[] z = new double[n];
    for (int r = 0; r < rows; r++) {
      int base = r * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        max = Math.max(max, logits[base + i]);
      }
      for (int i = 0; i < n; i++) {
        z[i] = (logits[base + i] - max) / temperature;
      }
      if (topK > 0 && topK < n) {
        double[] sorted = z.clone();
        Arrays.sort(sorted);
        double kth = sorted[n - topK];
        for (int i = 0; i < n; i++) {
          if (z[i] < kth) {
            z[i] = Double.NEGATIVE_INFINITY;
          }
        }
      }
      if (topP < 1) {
        double sum = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
          p[i] = Math.exp(z[i]); // z <= 0: no overflow
          sum += p[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double cum = 0;
        boolean cut = false;
        for (Integer i : order) {
          if (cut) {
            z[i] = Double.NEGATIVE_INFINITY;
          } else {
            cum += p[i] / sum;
            cut = cum >= topP;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        logits[base + i] = (float) z[i];
      }
    }
  }
}
