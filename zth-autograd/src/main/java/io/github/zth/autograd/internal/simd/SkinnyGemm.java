package io.github.zth.autograd.internal.simd;

import io.github.zth.autograd.internal.Parallel;

/**
 * sgemm for a few rows times a transposed B, {@code C = op(A)·Bᵀ + beta·C} with m at most {@link
 * #MAX_M}: a Linear layer on one token per sequence, which is every step of KV-cached generation.
 * There the weights are read once per token, so the time is memory bandwidth, and the general
 * kernels' packing of op(B) (two more passes over every weight, for a product that uses each weight
 * m times) cost two thirds of the tokens per second: GPT-2 124M generated 6.8 tokens/s that way on
 * two Zen 3 cores, and 20-21 through here. Here each row of B (a row of the weight, contiguous
 * along k) is streamed once from memory, straight into the dot products with the m rows of A, and
 * the threads split the rows of B.
 *
 * <p>It sums in the order every float GEMM path shares (see {@link ScalarGemm#DEPTH_BLOCK}): per
 * depth block one fused multiply-add chain from +0 in k order, the block sums added to C in order.
 * So a token's logits are the same bits whether it went through here (one new token, KV-cached) or
 * through the general kernels (the whole prompt at once), on any vector width. Those chains are
 * scalar on purpose: vector lanes along k would change the order, and lanes across rows of B would
 * need a gather (a vector gather ran at half the scalar speed on Zen 3). Eight independent chains
 * (two rows of A by four of B, or one by eight) hide the FMA latency; one core then reads 7-9 GB/s
 * of weights, about its share of the memory bandwidth.
 */
public final class SkinnyGemm {
  /**
   * Largest m taken here. Each row of A is one more multiply-add per weight read; past a few rows
   * the general kernels' vector tiles win back what their packing costs. 8 covers batched sampling
   * (build-nanogpt samples 5 sequences); it is an estimate of that crossover, not a measured one.
   */
  public static final int MAX_M = 8;

  private static final int KC = ScalarGemm.DEPTH_BLOCK;

  /**
   * Rows of B (columns of C) per pass: an 8 × KC block of B (16 KB) stays in L1 across A's rows.
   */
  private static final int JB = 8;

  /**
   * Each thread's copy of a transposed op(A) (m × k floats, kernel-layer scratch that holds no
   * values across calls), so the kernels always read A's rows contiguously.
   */
  private static final ThreadLocal<float[][]> A_ROWS =
      ThreadLocal.withInitial(() -> new float[1][0]);

  private SkinnyGemm() {}

  /** Whether {@link #sgemm} takes a product of this form. */
  public static boolean applies(boolean transB, int m) {
    return transB && m <= MAX_M;
  }

  /**
   * {@code C = op(A)·Bᵀ + beta·C}, B stored n × k, with the contract of {@link
   * io.github.zth.autograd.internal.Gemm#sgemm} (arguments checked, m, n, k > 0, beta 0 or 1).
   */
  public static void sgemm(
      boolean transA,
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
    float[] ar = a;
    int arOff = aOff;
    int arLd = lda;
    if (transA) {
      // op(A) row i is column i of A: a strided read per multiply-add would be the slow loop here.
      float[][] holder = A_ROWS.get();
      if (holder[0].length < m * k) {
        holder[0] = new float[m * k];
      }
      ar = holder[0];
      for (int i = 0; i < m; i++) {
        for (int p = 0; p < k; p++) {
          ar[i * k + p] = a[aOff + p * lda + i];
        }
      }
      arOff = 0;
      arLd = k;
    }
    float[] rows = ar;
    int rowsOff = arOff;
    int rowsLd = arLd;
    int units = (n + JB - 1) / JB;
    int tasks = ScalarGemm.tasksFor(m, n, k, units);
    Parallel.forEach(
        tasks,
        t -> {
          int j0 = ScalarGemm.split(units, tasks, t) * JB;
          int j1 = Math.min(n, ScalarGemm.split(units, tasks, t + 1) * JB);
          columns(m, k, rows, rowsOff, rowsLd, b, bOff, ldb, beta, c, cOff, ldc, j0, j1);
        });
  }

  /** Columns [j0, j1) of C: each block of JB rows of B, depth block by depth block. */
  private static void columns(
      int m,
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
      int ldc,
      int j0,
      int j1) {
    for (int j = j0; j < j1; j += JB) {
      int jb = Math.min(JB, j1 - j);
      for (int pc = 0; pc < k; pc += KC) {
        int pe = Math.min(pc + KC, k);
        boolean set = pc == 0 && beta == 0f;
        int i = 0;
        if (jb == JB) {
          for (; i + 2 <= m; i += 2) {
            int ai = aOff + i * lda;
            int ci = cOff + i * ldc + j;
            chains2x4(a, ai, lda, b, bOff + j * ldb, ldb, pc, pe, set, c, ci, ldc);
            chains2x4(a, ai, lda, b, bOff + (j + 4) * ldb, ldb, pc, pe, set, c, ci + 4, ldc);
          }
          if (i < m) {
            chains1x8(
                a, aOff + i * lda, b, bOff + j * ldb, ldb, pc, pe, set, c, cOff + i * ldc + j);
            i++;
          }
        }
        for (; i < m; i++) {
          for (int jj = 0; jj < jb; jj++) {
            int ci = cOff + i * ldc + j + jj;
            float s = chain(a, aOff + i * lda, b, bOff + (j + jj) * ldb, pc, pe);
            c[ci] = set ? s : c[ci] + s;
          }
        }
      }
    }
  }

  /** One element's depth block: a single fused multiply-add chain from +0. */
  private static float chain(float[] a, int ai, float[] b, int bi, int pc, int pe) {
    float s = 0f;
    for (int p = pc; p < pe; p++) {
      s = Math.fma(a[ai + p], b[bi + p], s);
    }
    return s;
  }

  /**
   * Rows i, i+1 of A against rows j..j+3 of B over one depth block: eight chains, each in the same
   * order as {@link #chain}, stored into C (first block, beta 0) or added to it.
   */
  private static void chains2x4(
      float[] a,
      int a0,
      int lda,
      float[] b,
      int b0,
      int ldb,
      int pc,
      int pe,
      boolean set,
      float[] c,
      int ci,
      int ldc) {
    int a1 = a0 + lda;
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
    float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
    for (int p = pc; p < pe; p++) {
      float x0 = a[a0 + p];
      float x1 = a[a1 + p];
      float w0 = b[b0 + p];
      float w1 = b[b1 + p];
      float w2 = b[b2 + p];
      float w3 = b[b3 + p];
      s00 = Math.fma(x0, w0, s00);
      s01 = Math.fma(x0, w1, s01);
      s02 = Math.fma(x0, w2, s02);
      s03 = Math.fma(x0, w3, s03);
      s10 = Math.fma(x1, w0, s10);
      s11 = Math.fma(x1, w1, s11);
      s12 = Math.fma(x1, w2, s12);
      s13 = Math.fma(x1, w3, s13);
    }
    int c1 = ci + ldc;
    if (set) {
      c[ci] = s00;
      c[ci + 1] = s01;
      c[ci + 2] = s02;
      c[ci + 3] = s03;
      c[c1] = s10;
      c[c1 + 1] = s11;
      c[c1 + 2] = s12;
      c[c1 + 3] = s13;
    } else {
      c[ci] += s00;
      c[ci + 1] += s01;
      c[ci + 2] += s02;
      c[ci + 3] += s03;
      c[c1] += s10;
      c[c1 + 1] += s11;
      c[c1 + 2] += s12;
      c[c1 + 3] += s13;
    }
  }

  /** The last (or only) row of A against rows j..j+7 of B: eight chains, as in {@link #chain}. */
  private static void chains1x8(
      float[] a,
      int a0,
      float[] b,
      int b0,
      int ldb,
      int pc,
      int pe,
      boolean set,
      float[] c,
      int ci) {
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    int b4 = b3 + ldb;
    int b5 = b4 + ldb;
    int b6 = b5 + ldb;
    int b7 = b6 + ldb;
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    for (int p = pc; p < pe; p++) {
      float x = a[a0 + p];
      s0 = Math.fma(x, b[b0 + p], s0);
      s1 = Math.fma(x, b[b1 + p], s1);
      s2 = Math.fma(x, b[b2 + p], s2);
      s3 = Math.fma(x, b[b3 + p], s3);
      s4 = Math.fma(x, b[b4 + p], s4);
      s5 = Math.fma(x, b[b5 + p], s5);
      s6 = Math.fma(x, b[b6 + p], s6);
      s7 = Math.fma(x, b[b7 + p], s7);
    }
    if (set) {
      c[ci] = s0;
      c[ci + 1] = s1;
      c[ci + 2] = s2;
      c[ci + 3] = s3;
      c[ci + 4] = s4;
      c[ci + 5] = s5;
      c[ci + 6] = s6;
      c[ci + 7] = s7;
    } else {
      c[ci] += s0;
      c[ci + 1] += s1;
      c[ci + 2] += s2;
      c[ci + 3] += s3;
      c[ci + 4] += s4;
      c[ci + 5] += s5;
      c[ci + 6] += s6;
      c[ci + 7] += s7;
    }
  }
}
