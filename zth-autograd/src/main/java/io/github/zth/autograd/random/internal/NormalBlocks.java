package io.github.zth.autograd.random.internal;

/**
 * torch's vectorised normal fill for contiguous tensors with at least 16 elements (spec §3.2): all
 * n uniforms are drawn first, every full block of 16 is turned into 8 Box-Muller pairs (lanes j and
 * j+8), and a ragged tail is redone as one block of 16 fresh uniforms over the last 16 elements
 * (overwriting the n mod 16 leftover uniforms and part of the last full block).
 */
public final class NormalBlocks {
  private NormalBlocks() {}

  private static final float TWO_PI_F = (float) (2.0 * Math.PI);

  /** Float32 fill. {@code avx2} selects the §3.3 AVX2 math, otherwise the §3.4 libm path. */
  public static void fill(
      MT19937 mt, float[] d, int off, int n, float mean, float std, boolean avx2) {
    // Torch draws all n uniforms before transforming; a block only reads its own 16, so drawing
    // and transforming block by block consumes the same stream while touching memory once.
    int full = n - n % 16;
    for (int b = 0; b < full; b += 16) {
      for (int i = 0; i < 16; i++) {
        d[off + b + i] = Uniform.unitFloat(mt.nextInt());
      }
      block(d, off + b, mean, std, avx2);
    }
    for (int i = full; i < n; i++) {
      d[off + i] = Uniform.unitFloat(mt.nextInt());
    }
    if (n % 16 != 0) {
      int tail = off + n - 16;
      for (int k = 0; k < 16; k++) {
        d[tail + k] = Uniform.unitFloat(mt.nextInt());
      }
      block(d, tail, mean, std, avx2);
    }
  }

  private static void block(float[] d, int b, float mean, float std, boolean avx2) {
    for (int j = 0; j < 8; j++) {
      float u1 = 1f - d[b + j];
      float u2 = d[b + j + 8];
      if (avx2) {
        float lg = AvxMath.log(u1);
        float radius = lg != 0f ? (float) Math.sqrt(-2f * lg) : 0f;
        long sc = AvxMath.sincos(TWO_PI_F * u2);
        float n1 = radius * AvxMath.cosOf(sc);
        float n2 = radius * AvxMath.sinOf(sc);
        // "+ 0f" maps -0 to +0 like the spec's reference; only reachable when mean is -0.
        d[b + j] = Math.fma(n1, std, mean) + 0f;
        d[b + j + 8] = Math.fma(n2, std, mean) + 0f;
      } else {
        float radius = (float) Math.sqrt(-2f * GlibcFloatMath.logf(u1));
        float theta = (float) (2.0 * Math.PI * u2);
        d[b + j] = radius * GlibcFloatMath.cosf(theta) * std + mean;
        d[b + j + 8] = radius * GlibcFloatMath.sinf(theta) * std + mean;
      }
    }
  }

  /** Float64 fill (spec §3.5); {@code fma} says whether {@code v*std + mean} is fused. */
  public static void fill(
      MT19937 mt, double[] d, int off, int n, double mean, double std, boolean fma) {
    int full = n - n % 16;
    for (int b = 0; b < full; b += 16) {
      for (int i = 0; i < 16; i++) {
        d[off + b + i] = Uniform.unitDouble(mt.nextLong());
      }
      block(d, off + b, mean, std, fma);
    }
    for (int i = full; i < n; i++) {
      d[off + i] = Uniform.unitDouble(mt.nextLong());
    }
    if (n % 16 != 0) {
      int tail = off + n - 16;
      for (int k = 0; k < 16; k++) {
        d[tail + k] = Uniform.unitDouble(mt.nextLong());
      }
      block(d, tail, mean, std, fma);
    }
  }

  private static void block(double[] d, int b, double mean, double std, boolean fma) {
    for (int j = 0; j < 8; j++) {
      double u1 = 1.0 - d[b + j];
      double u2 = d[b + j + 8];
      double radius = Math.sqrt(-2.0 * LibmDouble.log(u1));
      double theta = 2.0 * Math.PI * u2;
      d[b + j] = affine(radius * SinCos.cos(theta), std, mean, fma);
      d[b + j + 8] = affine(radius * SinCos.sin(theta), std, mean, fma);
    }
  }

  /**
   * One double Box-Muller pair for the scalar (n &lt; 16) path, §3.1: {@code {r cos θ, r sin θ}}.
   */
  public static void boxMullerPair(MT19937 mt, double[] out) {
    double u1 = Uniform.unitDouble(mt.nextLong());
    double u2 = Uniform.unitDouble(mt.nextLong());
    double r = Math.sqrt(-2.0 * LibmDouble.log(1.0 - u2));
    double theta = 2.0 * Math.PI * u1;
    out[0] = r * SinCos.cos(theta);
    out[1] = r * SinCos.sin(theta);
  }

  /** {@code v*std + mean} in double, fused in the AVX2 build, two roundings in DEFAULT. */
  public static double affine(double v, double std, double mean, boolean fma) {
    return fma ? Math.fma(v, std, mean) : v * std + mean;
  }
}
