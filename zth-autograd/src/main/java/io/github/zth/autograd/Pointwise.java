package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Kernels;
import io.github.zth.autograd.internal.Kernels.BinOp;
import io.github.zth.autograd.internal.NnKernels;
import io.github.zth.autograd.internal.Shapes;
import io.github.zth.autograd.internal.simd.VectorizationProvider;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Erf;

/**
 * Elementwise ops. Each op computes {@code out} through the kernels and, right under it, records
 * the backward that maps the output gradient to input gradients (micrograd's layout).
 */
final class Pointwise {
  private Pointwise() {}

  private static final double SQRT_2 = Math.sqrt(2);
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  // ------------------------------------------------------------- helpers

  static int rank(DType t) {
    return t.ordinal() == 0 ? 2 : t.ordinal() == 1 ? 3 : t.ordinal() == 2 ? 1 : 0;
  }

  /** torch's type promotion among the four dtypes (BOOL < INT64 < FLOAT32 < FLOAT64). */
  static DType promote(DType a, DType b) {
    return rank(a) >= rank(b) ? a : b;
  }

  /**
   * A 0-dim tensor for a scalar operand: the tensor's dtype, or FLOAT32 for a fractional scalar on
   * ints.
   */
  static Tensor scalarLike(Tensor t, double s) {
    DType d =
        t.dtype().isFloatingPoint()
            ? t.dtype()
            : (s == Math.rint(s) && !Double.isInfinite(s) ? DType.INT64 : DType.FLOAT32);
    return Tensor.scalar(d, s);
  }

  /** Non-differentiable elementwise map in the tensor's own (floating) dtype. */
  static Tensor map(Tensor x, DoubleUnaryOperator f) {
    return new Tensor(Kernels.unary(x.arr(), x.dtype(), f));
  }

  static Tensor binary(String name, BinOp op, Tensor a, Tensor b) {
    int[] shape = Shapes.broadcast(name, a.arr().shape(), b.arr().shape());
    DType compute = promote(a.dtype(), b.dtype());
    if (compute == DType.BOOL) {
      compute = DType.INT64;
    }
    if (op == BinOp.DIV && compute == DType.INT64) {
      compute = DType.FLOAT32;
    }
    return new Tensor(
        Kernels.binary(op, a.arr().expandTo(shape), b.arr().expandTo(shape), compute, compute));
  }

  /**
   * A floating function of each element. INT64 and BOOL inputs give FLOAT32, as torch promotes
   * integers for exp, log, sqrt and the like (an integer input never requires grad, so backward is
   * unaffected).
   */
  static Tensor floatingUnary(String name, Tensor x, DoubleUnaryOperator f) {
    if (!x.dtype().isFloatingPoint()) {
      return map(x.to(DType.FLOAT32), f);
    }
    return map(x, f);
  }

  private static Tensor sumTo(Tensor g, Tensor like) {
    return Reductions.sumTo(g, like.arr().shape());
  }

  // ------------------------------------------------------------- arithmetic

  static Tensor add(Tensor a, Tensor b) {
    Tensor out = binary("add", BinOp.ADD, a, b);
    return out.record(
        "AddBackward0",
        Tensor.saved(),
        g ->
            new Tensor[] {
              a.requiresGrad() ? sumTo(g, a) : null, b.requiresGrad() ? sumTo(g, b) : null
            },
        a,
        b);
  }

  static Tensor addScalar(Tensor a, double s) {
    // floats: one kernel pass with the scalar rounded to the tensor's type first, as torch does
    double c = a.dtype() == DType.FLOAT32 ? (float) s : s;
    Tensor out =
        a.dtype().isFloatingPoint()
            ? map(a, v -> v + c)
            : binary("add", BinOp.ADD, a, scalarLike(a, s));
    return out.record("AddBackward1", Tensor.saved(), g -> new Tensor[] {g}, a);
  }

  static Tensor mulScalar(Tensor a, double s) {
    double c = a.dtype() == DType.FLOAT32 ? (float) s : s;
    Tensor out =
        a.dtype().isFloatingPoint()
            ? map(a, v -> v * c)
            : binary("mul", BinOp.MUL, a, scalarLike(a, s));
    return out.record("MulBackward1", Tensor.saved(), g -> new Tensor[] {g.mul(s)}, a);
  }

  static Tensor sub(Tensor a, Tensor b) {
    Tensor out = binary("sub", BinOp.SUB, a, b);
    return out.record(
        "SubBackward0",
        Tensor.saved(),
        g ->
            new Tensor[] {
              a.requiresGrad() ? sumTo(g, a) : null, b.requiresGrad() ? sumTo(g.neg(), b) : null
            },
        a,
        b);
  }

  static Tensor mul(Tensor a, Tensor b) {
    Tensor out = binary("mul", BinOp.MUL, a, b);
    return out.record(
        "MulBackward0",
        Tensor.saved(a, b),
        g ->
            new Tensor[] {
              a.requiresGrad() ? sumTo(g.mul(b), a) : null,
              b.requiresGrad() ? sumTo(g.mul(a), b) : null
            },
        a,
        b);
  }

  static Tensor div(Tensor a, Tensor b) {
    Tensor out = binary("div", BinOp.DIV, a, b);
    return out.record(
        "DivBackward0",
        Tensor.saved(a, b),
        g ->
            new Tensor[] {
              a.requiresGrad() ? sumTo(g.div(b), a) : null,
              b.requiresGrad() ? sumTo(g.mul(a).div(b.mul(b)).neg(), b) : null
            },
        a,
        b);
  }

  static Tensor neg(Tensor x) {
    Tensor out = x.dtype() == DType.BOOL ? fail("neg", x) : map(x, v -> -v);
    return out.record("NegBackward0", Tensor.saved(), g -> new Tensor[] {g.neg()}, x);
  }

  private static Tensor fail(String op, Tensor x) {
    throw new IllegalArgumentException(op + ": not supported on " + x.dtype() + " tensors");
  }

  /**
   * Elementwise power with torch 1.13's gradients: the base's is 0 where the exponent is 0 and the
   * exponent's is 0 where the base is 0 and the exponent is non-negative (pow_backward_self and
   * pow_backward_exponent), where the plain formulas give NaN or inf.
   */
  static Tensor pow(Tensor a, Tensor e) {
    Tensor out = binary("pow", BinOp.POW, a, e);
    return out.record(
        "PowBackward1",
        Tensor.saved(a, e, out),
        g -> {
          Tensor zero = Tensor.zeros(g.dtype());
          Tensor ga = null;
          if (a.requiresGrad()) {
            ga = sumTo(where(e.eq(0.0), zero, g.mul(e).mul(a.pow(e.sub(1.0)))), a);
          }
          Tensor ge = null;
          if (e.requiresGrad()) {
            Tensor d = out.mul(a.log());
            ge = sumTo(g.mul(where(a.eq(0.0), where(e.ge(0.0), zero, d), d)), e);
          }
          return new Tensor[] {ga, ge};
        },
        a,
        e);
  }

  static Tensor powScalar(Tensor x, double p) {
    if (!x.dtype().isFloatingPoint() && p < 0 && p == Math.rint(p)) {
      throw new IllegalArgumentException(
          "pow: Integers to negative integer powers are not allowed (got a "
              + x.dtype()
              + " tensor to the power "
              + p
              + "; convert with to(DType.FLOAT32) first)");
    }
    Tensor out =
        x.dtype().isFloatingPoint()
            ? map(x, v -> Math.pow(v, p))
            : binary("pow", BinOp.POW, x, scalarLike(x, p));
    return out.record(
        "PowBackward0",
        Tensor.saved(x),
        g -> new Tensor[] {g.mul(map(x, v -> p == 0 ? 0 : p * Math.pow(v, p - 1)))},
        x);
  }

  static Tensor maxMin(Tensor a, Tensor b, boolean max) {
    Tensor out = binary(max ? "maximum" : "minimum", max ? BinOp.MAX : BinOp.MIN, a, b);
    return out.record(
        max ? "MaximumBackward0" : "MinimumBackward0",
        Tensor.saved(a, b),
        g -> {
          Tensor wins = (max ? a.gt(b) : a.lt(b)).to(g.dtype());
          Tensor ties = a.eq(b).to(g.dtype()).mul(0.5);
          Tensor share = wins.add(ties);
          return new Tensor[] {
            a.requiresGrad() ? sumTo(g.mul(share), a) : null,
            b.requiresGrad() ? sumTo(g.mul(share.rsub(1.0)), b) : null
          };
        },
        a,
        b);
  }

  // ------------------------------------------------------------- unary math

  static Tensor exp(Tensor x) {
    Tensor out = floatingUnary("exp", x, Math::exp);
    return out.record("ExpBackward0", Tensor.saved(out), g -> new Tensor[] {g.mul(out)}, x);
  }

  static Tensor log(Tensor x) {
    Tensor out = floatingUnary("log", x, Math::log);
    return out.record("LogBackward0", Tensor.saved(x), g -> new Tensor[] {g.div(x)}, x);
  }

  static Tensor sqrt(Tensor x) {
    Tensor out = floatingUnary("sqrt", x, Math::sqrt);
    return out.record(
        "SqrtBackward0", Tensor.saved(out), g -> new Tensor[] {g.div(out.mul(2.0))}, x);
  }

  static Tensor tanh(Tensor x) {
    Tensor out = floatingUnary("tanh", x, Math::tanh);
    return out.record(
        "TanhBackward0", Tensor.saved(out), g -> new Tensor[] {g.mul(map(out, t -> 1 - t * t))}, x);
  }

  static Tensor sigmoid(Tensor x) {
    Tensor out = floatingUnary("sigmoid", x, v -> 1 / (1 + Math.exp(-v)));
    return out.record(
        "SigmoidBackward0",
        Tensor.saved(out),
        g -> new Tensor[] {g.mul(map(out, s -> s * (1 - s)))},
        x);
  }

  /**
   * max(x, 0) keeping NaN (and -0.0) as torch does; the gradient passes wherever the output is not
   * <= 0.
   */
  static Tensor relu(Tensor x) {
    Tensor out = x.dtype() == DType.BOOL ? fail("relu", x) : map(x, v -> v < 0 ? 0 : v);
    return out.record(
        "ReluBackward0",
        Tensor.saved(out),
        g -> new Tensor[] {g.mul(map(out, v -> v <= 0 ? 0 : 1))},
        x);
  }

  static Tensor gelu(Tensor x, boolean tanhForm) {
    if (x.dtype() == DType.FLOAT32) {
      // one fused pass computes gelu and, when backward will need it, gelu' (sharing the exp)
      boolean grad = GradMode.isEnabled() && x.requiresGrad();
      Arr[] ys = NnKernels.gelu(VectorizationProvider.fused(), x.arr(), tanhForm, grad);
      Tensor slope = grad ? new Tensor(ys[1]) : null;
      return new Tensor(ys[0])
          .record(
              "GeluBackward0",
              Tensor.saved(slope),
              g ->
                  new Tensor[] {
                    new Tensor(NnKernels.mul(VectorizationProvider.fused(), g.arr(), slope.arr()))
                  },
              x);
    }
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "gelu: expected a FLOAT32 or FLOAT64 tensor, got "
              + x.dtype()
              + " (convert with to(DType.FLOAT32))");
    }
    if (tanhForm) {
      Tensor out =
          floatingUnary(
              "gelu",
              x,
              v -> 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
      return out.record(
          "GeluBackward0",
          Tensor.saved(x),
          g ->
              new Tensor[] {
                g.mul(
                    map(
                        x,
                        v -> {
                          double t = Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v));
                          return 0.5 * (1 + t)
                              + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v);
                        }))
              },
          x);
    }
    Tensor out = floatingUnary("gelu", x, v -> 0.5 * v * (1 + Erf.erf(v / SQRT_2)));
    return out.record(
        "GeluBackward0",
        Tensor.saved(x),
        g ->
            new Tensor[] {
              g.mul(
                  map(
                      x,
                      v ->
                          0.5 * (1 + Erf.erf(v / SQRT_2))
                              + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)))
            },
        x);
  }

  static Tensor abs(Tensor x) {
    Tensor out = x.dtype() == DType.BOOL ? fail("abs", x) : map(x, Math::abs);
    return out.record(
        "AbsBackward0", Tensor.saved(x), g -> new Tensor[] {g.mul(map(x, Math::signum))}, x);
  }

  /**
   * min(max(x, min), max): with min > max every element becomes max (and gets no gradient), as in
   * torch.
   */
  static Tensor clamp(Tensor x, double min, double max) {
    Tensor out =
        x.dtype() == DType.BOOL ? fail("clamp", x) : map(x, v -> Math.min(Math.max(v, min), max));
    return out.record(
        "ClampBackward1",
        Tensor.saved(x),
        g -> new Tensor[] {g.mul(map(x, v -> v >= min && v <= max ? 1 : 0))},
        x);
  }

  // ------------------------------------------------------------- selection and masks

  static void checkMask(String op, Tensor mask) {
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          op + ": expected a BOOL mask (from a comparison such as gt/eq), got " + mask.dtype());
    }
  }

  static Tensor where(Tensor cond, Tensor x, Tensor y) {
    checkMask("where", cond);
    int[] shape =
        Shapes.broadcast(
            "where",
            Shapes.broadcast("where", cond.arr().shape(), x.arr().shape()),
            y.arr().shape());
    DType t = promote(x.dtype(), y.dtype());
    Tensor out =
        new Tensor(
            Kernels.where(
                cond.arr().expandTo(shape), x.arr().expandTo(shape), y.arr().expandTo(shape), t));
    return out.record(
        "WhereBackward0",
        Tensor.saved(cond),
        g -> {
          Tensor zero = Tensor.zeros(g.dtype());
          return new Tensor[] {
            null,
            x.requiresGrad() ? sumTo(where(cond, g, zero), x) : null,
            y.requiresGrad() ? sumTo(where(cond, zero, g), y) : null
          };
        },
        cond,
        x,
        y);
  }

  static Tensor maskedFill(Tensor x, Tensor mask, double value) {
    checkMask("maskedFill", mask);
    int[] shape = Shapes.broadcast("maskedFill", x.arr().shape(), mask.arr().shape());
    if (!Arrays.equals(shape, x.arr().shape())) {
      throw new IllegalArgumentException(
          "maskedFill: mask of shape "
              + Shapes.str(mask.arr().shape())
              + " cannot be broadcast to the tensor's shape "
              + Shapes.str(x.arr().shape()));
    }
    Tensor out =
        new Tensor(
            Kernels.where(
                mask.arr().expandTo(shape),
                scalarLike(x, value).arr().expandTo(shape),
                x.arr(),
                x.dtype()));
    return out.record(
        "MaskedFillBackward0",
        Tensor.saved(mask),
        g -> new Tensor[] {g.maskedFill(mask, 0), null},
        x,
        mask);
  }

  static Tensor triangle(Tensor x, int diagonal, boolean lower) {
    int nd = x.dim();
    if (nd < 2) {
      throw new IllegalArgumentException(
          (lower ? "tril" : "triu")
              + ": expected a tensor with at least 2 dims, got shape "
              + Shapes.str(x.arr().shape()));
    }
    int rows = x.arr().shape()[nd - 2];
    int cols = x.arr().shape()[nd - 1];
    Tensor mask = Tensor.arange(cols).unsqueeze(0).sub(Tensor.arange(rows).unsqueeze(1));
    mask = lower ? mask.le((double) diagonal) : mask.ge((double) diagonal);
    Tensor out = maskedFillRaw(x, mask);
    return out.record(
        lower ? "TrilBackward0" : "TriuBackward0",
        Tensor.saved(),
        g -> new Tensor[] {triangle(g, diagonal, lower)},
        x);
  }

  private static Tensor maskedFillRaw(Tensor x, Tensor keep) {
    int[] shape = x.arr().shape();
    return new Tensor(
        Kernels.where(
            keep.arr().expandTo(shape),
            x.arr(),
            Tensor.zeros(x.dtype()).arr().expandTo(shape),
            x.dtype()));
  }

  static Tensor compare(Tensor a, Tensor b, BinOp op, String name) {
    int[] shape = Shapes.broadcast(name, a.arr().shape(), b.arr().shape());
    DType compute = promote(a.dtype(), b.dtype());
    if (compute == DType.BOOL) {
      compute = DType.INT64;
    }
    return new Tensor(
        Kernels.binary(op, a.arr().expandTo(shape), b.arr().expandTo(shape), compute, DType.BOOL));
  }

  static Tensor inPlace(Tensor x, Tensor other, BinOp op, String name) {
    x.checkInPlace(name);
    x.checkNoInternalOverlap(name);
    int[] shape = Shapes.broadcast(name, x.arr().shape(), other.arr().shape());
    if (!Arrays.equals(shape, x.arr().shape())) {
      throw new IllegalArgumentException(
          name
              + ": operand of shape "
              + Shapes.str(other.arr().shape())
              + " cannot be broadcast to the tensor's shape "
              + Shapes.str(x.arr().shape()));
    }
    DType compute = promote(x.dtype(), other.dtype());
    if (compute != x.dtype() && !(x.dtype().isFloatingPoint() && compute.isFloatingPoint())) {
      throw new IllegalArgumentException(
          name + ": result type " + compute + " can't be cast to the tensor's dtype " + x.dtype());
    }
    Arr b = other.arr().expandTo(shape);
    if (compute != x.dtype() || !Kernels.binaryInPlace(op, x.arr(), b)) {
      Kernels.assign(x.arr(), Kernels.binary(op, x.arr(), b, compute, compute));
    }
    x.bumpVersion();
    return x;
  }
}
