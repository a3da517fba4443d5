package io.github.zth.autograd.internal;

/**
 * General matrix multiply on row-major storage: {@code C = op(A)·op(B) + beta·C}, where
 * {@code op(X)} is X or its transpose. This is the seam between the tensor ops and the matmul
 * kernels: {@code Tensor.matmul} and its two backward forms (Aᵀ·B for the weight gradient, A·Bᵀ for
 * the input gradient) all come here, so no transpose is ever materialised.
 *
 * <p>Layout: {@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. Element (i, j) of a row-major
 * matrix X with leading dimension {@code ldx} is {@code x[xOff + i*ldx + j]}; when {@code transA}
 * is set, A is stored k×m and {@code op(A)(i, p) = a[aOff + p*lda + i]}.
 */
public final class Gemm {
  private Gemm() {}

  /**
   * Single-precision GEMM.
   *
   * @param beta 0 to overwrite C, 1 to accumulate into it
   */
  public static void sgemm(
      boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    float[] crow = new float[n];
    for (int i = 0; i < m; i++) {
      java.util.Arrays.fill(crow, 0f);
      for (int p = 0; p < k; p++) {
        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        if (transB) {
          for (int j = 0; j < n; j++) {
            crow[j] += av * b[bOff + j * ldb + p];
          }
        } else {
          int bRow = bOff + p * ldb;
          for (int j = 0; j < n; j++) {
            crow[j] += av * b[bRow + j];
          }
        }
      }
      int cRow = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[cRow + j] = beta == 0f ? crow[j] : beta * c[cRow + j] + crow[j];
      }
    }
  }

  /**
   * Double-precision GEMM, same contract as {@link #sgemm}. FLOAT64 is the gradient-checking dtype,
   * so this path favours exactness of the contract over speed.
   */
  public static void dgemm(
      boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    double[] crow = new double[n];
    for (int i = 0; i < m; i++) {
      java.util.Arrays.fill(crow, 0d);
      for (int p = 0; p < k; p++) {
        double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        if (transB) {
          for (int j = 0; j < n; j++) {
            crow[j] += av * b[bOff + j * ldb + p];
          }
        } else {
          int bRow = bOff + p * ldb;
          for (int j = 0; j < n; j++) {
            crow[j] += av * b[bRow + j];
          }
        }
      }
      int cRow = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[cRow + j] = beta == 0d ? crow[j] : beta * c[cRow + j] + crow[j];
      }
    }
  }
}
