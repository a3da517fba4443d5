package io.github.zth.gpt.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Function;
import io.github.zth.autograd.Tensor;

/**
 * Exact (erf) GELU for FLOAT32, {@code x/2 · (1 + erf(x/√2))}, with its backward
 * {@code Φ(x) + x·φ(x)}. erf comes from Abramowitz and Stegun 7.1.26 (absolute error below
 * 1.5e-7, i.e. float32 rounding level), instead of a general-purpose special-function routine
 * that dominated the training step. FLOAT64 inputs go to the engine's exact {@code gelu()}.
 */
public final class FastGelu extends Function {

  private static final double INV_SQRT_2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  /**
   * GELU of {@code x}.
   *
   * @param x any tensor
   * @return gelu(x), recorded for autograd
   */
  public static Tensor gelu(Tensor x) {
    return x.dtype() == DType.FLOAT32 ? new FastGelu().apply(x) : x.gelu();
  }

  /** gelu'(x) per element, kept from forward so backward needs no exp. */
  private float[] slope;

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    float[] a = x.toFloatArray();
    float[] y = new float[a.length];
    slope = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      double v = a[i];
      double e = Math.exp(-0.5 * v * v); // shared by erf(v/√2) and the normal density φ(v)
      double ax = Math.abs(v) * INV_SQRT_2;
      double t = 1 / (1 + 0.3275911 * ax);
      double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
      double erf = 1 - poly * e;
      double cdf = 0.5 * (1 + (v < 0 ? -erf : erf));
      y[i] = (float) (v * cdf);
      slope[i] = (float) (cdf + v * INV_SQRT_2PI * e);
    }
    return Tensor.fromArray(y, x.shape());
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor g) {
    float[] ga = g.toFloatArray();
    for (int i = 0; i < ga.length; i++) {
      ga[i] *= slope[i];
    }
    return new Tensor[] {Tensor.fromArray(ga, g.shape())};
  }
}
