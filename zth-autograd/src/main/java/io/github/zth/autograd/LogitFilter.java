package io.github.zth.autograd;

import io.github.zth.autograd.internal.SelectKernels;
import io.github.zth.autograd.internal.Shapes;

/**
 * The one temperature / top-k / top-p filter of sampling (nanoGPT's {@code generate} and
 * makemore's, plus nucleus sampling), as a kernel: a sampler divides, filters and draws with {@code
 * LogitFilter.apply(logits, t, k, p).softmax(-1).multinomial(1, false, g)}.
 *
 * <pre>{@code
 * Tensor next = LogitFilter.apply(lastLogits, 0.8, 200, 0.95).softmax(-1).multinomial(1, false, g);
 * }</pre>
 */
public final class LogitFilter {

  private LogitFilter() {}

  /**
   * Scales logits by {@code 1/temperature} and sets to {@code -inf} every candidate outside the
   * {@code topK} largest and outside the smallest set of the likeliest whose probability reaches
   * {@code topP}, along the last dim. Softmax of the result gives the sampling distribution. Each
   * row's maximum is subtracted first (softmax does not change), so a tiny temperature cannot
   * overflow to NaN. Not differentiable: sampling draws, it does not learn.
   *
   * @param logits floating logits, rank at least 1, candidates along the last dim
   * @param temperature positive and finite
   * @param topK keep at most this many per row (clamped to the row length), or {@code <= 0} for all
   * @param topP the nucleus mass in (0, 1], 1 for all
   * @return FLOAT32 filtered logits of the same shape, each row's maximum 0
   * @throws IllegalArgumentException on non-floating logits, a bad temperature or top_p
   */
  public static Tensor apply(Tensor logits, double temperature, int topK, double topP) {
    if (!logits.dtype().isFloatingPoint() || logits.dim() < 1) {
      throw new IllegalArgumentException(
          "LogitFilter.apply: expected floating logits of rank >= 1, got "
              + logits.dtype()
              + " "
              + Shapes.str(logits.shape()));
    }
    if (!(temperature > 0) || Double.isInfinite(temperature) || !(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException(
          "LogitFilter.apply: temperature "
              + temperature
              + ", top_p "
              + topP
              + ": expected a positive finite temperature and top_p in (0, 1]");
    }
    int[] shape = logits.shape();
    int n = shape[shape.length - 1];
    float[] v = logits.detach().contiguous().toFloatArray();
    SelectKernels.filterLogits(v, n == 0 ? 0 : v.length / n, n, temperature, topK, topP);
    return Tensor.fromArray(v, shape);
  }
}
