package io.github.zth.autograd.random.internal;

/**
 * One lane of the 8-lane float32 {@code log256_ps}/{@code sincos256_ps} that torch's AVX2 normal
 * kernel uses: {@code avx_mathfun.h} (Giovanni Garberoglio, after Julien Pommier's {@code
 * sse_mathfun.h}; zlib licence; shipped in ATen), whose constants are Cephes' (Stephen L. Moshier),
 * with exactly the multiply-adds GCC fused into FMAs when it compiled those intrinsics (spec §3.3).
 * Every {@code Math.fma} below is one such contraction; every plain {@code *}/{@code +} is a
 * separately rounded float operation.
 */
final class AvxMath {
  private AvxMath() {}

  private static final float MIN_NORM = Float.intBitsToFloat(0x00800000);
  private static final float SQRTHF = 0.707106781186547524f;
  private static final float P0 = 7.0376836292E-2f;
  private static final float P1 = -1.1514610310E-1f;
  private static final float P2 = 1.1676998740E-1f;
  private static final float P3 = -1.2420140846E-1f;
  private static final float P4 = 1.4249322787E-1f;
  private static final float P5 = -1.6668057665E-1f;
  private static final float P6 = 2.0000714765E-1f;
  private static final float P7 = -2.4999993993E-1f;
  private static final float P8 = 3.3333331174E-1f;
  private static final float LOG_Q1 = -2.12194440e-4f;
  private static final float LOG_Q2 = 0.693359375f;
  private static final float DP1 = -0.78515625f;
  private static final float DP2 = -2.4187564849853515625e-4f;
  private static final float DP3 = -3.77489497744594108e-8f;
  private static final float SIN_P0 = -1.9515295891E-4f;
  private static final float SIN_P1 = 8.3321608736E-3f;
  private static final float SIN_P2 = -1.6666654611E-1f;
  private static final float COS_P0 = 2.443315711809948E-005f;
  private static final float COS_P1 = -1.388731625493765E-003f;
  private static final float COS_P2 = 4.166664568298827E-002f;
  private static final float FOPI = 1.27323954473516f;

  /** Natural log of {@code x} in (0, 1] the way {@code log256_ps} computes one lane. */
  static float log(float x) {
    x = Math.max(x, MIN_NORM);
    int bits = Float.floatToRawIntBits(x);
    int exponent = (bits >>> 23) - 0x7F;
    x = Float.intBitsToFloat((bits & 0x807FFFFF) | 0x3F000000);
    float e = (float) exponent + 1f;
    float t = 0f;
    if (x < SQRTHF) {
      t = x;
      e = e - 1f;
    }
    x = x - 1f;
    x = x + t;
    float z = x * x;
    float y = Math.fma(P0, x, P1);
    y = Math.fma(y, x, P2);
    y = Math.fma(y, x, P3);
    y = Math.fma(y, x, P4);
    y = Math.fma(y, x, P5);
    y = Math.fma(y, x, P6);
    y = Math.fma(y, x, P7);
    y = Math.fma(y, x, P8);
    y = y * x;
    y = Math.fma(y, z, e * LOG_Q1);
    y = y - z * 0.5f;
    x = x + y;
    return Math.fma(e, LOG_Q2, x);
  }

  /**
   * Sine and cosine of {@code x >= 0} as one lane of {@code sincos256_ps}, packed as {@code
   * (sinBits << 32) | cosBits} so the hot loop needs no allocation or out-array.
   */
  static long sincos(float x) {
    float y = x * FOPI;
    int j = (int) y;
    j = (j + 1) & ~1;
    y = (float) j;
    x = Math.fma(y, DP1, x);
    x = Math.fma(y, DP2, x);
    x = Math.fma(y, DP3, x);
    boolean swapSin = (j & 4) != 0;
    boolean polyIsSin = (j & 2) == 0;
    boolean negCos = ((~(j - 2)) & 4) != 0;
    float z = x * x;
    float yc = Math.fma(COS_P0, z, COS_P1);
    yc = Math.fma(yc, z, COS_P2);
    yc = yc * z;
    yc = Math.fma(yc, z, -(z * 0.5f));
    yc = yc + 1f;
    float ys = Math.fma(SIN_P0, z, SIN_P1);
    ys = Math.fma(ys, z, SIN_P2);
    ys = ys * z;
    ys = Math.fma(ys, x, x);
    float s = polyIsSin ? ys : yc;
    float c = polyIsSin ? yc : ys;
    s = swapSin ? -s : s;
    c = negCos ? -c : c;
    return ((long) Float.floatToRawIntBits(s) << 32) | (Float.floatToRawIntBits(c) & 0xFFFFFFFFL);
  }

  static float sinOf(long packed) {
    return Float.intBitsToFloat((int) (packed >>> 32));
  }

  static float cosOf(long packed) {
    return Float.intBitsToFloat((int) packed);
  }
}
