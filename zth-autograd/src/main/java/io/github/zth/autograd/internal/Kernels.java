package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise kernels: copies, casts, unary maps and broadcast binary ops. Contiguous same-layout
 * operands take plain indexed loops (separate arrays, same index) that C2 can auto-vectorise;
 * broadcast or strided floating-point operands go row by row with a strided inner loop; the rest
 * (mixed dtypes, integers) go through precomputed element offsets.
 */
public final class Kernels {
  private Kernels() {}

  /** Binary elementwise operators. Comparisons produce BOOL. */
  public enum BinOp {
    ADD,
    SUB,
    MUL,
    DIV,
    POW,
    MAX,
    MIN,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  /** A contiguous copy of {@code x} converted to {@code to}. */
  public static Arr copy(Arr x, DType to) {
    Arr out = Arr.empty(to, x.shape());
    assign(out, x);
    return out;
  }

  /** {@code x} itself if already contiguous with the same dtype, else a contiguous copy. */
  public static Arr contiguous(Arr x) {
    return x.isContiguous() ? x : copy(x, x.dtype());
  }

  /**
   * Writes {@code src} (same shape as {@code dst}, possibly expanded) into {@code dst}, casting.
   */
  public static void assign(Arr dst, Arr src) {
    int n = dst.numel();
    if (dst.dtype() == src.dtype() && dst.isContiguous() && src.isContiguous()) {
      Storage d = dst.storage();
      Storage s = src.storage();
      Object from = s.f != null ? s.f : s.d != null ? s.d : s.l;
      Object to = d.f != null ? d.f : d.d != null ? d.d : d.l;
      System.arraycopy(from, src.offset(), to, dst.offset(), n);
      return;
    }
    if (dst.dtype() == src.dtype() && dst.dtype().isFloatingPoint() && n > 0) {
      stridedCopy(dst, src);
      return;
    }
    int[] od = dst.offsets();
    int[] os = src.offsets();
    Storage d = dst.storage();
    Storage s = src.storage();
    DType dt = dst.dtype();
    DType st = src.dtype();
    if (dt == DType.FLOAT32 && st == DType.FLOAT32) {
      for (int i = 0; i < n; i++) {
        d.f[od[i]] = s.f[os[i]];
      }
    } else if (dt == DType.FLOAT64 && st == DType.FLOAT64) {
      for (int i = 0; i < n; i++) {
        d.d[od[i]] = s.d[os[i]];
      }
    } else if (!dt.isFloatingPoint() && !st.isFloatingPoint()) {
      boolean toBool = dt == DType.BOOL;
      for (int i = 0; i < n; i++) {
        long v = s.l[os[i]];
        d.l[od[i]] = toBool ? (v != 0 ? 1 : 0) : v;
      }
    } else {
      for (int i = 0; i < n; i++) {
        put(dst, od[i], src.getD(os[i]));
      }
    }
  }

  /** One row of {@link #forEachRow}: the offsets of the row's first element in each view. */
  @FunctionalInterface
  interface RowBody {
    void row(int dp, int sp);
  }

  /**
   * Visits the rows along the last dim of two views of one shape (at least 1-D), walking both
   * offsets with an odometer instead of materialising offset tables.
   */
  static void forEachRow(Arr dst, Arr src, RowBody body) {
    int nd = dst.dim();
    int[] shape = dst.shape();
    int inner = shape[nd - 1];
    if (inner == 0 || dst.numel() == 0) {
      return;
    }
    int rows = dst.numel() / inner;
    int[] idx = new int[nd - 1];
    int dp = dst.offset();
    int sp = src.offset();
    for (int r = 0; r < rows; r++) {
      body.row(dp, sp);
      for (int d = nd - 2; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          dp += dst.strides()[d];
          sp += src.strides()[d];
          break;
        }
        dp -= dst.strides()[d] * (shape[d] - 1);
        sp -= src.strides()[d] * (shape[d] - 1);
        idx[d] = 0;
      }
    }
  }

  /** Copies between two same-dtype floating views of one shape, row by row along the last dim. */
  private static void stridedCopy(Arr dst, Arr src) {
    int nd = dst.dim();
    if (nd == 0) {
      rowCopy(dst, dst.offset(), 0, src, src.offset(), 0, 1);
      return;
    }
    int inner = dst.shape()[nd - 1];
    int ds = dst.strides()[nd - 1];
    int ss = src.strides()[nd - 1];
    forEachRow(dst, src, (dp, sp) -> rowCopy(dst, dp, ds, src, sp, ss, inner));
  }

  private static void rowCopy(Arr dst, int dp, int ds, Arr src, int sp, int ss, int n) {
    if (dst.dtype() == DType.FLOAT32) {
      float[] d = dst.storage().f;
      float[] s = src.storage().f;
      if (ds == 1 && ss == 1) {
        System.arraycopy(s, sp, d, dp, n);
      } else {
        for (int i = 0; i < n; i++) {
          d[dp + i * ds] = s[sp + i * ss];
        }
      }
    } else {
      double[] d = dst.storage().d;
      double[] s = src.storage().d;
      if (ds == 1 && ss == 1) {
        System.arraycopy(s, sp, d, dp, n);
      } else {
        for (int i = 0; i < n; i++) {
          d[dp + i * ds] = s[sp + i * ss];
        }
      }
    }
  }

  /** Stores a double into any dtype, truncating toward zero for INT64 like a C cast. */
  public static void put(Arr a, int off, double v) {
    switch (a.dtype()) {
      case FLOAT32:
        a.storage().f[off] = (float) v;
        break;
      case FLOAT64:
        a.storage().d[off] = v;
        break;
      case BOOL:
        a.storage().l[off] = v != 0 ? 1 : 0;
        break;
      default:
        a.storage().l[off] = (long) v;
    }
  }

  /** Fills every element of the view with {@code v}. */
  public static void fill(Arr a, double v) {
    if (a.isContiguous() && a.dtype() == DType.FLOAT32) {
      java.util.Arrays.fill(a.storage().f, a.offset(), a.offset() + a.numel(), (float) v);
      return;
    }
    if (a.isContiguous() && a.dtype() == DType.FLOAT64) {
      java.util.Arrays.fill(a.storage().d, a.offset(), a.offset() + a.numel(), v);
      return;
    }
    for (int o : a.offsets()) {
      put(a, o, v);
    }
  }

  /** A new contiguous tensor of dtype {@code out} holding {@code f} applied to every element. */
  public static Arr unary(Arr x, DType out, DoubleUnaryOperator f) {
    Arr r = Arr.empty(out, x.shape());
    int n = r.numel();
    if (x.isContiguous() && out == x.dtype() && out.isFloatingPoint()) {
      int xo = x.offset();
      if (out == DType.FLOAT32) {
        float[] src = x.storage().f;
        float[] dst = r.storage().f;
        for (int i = 0; i < n; i++) {
          dst[i] = (float) f.applyAsDouble(src[xo + i]);
        }
      } else {
        double[] src = x.storage().d;
        double[] dst = r.storage().d;
        for (int i = 0; i < n; i++) {
          dst[i] = f.applyAsDouble(src[xo + i]);
        }
      }
      return r;
    }
    int[] os = x.offsets();
    if (out == DType.FLOAT32 && x.dtype() == DType.FLOAT32) {
      float[] src = x.storage().f;
      float[] dst = r.storage().f;
      for (int i = 0; i < n; i++) {
        dst[i] = (float) f.applyAsDouble(src[os[i]]);
      }
    } else if (out == DType.FLOAT64 && x.dtype() == DType.FLOAT64) {
      double[] src = x.storage().d;
      double[] dst = r.storage().d;
      for (int i = 0; i < n; i++) {
        dst[i] = f.applyAsDouble(src[os[i]]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        put(r, i, f.applyAsDouble(x.getD(os[i])));
      }
    }
    return r;
  }

  /**
   * {@code a op b} for operands already expanded to the same shape, computed in {@code compute} and
   * stored as {@code out}.
   */
  public static Arr binary(BinOp op, Arr a, Arr b, DType compute, DType out) {
    Arr r = Arr.empty(out, a.shape());
    int n = r.numel();
    if (compute == DType.FLOAT32
        && out == DType.FLOAT32
        && a.dtype() == DType.FLOAT32
        && b.dtype() == DType.FLOAT32
        && a.isContiguous()
        && b.isContiguous()) {
      binaryF32(op, a.storage().f, a.offset(), b.storage().f, b.offset(), r.storage().f, 0, n);
      return r;
    }
    if (compute == DType.FLOAT64
        && out == DType.FLOAT64
        && a.dtype() == DType.FLOAT64
        && b.dtype() == DType.FLOAT64
        && a.isContiguous()
        && b.isContiguous()) {
      binaryF64(op, a.storage().d, a.offset(), b.storage().d, b.offset(), r.storage().d, 0, n);
      return r;
    }
    if (a.dim() > 0
        && (compute == DType.FLOAT32 || compute == DType.FLOAT64)
        && out == compute
        && a.dtype() == compute
        && b.dtype() == compute) {
      binaryRows(op, a, b, r);
      return r;
    }
    int[] oa = a.offsets();
    int[] ob = b.offsets();
    if (compute == DType.INT64
        && out == DType.INT64
        && op.ordinal() <= BinOp.MIN.ordinal()
        && op != BinOp.DIV) {
      // in long arithmetic (wrapping like C), not through double, which is inexact past 2^53
      long[] z = r.storage().l;
      for (int i = 0; i < n; i++) {
        z[i] = longArith(op, a.storage().l[oa[i]], b.storage().l[ob[i]]);
      }
    } else if (compute == DType.INT64) {
      for (int i = 0; i < n; i++) {
        long x = a.storage().l[oa[i]];
        long y = b.storage().l[ob[i]];
        put(r, i, applyLong(op, x, y));
      }
    } else if (compute == DType.FLOAT32) {
      for (int i = 0; i < n; i++) {
        put(r, i, applyFloat(op, (float) a.getD(oa[i]), (float) b.getD(ob[i])));
      }
    } else {
      for (int i = 0; i < n; i++) {
        put(r, i, applyDouble(op, a.getD(oa[i]), b.getD(ob[i])));
      }
    }
    return r;
  }

  /**
   * {@code x = x op b} where the result is written straight into x: what an in-place op ({@code
   * add_}, {@code mul_}, ...) wants, without the x-sized temporary that {@link #binary} and an
   * assign would make (gradient clipping scales every gradient, 154 MB for GPT-2's embedding). Same
   * arithmetic as {@link #binary}, element by element. It takes a contiguous floating x with at
   * least one dimension and a b of x's dtype and shape that is either contiguous or one element
   * expanded; b may be x itself, but no other view that overlaps x, since x changes as the loop
   * runs. For anything else it does nothing and returns false, and the caller goes through a
   * temporary.
   */
  public static boolean binaryInPlace(BinOp op, Arr x, Arr b) {
    if (x.dim() == 0
        || !x.isContiguous()
        || b.dtype() != x.dtype()
        || (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64)
        || !java.util.Arrays.equals(b.shape(), x.shape())) {
      return false;
    }
    boolean same = b.storage() == x.storage();
    boolean whole = b.isContiguous() && (!same || b.offset() == x.offset());
    boolean single = !same && java.util.Arrays.stream(b.strides()).allMatch(st -> st == 0);
    if (!whole && !single) {
      return false;
    }
    int n = x.numel();
    int xo = x.offset();
    if (x.dtype() == DType.FLOAT32) {
      float[] z = x.storage().f;
      if (whole) {
        binaryF32(op, z, xo, b.storage().f, b.offset(), z, xo, n);
      } else {
        stridedF32(op, z, xo, 1, b.storage().f, b.offset(), 0, z, xo, n);
      }
    } else {
      double[] z = x.storage().d;
      if (whole) {
        binaryF64(op, z, xo, b.storage().d, b.offset(), z, xo, n);
      } else {
        stridedF64(op, z, xo, 1, b.storage().d, b.offset(), 0, z, xo, n);
      }
    }
    return true;
  }

  /**
   * Broadcast operands without offset tables: one storage offset per row of the last dimension,
   * then a strided inner loop (stride 0 for a broadcast operand). Same arithmetic as the
   * per-element path.
   */
  private static void binaryRows(BinOp op, Arr a, Arr b, Arr r) {
    int last = a.dim() - 1;
    int len = a.shape()[last];
    int[] ra = rowOffsets(a, last);
    int[] rb = rowOffsets(b, last);
    int sa = a.strides()[last];
    int sb = b.strides()[last];
    boolean unit = sa == 1 && sb == 1;
    for (int row = 0; row < ra.length; row++) {
      int zo = row * len;
      if (r.dtype() == DType.FLOAT32) {
        float[] x = a.storage().f;
        float[] y = b.storage().f;
        float[] z = r.storage().f;
        if (unit) {
          binaryF32(op, x, ra[row], y, rb[row], z, zo, len);
        } else {
          stridedF32(op, x, ra[row], sa, y, rb[row], sb, z, zo, len);
        }
      } else {
        double[] x = a.storage().d;
        double[] y = b.storage().d;
        double[] z = r.storage().d;
        if (unit) {
          binaryF64(op, x, ra[row], y, rb[row], z, zo, len);
        } else {
          stridedF64(op, x, ra[row], sa, y, rb[row], sb, z, zo, len);
        }
      }
    }
  }

  /**
   * The strided (or broadcast, stride 0) row loop, with the op chosen once per row, not per
   * element.
   */
  private static void stridedF32(
      BinOp op, float[] x, int xo, int sx, float[] y, int yo, int sy, float[] z, int zo, int n) {
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] + y[yo + i * sy];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] - y[yo + i * sy];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] * y[yo + i * sy];
        }
        break;
      case DIV:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] / y[yo + i * sy];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          z[zo + i] = (float) applyFloat(op, x[xo + i * sx], y[yo + i * sy]);
        }
    }
  }

  private static void stridedF64(
      BinOp op, double[] x, int xo, int sx, double[] y, int yo, int sy, double[] z, int zo, int n) {
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] + y[yo + i * sy];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] - y[yo + i * sy];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] * y[yo + i * sy];
        }
        break;
      case DIV:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i * sx] / y[yo + i * sy];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          z[zo + i] = applyDouble(op, x[xo + i * sx], y[yo + i * sy]);
        }
    }
  }

  private static int[] rowOffsets(Arr x, int last) {
    return x.restride(Arrays.copyOf(x.shape(), last), Arrays.copyOf(x.strides(), last), x.offset())
        .offsets();
  }

  private static void binaryF32(
      BinOp op, float[] x, int xo, float[] y, int yo, float[] z, int zo, int n) {
    if ((xo | yo | zo) == 0
        && (op == BinOp.ADD || op == BinOp.SUB || op == BinOp.MUL || op == BinOp.DIV)) {
      binaryF32At0(op, x, y, z, n);
      return;
    }
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] + y[yo + i];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] - y[yo + i];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] * y[yo + i];
        }
        break;
      case DIV:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] / y[yo + i];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          z[zo + i] = (float) applyFloat(op, x[xo + i], y[yo + i]);
        }
    }
  }

  /**
   * The arithmetic ops on operands that all start at offset 0 (fresh tensors, the usual case): with
   * one index for every array C2 knows the output cannot overlap an input and vectorises the loop,
   * which it does not do with three offsets (3-4× slower).
   */
  private static void binaryF32At0(BinOp op, float[] x, float[] y, float[] z, int n) {
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          z[i] = x[i] + y[i];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          z[i] = x[i] - y[i];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          z[i] = x[i] * y[i];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          z[i] = x[i] / y[i];
        }
    }
  }

  private static void binaryF64(
      BinOp op, double[] x, int xo, double[] y, int yo, double[] z, int zo, int n) {
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] + y[yo + i];
        }
        break;
      case SUB:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] - y[yo + i];
        }
        break;
      case MUL:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] * y[yo + i];
        }
        break;
      case DIV:
        for (int i = 0; i < n; i++) {
          z[zo + i] = x[xo + i] / y[yo + i];
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          z[zo + i] = applyDouble(op, x[xo + i], y[yo + i]);
        }
    }
  }

  private static double applyFloat(BinOp op, float x, float y) {
    switch (op) {
      case ADD:
        return x + y;
      case SUB:
        return x - y;
      case MUL:
        return x * y;
      case DIV:
        return x / y;
      case POW:
        return (float) Math.pow(x, y);
      default:
        return applyDouble(op, x, y);
    }
  }

  private static double applyDouble(BinOp op, double x, double y) {
    switch (op) {
      case ADD:
        return x + y;
      case SUB:
        return x - y;
      case MUL:
        return x * y;
      case DIV:
        return x / y;
      case POW:
        return Math.pow(x, y);
      case MAX:
        return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
      case MIN:
        return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
      case EQ:
        return x == y ? 1 : 0;
      case NE:
        return x != y ? 1 : 0;
      case LT:
        return x < y ? 1 : 0;
      case LE:
        return x <= y ? 1 : 0;
      case GT:
        return x > y ? 1 : 0;
      default:
        return x >= y ? 1 : 0;
    }
  }

  private static long longArith(BinOp op, long x, long y) {
    switch (op) {
      case ADD:
        return x + y;
      case SUB:
        return x - y;
      case MUL:
        return x * y;
      case MAX:
        return Math.max(x, y);
      case MIN:
        return Math.min(x, y);
      default:
        return powi(x, y);
    }
  }

  /**
   * Integer power as torch computes it: by squaring, wrapping on overflow; a negative exponent
   * gives 0 except for bases 1 and -1 (and 0^-n is 0, not a division by zero).
   */
  static long powi(long base, long exp) {
    if (exp < 0) {
      return base == 1 ? 1 : base == -1 ? ((exp & 1) == 0 ? 1 : -1) : 0;
    }
    long result = 1;
    long b = base;
    for (long e = exp; e != 0; e >>= 1) {
      if ((e & 1) != 0) {
        result *= b;
      }
      b *= b;
    }
    return result;
  }

  private static double applyLong(BinOp op, long x, long y) {
    switch (op) {
      case ADD:
        return x + y;
      case SUB:
        return x - y;
      case MUL:
        return x * y;
      case MAX:
        return Math.max(x, y);
      case MIN:
        return Math.min(x, y);
      case POW:
        return Math.pow(x, y);
      default:
        return applyDouble(op, x, y);
    }
  }

  /** {@code mask ? a : b} for operands expanded to one shape. */
  public static Arr where(Arr mask, Arr a, Arr b, DType out) {
    Arr r = Arr.empty(out, mask.shape());
    int[] om = mask.offsets();
    int[] oa = a.offsets();
    int[] ob = b.offsets();
    long[] m = mask.storage().l;
    for (int i = 0; i < om.length; i++) {
      put(r, i, m[om[i]] != 0 ? a.getD(oa[i]) : b.getD(ob[i]));
    }
    return r;
  }
}
