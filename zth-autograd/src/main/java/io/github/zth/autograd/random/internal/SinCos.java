package io.github.zth.autograd.random.internal;

import static io.github.zth.autograd.random.internal.SinCosTable.INV_PIO2;
import static io.github.zth.autograd.random.internal.SinCosTable.PIO2_1;
import static io.github.zth.autograd.random.internal.SinCosTable.PIO2_2;
import static io.github.zth.autograd.random.internal.SinCosTable.PIO2_3;
import static io.github.zth.autograd.random.internal.SinCosTable.TABLE;

/**
 * Correctly rounded double {@code sin}/{@code cos}, written for zth from the maths (the design and
 * the error bound are below; the constants come from tools/golden/rng_sincos_table.py). Torch's
 * double kernels (Box-Muller normals, Python's {@code random.gauss}) call the C library's sin/cos,
 * glibc's on Linux, which is one ulp off the correctly rounded value on about 0.13% of Box-Muller
 * angles; a correctly rounded function reproduces those streams except on exactly those draws
 * (tools/sincos/agreement.py measures it against torch). A bit-exact copy would have to port
 * glibc's LGPL code, which an MIT jar cannot carry.
 *
 * <p><b>Fast path</b>, |x| &lt; 2^20. Reduction: n = rint(x 2/pi), and r = x - n pi/2 as a
 * double-double with pi/2 = P1 + P2 + P3 (three doubles): x - n P1 is exact (one fma; the result is
 * a multiple of 2^-53 below 1), n P2 is split exactly with an fma, and only the tiny n P3 and the
 * low-order sum round, so r is within 2^-104 |r| + 2^-137. Evaluation: with r &ge; 0 after a sign
 * flip, k = round(128 r), a = k/128 and z = r - a (exact, Sterbenz), |z| &le; 2^-8: sin(a + z) = S
 * + S (cos z - 1) + C (z + (sin z - z)) and cos(a + z) = C + C (cos z - 1) - S (z + (sin z - z)),
 * with S, C = sin a, cos a from a double-double table, cos z - 1 and sin z - z from their Taylor
 * series (truncated below 2^-90 relative). The leading S + C z_hi is formed exactly (fma product,
 * two-sum); every other term is below 2^-16 of T = |S| + |C z_hi| (or |C| + |S z_hi|) and carries a
 * relative error of a few 2^-53. Budget, in units of T: S (cos z - 1) 2^-67.3 (three roundings
 * inside cos z - 1, which is at most 2^-17, and the product), C (z_lo + sin z - z) 2^-68.5, the two
 * largest additions into the low part 2^-69 each, the rounding of lo &plusmn; err in the test
 * 2^-68.5, the table's low parts and the reduction below 2^-100 (plus the absolute 2^-137): under
 * 2^-66 T in all. {@link #EPS} allows 2^-64 T. If the result rounds the same at both ends of that
 * interval it is the correctly rounded value (rounding is monotone); otherwise (0.08% of Box-Muller
 * calls) {@link SinCosExact} decides. SinCosTest checks the bound against the exact path (the worst
 * seen is 2^-68.3 T) and that both paths agree.
 */
public final class SinCos {
  private SinCos() {}

  /** Relative error allowed for the fast path's unrounded sum, against T. */
  static final double EPS = 0x1p-64;

  /** Absolute error allowed on top, for the reduction's absolute part. */
  static final double ABS = 0x1p-128;

  private static final double LIMIT = 0x1p20;
  private static final double SIN3 = -1.0 / 6;
  private static final double SIN5 = 1.0 / 120;
  private static final double SIN7 = -1.0 / 5040;
  private static final double COS4 = 1.0 / 24;
  private static final double COS6 = -1.0 / 720;
  private static final double COS8 = 1.0 / 40320;

  /** Correctly rounded sine; NaN for NaN and infinities. */
  public static double sin(double x) {
    double ax = Math.abs(x);
    if (ax < 0x1p-26) {
      return x; // |sin x - x| < x^3/6 is below half an ulp of x (keeps -0 and subnormals).
    }
    return eval(x, false, null);
  }

  /** Correctly rounded cosine; NaN for NaN and infinities. */
  public static double cos(double x) {
    if (Math.abs(x) < 0x1p-27) {
      return 1.0; // 1 - cos x < x^2/2 is below half an ulp of the double just under 1.
    }
    return eval(x, true, null);
  }

  /**
   * The fast path; when {@code probe} is given (tests only) it receives the unrounded sum's two
   * parts, T and the sign, and the result is returned without the rounding check.
   */
  static double eval(double x, boolean cos, double[] probe) {
    if (!(Math.abs(x) < LIMIT)) {
      return Double.isFinite(x) ? SinCosExact.eval(x, cos) : Double.NaN;
    }
    double n = Math.rint(x * INV_PIO2);
    double t = Math.fma(-n, PIO2_1, x);
    double p = n * PIO2_2;
    double pe = Math.fma(n, PIO2_2, -p);
    double rh = t - p;
    double bb = rh - t;
    double rl = ((t - (rh - bb)) - (p + bb)) - pe - n * PIO2_3;
    int quadrant = ((int) (long) n + (cos ? 1 : 0)) & 3;
    boolean negate = (quadrant & 2) != 0;
    if (rh < 0) {
      rh = -rh;
      rl = -rl;
      if ((quadrant & 1) == 0) {
        negate = !negate; // sin(-r) = -sin r; cos is even.
      }
    }
    int k = (int) (rh * 128 + 0.5);
    double zh0 = rh - k * 0x1p-7;
    double zh = zh0 + rl;
    double zl = (zh0 - (zh - (zh - zh0))) + (rl - (zh - zh0));
    double sh = TABLE[4 * k];
    double sl = TABLE[4 * k + 1];
    double ch = TABLE[4 * k + 2];
    double cl = TABLE[4 * k + 3];
    double z2 = zh * zh;
    double cm = z2 * (-0.5 + z2 * (COS4 + z2 * (COS6 + z2 * COS8))) - zh * zl;
    double sm = zh * z2 * (SIN3 + z2 * (SIN5 + z2 * SIN7)) - 0.5 * z2 * zl;
    double s;
    double lo;
    double mag;
    if ((quadrant & 1) == 0) {
      double ph = ch * zh;
      double phe = Math.fma(ch, zh, -ph);
      s = sh + ph;
      double b = s - sh;
      double se = (sh - (s - b)) + (ph - b);
      lo = sl + cl * zh + phe + se;
      lo += sh * cm;
      lo += ch * (zl + sm);
      mag = sh + Math.abs(ph);
    } else {
      double ph = -sh * zh;
      double phe = Math.fma(-sh, zh, -ph);
      s = ch + ph;
      double b = s - ch;
      double se = (ch - (s - b)) + (ph - b);
      lo = cl - sl * zh + phe + se;
      lo += ch * cm;
      lo -= sh * (zl + sm);
      mag = ch + Math.abs(ph);
    }
    if (probe != null) {
      probe[0] = s;
      probe[1] = lo;
      probe[2] = mag;
      probe[3] = negate ? -1 : 1;
      return negate ? -(s + lo) : s + lo;
    }
    double err = EPS * mag + ABS;
    double y = s + (lo + err);
    if (y != s + (lo - err)) {
      return SinCosExact.eval(x, cos);
    }
    return negate ? -y : y;
  }
}
