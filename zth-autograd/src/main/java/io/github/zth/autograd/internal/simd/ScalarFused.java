package io.github.zth.autograd.internal.simd;

/**
 * The plain-Java fused kernels: simple indexed loops C2 can auto-vectorise where it is able to, and
 * the polynomial {@link #exp} that the Vector API kernels evaluate lane by lane in the same order.
 *
 * <p>Every sum here uses the one accumulation layout all paths share, so results do not depend on
 * the vector width: element {@code i} of a row goes into partial sum {@code i mod 16} (16 float
 * lanes, one 512-bit vector, two 256-bit ones, four 128-bit ones), each partial adds its elements
 * in index order, and {@link #tree} combines the 16 partials in a fixed order. The vector kernels
 * keep the same 16 partials in their lanes; this class emulates them.
 */
final class ScalarFused implements FusedKernels {
  /** The shared stateless instance. */
  static final ScalarFused INSTANCE = new ScalarFused();

  // exp: x = n·ln2 + r with |r| <= ln2/2, exp(r) by Cephes' degree-6 polynomial (expf), 2^n by
  // bits.
  static final float EXP_HI = 88.0f;

  /**
   * The lower clamp: it rounds to n = -127, whose 2^n by bits is the all-zero float, so the result
   * is exactly 0 for every input at or below it, -inf included (softmax over a masked row). Inputs
   * down to about -87.68 round to n = -126 and give libm's (subnormal) value; below that the result
   * flushes to 0 where libm would give a subnormal of at most 2^-127 (about 5.9e-39). Inputs above
   * -87.34, where expf is normal, are untouched by the clamp.
   */
  static final float EXP_LO = -88.0f;

  static final float LOG2E = 1.44269504088896341f;

  /**
   * 1.5·2^23: a float in [2^23, 2^24) has unit spacing, so t = x + MAGIC rounds x to an integer.
   */
  static final float MAGIC = 12582912f;

  /** Turns the bits of t = n + MAGIC into the biased exponent n + 127. */
  static final int EXP_BIAS = 127 - 0x4B400000;

  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  static final float P0 = 1.9875691500E-4f;
  static final float P1 = 1.3981999507E-3f;
  static final float P2 = 8.3334519073E-3f;
  static final float P3 = 4.1665795894E-2f;
  static final float P4 = 1.6666665459E-1f;
  static final float P5 = 5.0000001201E-1f;

  // GELU constants. erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
  static final float INV_SQRT_2 = 0.70710678118654752f;
  static final float INV_SQRT_2PI = 0.39894228040143268f;
  static final float SQRT_2_OVER_PI = 0.79788456080286536f;
  static final float GELU_C = 0.044715f;
  static final float AS_P = 0.3275911f;
  static final float A1 = 0.254829592f;
  static final float A2 = -0.284496736f;
  static final float A3 = 1.421413741f;
  static final float A4 = -1.453152027f;
  static final float A5 = 1.061405429f;

  /** Partial sums of the fixed reduction layout (see the class comment). */
  static final int LANES = 16;

  private ScalarFused() {}

  /**
   * The 16 partial sums combined in the layout's fixed order: lane l with lane l + 8, then l + 4, l
   * + 2, l + 1 (the halving a vector reduction does, written out so no JDK can reorder it).
   */
  static float tree(float[] p, int off) {
    for (int w = LANES / 2; w >= 1; w >>= 1) {
      for (int l = 0; l < w; l++) {
        p[off + l] += p[off + l + w];
      }
    }
    return p[off];
  }

  /** The caller's scratch, its 16 partials at {@code off} zeroed for a new sum. */
  static float[] zeroed(float[] scratch, int off) {
    java.util.Arrays.fill(scratch, off, off + LANES, 0f);
    return scratch;
  }

  @Override
  public String name() {
    return "scalar";
  }

  /**
   * e^x in float to about 2 ulp: exactly 0 at and below -88 (-inf included, so a masked softmax
   * entry is 0), see {@link #EXP_LO}; above 88 it saturates at e^88 (callers shift softmax inputs
   * so they are <= 0). Every step is a float op or fma, in the order the vector kernels use.
   */
  static float exp(float x) {
    // the clamp as two compares: C2's Math.max/min for floats (signed zeros, NaN) cost a third of a
    // GELU here; for these constant bounds the result is the same, NaN included
    float c = x < EXP_LO ? EXP_LO : x;
    c = c > EXP_HI ? EXP_HI : c;
    // n = round(c·log2e): adding 1.5·2^23 leaves n in the low mantissa bits of t (|n| <= 127), so
    // neither a float-to-int conversion (not vectorised on JDK 17's AVX2 code) nor a floor is
    // needed
    float t = Math.fma(c, LOG2E, MAGIC);
    float fn = t - MAGIC;
    float r = Math.fma(fn, -LN2_HI, c);
    r = Math.fma(fn, -LN2_LO, r);
    float p = Math.fma(P0, r, P1);
    p = Math.fma(p, r, P2);
    p = Math.fma(p, r, P3);
    p = Math.fma(p, r, P4);
    p = Math.fma(p, r, P5);
    float y = Math.fma(p, r * r, r) + 1f;
    return y * Float.intBitsToFloat((Float.floatToRawIntBits(t) + EXP_BIAS) << 23);
  }

  /** gelu and gelu' of one value (erf form). */
  static float geluErf(float v, float[] slope, int si) {
    float e = exp(-0.5f * v * v); // shared by erf(v/√2) and the normal density φ(v)
    float t = 1f / Math.fma(AS_P * INV_SQRT_2, Math.abs(v), 1f);
    float poly = Math.fma(t, A5, A4);
    poly = Math.fma(poly, t, A3);
    poly = Math.fma(poly, t, A2);
    poly = Math.fma(poly, t, A1);
    float h = 0.5f * (poly * t) * e; // Φ(-|v|)
    float cdf = v < 0 ? h : 1f - h;
    if (slope != null) {
      slope[si] = Math.fma(v * INV_SQRT_2PI, e, cdf);
    }
    return v * cdf;
  }

  /** gelu and gelu' of one value (tanh form): tanh(u) = 1 - 2/(e^{2u} + 1). */
  static float geluTanh(float v, float[] slope, int si) {
    float v2 = v * v;
    float u = SQRT_2_OVER_PI * Math.fma(GELU_C * v, v2, v);
    float th = 1f - 2f / (exp(2f * u) + 1f);
    if (slope != null) {
      float du = SQRT_2_OVER_PI * Math.fma(3f * GELU_C, v2, 1f);
      slope[si] = Math.fma(0.5f * v * Math.fma(-th, th, 1f), du, 0.5f * (1f + th));
    }
    return 0.5f * v * (1f + th);
  }

  @Override
  public void gelu(
      boolean tanh, float[] x, int xo, float[] y, int yo, float[] slope, int so, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = tanh ? geluTanh(x[xo + i], slope, so + i) : geluErf(x[xo + i], slope, so + i);
    }
  }

  @Override
  public void addInto(float[] x, int xo, float[] y, int yo, int n) {
    if ((xo | yo) == 0) { // one index for both arrays: C2 vectorises this form only
      for (int i = 0; i < n; i++) {
        y[i] += x[i];
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      y[yo + i] += x[xo + i];
    }
  }

  @Override
  public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = a[ao + i] * b[bo + i];
    }
  }

  @Override
  public float max(float[] x, int xo, int n, float[] scratch) {
    float m = x[xo];
    for (int i = 1; i < n; i++) {
      m = Math.max(m, x[xo + i]);
    }
    return m;
  }

  @Override
  public float expSum(
      float[] x, int xo, float scale, float shift, float[] y, int yo, int n, float[] scratch) {
    float[] p = zeroed(scratch, 0);
    for (int i = 0; i < n; i++) {
      float e = exp(Math.fma(scale, x[xo + i], -shift));
      y[yo + i] = e;
      p[i & (LANES - 1)] += e;
    }
    return tree(p, 0);
  }

  @Override
  public void scale(float[] x, int xo, float s, int n) {
    for (int i = 0; i < n; i++) {
      x[xo + i] *= s;
    }
  }

  @Override
  public void softmaxBackward(
      float[] p, int po, float[] g, int go, float s, int n, float[] scratch) {
    float[] acc = zeroed(scratch, 0);
    for (int i = 0; i < n; i++) {
      acc[i & (LANES - 1)] = Math.fma(p[po + i], g[go + i], acc[i & (LANES - 1)]);
    }
    float dot = tree(acc, 0);
    for (int i = 0; i < n; i++) {
      g[go + i] = s * p[po + i] * (g[go + i] - dot);
    }
  }

  @Override
  public void layerNormRow(
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
      float[] scratch) {
    float[] acc = zeroed(scratch, 0);
    for (int i = 0; i < n; i++) {
      acc[i & (LANES - 1)] += x[xo + i];
    }
    float mean = tree(acc, 0) / n;
    zeroed(acc, 0);
    for (int i = 0; i < n; i++) {
      float d = x[xo + i] - mean;
      acc[i & (LANES - 1)] = Math.fma(d, d, acc[i & (LANES - 1)]);
    }
    float sq = tree(acc, 0);
    float rstd = (float) (1 / Math.sqrt(sq / n + eps));
    stats[2 * row] = mean;
    stats[2 * row + 1] = rstd;
    for (int i = 0; i < n; i++) {
      float h = (x[xo + i] - mean) * rstd;
      y[yo + i] = b == null ? h * w[i] : Math.fma(h, w[i], b[i]);
    }
  }

  @Override
  public void layerNormRowBackward(
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
      float[] scratch) {
    float[] p = zeroed(zeroed(scratch, 0), LANES); // sums of g·w at 0, of g·w·xhat at LANES
    for (int i = 0; i < n; i++) {
      float h = (x[xo + i] - mean) * rstd;
      float dh = g[go + i] * w[i];
      int l = i & (LANES - 1);
      p[l] += dh;
      p[LANES + l] = Math.fma(dh, h, p[LANES + l]);
    }
    float m1 = tree(p, 0) / n;
    float m2 = tree(p, LANES) / n;
    for (int i = 0; i < n; i++) {
      float h = (x[xo + i] - mean) * rstd;
      dx[dxo + i] = rstd * Math.fma(-h, m2, Math.fma(g[go + i], w[i], -m1));
    }
    if (dw != null) {
      for (int i = 0; i < n; i++) {
        dw[i] = Math.fma(g[go + i], (x[xo + i] - mean) * rstd, dw[i]);
      }
    }
    if (db != null) {
      for (int i = 0; i < n; i++) {
        db[i] += g[go + i];
      }
    }
  }
}
