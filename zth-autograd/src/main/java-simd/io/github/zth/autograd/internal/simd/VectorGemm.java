package io.github.zth.autograd.internal.simd;

import io.github.zth.autograd.internal.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * sgemm on the Vector API, BLIS-style: op(B) is packed into NR-wide column panels, op(A) into
 * MR-tall row panels (both zero-padded, so a transpose is just a different packing loop), and a
 * register-blocked MR×NR micro-kernel keeps the whole C tile in 2·MR vector registers while it runs
 * down k. In parallel a GEMM is split over row blocks (the threads first pack op(B) together, once,
 * and every row block reads it) or over column panels when C is short and wide. Small GEMMs stay on
 * the calling thread.
 *
 * <p>Every element of C is summed in one fixed order, whatever the width, the tiling, the packing
 * or the thread split: k is cut into blocks of {@link ScalarGemm#DEPTH_BLOCK}, each block's
 * products form one fused multiply-add chain from +0 in k order, and the block sums are added to C
 * in order (the first one stored as is when beta is 0). The scalar kernel computes the same, so the
 * two paths (and every width) agree bit for bit. Blocks keep float32 error near that of a 512-long
 * dot product plus one add per block, where one chain over a long k (228,146 in the bigram
 * lecture's weight gradient) drifts past PyTorch's results. C is never split over k (the partial-C
 * split this class had for small C with long k made the order depend on the thread count).
 *
 * <p>Loaded by name from {@link VectorizationProvider} only when {@code jdk.incubator.vector} is
 * present. It uses exactly one species, {@link VectorWidth#FLOAT}, and its kernel methods are small
 * and branch-free apart from the k loop, because on JDK 17 a second species or a data-dependent
 * branch in a recompiled kernel has cost 15-30×. Ragged edges run the same kernel on the
 * zero-padded panels into a scratch tile that is then copied or added into C. There is deliberately
 * no separate narrow-edge kernel: a Vector API method that is called rarely stays in C1 code long
 * after start-up, and C1 runs Vector API code boxed; a narrow kernel measured 0.2 GFLOP/s on the
 * GPT head (n = 65) on JDK 25 for seconds, whereas padding the last panel costs at most one panel
 * of work per row block. A one-vector (6 × V) edge kernel, tried again on JDK 17 and Zen 3, ran the
 * head no faster than padding (measured, interleaved): six accumulator chains are probably too few
 * to cover FMA latency on two pipes, so it costs about what the full tile does. dgemm stays on the
 * scalar kernel for the same one-species reason.
 *
 * <p>The kernels' k loops count the packed A index itself ({@code ao += MR}): written as {@code ai
 * + p * MR}, C2 turns {@code p * 6} (for six rows) into two shifts and an add, no longer recognises
 * the index as linear in the loop counter, and keeps two range checks and the index arithmetic
 * inside the loop (about a fifth fewer instructions per step, and 10-20% faster on Zen 3).
 */
final class VectorGemm implements GemmKernels {
  private static final VectorSpecies<Float> S = VectorWidth.FLOAT;
  private static final int V = S.length();

  /**
   * Rows of the micro-tile: 2·MR accumulators, 2 B vectors and the broadcasts of A must fit 16 AVX2
   * registers. Six rows (12 accumulators) fitted on paper, and JDK 17's C2 kept them in registers,
   * but JDK 25's C2 schedules three broadcasts at once and then spills an accumulator to the stack
   * every k step (seen in its assembly), which cost 40%: 28 against 45-50 GFLOP/s on one Zen 3
   * core. Five rows leave C2 room on both JDKs: 61-68 GFLOP/s on JDK 25 and 56-61 on JDK 17 for the
   * kernel alone, against 34 and 44-56 for six (interleaved, same machine).
   */
  private static final int MR = 5;

  /** Columns of the micro-tile: two vectors. */
  private static final int NR = 2 * V;

  /**
   * Depth of a packed block. Every block is one more pass over C, whose tiles have left the cache
   * by the next pass and stall the kernel's first loads; 512 rather than 256 (BLIS's choice for
   * Zen) halves those passes, for a B micro-panel (KC × NR, 32 KB with 8 lanes) that now fills L1
   * and streams from L2. Interleaved A/B on Zen 3: +4-16% on 512³ and 1024³ and up to +39% on
   * deep-k GPT shapes, the rest unchanged.
   */
  private static final int KC = ScalarGemm.DEPTH_BLOCK;

  /** Rows of a packed A block (multiple of MR): MC × KC stays in L2. */
  private static final int MC = 140;

  /** Column panels per packed B block: KC × NCP·NR floats (2 MB) bounds the per-thread buffer. */
  private static final int NCP = 64;

  /**
   * Each thread's packing buffers, kept between calls: allocating (and zeroing) them per GEMM cost
   * up to a third of a small GEMM's time. Like the pool in {@link Parallel}, this is kernel-layer
   * state that holds no values across calls (every use overwrites what it reads, and the calling
   * thread's packed op(B) is only read by the tasks of the call that packed it); its size is
   * bounded by KC·(MC + NCP·NR) + WHOLE_B_MAX floats per thread.
   */
  /**
   * Largest op(B) (in floats, 16 MB) packed whole and shared by the row tasks of one call: large
   * enough for every weight of GPT-2 small's blocks (768 × 3072 is 2.4 M floats). Above it a row
   * split would make each task pack all of op(B) for itself, so a larger op(B) is split by columns
   * instead (each task packs only its panels, and all of op(A), the smaller operand) unless op(A)
   * is the larger one. At 8 MB, GPT-2's MLP weights were packed by each of 8 tasks, and the head's
   * 50,257 × 768 table eight times per product: 19% of a width-768 step went to packing.
   */
  private static final int WHOLE_B_MAX = 1 << 22;

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /** Packing scratch of one thread, grown on demand. */
  private static final class Buffers {
    final float[] tile = new float[MR * NR];
    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] whole = new float[0];

    float[] whole(int size) {
      if (whole.length < size) {
        whole = new float[size];
      }
      return whole;
    }

    float[] a(int size) {
      if (a.length < size) {
        a = new float[size];
      }
      return a;
    }

    float[] b(int size) {
      if (b.length < size) {
        b = new float[size];
      }
      return b;
    }
  }

  VectorGemm() {}

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "Vector API, " + S.vectorBitSize() + "-bit float lanes, " + MR + "x" + NR + " tile";
  }

  @Override
  public int vectorBits() {
    return S.vectorBitSize();
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
    int rowPanels = (m + MR - 1) / MR;
    int colPanels = (n + NR - 1) / NR;
    int threads = Parallel.threads();
    boolean parallel = threads > 1 && (long) m * n * k >= ScalarGemm.PARALLEL_MIN_MACS;
    boolean wholeB = (long) k * colPanels * NR <= WHOLE_B_MAX;
    if (!parallel) {
      range(
          transA, a, aOff, lda, transB, b, bOff, ldb, 0, m, 0, colPanels, n, 0, k, beta, c, cOff,
          ldc, null);
    } else if (wholeB
        ? rowPanels >= 2 * threads || rowPanels >= colPanels
        : (long) m * k > (long) k * n || colPanels < 2 * threads) {
      // Every row task needs all of op(B): when it fits, the threads first pack it together
      // into the calling thread's buffer, then share it read-only (each thread packing all of it
      // for itself doubled the packing, a quarter of a weight gradient's time). A few tasks per
      // thread, claimed dynamically, even out a core that is busy with something else.
      float[] packedB = null;
      if (wholeB) {
        float[] whole = BUFFERS.get().whole(k * colPanels * NR);
        int blocks = (k + KC - 1) / KC;
        int units = blocks * colPanels;
        int packTasks = Math.min(units, 4 * threads);
        Parallel.forEach(
            packTasks,
            t -> {
              for (int u = ScalarGemm.split(units, packTasks, t);
                  u < ScalarGemm.split(units, packTasks, t + 1);
                  u++) {
                int pc = u / colPanels * KC;
                int q = u % colPanels;
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, n, pc, kc, q, pc * colPanels * NR + q * NR * kc, whole);
              }
            });
        packedB = whole;
      }
      float[] shared = packedB;
      // Without a shared op(B) every task packs all of it for itself: one task per thread then.
      int tasks = Math.min(rowPanels, wholeB ? 4 * threads : threads);
      Parallel.forEach(
          tasks,
          t -> {
            int i0 = ScalarGemm.split(rowPanels, tasks, t) * MR;
            int i1 = Math.min(m, ScalarGemm.split(rowPanels, tasks, t + 1) * MR);
            range(
                transA, a, aOff, lda, transB, b, bOff, ldb, i0, i1, 0, colPanels, n, 0, k, beta, c,
                cOff, ldc, shared);
          });
    } else {
      // Each column task packs all of op(A) for itself: one task per thread when that is large.
      int tasks = Math.min(colPanels, (long) m * k <= WHOLE_B_MAX ? 4 * threads : threads);
      Parallel.forEach(
          tasks,
          t -> {
            int q0 = ScalarGemm.split(colPanels, tasks, t);
            int q1 = ScalarGemm.split(colPanels, tasks, t + 1);
            range(
                transA, a, aOff, lda, transB, b, bOff, ldb, 0, m, q0, q1, n, 0, k, beta, c, cOff,
                ldc, null);
          });
    }
  }

  /**
   * C[i0:i1, column panels q0:q1] = op(A)[i0:i1, p0:p1] · op(B)[p0:p1, panels] + beta·C, on the
   * calling thread: A is packed one MC × KC block at a time into this thread's reusable buffer, and
   * B one KC × NC block at a time too, unless {@code packedB} already holds all of op(B) for p0 = 0
   * and panels [0, q1), KC-deep blocks one after the other, each panel-major (as sgemm's row split
   * packs it).
   */
  private static void range(
      boolean transA,
      float[] a,
      int aOff,
      int lda,
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      int i0,
      int i1,
      int q0,
      int q1,
      int n,
      int p0,
      int p1,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      float[] packedB) {
    Buffers buf = BUFFERS.get();
    float[] tile = buf.tile;
    boolean whole = packedB != null;
    int ncp = whole ? q1 - q0 : NCP;
    for (int jc = q0; jc < q1; jc += ncp) {
      int jcEnd = Math.min(q1, jc + ncp);
      for (int pc = p0; pc < p1; pc += KC) {
        int kc = Math.min(KC, p1 - pc);
        boolean set = pc == p0 && beta == 0f;
        float[] bp;
        int bBase;
        if (whole) {
          bp = packedB;
          bBase = (pc - p0) * (q1 - q0) * NR;
        } else {
          bp = buf.b(kc * (jcEnd - jc) * NR);
          bBase = 0;
          for (int q = jc; q < jcEnd; q++) {
            packB(transB, b, bOff, ldb, n, pc, kc, q, (q - jc) * NR * kc, bp);
          }
        }
        float[] ap = buf.a(kc * Math.min(MC, (i1 - i0 + MR - 1) / MR * MR) + V);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
          for (int q = jc; q < jcEnd; q++) {
            int j = q * NR;
            int nr = Math.min(NR, n - j);
            int bi = bBase + (q - jc) * NR * kc;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int ai = ir * kc;
              int ci = cOff + (ic + ir) * ldc + j;
              if (mr == MR && nr == NR) {
                if (set) {
                  kernelSet(kc, ap, ai, bp, bi, c, ci, ldc);
                } else {
                  kernelSet(kc, ap, ai, bp, bi, tile, 0, NR);
                  addTile(tile, c, ci, ldc);
                }
              } else {
                edge(set, kc, ap, ai, bp, bi, tile, mr, nr, c, ci, ldc);
              }
            }
          }
        }
      }
    }
  }

  /**
   * A ragged tile: the full kernel on the zero-padded panels into a scratch tile, then its mr × nr
   * corner into C.
   */
  private static void edge(
      boolean set,
      int kc,
      float[] ap,
      int ai,
      float[] bp,
      int bi,
      float[] tile,
      int mr,
      int nr,
      float[] c,
      int ci,
      int ldc) {
    kernelSet(kc, ap, ai, bp, bi, tile, 0, NR);
    for (int r = 0; r < mr; r++) {
      int row = ci + r * ldc;
      if (set) {
        System.arraycopy(tile, r * NR, c, row, nr);
      } else {
        for (int jj = 0; jj < nr; jj++) {
          c[row + jj] += tile[r * NR + jj];
        }
      }
    }
  }

  /** C[MR × 2V tile at ci] += tile: one depth block's sums into C, after the first block. */
  private static void addTile(float[] tile, float[] c, int ci, int ldc) {
    for (int r = 0; r < MR; r++) {
      int row = ci + r * ldc;
      FloatVector.fromArray(S, c, row)
          .add(FloatVector.fromArray(S, tile, r * NR))
          .intoArray(c, row);
      FloatVector.fromArray(S, c, row + V)
          .add(FloatVector.fromArray(S, tile, r * NR + V))
          .intoArray(c, row + V);
    }
  }

  /** Packs rows [ic, ic+mc) × depth [pc, pc+kc) of op(A) as MR-row panels, p-major, zero-padded. */
  private static void packA(
      boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc;
      int mr = Math.min(MR, mc - ir);
      int first = aOff + pc * lda + ic + ir;
      if (transA && mr == MR && V >= MR && first + (kc - 1) * lda + V <= a.length) {
        copyRowsWide(a, first, lda, ap, base, kc);
      } else if (transA && mr == MR) {
        copyRows5(a, first, lda, ap, base, kc);
      } else if (transA) {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + ic + ir;
          int dst = base + p * MR;
          for (int r = 0; r < mr; r++) {
            ap[dst + r] = a[src + r];
          }
          for (int r = mr; r < MR; r++) {
            ap[dst + r] = 0f;
          }
        }
      } else {
        for (int r = 0; r < MR; r++) {
          if (r < mr) {
            int src = aOff + (ic + ir + r) * lda + pc;
            for (int p = 0; p < kc; p++) {
              ap[base + p * MR + r] = a[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              ap[base + p * MR + r] = 0f;
            }
          }
        }
      }
    }
  }

  /**
   * kc rows of NR floats from src (leading dimension ld) to dst, packed: the common case of packing
   * B, as two vector copies per row (an arraycopy call per 64-byte row cost 15% of a weight
   * gradient's time).
   */
  private static void copyRows(float[] src, int s, int ld, float[] dst, int d, int kc) {
    for (int p = 0; p < kc; p++) {
      FloatVector.fromArray(S, src, s + p * ld).intoArray(dst, d + p * NR);
      FloatVector.fromArray(S, src, s + p * ld + V).intoArray(dst, d + p * NR + V);
    }
  }

  /**
   * A full panel of Aᵀ as one vector copy per row: each store also writes V - MR floats past its
   * row's MR, which the next row (or, after the last row, the next panel or the buffer's V floats
   * of slack) overwrites later, because panels and rows are packed in increasing order. MR scalar
   * copies per row made packing Aᵀ a fifth of a weight gradient's time. The caller checks that the
   * last row's V-wide read stays inside src.
   */
  private static void copyRowsWide(float[] src, int s, int ld, float[] dst, int d, int kc) {
    for (int p = 0; p < kc; p++) {
      FloatVector.fromArray(S, src, s + p * ld).intoArray(dst, d + p * MR);
    }
  }

  /** kc rows of MR floats from src (leading dimension ld) to dst, packed: a full panel of Aᵀ. */
  private static void copyRows5(float[] src, int s, int ld, float[] dst, int d, int kc) {
    for (int p = 0; p < kc; p++) {
      int i = s + p * ld;
      int o = d + p * MR;
      dst[o] = src[i];
      dst[o + 1] = src[i + 1];
      dst[o + 2] = src[i + 2];
      dst[o + 3] = src[i + 3];
      dst[o + 4] = src[i + 4];
    }
  }

  /** Packs column panel q (NR wide, zero-padded) × depth [pc, pc+kc) of op(B), p-major, at base. */
  private static void packB(
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      int n,
      int pc,
      int kc,
      int q,
      int base,
      float[] bp) {
    int j0 = q * NR;
    int nr = Math.min(NR, n - j0);
    if (transB) {
      for (int jj = 0; jj < nr; jj++) {
        int src = bOff + (j0 + jj) * ldb + pc;
        for (int p = 0; p < kc; p++) {
          bp[base + p * NR + jj] = b[src + p];
        }
      }
      if (nr < NR) {
        for (int p = 0; p < kc; p++) {
          java.util.Arrays.fill(bp, base + p * NR + nr, base + (p + 1) * NR, 0f);
        }
      }
    } else if (nr == NR) {
      copyRows(b, bOff + pc * ldb + j0, ldb, bp, base, kc);
    } else {
      for (int p = 0; p < kc; p++) {
        int dst = base + p * NR;
        System.arraycopy(b, bOff + (pc + p) * ldb + j0, bp, dst, nr);
        if (nr < NR) {
          java.util.Arrays.fill(bp, dst + nr, dst + NR, 0f);
        }
      }
    }
  }

  /**
   * C[MR × 2V tile at ci] = Apanel · Bpanel over kc steps, the accumulators starting from zero: one
   * depth block's sums, stored into C (the first block when beta is 0) or into the scratch tile
   * that {@link #addTile} adds to C. The one kernel method keeps C2's work small: each Vector API
   * method is slow until C2 compiles it, and a second kernel for accumulating blocks was a second
   * such wait.
   */
  private static void kernelSet(
      int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
    int c1 = ci + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
    int bo = bi;
    for (int ao = ai, aEnd = ai + kc * MR; ao < aEnd; ao += MR, bo += NR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
      FloatVector av = FloatVector.broadcast(S, a[ao]);
      c00 = b0.fma(av, c00);
      c01 = b1.fma(av, c01);
      av = FloatVector.broadcast(S, a[ao + 1]);
      c10 = b0.fma(av, c10);
      c11 = b1.fma(av, c11);
      av = FloatVector.broadcast(S, a[ao + 2]);
      c20 = b0.fma(av, c20);
      c21 = b1.fma(av, c21);
      av = FloatVector.broadcast(S, a[ao + 3]);
      c30 = b0.fma(av, c30);
      c31 = b1.fma(av, c31);
      av = FloatVector.broadcast(S, a[ao + 4]);
      c40 = b0.fma(av, c40);
      c41 = b1.fma(av, c41);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + V);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + V);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + V);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + V);
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + V);
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
    ScalarGemm.INSTANCE.dgemm(
        transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }
}
