package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/**
 * The health checks of makemore part 3 ("Activations &amp; Gradients, BatchNorm"): activation and
 * gradient statistics per layer, tanh saturation, the gradient-to-data and update-to-data ratios,
 * and {@code torch.histogram}-style densities for plotting them.
 *
 * <pre>{@code
 * Tensor h = tanh.forward(pre);
 * Diagnostics.Stats s = Diagnostics.stats(h, 0.97);   // mean, std, saturated fraction
 * double r = Diagnostics.updateToData(w, lr);        // about -3 is healthy
 * }</pre>
 */
public final class Diagnostics {

  private Diagnostics() {}

  /**
   * Summary statistics of a tensor's values.
   *
   * @param std the unbiased standard deviation, as {@code t.std()} prints
   * @param saturated the fraction of values with {@code |v| > threshold} (for tanh outputs)
   */
  public record Stats(double mean, double std, double saturated) {}

  /**
   * Mean, standard deviation and saturated fraction, as the lecture prints per tanh layer.
   *
   * @param t the values (e.g. a layer's output, or a gradient)
   * @param threshold the saturation threshold (the lecture uses 0.97)
   * @return the statistics
   * @throws IllegalArgumentException if t has fewer than 2 elements
   */
  public static Stats stats(Tensor t, double threshold) {
    double[] v = t.toDoubleArray();
    if (v.length < 2) {
      throw new IllegalArgumentException(
          "stats: need at least 2 values, got shape " + java.util.Arrays.toString(t.shape()));
    }
    double mean = 0;
    int saturated = 0;
    for (double x : v) {
      mean += x;
      saturated += Math.abs(x) > threshold ? 1 : 0;
    }
    mean /= v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return new Stats(mean, Math.sqrt(ss / (v.length - 1)), (double) saturated / v.length);
  }

  /**
   * The lecture's grad:data ratio {@code p.grad.std() / p.std()}.
   *
   * @param p a parameter after backward
   * @return the ratio
   * @throws IllegalStateException if p has no gradient
   */
  public static double gradToData(Tensor p) {
    return stats(gradOf("gradToData", p), 0).std() / stats(p, 0).std();
  }

  /**
   * The lecture's update:data ratio {@code log10((lr * p.grad).std() / p.std())}; around -3 means
   * the learning rate is about right.
   *
   * @param p a parameter after backward
   * @param lr the learning rate of the coming update
   * @return the base-10 logarithm of the ratio
   * @throws IllegalStateException if p has no gradient
   */
  public static double updateToData(Tensor p, double lr) {
    return Math.log10(Math.abs(lr) * stats(gradOf("updateToData", p), 0).std() / stats(p, 0).std());
  }

  private static Tensor gradOf(String op, Tensor p) {
    if (p.grad() == null) {
      throw new IllegalStateException(
          op
              + ": the parameter of shape "
              + java.util.Arrays.toString(p.shape())
              + " has no gradient; call backward() first");
    }
    return p.grad();
  }

  /**
   * A histogram of values.
   *
   * @param edges the {@code bins + 1} bin edges
   * @param values per bin: counts, or densities when asked (counts / (total × bin width))
   */
  public record Histogram(double[] edges, double[] values) {}

  /**
   * {@code torch.histogram(t, bins, density)}: equal-width bins spanning [min, max] of the values
   * (the last bin includes max; a constant tensor gets the range [v - 0.5, v + 0.5]).
   *
   * @param t the values
   * @param bins the number of bins, positive
   * @param density whether to normalise to a density (the lecture plots densities)
   * @return edges and values
   * @throws IllegalArgumentException if bins is not positive or t is empty
   */
  public static Histogram histogram(Tensor t, int bins, boolean density) {
    double[] v = t.toDoubleArray();
    if (bins <= 0 || v.length == 0) {
      throw new IllegalArgumentException(
          "histogram: need bins > 0 and a non-empty tensor, got "
              + bins
              + " bins, shape "
              + java.util.Arrays.toString(t.shape()));
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = lo + (hi - lo) * i / bins;
    }
    double[] counts = new double[bins];
    for (double x : v) {
      int b = (int) ((x - lo) * bins / (hi - lo));
      counts[Math.min(Math.max(b, 0), bins - 1)]++;
    }
    if (density) {
      for (int i = 0; i < bins; i++) {
        counts[i] /= v.length * (edges[i + 1] - edges[i]);
      }
    }
    return new Histogram(edges, counts);
  }
}
