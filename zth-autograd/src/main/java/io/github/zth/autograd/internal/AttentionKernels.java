package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.internal.simd.FusedKernels;
import java.util.Arrays;

/**
 * Scaled dot-product attention in FLOAT32, forward and backward: {@code softmax(scale·q·kᵀ)·v} with
 * the causal mask and the scale inside the loop (no mask tensor is built), optional dropout on the
 * weights, and the KV-cache case where the queries are the last positions of a longer key sequence.
 * GEMMs do the products and the {@link FusedKernels} of one SIMD path do each row's softmax, so
 * attention shares the softmax arithmetic of {@link NnKernels#softmax}.
 */
public final class AttentionKernels {
  private AttentionKernels() {}

  /**
   * Causal attention runs in blocks of this many queries: a block only multiplies the keys up to
   * its last query, which skips about a quarter of the work at T = 64 and half for long sequences.
   */
  private static final int CAUSAL_BLOCK = 32;

  /**
   * Which keys each query sees.
   *
   * @param causal whether query i sees only keys {@code j <= start + i}
   * @param start the key position of query 0 when causal: 0 for self-attention over one sequence,
   *     the number of cached positions for a KV cache
   */
  public record Mask(boolean causal, int start) {
    /** Every query sees every key. */
    public static final Mask NONE = new Mask(false, 0);

    /** Keys visible to query i, of s. */
    int keys(int i, int s) {
      return causal ? Math.max(0, Math.min(start + i + 1, s)) : s;
    }
  }

  /**
   * What backward needs of a forward, FlashAttention-2's way: not the (…, T, S) probabilities but
   * two floats per query row, the row's largest raw score and the reciprocal of its exp sum, from
   * which backward recomputes each block of P bit for bit (the same GEMM, exp and scale calls on
   * the same values). The weights (P, or P·keep under dropout) exist only when asked for.
   *
   * @param y the attention output
   * @param rowStats per query row (batch-major), its max at {@code 2·row} and 1/sum at {@code 2·row
   *     + 1}
   * @param weightsBuffer the (…, T, S) weights when the caller asked for them, else null
   */
  public record Forward(Arr y, Storage rowStats, Storage weightsBuffer) {
    /**
     * The weights as a (…, T, S) array shaped like the scores, over the same storage object, so a
     * buffer pool that owns it refuses the weights once it recycles them.
     */
    public Arr weightsArr(int[] scoreShape) {
      if (weightsBuffer == null) {
        throw new IllegalStateException("attention weights were not kept by this forward");
      }
      return new Arr(
          weightsBuffer, DType.FLOAT32, scoreShape.clone(), Arr.contiguousStrides(scoreShape), 0);
    }
  }

  /** A (…, rows, cols) operand as GEMM sees it: unit-stride rows, per-batch offsets, row stride. */
  private record Operand(float[] a, int[] offsets, int ld) {}

  private static Operand operand(Arr x, int[] batch) {
    int nd = x.dim();
    Arr c = x.strides()[nd - 1] == 1 || x.shape()[nd - 1] <= 1 ? x : Kernels.copy(x, DType.FLOAT32);
    int rows = c.shape()[nd - 2];
    int ld = rows <= 1 ? Math.max(1, c.shape()[nd - 1]) : c.strides()[nd - 2];
    if (ld < c.shape()[nd - 1]) {
      c = Kernels.copy(c, DType.FLOAT32);
      ld = Math.max(1, c.shape()[nd - 1]);
    }
    int[] st = Arrays.copyOf(c.strides(), nd - 2);
    return new Operand(c.storage().f, c.restride(batch, st, c.offset()).offsets(), ld);
  }

  /**
   * A fresh (…, rows, cols) FLOAT32 array. For rank 4, (B, H, rows, cols) is stored as (B, rows, H,
   * cols): the heads of one position side by side, so the usual {@code transpose(1, 2)} and {@code
   * view(B, T, C)} that follow attention are views, not copies.
   */
  public static Arr headsInterleaved(int[] shape) {
    if (shape.length != 4) {
      return Arr.empty(DType.FLOAT32, shape);
    }
    int b = shape[0];
    int h = shape[1];
    int t = shape[2];
    int d = shape[3];
    Arr a = Arr.empty(DType.FLOAT32, new int[] {b, t, h, d});
    return a.restride(shape.clone(), new int[] {t * h * d, d, h * d, 1}, 0);
  }

  /**
   * {@code softmax(scale·q·kᵀ, masked)·(keep ∘ ·)·v} for q (…, T, D), k (…, S, D) and v (…, S, Dv)
   * with equal batch dims. Each task takes whole heads and runs them in blocks of query rows: a
   * block's scores go to a block-sized buffer, become probabilities row by row, multiply v, and are
   * dropped; only each row's max and 1/sum are kept for backward.
   *
   * @param keep null, or the dropout multipliers (0 or 1/(1-p)) for the (…, T, S) weights,
   *     row-major
   * @param keepWeights whether to keep the (…, T, S) weights for the caller (forwardWithWeights)
   */
  public static Forward forward(
      FusedKernels k,
      Arr q,
      Arr key,
      Arr v,
      Mask mask,
      float scale,
      float[] keep,
      boolean keepWeights) {
    int nd = q.dim();
    int[] batch = Arrays.copyOf(q.shape(), nd - 2);
    int t = q.shape()[nd - 2];
    int d = q.shape()[nd - 1];
    int s = key.shape()[nd - 2];
    int dv = v.shape()[nd - 1];
    int nb = Arr.numel(batch);
    int[] outShape = Arrays.copyOf(q.shape(), nd);
    outShape[nd - 1] = dv;
    Arr y = headsInterleaved(outShape);
    Operand oq = operand(q, batch);
    Operand ok = operand(key, batch);
    Operand ov = operand(v, batch);
    Operand oy = operand(y, batch);
    // from the pool when a step's scope is open: they live until this op's backward
    Storage stats = Storage.allocate(DType.FLOAT32, 2 * nb * t);
    Storage weightsBuffer = keepWeights ? Storage.allocate(DType.FLOAT32, nb * t * s) : null;
    float[] st = stats.f;
    int ls = Math.max(1, s);
    int bq = mask.causal() ? CAUSAL_BLOCK : Math.max(1, t);
    int parts = Math.min(nb, 2 * Parallel.threads());
    Parallel.forEach(
        parts,
        part -> {
          float[] scratch = new float[FusedKernels.SCRATCH];
          float[] blk = keepWeights ? weightsBuffer.f : new float[Math.min(bq, t) * s];
          for (int bi = part * nb / parts, end = (part + 1) * nb / parts; bi < end; bi++) {
            for (int i0 = 0; i0 < t; i0 += bq) {
              int rows = Math.min(bq, t - i0);
              int keys = mask.keys(i0 + rows - 1, s);
              int pb = keepWeights ? (bi * t + i0) * s : 0; // the block's first row in blk
              if (keys > 0) {
                scores(oq, ok, bi, i0, rows, keys, d, blk, pb, ls);
              }
              for (int i = 0; i < rows; i++) {
                int row = pb + i * s;
                int n = mask.keys(i0 + i, s);
                int r = bi * t + i0 + i;
                if (n > 0) {
                  float max = k.max(blk, row, n, scratch);
                  float inv = 1f / k.expSum(blk, row, scale, scale * max, blk, row, n, scratch);
                  k.scale(blk, row, inv, n);
                  st[2 * r] = max;
                  st[2 * r + 1] = inv;
                }
                Arrays.fill(blk, row + n, row + s, 0f);
                if (keep != null) { // the weights that multiply v: P·keep, in place
                  k.mul(blk, row, keep, r * s, blk, row, s);
                }
              }
              if (keys > 0) { // else the rows see no key and stay 0 (a fresh array)
                Gemm.sgemm(
                    false,
                    false,
                    rows,
                    dv,
                    keys,
                    blk,
                    pb,
                    ls,
                    ov.a(),
                    ov.offsets()[bi],
                    ov.ld(),
                    0f,
                    oy.a(),
                    oy.offsets()[bi] + i0 * oy.ld(),
                    oy.ld());
              }
            }
          }
        });
    return new Forward(y, stats, weightsBuffer);
  }

  /** Raw scores q·kᵀ of one block of query rows of head bi, into {@code out} at {@code off}. */
  private static void scores(
      Operand oq,
      Operand ok,
      int bi,
      int i0,
      int rows,
      int keys,
      int d,
      float[] out,
      int off,
      int ld) {
    Gemm.sgemm(
        false,
        true,
        rows,
        keys,
        d,
        oq.a(),
        oq.offsets()[bi] + i0 * oq.ld(),
        oq.ld(),
        ok.a(),
        ok.offsets()[bi],
        ok.ld(),
        0f,
        out,
        off,
        ld);
  }

  /**
   * Attention backward: {@code {dq, dk, dv}} from the output gradient and the saved forward: {@code
   * dW = g·vᵀ}, {@code dP = keep ∘ dW}, {@code dS = scale·P·(dP - rowsum(P·dP))}, {@code dq =
   * dS·k}, {@code dk = dSᵀ·q}, {@code dv = Wᵀ·g} (W the weights that multiplied v). P is recomputed
   * block by block from q, k and the forward's row statistics, as FlashAttention-2 does, so no (…,
   * T, S) array lives from forward to backward.
   */
  public static Arr[] backward(
      FusedKernels k,
      Arr g,
      Arr q,
      Arr key,
      Arr v,
      Forward f,
      Mask mask,
      float scale,
      float[] keep) {
    int nd = q.dim();
    int[] batch = Arrays.copyOf(q.shape(), nd - 2);
    int t = q.shape()[nd - 2];
    int d = q.shape()[nd - 1];
    int s = key.shape()[nd - 2];
    int dv = v.shape()[nd - 1];
    int nb = Arr.numel(batch);
    Arr dq = headsInterleaved(q.shape());
    Arr dk = headsInterleaved(key.shape());
    Arr dV = headsInterleaved(v.shape());
    Operand og = operand(g, batch);
    Operand oq = operand(q, batch);
    Operand ok = operand(key, batch);
    Operand ov = operand(v, batch);
    Operand odq = operand(dq, batch);
    Operand odk = operand(dk, batch);
    Operand odv = operand(dV, batch);
    float[] st = f.rowStats().f;
    int ls = Math.max(1, s);
    int bq = mask.causal() ? CAUSAL_BLOCK : Math.max(1, t);
    // a few tasks of whole heads, so the score-gradient block is made once per task, not per head
    int parts = Math.min(nb, 2 * Parallel.threads());
    Parallel.forEach(
        parts,
        part -> {
          float[] ds = new float[Math.min(bq, t) * s];
          float[] probs = new float[ds.length];
          float[] weights = keep == null ? probs : new float[ds.length];
          float[] scratch = new float[FusedKernels.SCRATCH];
          for (int bi = part * nb / parts, end = (part + 1) * nb / parts; bi < end; bi++) {
            for (int i0 = 0; i0 < t; i0 += bq) {
              int rows = Math.min(bq, t - i0);
              int keys = mask.keys(i0 + rows - 1, s);
              int go = og.offsets()[bi] + i0 * og.ld();
              int qo = oq.offsets()[bi] + i0 * oq.ld();
              if (keys == 0) { // no key seen: no gradient, and dq stays 0 (a fresh array)
                continue;
              }
              // P of this block again, from the forward's row max and 1/sum: the same calls on
              // the same scores, so the same bits as the forward's
              scores(oq, ok, bi, i0, rows, keys, d, probs, 0, ls);
              for (int i = 0; i < rows; i++) {
                int row = i * s;
                int n = mask.keys(i0 + i, s);
                int r = bi * t + i0 + i;
                if (n > 0) {
                  k.expSum(probs, row, scale, scale * st[2 * r], probs, row, n, scratch);
                  k.scale(probs, row, st[2 * r + 1], n);
                }
                Arrays.fill(probs, row + n, row + s, 0f);
                if (keep != null) {
                  k.mul(probs, row, keep, r * s, weights, row, s);
                }
              }
              Gemm.sgemm(
                  false,
                  true,
                  rows,
                  keys,
                  dv,
                  og.a(),
                  go,
                  og.ld(),
                  ov.a(),
                  ov.offsets()[bi],
                  ov.ld(),
                  0f,
                  ds,
                  0,
                  ls);
              for (int i = 0; i < rows; i++) {
                int n = mask.keys(i0 + i, s);
                if (keep != null) {
                  k.mul(ds, i * s, keep, (bi * t + i0 + i) * s, ds, i * s, n);
                }
                k.softmaxBackward(probs, i * s, ds, i * s, scale, n, scratch);
                Arrays.fill(ds, i * s + n, i * s + s, 0f);
              }
              // dk and dv start at zero (fresh arrays) and gather every query block's share
              Gemm.sgemm(
                  false,
                  false,
                  rows,
                  d,
                  keys,
                  ds,
                  0,
                  ls,
                  ok.a(),
                  ok.offsets()[bi],
                  ok.ld(),
                  0f,
                  odq.a(),
                  odq.offsets()[bi] + i0 * odq.ld(),
                  odq.ld());
              Gemm.sgemm(
                  true,
                  false,
                  keys,
                  d,
                  rows,
                  ds,
                  0,
                  ls,
                  oq.a(),
                  qo,
                  oq.ld(),
                  1f,
                  odk.a(),
                  odk.offsets()[bi],
                  odk.ld());
              Gemm.sgemm(
                  true,
                  false,
                  keys,
                  dv,
                  rows,
                  weights,
                  0,
                  ls,
                  og.a(),
                  go,
                  og.ld(),
                  1f,
                  odv.a(),
                  odv.offsets()[bi],
                  odv.ld());
            }
          }
        });
    return new Arr[] {dq, dk, dV};
  }
}
