package io.github.zth.autograd.random.internal;

/**
 * glibc's (2.28 and later) float {@code logf}, {@code sinf} and {@code cosf}, which torch's
 * non-AVX2 ("DEFAULT") normal kernel calls per element (spec §3.4). The algorithms and constants
 * are ARM's optimized-routines ({@code math/logf.c}, {@code math/sinf.c}, {@code math/cosf.c}; MIT
 * OR Apache-2.0 WITH LLVM-exception), which glibc ships: a 16-entry table plus a short polynomial
 * for {@code logf}, and a quadrant reduction with double polynomials for {@code sinf}/{@code cosf}.
 * All arithmetic is plain double (glibc's FMA variants give identical results for these functions),
 * rounded to float once.
 *
 * <p>Only the inputs the normal kernel produces are supported: {@code logf} for normal positive
 * floats, {@code sinf}/{@code cosf} for {@code 0 <= x < 120}. Correctly rounded substitutes are not
 * enough: they differ from glibc on about 1% of those inputs.
 */
final class GlibcFloatMath {
  private GlibcFloatMath() {}

  // __logf_data: (1/c, log c) for 16 subintervals of [0x3f330000, 2*0x3f330000), ln 2, polynomial.
  private static final double[] INVC = {
    0x1.661ec79f8f3bep+0, 0x1.571ed4aaf883dp+0, 0x1.49539f0f010bp+0, 0x1.3c995b0b80385p+0,
    0x1.30d190c8864a5p+0, 0x1.25e227b0b8eap+0, 0x1.1bb4a4a1a343fp+0, 0x1.12358f08ae5bap+0,
    0x1.0953f419900a7p+0, 0x1p+0, 0x1.e608cfd9a47acp-1, 0x1.ca4b31f026aap-1,
    0x1.b2036576afce6p-1, 0x1.9c2d163a1aa2dp-1, 0x1.886e6037841edp-1, 0x1.767dcf5534862p-1
  };
  private static final double[] LOGC = {
    -0x1.57bf7808caadep-2, -0x1.2bef0a7c06ddbp-2, -0x1.01eae7f513a67p-2, -0x1.b31d8a68224e9p-3,
    -0x1.6574f0ac07758p-3, -0x1.1aa2bc79c81p-3, -0x1.a4e76ce8c0e5ep-4, -0x1.1973c5a611cccp-4,
    -0x1.252f438e10c1ep-5, 0x0p+0, 0x1.aa5aa5df25984p-5, 0x1.c5e53aa362eb4p-4,
    0x1.526e57720db08p-3, 0x1.bc2860d22477p-3, 0x1.1058bc8a07ee1p-2, 0x1.4043057b6ee09p-2
  };
  private static final double LN2 = 0x1.62e42fefa39efp-1;
  private static final double A0 = -0x1.00ea348b88334p-2;
  private static final double A1 = 0x1.5575b0be00b6ap-2;
  private static final double A2 = -0x1.ffffef20a4123p-2;
  private static final int OFF = 0x3f330000;

  // __sincosf_table: 2/pi scaled by 2^24 (no round-to-int instruction on x86), pi/2, polynomials.
  private static final double HPI_INV = 0x1.45F306DC9C883p+23;
  private static final double HPI = 0x1.921FB54442D18p0;
  private static final double C1 = -0x1.ffffffd0c621cp-2;
  private static final double C2 = 0x1.55553e1068f19p-5;
  private static final double C3 = -0x1.6c087e89a359dp-10;
  private static final double C4 = 0x1.99343027bf8c3p-16;
  private static final double S1 = -0x1.555545995a603p-3;
  private static final double S2 = 0x1.1107605230bc4p-7;
  private static final double S3 = -0x1.994eb3774cf24p-13;
  private static final int TOP_PIO4 = 0x3F4;
  private static final int TOP_TINY = 0x398;

  static float logf(float x) {
    int ix = Float.floatToRawIntBits(x);
    if (ix == 0x3f800000) {
      return 0f;
    }
    int tmp = ix - OFF;
    int i = (tmp >>> 19) & 15;
    int k = tmp >> 23;
    double z = Float.intBitsToFloat(ix - (tmp & 0xFF800000));
    double r = z * INVC[i] - 1;
    double y0 = LOGC[i] + k * LN2;
    double r2 = r * r;
    double y = A1 * r + A2;
    y = A0 * r2 + y;
    y = y * r2 + (y0 + r);
    return (float) y;
  }

  static float sinf(float y) {
    int top = (Float.floatToRawIntBits(y) >>> 20) & 0x7FF;
    double x = y;
    if (top < TOP_PIO4) {
      return top < TOP_TINY ? y : poly(x, x * x, 0, false);
    }
    int n = quadrant(x);
    double r = x - n * HPI;
    return poly(r * sign(n), r * r, n, (n & 2) != 0);
  }

  static float cosf(float y) {
    int top = (Float.floatToRawIntBits(y) >>> 20) & 0x7FF;
    double x = y;
    if (top < TOP_PIO4) {
      return top < TOP_TINY ? 1f : poly(x, x * x, 1, false);
    }
    int n = quadrant(x);
    double r = x - n * HPI;
    return poly(r * sign(n), r * r, n ^ 1, (n & 2) != 0);
  }

  private static int quadrant(double x) {
    double r = x * HPI_INV;
    return ((int) r + 0x800000) >> 24;
  }

  private static double sign(int n) {
    int q = n & 3;
    return q == 0 || q == 3 ? 1.0 : -1.0;
  }

  /** Sine polynomial for even {@code n}, cosine (negated when {@code negCos}) for odd. */
  private static float poly(double x, double x2, int n, boolean negCos) {
    if ((n & 1) == 0) {
      double x3 = x * x2;
      double s1 = S2 + x2 * S3;
      double x7 = x3 * x2;
      double s = x + x3 * S1;
      return (float) (s + x7 * s1);
    }
    double c0 = negCos ? -1.0 : 1.0;
    double c1 = negCos ? -C1 : C1;
    double c2 = negCos ? -C2 : C2;
    double c3 = negCos ? -C3 : C3;
    double c4 = negCos ? -C4 : C4;
    double x4 = x2 * x2;
    double p2 = c3 + x2 * c4;
    double p1 = c0 + x2 * c1;
    double x6 = x4 * x2;
    double c = p1 + x4 * c2;
    return (float) (c + x6 * p2);
  }
}
