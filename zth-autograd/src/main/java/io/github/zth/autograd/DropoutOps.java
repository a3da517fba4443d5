package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.random.Generator;

/**
 * Dropout's mask, drawn as torch draws it, for {@link Tensor#dropout} and for the dropout inside
 * attention ({@link AttentionOps}): one home for the draw order and the scaling.
 */
final class DropoutOps {
  private DropoutOps() {}

  static Tensor dropout(Tensor x, double p, boolean train, Generator generator) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout: probability must be in [0, 1], got " + p);
    }
    if (!train || p == 0) {
      return x;
    }
    if (p == 1) {
      return x.mul(0.0);
    }
    return x.mul(multipliers(x.dtype(), x.shape(), p, generator));
  }

  /**
   * torch's {@code F.dropout} multipliers for a tensor of this shape: {@code bernoulli_(1 - p)}
   * (its non-MKL CPU kernel: one 53-bit uniform per element, row-major, kept when below {@code 1 -
   * p}), divided by {@code 1 - p} in the tensor's dtype (FLOAT32 divides in float).
   */
  static Tensor multipliers(DType dtype, int[] shape, double p, Generator generator) {
    if (p == 1) {
      return Tensor.zeros(dtype, shape);
    }
    int n = Arr.numel(shape);
    double keep = 1 - p;
    if (dtype == DType.FLOAT32) {
      float[] a = new float[n];
      generator.bernoulli(a, 0, n, keep);
      return Tensor.fromArray(a, shape).div(keep);
    }
    double[] a = new double[n];
    generator.bernoulli(a, 0, n, keep);
    return Tensor.fromArray(a, shape).div(keep).to(dtype);
  }
}
