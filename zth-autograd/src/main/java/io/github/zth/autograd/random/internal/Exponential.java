package io.github.zth.autograd.random.internal;

/**
 * {@code exponential_(lambda)}: {@code (-1/lambda) * ln(1 - u)} in double per element (spec §9).
 */
public final class Exponential {
  private Exponential() {}

  /** Float32 output: the double result is rounded to float. */
  public static void fill(MT19937 mt, float[] out, int off, int n, double lambd) {
    double scale = -1.0 / lambd;
    for (int i = 0; i < n; i++) {
      out[off + i] = (float) (scale * LibmDouble.log(1.0 - Uniform.unitDouble(mt.nextLong())));
    }
  }

  /** Float64 output. */
  public static void fill(MT19937 mt, double[] out, int off, int n, double lambd) {
    double scale = -1.0 / lambd;
    for (int i = 0; i < n; i++) {
      out[off + i] = scale * LibmDouble.log(1.0 - Uniform.unitDouble(mt.nextLong()));
    }
  }
}
