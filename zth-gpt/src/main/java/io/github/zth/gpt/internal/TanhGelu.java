package io.github.zth.gpt.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Function;
import io.github.zth.autograd.Tensor;

/**
 * GPT-2's tanh GELU (makemore's {@code NewGELU}, torch's {@code gelu(approximate='tanh')}) for
 * FLOAT32 as one op: {@code y = x/2 · (1 + tanh(u))}, {@code u = √(2/π)·(x + 0.044715·x³)}, with the
 * slope {@code (1 + t)/2 + x/2 · (1 - t²) · √(2/π)·(1 + 3·0.044715·x²)} kept from forward for backward.
 * FLOAT64 inputs use the engine's {@code gelu(true)}.
 */
public final class TanhGelu extends Function {

  private static final double K = Math.sqrt(2.0 / Math.PI);
  private static final double C = 0.044715;

  private float[] slope;

  private TanhGelu() {}

  /**
   * The tanh GELU of {@code x}.
   *
   * @param x any tensor
   * @return gelu_tanh(x), recorded for autograd
   */
  public static Tensor gelu(Tensor x) {
    return x.dtype() == DType.FLOAT32 ? new TanhGelu().apply(x) : x.gelu(true);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    float[] a = in[0].contiguous().toFloatArray();
    float[] y = new float[a.length];
    slope = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      double v = a[i];
      double t = 1 - 2 / (Math.exp(2 * K * (v + C * v * v * v)) + 1); // tanh, via the intrinsic exp
      y[i] = (float) (0.5 * v * (1 + t));
      slope[i] = (float) (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * C * v * v));
    }
    return Tensor.fromArray(y, in[0].shape());
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor g) {
    float[] ga = g.contiguous().toFloatArray();
    for (int i = 0; i < ga.length; i++) {
      ga[i] *= slope[i];
    }
    return new Tensor[] {Tensor.fromArray(ga, g.shape())};
  }
}
