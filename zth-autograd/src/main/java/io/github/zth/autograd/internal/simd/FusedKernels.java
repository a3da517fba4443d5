package io.github.zth.autograd.internal.simd;

/**
 * The inner loops of the fused neural-network ops (GELU, softmax, layer norm, attention's softmax
 * step), one implementation per SIMD path: {@link ScalarFused} and, when {@code
 * jdk.incubator.vector} is readable, the Vector API one the provider loads by name. Both compute
 * exp with the same range-reduced polynomial and fused multiply-adds, so elementwise results are
 * identical between the paths; reductions (sums, dots) differ only in the order of float additions.
 *
 * <p>Arguments arrive checked by the caller: offsets and lengths lie inside the arrays. The row
 * reductions take a {@code scratch} array of at least {@link #SCRATCH} floats for their partial
 * sums: the caller makes one per task and reuses it row after row, so a row allocates nothing (a
 * partials array made per row was most of what a training step allocated once its tensors were
 * pooled).
 */
public interface FusedKernels {
  /** The length of the {@code scratch} arrays the row reductions take: two sets of 16 partials. */
  int SCRATCH = 32;

  /** Short name for logs and tests: {@code vector} or {@code scalar}. */
  String name();

  /**
   * GELU of {@code n} floats: {@code y = x·Φ(x)} (erf form) or torch's tanh approximation, and,
   * when {@code slope} is not null, the derivative {@code gelu'(x)} for backward.
   */
  void gelu(boolean tanh, float[] x, int xo, float[] y, int yo, float[] slope, int so, int n);

  /** {@code y += x} elementwise (gradient accumulation); the two ranges must not overlap. */
  void addInto(float[] x, int xo, float[] y, int yo, int n);

  /** {@code out = a * b} elementwise. */
  void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

  /** The largest of {@code n >= 1} floats (NaN if any is NaN). */
  float max(float[] x, int xo, int n, float[] scratch);

  /** {@code y = exp(scale·x - shift)} elementwise; returns the sum of the {@code y}. */
  float expSum(
      float[] x, int xo, float scale, float shift, float[] y, int yo, int n, float[] scratch);

  /** {@code x *= s} in place. */
  void scale(float[] x, int xo, float s, int n);

  /**
   * Softmax backward on one row, in place: {@code g = s·p·(g - Σ p·g)} for probabilities {@code p}.
   */
  void softmaxBackward(float[] p, int po, float[] g, int go, float s, int n, float[] scratch);

  /**
   * One layer-norm row forward: writes {@code y = (x - mean)·rstd·w + b} ({@code b} may be null)
   * and stores mean and rstd at {@code stats[2·row]} and {@code stats[2·row + 1]}.
   */
  void layerNormRow(
      float[] x,
      int xo,
      float[] w,
      float[] b,
      float eps,
      float[] y,
      int yo,
      float[] stats,
      int row,
      int n,
      float[] scratch);

  /**
   * One layer-norm row backward: {@code dx = rstd·(g·w - mean(g·w) - xhat·mean(g·w·xhat))} and,
   * when not null, {@code dw += g·xhat}, {@code db += g}.
   */
  void layerNormRowBackward(
      float[] g,
      int go,
      float[] x,
      int xo,
      float mean,
      float rstd,
      float[] w,
      float[] dx,
      int dxo,
      float[] dw,
      float[] db,
      int n,
      float[] scratch);
}
