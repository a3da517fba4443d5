package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.internal.simd.FusedKernels;

/**
 * The fused FLOAT32 kernels behind GELU, softmax, layer norm and softmax cross-entropy (attention's
 * are in {@link AttentionKernels}): whole rows at a time through the {@link FusedKernels} of one
 * SIMD path, passed in so tests can run both paths on the same input. Inputs may be strided views;
 * outputs are fresh arrays.
 */
public final class NnKernels {
  private NnKernels() {}

  /** Elements per parallel task of an elementwise kernel; smaller jobs stay on the caller. */
  private static final int CHUNK = 1 << 15;

  private static int chunks(int n) {
    return Math.max(1, Math.min((n + CHUNK - 1) / CHUNK, 4 * Parallel.threads()));
  }

  private static int split(int n, int parts, int i) {
    return (int) ((long) n * i / parts);
  }

  // ---------------------------------------------------------------- GELU

  /** gelu(x), and gelu'(x) too when {@code withSlope} (else null), both contiguous. */
  public static Arr[] gelu(FusedKernels k, Arr x, boolean tanh, boolean withSlope) {
    Arr c = Kernels.contiguous(x);
    int n = c.numel();
    Arr y = Arr.empty(DType.FLOAT32, c.shape());
    Arr slope = withSlope ? Arr.empty(DType.FLOAT32, c.shape()) : null;
    float[] xs = c.storage().f;
    int xo = c.offset();
    float[] ys = y.storage().f;
    float[] ss = withSlope ? slope.storage().f : null;
    int parts = chunks(n);
    Parallel.forEach(
        parts,
        p -> {
          int i0 = split(n, parts, p);
          k.gelu(tanh, xs, xo + i0, ys, i0, ss, i0, split(n, parts, p + 1) - i0);
        });
    return new Arr[] {y, slope};
  }

  /** {@code a * b} for two FLOAT32 views of one shape, contiguous. */
  public static Arr mul(FusedKernels k, Arr a, Arr b) {
    Arr ca = Kernels.contiguous(a);
    Arr cb = Kernels.contiguous(b);
    int n = ca.numel();
    Arr out = Arr.empty(DType.FLOAT32, ca.shape());
    int parts = chunks(n);
    Parallel.forEach(
        parts,
        p -> {
          int i0 = split(n, parts, p);
          k.mul(
              ca.storage().f,
              ca.offset() + i0,
              cb.storage().f,
              cb.offset() + i0,
              out.storage().f,
              i0,
              split(n, parts, p + 1) - i0);
        });
    return out;
  }

  // ---------------------------------------------------------------- softmax

  /** Softmax or log-softmax over the last dimension of a FLOAT32 view; the result is contiguous. */
  public static Arr softmax(FusedKernels k, Arr x, boolean log) {
    Arr c = Kernels.contiguous(x);
    Arr out = Arr.empty(DType.FLOAT32, c.shape());
    int n = c.dim() == 0 ? 1 : c.shape()[c.dim() - 1];
    if (n == 0 || c.numel() == 0) {
      return out;
    }
    int rows = c.numel() / n;
    float[] xs = c.storage().f;
    float[] ys = out.storage().f;
    int parts = Math.min(rows, chunks(c.numel()));
    Parallel.forEach(
        parts,
        p -> {
          float[] scratch = new float[FusedKernels.SCRATCH];
          for (int r = split(rows, parts, p); r < split(rows, parts, p + 1); r++) {
            int xb = c.offset() + r * n;
            int yb = r * n;
            float m = k.max(xs, xb, n, scratch);
            float sum = k.expSum(xs, xb, 1f, m, ys, yb, n, scratch);
            if (!log) {
              k.scale(ys, yb, 1f / sum, n);
              continue;
            }
            float lse = m + (float) Math.log(sum);
            for (int j = 0; j < n; j++) {
              ys[yb + j] = xs[xb + j] - lse;
            }
          }
        });
    return out;
  }

  /**
   * Backward of {@link #softmax} given its contiguous output {@code y} and the gradient {@code g}
   * of the same shape: {@code y·(g - Σ y·g)} for softmax, {@code g - exp(y)·Σ g} for log-softmax.
   */
  public static Arr softmaxBackward(FusedKernels k, Arr y, Arr g, boolean log) {
    Arr dx = Kernels.copy(g, DType.FLOAT32);
    int n = y.dim() == 0 ? 1 : y.shape()[y.dim() - 1];
    if (n == 0 || y.numel() == 0) {
      return dx;
    }
    int rows = y.numel() / n;
    float[] ys = y.storage().f;
    float[] ds = dx.storage().f;
    int parts = Math.min(rows, chunks(y.numel()));
    Parallel.forEach(
        parts,
        p -> {
          float[] e = log ? new float[n] : null;
          float[] scratch = new float[FusedKernels.SCRATCH];
          for (int r = split(rows, parts, p); r < split(rows, parts, p + 1); r++) {
            int yb = y.offset() + r * n;
            int db = r * n;
            if (!log) {
              k.softmaxBackward(ys, yb, ds, db, 1f, n, scratch);
              continue;
            }
            float sum = 0;
            for (int j = 0; j < n; j++) {
              sum += ds[db + j];
            }
            k.expSum(ys, yb, 1f, 0f, e, 0, n, scratch);
            for (int j = 0; j < n; j++) {
              ds[db + j] = Math.fma(-e[j], sum, ds[db + j]);
            }
          }
        });
    return dx;
  }

  // ---------------------------------------------------------------- layer norm

  /** Layer norm output and per-row (mean, rstd) pairs, which backward reads with the input. */
  public record LayerNormForward(Arr y, float[] stats) {}

  /** Normalises every row of {@code c} elements of {@code x}; {@code b} may be null. */
  public static LayerNormForward layerNorm(
      FusedKernels k, Arr x, int c, float[] w, float[] b, float eps) {
    Arr cx = Kernels.contiguous(x);
    int rows = c == 0 ? 0 : cx.numel() / c;
    Arr y = Arr.empty(DType.FLOAT32, cx.shape());
    float[] stats = new float[2 * rows];
    float[] xs = cx.storage().f;
    int xo = cx.offset();
    int parts = Math.max(1, Math.min(chunks(cx.numel()), rows));
    Parallel.forEach(
        parts,
        p -> {
          float[] scratch = new float[FusedKernels.SCRATCH];
          for (int r = split(rows, parts, p), end = split(rows, parts, p + 1); r < end; r++) {
            k.layerNormRow(xs, xo + r * c, w, b, eps, y.storage().f, r * c, stats, r, c, scratch);
          }
        });
    return new LayerNormForward(y, stats);
  }

  /**
   * Layer norm backward: {@code {dx, dw, db}}, each null where not asked for. {@code x} is the
   * forward's input, {@code stats} its (mean, rstd) pairs.
   */
  public static Arr[] layerNormBackward(
      FusedKernels k,
      Arr g,
      Arr x,
      float[] stats,
      int c,
      float[] w,
      boolean needX,
      boolean needW,
      boolean needB) {
    Arr cg = Kernels.contiguous(g);
    Arr cx = Kernels.contiguous(x);
    int rows = c == 0 ? 0 : cx.numel() / c;
    Arr dx = Arr.empty(DType.FLOAT32, cx.shape());
    int parts = Math.max(1, Math.min(chunks(cx.numel()), rows));
    float[][] dws = new float[parts][];
    float[][] dbs = new float[parts][];
    Parallel.forEach(
        parts,
        p -> {
          float[] dw = needW ? new float[c] : null;
          float[] db = needB ? new float[c] : null;
          float[] scratch = new float[FusedKernels.SCRATCH];
          for (int r = split(rows, parts, p), end = split(rows, parts, p + 1); r < end; r++) {
            k.layerNormRowBackward(
                cg.storage().f,
                cg.offset() + r * c,
                cx.storage().f,
                cx.offset() + r * c,
                stats[2 * r],
                stats[2 * r + 1],
                w,
                dx.storage().f,
                r * c,
                dw,
                db,
                c,
                scratch);
          }
          dws[p] = dw;
          dbs[p] = db;
        });
    return new Arr[] {
      needX ? dx : null, needW ? sumParts(dws, c) : null, needB ? sumParts(dbs, c) : null
    };
  }

  /** The per-task partial sums added in task order, so the result does not depend on scheduling. */
  private static Arr sumParts(float[][] parts, int c) {
    float[] total = parts[0].clone();
    for (int p = 1; p < parts.length; p++) {
      for (int i = 0; i < c; i++) {
        total[i] += parts[p][i];
      }
    }
    return new Arr(Storage.of(total), DType.FLOAT32, new int[] {c}, new int[] {1}, 0);
  }

  // ---------------------------------------------------------------- softmax cross-entropy

  /**
   * Per-row losses {@code logsumexp(x) - x[t]} (0 for ignored rows) of (M, C) logits, and the
   * softmax probabilities, written into {@code probs} (M·C floats) for backward.
   */
  public static float[] crossEntropy(
      FusedKernels k, Arr logits, long[] target, long ignoreIndex, float[] probs) {
    Arr cx = Kernels.contiguous(logits);
    int m = target.length;
    int c = cx.shape()[1];
    float[] xs = cx.storage().f;
    int xo = cx.offset();
    float[] losses = new float[m];
    float[] scratch = new float[FusedKernels.SCRATCH];
    for (int i = 0; i < m; i++) {
      int row = xo + i * c;
      float max = k.max(xs, row, c, scratch);
      float sum = k.expSum(xs, row, 1f, max, probs, i * c, c, scratch);
      k.scale(probs, i * c, 1f / sum, c);
      if (target[i] != ignoreIndex) {
        losses[i] = (float) (max + Math.log(sum) - xs[row + (int) target[i]]);
      }
    }
    return losses;
  }

  /** d loss / d logits = {@code (softmax - onehot)·rowWeight[i]}, zero for ignored rows. */
  public static Arr crossEntropyBackward(
      float[] probs, int c, long[] target, long ignoreIndex, double[] rowWeight) {
    int m = target.length;
    Arr result = Arr.empty(DType.FLOAT32, new int[] {m, c});
    float[] out = result.storage().f;
    for (int i = 0; i < m; i++) {
      if (target[i] == ignoreIndex) {
        continue;
      }
      float w = (float) rowWeight[i];
      for (int j = 0; j < c; j++) {
        out[i * c + j] = probs[i * c + j] * w;
      }
      out[i * c + (int) target[i]] -= w;
    }
    return result;
  }
}
