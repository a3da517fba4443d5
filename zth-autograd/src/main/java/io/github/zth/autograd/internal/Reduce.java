package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;

/**
 * Reductions over any set of dims: the view is permuted so the reduced dims come last, which makes
 * each output element one row of the permuted element order. Floats accumulate in double.
 */
public final class Reduce {
  private Reduce() {}

  /** What a reduction computes per row. */
  public enum Op {
    SUM,
    MEAN,
    MAX,
    MIN,
    VAR,
    LOGSUMEXP
  }

  /**
   * Reduced values (kept dims only, no keepdim) and, for MAX/MIN, INT64 argmax/argmin in the row.
   */
  public record Result(Arr values, Arr indices) {}

  public static Result reduce(
      String opName, Arr x, boolean[] reduced, Op op, double correction, DType out) {
    int nd = x.dim();
    int[] perm = new int[nd];
    int k = 0;
    int kept = 0;
    for (int i = 0; i < nd; i++) {
      if (!reduced[i]) {
        perm[k++] = i;
        kept++;
      }
    }
    int rowLen = 1;
    for (int i = 0; i < nd; i++) {
      if (reduced[i]) {
        perm[k++] = i;
        rowLen *= x.shape()[i];
      }
    }
    int[] outShape = new int[kept];
    int[] pShape = new int[nd];
    int[] pStrides = new int[nd];
    for (int i = 0; i < nd; i++) {
      pShape[i] = x.shape()[perm[i]];
      pStrides[i] = x.strides()[perm[i]];
      if (i < kept) {
        outShape[i] = pShape[i];
      }
    }
    int rows = Arr.numel(outShape);
    if (rowLen == 0 && (op == Op.MAX || op == Op.MIN)) {
      throw new IllegalArgumentException(
          opName
              + ": cannot reduce over a dimension of size 0 (shape "
              + Shapes.str(x.shape())
              + ")");
    }
    if ((op == Op.SUM || op == Op.MEAN)
        && x.dtype().isFloatingPoint()
        && out == x.dtype()
        && x.isContiguous()) {
      Arr fast = contiguousSum(x, reduced, outShape, rows, rowLen, op == Op.MEAN);
      if (fast != null) {
        return new Result(fast, null);
      }
    }
    int[] offs = x.restride(pShape, pStrides, x.offset()).offsets();
    Arr values = Arr.empty(out, outShape);
    Arr indices = op == Op.MAX || op == Op.MIN ? Arr.empty(DType.INT64, outShape) : null;
    if (op == Op.SUM && x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
      long[] src = x.storage().l;
      for (int r = 0; r < rows; r++) {
        long s = 0;
        for (int j = 0, base = r * rowLen; j < rowLen; j++) {
          s += src[offs[base + j]];
        }
        values.storage().l[r] = s;
      }
      return new Result(values, null);
    }
    double[] row = new double[rowLen];
    for (int r = 0; r < rows; r++) {
      int base = r * rowLen;
      for (int j = 0; j < rowLen; j++) {
        row[j] = x.getD(offs[base + j]);
      }
      double v;
      switch (op) {
        case SUM:
          v = sum(row);
          break;
        case MEAN:
          v = sum(row) / rowLen;
          break;
        case MAX:
        case MIN:
          {
            int best = 0;
            for (int j = 1; j < rowLen && !Double.isNaN(row[best]); j++) {
              boolean better = op == Op.MAX ? row[j] > row[best] : row[j] < row[best];
              if (better || Double.isNaN(row[j])) {
                best = j;
              }
            }
            v = row[best];
            indices.storage().l[r] = best;
            break;
          }
        case VAR:
          {
            double mean = sum(row) / rowLen;
            double ss = 0;
            for (double e : row) {
              ss += (e - mean) * (e - mean);
            }
            v = ss / Math.max(rowLen - correction, 0);
            break;
          }
        default:
          {
            double m = Double.NEGATIVE_INFINITY;
            for (double e : row) {
              m = Math.max(m, e);
            }
            if (Double.isInfinite(m)) {
              v = m;
            } else {
              double s = 0;
              for (double e : row) {
                s += Math.exp(e - m);
              }
              v = m + Math.log(s);
            }
          }
      }
      Kernels.put(values, r, v);
    }
    return new Result(values, indices);
  }

  /**
   * Sums of a contiguous array over a trailing block of dims (each output reads one contiguous row)
   * or a leading block (outputs accumulate whole rows, a loop C2 vectorises); null for other
   * patterns.
   */
  private static Arr contiguousSum(
      Arr x, boolean[] reduced, int[] outShape, int rows, int rowLen, boolean mean) {
    int nd = reduced.length;
    int firstReduced = nd;
    int lastReduced = -1;
    int count = 0;
    for (int i = 0; i < nd; i++) {
      if (reduced[i]) {
        firstReduced = Math.min(firstReduced, i);
        lastReduced = i;
        count++;
      }
    }
    boolean suffix = count == nd - firstReduced;
    boolean prefix = lastReduced == count - 1;
    if (!suffix && !prefix) {
      return null;
    }
    Arr out = Arr.empty(x.dtype(), outShape);
    double scale = mean ? 1.0 / rowLen : 1.0;
    int off = x.offset();
    if (suffix) {
      for (int r = 0; r < rows; r++) {
        double s = 0;
        int base = off + r * rowLen;
        if (x.dtype() == DType.FLOAT32) {
          float[] a = x.storage().f;
          for (int j = 0; j < rowLen; j++) {
            s += a[base + j];
          }
        } else {
          double[] a = x.storage().d;
          for (int j = 0; j < rowLen; j++) {
            s += a[base + j];
          }
        }
        Kernels.put(out, r, s * scale);
      }
      return out;
    }
    // prefix: rowLen outer slices of length rows (= the kept inner block) summed elementwise
    double[] acc = new double[rows];
    for (int i = 0; i < rowLen; i++) {
      int base = off + i * rows;
      if (x.dtype() == DType.FLOAT32) {
        float[] a = x.storage().f;
        for (int j = 0; j < rows; j++) {
          acc[j] += a[base + j];
        }
      } else {
        double[] a = x.storage().d;
        for (int j = 0; j < rows; j++) {
          acc[j] += a[base + j];
        }
      }
    }
    for (int j = 0; j < rows; j++) {
      Kernels.put(out, j, acc[j] * scale);
    }
    return out;
  }

  private static double sum(double[] row) {
    double s = 0;
    for (double e : row) {
      s += e;
    }
    return s;
  }

  /** Softmax (or log-softmax) along the last dim of a contiguous array. */
  public static Arr softmaxLast(Arr x, boolean log) {
    Arr c = Kernels.contiguous(x);
    int n = c.dim() == 0 ? 1 : c.shape()[c.dim() - 1];
    int rows = n == 0 ? 0 : c.numel() / n;
    Arr out = Arr.empty(c.dtype(), c.shape());
    double[] row = new double[n];
    for (int r = 0; r < rows; r++) {
      int base = c.offset() + r * n;
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        row[j] = c.getD(base + j);
        m = Math.max(m, row[j]);
      }
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += Math.exp(row[j] - m);
      }
      double lse = m + Math.log(s);
      for (int j = 0; j < n; j++) {
        double v = log ? row[j] - lse : Math.exp(row[j] - lse);
        Kernels.put(out, r * n + j, v);
      }
    }
    return out;
  }
}
