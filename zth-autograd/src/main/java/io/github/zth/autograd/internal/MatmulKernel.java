package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;

/**
 * Batched, broadcast matmul over strided views, handing each matrix to {@link Gemm}. A matrix whose
 * last dim is unit-stride is passed as is; one whose second-to-last dim is unit-stride (a
 * transposed view) is passed with the transpose flag, so Aᵀ·B and A·Bᵀ never materialise a
 * transpose.
 */
public final class MatmulKernel {
  private MatmulKernel() {}

  /** How one operand's matrices are handed to GEMM. */
  private record Layout(Arr arr, boolean trans, int ld) {}

  private static Layout layout(Arr x) {
    int nd = x.dim();
    int r = x.shape()[nd - 2];
    int c = x.shape()[nd - 1];
    int sr = x.strides()[nd - 2];
    int sc = x.strides()[nd - 1];
    if (sc == 1 && (r <= 1 || sr >= c)) {
      return new Layout(x, false, r <= 1 ? Math.max(c, 1) : sr);
    }
    if (sr == 1 && (c <= 1 || sc >= r)) {
      return new Layout(x, true, c <= 1 ? Math.max(r, 1) : sc);
    }
    Arr cont = Kernels.copy(x, x.dtype());
    return new Layout(cont, false, Math.max(c, 1));
  }

  /**
   * {@code a @ b} where both have rank >= 2, batch dims already broadcast to {@code batch} (a and b
   * expanded so their batch dims equal it).
   */
  public static Arr matmul(Arr a, Arr b, int[] batch) {
    int m = a.shape()[a.dim() - 2];
    int k = a.shape()[a.dim() - 1];
    int n = b.shape()[b.dim() - 1];
    Arr out = Arr.empty(a.dtype(), Shapes.concat(batch, new int[] {m, n}));
    Layout la = layout(a);
    Layout lb = layout(b);
    int nb = Arr.numel(batch);
    int[] offA = batchOffsets(la.arr(), batch);
    int[] offB = batchOffsets(lb.arr(), batch);
    for (int i = 0; i < nb; i++) {
      if (a.dtype() == DType.INT64) {
        longGemm(la, lb, m, n, k, offA[i], offB[i], out.storage().l, i * m * n);
      } else if (a.dtype() == DType.FLOAT32) {
        Gemm.sgemm(
            la.trans(),
            lb.trans(),
            m,
            n,
            k,
            la.arr().storage().f,
            offA[i],
            la.ld(),
            lb.arr().storage().f,
            offB[i],
            lb.ld(),
            0f,
            out.storage().f,
            i * m * n,
            Math.max(n, 1));
      } else {
        Gemm.dgemm(
            la.trans(),
            lb.trans(),
            m,
            n,
            k,
            la.arr().storage().d,
            offA[i],
            la.ld(),
            lb.arr().storage().d,
            offB[i],
            lb.ld(),
            0d,
            out.storage().d,
            i * m * n,
            Math.max(n, 1));
      }
    }
    return out;
  }

  /**
   * Integer matmul (torch supports it on CPU): plain loops, wrapping like C; no GEMM is tuned for
   * longs.
   */
  private static void longGemm(
      Layout la, Layout lb, int m, int n, int k, int offA, int offB, long[] c, int offC) {
    long[] a = la.arr().storage().l;
    long[] b = lb.arr().storage().l;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        long s = 0;
        for (int p = 0; p < k; p++) {
          long x = a[offA + (la.trans() ? p * la.ld() + i : i * la.ld() + p)];
          long y = b[offB + (lb.trans() ? j * lb.ld() + p : p * lb.ld() + j)];
          s += x * y;
        }
        c[offC + i * n + j] = s;
      }
    }
  }

  private static int[] batchOffsets(Arr x, int[] batch) {
    int nd = x.dim();
    int[] st = new int[batch.length];
    System.arraycopy(x.strides(), 0, st, 0, nd - 2);
    return x.restride(batch, st, x.offset()).offsets();
  }
}
