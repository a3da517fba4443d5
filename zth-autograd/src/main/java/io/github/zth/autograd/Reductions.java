package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Index;
import io.github.zth.autograd.internal.Reduce;
import io.github.zth.autograd.internal.Scan;
import io.github.zth.autograd.internal.Shapes;
import java.util.Arrays;

/** Reductions with dims and keepdim; each backward broadcasts the output gradient back. */
final class Reductions {
  private Reductions() {}

  /** Which dims are reduced; {@code dims == null} means all of them. */
  static boolean[] mask(String op, int[] dims, int rank) {
    boolean[] m = new boolean[rank];
    if (dims == null) {
      Arrays.fill(m, true);
      return m;
    }
    for (int d : dims) {
      int w = Shapes.wrapDim(op, d, rank);
      if (rank > 0) {
        if (m[w]) {
          throw new IllegalArgumentException(
              op + ": dim " + w + " appears twice in " + Shapes.str(dims));
        }
        m[w] = true;
      }
    }
    return m;
  }

  static int[] keptShape(int[] shape, boolean[] m, boolean keepdim) {
    int n = 0;
    for (int i = 0; i < shape.length; i++) {
      n += !m[i] || keepdim ? 1 : 0;
    }
    int[] out = new int[n];
    for (int i = 0, k = 0; i < shape.length; i++) {
      if (!m[i]) {
        out[k++] = shape[i];
      } else if (keepdim) {
        out[k++] = 1;
      }
    }
    return out;
  }

  /** Number of elements folded into each output element. */
  static int count(int[] shape, boolean[] m) {
    int c = 1;
    for (int i = 0; i < shape.length; i++) {
      c *= m[i] ? shape[i] : 1;
    }
    return c;
  }

  private static Tensor wrap(Arr values, int[] shape) {
    return new Tensor(values.restride(shape, Arr.contiguousStrides(shape), 0));
  }

  /** Gradient of a reduced output broadcast back to the input shape. */
  static Tensor expandBack(Tensor g, int[] inShape, boolean[] m) {
    return g.reshape(keptShape(inShape, m, true)).expand(inShape);
  }

  /** Sums a broadcast gradient down to {@code shape} (the backward of broadcasting). */
  static Tensor sumTo(Tensor g, int[] shape) {
    int[] gs = g.arr().shape();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    int lead = gs.length - shape.length;
    boolean[] m = new boolean[gs.length];
    boolean any = false;
    for (int i = 0; i < gs.length; i++) {
      m[i] = i < lead || (shape[i - lead] == 1 && gs[i] != 1);
      any |= m[i];
    }
    Tensor s = g;
    if (any) {
      s =
          wrap(
              Reduce.reduce("sum", g.arr(), m, Reduce.Op.SUM, 0, g.dtype()).values(),
              keptShape(gs, m, false));
    }
    return s.reshape(shape);
  }

  static DType sumType(DType t) {
    return t.isFloatingPoint() ? t : DType.INT64;
  }

  static void requireFloat(String op, Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op
              + ": expected a floating point tensor, got "
              + x.dtype()
              + " (convert with to(DType.FLOAT32))");
    }
  }

  static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
    int[] inShape = x.arr().shape();
    boolean[] m = mask("sum", dims, inShape.length);
    Arr v = Reduce.reduce("sum", x.arr(), m, Reduce.Op.SUM, 0, sumType(x.dtype())).values();
    Tensor out = wrap(v, keptShape(inShape, m, keepdim));
    return out.record(
        "SumBackward1", Tensor.saved(), g -> new Tensor[] {expandBack(g, inShape, m)}, x);
  }

  static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
    requireFloat("mean", x);
    int[] inShape = x.arr().shape();
    boolean[] m = mask("mean", dims, inShape.length);
    int n = count(inShape, m);
    Arr v = Reduce.reduce("mean", x.arr(), m, Reduce.Op.MEAN, 0, x.dtype()).values();
    Tensor out = wrap(v, keptShape(inShape, m, keepdim));
    return out.record(
        "MeanBackward1", Tensor.saved(), g -> new Tensor[] {expandBack(g, inShape, m).div(n)}, x);
  }

  static Tensor var(Tensor x, int[] dims, double correction, boolean keepdim, boolean std) {
    String op = std ? "std" : "var";
    requireFloat(op, x);
    int[] inShape = x.arr().shape();
    boolean[] m = mask(op, dims, inShape.length);
    int n = count(inShape, m);
    Arr v = Reduce.reduce(op, x.arr(), m, Reduce.Op.VAR, correction, x.dtype()).values();
    Tensor variance = wrap(v, keptShape(inShape, m, keepdim));
    Tensor out = std ? Pointwise.map(variance, Math::sqrt) : variance;
    double denom = Math.max(n - correction, 0);
    return out.record(
        std ? "StdBackward0" : "VarBackward0",
        Tensor.saved(x, out),
        g -> {
          Tensor centered = x.sub(mean(x, dims, true));
          Tensor ge = expandBack(g, inShape, m);
          // torch 1.13 divides by inf where std == 0 (a constant row), so its gradient is 0 there,
          // not NaN
          Tensor gi =
              std
                  ? ge.mul(centered)
                      .div(
                          expandBack(
                                  out.maskedFill(out.eq(0.0), Double.POSITIVE_INFINITY), inShape, m)
                              .mul(denom))
                  : ge.mul(centered).mul(2.0 / denom);
          return new Tensor[] {gi};
        },
        x);
  }

  static Tensor cumsum(Tensor x, int dim) {
    int d =
        x.dim() == 0 ? Shapes.wrapDim("cumsum", dim, 1) : Shapes.wrapDim("cumsum", dim, x.dim());
    Tensor out = new Tensor(Scan.cumsum(x.arr(), d, sumType(x.dtype()), false));
    // each input element reaches every later output, so its gradient is the reversed cumsum of g
    return out.record(
        "CumsumBackward0",
        Tensor.saved(),
        g -> new Tensor[] {new Tensor(Scan.cumsum(g.arr(), d, g.dtype(), true))},
        x);
  }

  static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
    requireFloat("logsumexp", x);
    int[] inShape = x.arr().shape();
    boolean[] m = mask("logsumexp", dims, inShape.length);
    Arr v = Reduce.reduce("logsumexp", x.arr(), m, Reduce.Op.LOGSUMEXP, 0, x.dtype()).values();
    Tensor out = wrap(v, keptShape(inShape, m, keepdim));
    return out.record(
        "LogsumexpBackward0",
        Tensor.saved(x, out),
        g -> new Tensor[] {expandBack(g, inShape, m).mul(x.sub(expandBack(out, inShape, m)).exp())},
        x);
  }

  static ValuesIndices maxMin(Tensor x, int dim, boolean keepdim, boolean max) {
    String op = max ? "max" : "min";
    int[] inShape = x.arr().shape();
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(op + ": not supported on BOOL tensors");
    }
    int d = Shapes.wrapDim(op, dim, inShape.length);
    boolean[] m = mask(op, new int[] {d}, inShape.length);
    Reduce.Result r =
        Reduce.reduce(op, x.arr(), m, max ? Reduce.Op.MAX : Reduce.Op.MIN, 0, x.dtype());
    int[] outShape = keptShape(inShape, m, keepdim);
    Tensor indices = wrap(r.indices(), outShape);
    Tensor values = wrap(r.values(), outShape);
    values.record(
        max ? "MaxBackward0" : "MinBackward0",
        Tensor.saved(indices),
        g -> {
          Tensor z = Tensor.zeros(g.dtype(), inShape);
          int[] keep = keptShape(inShape, m, true);
          Index.scatterAdd(
              z.arr(),
              inShape.length == 0 ? 0 : d,
              indices.reshape(keep).arr(),
              g.reshape(keep).arr());
          return new Tensor[] {z};
        },
        x);
    return new ValuesIndices(values, indices);
  }

  static Tensor maxAll(Tensor x, boolean max) {
    String op = max ? "max" : "min";
    if (x.arr().numel() == 0) {
      throw new IllegalArgumentException(
          op + ": cannot reduce an empty tensor of shape " + Shapes.str(x.arr().shape()));
    }
    int[] inShape = x.arr().shape();
    boolean[] m = mask(op, null, inShape.length);
    Arr v =
        Reduce.reduce(op, x.arr(), m, max ? Reduce.Op.MAX : Reduce.Op.MIN, 0, x.dtype()).values();
    Tensor out = wrap(v, new int[0]);
    // torch's evenly_distribute_backward: the gradient is shared by the elements equal to the
    // result,
    // or by the NaN elements when the result is NaN
    return out.record(
        max ? "MaxBackward1" : "MinBackward1",
        Tensor.saved(x, out),
        g -> {
          Tensor hit = (Double.isNaN(out.item()) ? x.ne(x) : x.eq(out)).to(g.dtype());
          return new Tensor[] {hit.mul(g.div(hit.sum()))};
        },
        x);
  }
}
