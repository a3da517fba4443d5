package io.github.zth.autograd.internal;

import io.github.zth.autograd.internal.simd.SkinnyGemm;
import io.github.zth.autograd.internal.simd.VectorizationProvider;

/**
 * General matrix multiply on row-major storage: {@code C = op(A)·op(B) + beta·C}, where {@code
 * op(X)} is X or its transpose. This is the seam between the tensor ops and the matmul kernels:
 * {@code Tensor.matmul} and its two backward forms (Aᵀ·B for the weight gradient, A·Bᵀ for the
 * input gradient) all come here, so no transpose is ever materialised.
 *
 * <p>Layout: {@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. Element (i, j) of a row-major
 * matrix X with leading dimension {@code ldx} is {@code x[xOff + i*ldx + j]}; when {@code transA}
 * is set, A is stored k×m and {@code op(A)(i, p) = a[aOff + p*lda + i]}.
 *
 * <p>The arguments are checked here, once; the kernels chosen by {@link VectorizationProvider} do
 * the work, except that a few rows times a transposed B (a Linear layer on one token per sequence,
 * as in KV-cached generation) go to {@link SkinnyGemm}, which streams the weights once instead of
 * packing them; every path sums in the same order, so which one ran never shows in the bits. With
 * {@code beta == 0} C is never read, so it may hold garbage (even NaN).
 */
public final class Gemm {
  private Gemm() {}

  /**
   * Single-precision GEMM.
   *
   * @param beta 0 to overwrite C, 1 to accumulate into it
   */
  public static void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    if (beta != 0f && beta != 1f) {
      throw new IllegalArgumentException("sgemm: beta " + beta + ", expected 0 or 1");
    }
    check(
        "sgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff,
        ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (beta == 0f) {
        for (int i = 0; i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    if (SkinnyGemm.applies(transB, m)) {
      SkinnyGemm.sgemm(transA, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    VectorizationProvider.kernels()
        .sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /**
   * Double-precision GEMM, same contract as {@link #sgemm}. FLOAT64 is the gradient-checking dtype;
   * it always runs on the blocked scalar kernel (one Vector API species per JVM keeps C2 fast).
   *
   * @param beta 0 to overwrite C, 1 to accumulate into it
   */
  public static void dgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[] b,
      int bOff,
      int ldb,
      double beta,
      double[] c,
      int cOff,
      int ldc) {
    if (beta != 0d && beta != 1d) {
      throw new IllegalArgumentException("dgemm: beta " + beta + ", expected 0 or 1");
    }
    check(
        "dgemm", transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff,
        ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (beta == 0d) {
        for (int i = 0; i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0d);
        }
      }
      return;
    }
    VectorizationProvider.kernels()
        .dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  private static void check(
      String op,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      int aLen,
      int aOff,
      int lda,
      int bLen,
      int bOff,
      int ldb,
      int cLen,
      int cOff,
      int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          op + ": sizes m=" + m + ", n=" + n + ", k=" + k + ", expected all >= 0");
    }
    operand(op, "A", transA ? k : m, transA ? m : k, aLen, aOff, lda);
    operand(op, "B", transB ? n : k, transB ? k : n, bLen, bOff, ldb);
    operand(op, "C", m, n, cLen, cOff, ldc);
  }

  /** Checks that a rows×cols row-major matrix at off with leading dimension ld fits its array. */
  private static void operand(
      String op, String name, int rows, int cols, int len, int off, int ld) {
    if (off < 0 || ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(
          op
              + ": "
              + name
              + " ("
              + rows
              + "x"
              + cols
              + ") has offset "
              + off
              + " and leading dimension "
              + ld
              + ", expected offset >= 0 and leading dimension >= "
              + Math.max(1, cols));
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = off + (long) (rows - 1) * ld + cols - 1;
    if (last >= len) {
      throw new IllegalArgumentException(
          op
              + ": "
              + name
              + " ("
              + rows
              + "x"
              + cols
              + ", offset "
              + off
              + ", leading dimension "
              + ld
              + ") needs "
              + (last + 1)
              + " elements, array has "
              + len);
    }
  }
}
