package io.github.zth.autograd.internal.simd;

import io.github.zth.autograd.internal.Parallel;

/**
 * GEMM in plain Java, written so C2 auto-vectorises the inner loop: op(B) is copied into one array
 * per row and each row of C is accumulated in a row array, so the hot loop is {@code acc[j] =
 * fma(a, bRow[j], acc[j])} with the same index on both sides. C2 cannot vectorise the flat {@code
 * c[ci + j] += a * b[bk + j]} form because the two arrays might alias at different offsets. Four
 * rows of B are folded per pass to cut the loads and stores of {@code acc}. This is the fallback
 * when the Vector API is absent, and the only dgemm.
 *
 * <p>sgemm sums each element of C in the order every float path shares: per block of {@link
 * #DEPTH_BLOCK} k values a fused multiply-add chain from +0 ({@code acc}), added to C block after
 * block, the first block stored as is when beta is 0. The Vector API kernel does the same, so both
 * paths give the same bits.
 */
public final class ScalarGemm implements GemmKernels {
  /**
   * Depth of the blocks every float GEMM path sums separately before adding them to C: part of the
   * fixed summation order (see the class comment), so the Vector API kernel packs in blocks of it
   * too.
   */
  static final int DEPTH_BLOCK = 512;

  /** Columns of C per block: a DEPTH_BLOCK × NC block of B (512 KB) stays in L2. */
  private static final int NC = 256;

  /** Depth per block of the float kernel (see DEPTH_BLOCK). */
  private static final int KC = DEPTH_BLOCK;

  /** Depth and columns per block of dgemm, whose order no other path shares. */
  private static final int KCD = 128;

  private static final int NCD = 512;

  /** Below this many multiply-adds a GEMM stays on the calling thread. */
  static final long PARALLEL_MIN_MACS = 1L << 18;

  /** The shared stateless instance. */
  public static final ScalarGemm INSTANCE = new ScalarGemm();

  private ScalarGemm() {}

  @Override
  public String name() {
    return "scalar";
  }

  /**
   * How many tasks a GEMM of this size is split into, over {@code units} independent blocks: one
   * when it is small, else a few per thread, so a core that is busy with something else does not
   * hold the others up (tasks are claimed dynamically).
   */
  static int tasksFor(int m, int n, int k, int units) {
    long macs = (long) m * n * k;
    if (macs < PARALLEL_MIN_MACS || Parallel.threads() == 1) {
      return 1;
    }
    return Math.max(1, Math.min(units, 4 * Parallel.threads()));
  }

  /** Largest op(B) (in floats, 4 MB) whose row copies a thread keeps between calls. */
  private static final int KEPT_B_MAX = 1 << 20;

  /**
   * Each thread's copies of op(B)'s rows, kept between calls as {@code VectorGemm} keeps its
   * packing buffers: made per call they were nine tenths of what a pooled training step allocated
   * on this path. Kernel-layer state that holds no values across calls: every call overwrites the
   * rows it reads, and only the tasks of the call that filled them read them. A row grows to the
   * widest op(B) that used it, and an op(B) above {@link #KEPT_B_MAX} floats gets fresh rows.
   */
  private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

  private static final class Rows {
    private float[][] rows = new float[0][];

    float[][] rows(int k, int n) {
      if ((long) k * n > KEPT_B_MAX) {
        return new float[k][n];
      }
      if (rows.length < k) {
        rows = java.util.Arrays.copyOf(rows, k);
      }
      for (int p = 0; p < k; p++) {
        if (rows[p] == null || rows[p].length < n) {
          rows[p] = new float[n];
        }
      }
      return rows;
    }
  }

  @Override
  public void sgemm(
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
    float[][] bRows = ROWS.get().rows(k, n);
    for (int p = 0; p < k; p++) {
      float[] row = bRows[p];
      if (transB) {
        for (int j = 0, src = bOff + p; j < n; j++, src += ldb) {
          row[j] = b[src];
        }
      } else {
        System.arraycopy(b, bOff + p * ldb, row, 0, n);
      }
    }
    boolean byRows = m >= 2 * Parallel.threads() || m >= n / 64;
    int tasks = tasksFor(m, n, k, byRows ? m : Math.max(1, n / 64));
    Parallel.forEach(
        tasks,
        t -> {
          int i0 = byRows ? split(m, tasks, t) : 0;
          int i1 = byRows ? split(m, tasks, t + 1) : m;
          int j0 = byRows ? 0 : split(n, tasks, t);
          int j1 = byRows ? n : split(n, tasks, t + 1);
          sRows(transA, i0, i1, j0, j1, k, a, aOff, lda, bRows, beta, c, cOff, ldc);
        });
  }

  private static void sRows(
      boolean transA,
      int i0,
      int i1,
      int j0,
      int j1,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[][] bRows,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    if (beta == 0f) {
      for (int i = i0; i < i1; i++) {
        java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
      }
    }
    // acc is indexed like the rows of B (column j at index j), which is what lets C2 vectorise.
    float[] acc = new float[j1];
    int rowStep = transA ? 1 : lda;
    int colStep = transA ? lda : 1;
    for (int jc = j0; jc < j1; jc += NC) {
      int je = Math.min(jc + NC, j1);
      for (int pc = 0; pc < k; pc += KC) {
        int pe = Math.min(pc + KC, k);
        for (int i = i0; i < i1; i++) {
          java.util.Arrays.fill(acc, jc, je, 0f);
          int ai = aOff + i * rowStep;
          int p = pc;
          for (; p + 4 <= pe; p += 4) {
            int ap = ai + p * colStep;
            sAxpy4(
                a[ap],
                a[ap + colStep],
                a[ap + 2 * colStep],
                a[ap + 3 * colStep],
                bRows[p],
                bRows[p + 1],
                bRows[p + 2],
                bRows[p + 3],
                acc,
                jc,
                je);
          }
          for (; p < pe; p++) {
            sAxpy1(a[ai + p * colStep], bRows[p], acc, jc, je);
          }
          int cRow = cOff + i * ldc;
          if (pc == 0 && beta == 0f) {
            System.arraycopy(acc, jc, c, cRow + jc, je - jc);
          } else {
            for (int j = jc; j < je; j++) {
              c[cRow + j] += acc[j];
            }
          }
        }
      }
    }
  }

  private static void sAxpy4(
      float a0,
      float a1,
      float a2,
      float a3,
      float[] b0,
      float[] b1,
      float[] b2,
      float[] b3,
      float[] acc,
      int j0,
      int j1) {
    for (int j = j0; j < j1; j++) {
      acc[j] =
          Math.fma(
              a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))));
    }
  }

  private static void sAxpy1(float a0, float[] b0, float[] acc, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      acc[j] = Math.fma(a0, b0[j], acc[j]);
    }
  }

  @Override
  public void dgemm(
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
    double[][] bRows = new double[k][n];
    for (int p = 0; p < k; p++) {
      double[] row = bRows[p];
      if (transB) {
        for (int j = 0, src = bOff + p; j < n; j++, src += ldb) {
          row[j] = b[src];
        }
      } else {
        System.arraycopy(b, bOff + p * ldb, row, 0, n);
      }
    }
    boolean byRows = m >= 2 * Parallel.threads() || m >= n / 64;
    int tasks = tasksFor(m, n, k, byRows ? m : Math.max(1, n / 64));
    Parallel.forEach(
        tasks,
        t -> {
          int i0 = byRows ? split(m, tasks, t) : 0;
          int i1 = byRows ? split(m, tasks, t + 1) : m;
          int j0 = byRows ? 0 : split(n, tasks, t);
          int j1 = byRows ? n : split(n, tasks, t + 1);
          dRows(transA, i0, i1, j0, j1, k, a, aOff, lda, bRows, beta, c, cOff, ldc);
        });
  }

  private static void dRows(
      boolean transA,
      int i0,
      int i1,
      int j0,
      int j1,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[][] bRows,
      double beta,
      double[] c,
      int cOff,
      int ldc) {
    if (beta == 0d) {
      for (int i = i0; i < i1; i++) {
        java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0d);
      }
    }
    double[] acc = new double[j1];
    int rowStep = transA ? 1 : lda;
    int colStep = transA ? lda : 1;
    for (int jc = j0; jc < j1; jc += NCD) {
      int je = Math.min(jc + NCD, j1);
      for (int pc = 0; pc < k; pc += KCD) {
        int pe = Math.min(pc + KCD, k);
        for (int i = i0; i < i1; i++) {
          java.util.Arrays.fill(acc, jc, je, 0d);
          int ai = aOff + i * rowStep;
          int p = pc;
          for (; p + 4 <= pe; p += 4) {
            int ap = ai + p * colStep;
            dAxpy4(
                a[ap],
                a[ap + colStep],
                a[ap + 2 * colStep],
                a[ap + 3 * colStep],
                bRows[p],
                bRows[p + 1],
                bRows[p + 2],
                bRows[p + 3],
                acc,
                jc,
                je);
          }
          for (; p < pe; p++) {
            dAxpy1(a[ai + p * colStep], bRows[p], acc, jc, je);
          }
          int cRow = cOff + i * ldc;
          for (int j = jc; j < je; j++) {
            c[cRow + j] += acc[j];
          }
        }
      }
    }
  }

  private static void dAxpy4(
      double a0,
      double a1,
      double a2,
      double a3,
      double[] b0,
      double[] b1,
      double[] b2,
      double[] b3,
      double[] acc,
      int j0,
      int j1) {
    for (int j = j0; j < j1; j++) {
      acc[j] =
          Math.fma(
              a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))));
    }
  }

  private static void dAxpy1(double a0, double[] b0, double[] acc, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      acc[j] = Math.fma(a0, b0[j], acc[j]);
    }
  }

  /** Start of part {@code t} of {@code parts} near-equal parts of [0, len). */
  static int split(int len, int parts, int t) {
    return (int) ((long) len * t / parts);
  }
}
