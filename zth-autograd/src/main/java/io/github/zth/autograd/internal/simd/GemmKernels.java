package io.github.zth.autograd.internal.simd;

/**
 * One implementation of the GEMM kernels (scalar or Vector API), with the contract of {@link
 * io.github.zth.autograd.internal.Gemm}: arguments arrive already checked, C is m×n row-major,
 * {@code beta} is 0 (overwrite, C is never read) or 1 (accumulate). An interface so the provider
 * can pick an implementation once and the Vector API class is only ever named by string.
 */
public interface GemmKernels {

  /** Short name for logs and the bench command: {@code vector} or {@code scalar}. */
  String name();

  /** The width of the float vectors this implementation computes with; 0 for the scalar kernels. */
  default int vectorBits() {
    return 0;
  }

  /** {@code C = op(A)·op(B) + beta·C} in float32. */
  void sgemm(
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
      int ldc);

  /** {@code C = op(A)·op(B) + beta·C} in float64. */
  void dgemm(
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
      int ldc);
}
