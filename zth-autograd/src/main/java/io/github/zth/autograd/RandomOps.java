package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Kernels;
import io.github.zth.autograd.internal.Shapes;
import io.github.zth.autograd.internal.Storage;
import io.github.zth.autograd.random.Generator;

/**
 * Random tensors drawn from a torch-compatible {@link Generator}. Each fill draws all elements of a
 * contiguous storage in one generator call, the way torch fills a contiguous tensor, so seeded
 * streams match torch's element for element.
 */
final class RandomOps {
  private RandomOps() {}

  static Tensor rand(Generator g, DType t, int[] shape) {
    Tensor out = Factories.full(requireFloat("rand", t), 0, shape);
    fillUniform(out.arr(), g, 0, 1);
    return out;
  }

  static Tensor randn(Generator g, DType t, int[] shape) {
    Tensor out = Factories.full(requireFloat("randn", t), 0, shape);
    fillNormal(out.arr(), g, 0, 1);
    return out;
  }

  static Tensor randint(Generator g, long low, long high, int[] shape) {
    if (high <= low) {
      throw new IllegalArgumentException(
          "randint: expected low < high, got low=" + low + " high=" + high);
    }
    Tensor out = Factories.full(DType.INT64, 0, shape);
    g.randint(out.arr().storage().l, 0, out.numel(), low, high);
    return out;
  }

  static Tensor randperm(Generator g, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
    }
    long[] p = g.randperm(n);
    return Tensor.fromArray(p, n);
  }

  static Tensor multinomial(Generator g, Tensor probs, int numSamples, boolean replacement) {
    if (!probs.dtype().isFloatingPoint() || probs.dim() < 1 || probs.dim() > 2) {
      throw new IllegalArgumentException(
          "multinomial: expected a 1-D or 2-D floating point tensor of probabilities,"
              + " got "
              + probs.dtype()
              + " of shape "
              + Shapes.str(probs.arr().shape()));
    }
    int rows = probs.dim() == 1 ? 1 : probs.size(0);
    int cols = probs.size(-1);
    if (numSamples <= 0 || (!replacement && numSamples > cols)) {
      throw new IllegalArgumentException(
          "multinomial: cannot draw "
              + numSamples
              + " samples from "
              + cols
              + " categories "
              + (replacement ? "" : "without replacement"));
    }
    long[] s =
        probs.dtype() == DType.FLOAT32
            ? g.multinomial(probs.toFloatArray(), rows, cols, numSamples, replacement)
            : g.multinomial(probs.toDoubleArray(), rows, cols, numSamples, replacement);
    return probs.dim() == 1
        ? Tensor.fromArray(s, numSamples)
        : Tensor.fromArray(s, rows, numSamples);
  }

  static void fillUniform(Arr a, Generator g, double from, double to) {
    Arr target = a.isContiguous() ? a : Arr.empty(a.dtype(), a.shape());
    Storage s = target.storage();
    if (a.dtype() == DType.FLOAT32) {
      g.uniform(s.f, target.offset(), target.numel(), from, to);
    } else {
      g.uniform(s.d, target.offset(), target.numel(), from, to);
    }
    if (target != a) {
      Kernels.assign(a, target);
    }
  }

  static void fillNormal(Arr a, Generator g, double mean, double std) {
    Arr target = a.isContiguous() ? a : Arr.empty(a.dtype(), a.shape());
    Storage s = target.storage();
    if (a.dtype() == DType.FLOAT32) {
      g.normal(s.f, target.offset(), target.numel(), mean, std);
    } else {
      g.normal(s.d, target.offset(), target.numel(), mean, std);
    }
    if (target != a) {
      Kernels.assign(a, target);
    }
  }

  static DType requireFloat(String op, DType t) {
    if (!t.isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": expected FLOAT32 or FLOAT64, got " + t);
    }
    return t;
  }
}
