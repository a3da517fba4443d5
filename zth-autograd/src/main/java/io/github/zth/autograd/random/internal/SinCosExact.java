package io.github.zth.autograd.random.internal;

import java.math.BigInteger;

/**
 * The slow, exact side of {@link SinCos}: sin/cos of any finite double, correctly rounded, in
 * binary fixed point with {@link BigInteger}s. It is only reached when the fast path cannot prove
 * its rounding (about one call in 10^4) or for |x| &ge; 2^20, so it favours an error bound that is
 * easy to check over speed.
 *
 * <p>Method, with W fraction bits: x = m 2^e exactly; t = x (2/pi) using floor(2/pi 2^1600) (its
 * truncation moves t by less than m 2^(e-1600) &le; 2^-(W+2) since e &le; 971 and W &le; 512); n =
 * round(t), f = t - n; r = f (pi/2) in [-pi/4, pi/4]; then the Taylor series of sin r or cos r,
 * term by term with floor/truncating divisions. Each rounded step is off by less than one unit
 * 2^-W, the terms shrink by a factor of at least 6, and the truncated tail of an alternating series
 * is below its first omitted term; {@link #errorUnits} bounds the total generously. If the two ends
 * of the value &plusmn; bound round to the same double, that double is the correctly rounded result
 * (rounding is monotone, and sin/cos of a nonzero double is transcendental, so never a tie);
 * otherwise W doubles.
 */
final class SinCosExact {
  private SinCosExact() {}

  private static final BigInteger TWO_OVER_PI = new BigInteger(SinCosTable.TWO_OVER_PI_HEX, 16);
  private static final BigInteger PIO2 = new BigInteger(SinCosTable.PIO2_HEX, 16);
  private static final int MAX_W = 512;

  /** Correctly rounded sin(x), or cos(x) when {@code cos}, for finite nonzero x. */
  static double eval(double x, boolean cos) {
    for (int w = 128; w <= MAX_W; w *= 2) {
      long[] units = new long[1];
      BigInteger v = fixedPoint(x, cos, w, units);
      BigInteger e = BigInteger.valueOf(units[0]);
      BigInteger lo = v.subtract(e);
      BigInteger hi = v.add(e);
      if (lo.signum() == hi.signum() && lo.signum() != 0) {
        double a = round(lo, w);
        if (a == round(hi, w)) {
          return a;
        }
      }
    }
    // Unreachable for doubles: the hardest cases need far fewer than 512 bits.
    throw new IllegalStateException(
        "sin/cos: no rounding decided at " + MAX_W + " bits for " + Double.toHexString(x));
  }

  /**
   * sin(x) (or cos) times 2^w, rounded to an integer within {@code errorOut[0]} units. Exposed to
   * the tests, which check the fast path's own error bound against it.
   */
  static BigInteger fixedPoint(double x, boolean cos, int w, long[] errorOut) {
    long bits = Double.doubleToRawLongBits(x);
    int biased = (int) ((bits >>> 52) & 0x7FF);
    long m = bits & ((1L << 52) - 1);
    int e;
    if (biased == 0) {
      e = -1074;
    } else {
      m |= 1L << 52;
      e = biased - 1075;
    }
    // t = m 2^e (2/pi) = prod 2^-s.
    BigInteger prod = BigInteger.valueOf(m).multiply(TWO_OVER_PI);
    int s = SinCosTable.BITS - e;
    BigInteger n = prod.shiftRight(s);
    BigInteger frac = prod.subtract(n.shiftLeft(s));
    if (frac.testBit(s - 1)) {
      n = n.add(BigInteger.ONE);
      frac = frac.subtract(BigInteger.ONE.shiftLeft(s));
    }
    BigInteger f = frac.shiftRight(s - w);
    BigInteger r = f.multiply(PIO2.shiftRight(SinCosTable.BITS - w)).shiftRight(w);
    int quadrant = (n.intValue() + (cos ? 1 : 0)) & 3;
    // sin(-y) = -sin y: the reduction ran on |x|, so a negative x flips sin's sign, not cos's.
    boolean negate = (quadrant & 2) != 0;
    if (x < 0 && !cos) {
      negate = !negate;
    }
    int[] terms = new int[1];
    BigInteger v =
        (quadrant & 1) == 0
            ? series(r, r, 2, w, terms)
            : series(r, BigInteger.ONE.shiftLeft(w), 1, w, terms);
    errorOut[0] = errorUnits(terms[0]);
    return negate ? v.negate() : v;
  }

  /**
   * Less than 1.25 units from f (the 2/pi truncation and the floor), pi/2 &lt;= 2 and one unit each
   * from the pi/2 truncation and the product's floor give r within 3.5 units, and sin/cos move by
   * at most as much. Each series term then carries under 2.5 units (earlier errors shrink by the
   * factor of 6 or more, plus a floor and a truncating division), and the tail is below one more
   * term.
   */
  private static long errorUnits(int terms) {
    return 4L * terms + 16;
  }

  /** first - first r^2/(k(k+1)) + ..., k = firstK, firstK + 2, ... (sin: r, 2; cos: 1, 1). */
  private static BigInteger series(BigInteger r, BigInteger first, int firstK, int w, int[] terms) {
    BigInteger r2 = r.multiply(r).shiftRight(w);
    BigInteger term = first;
    BigInteger sum = first;
    int count = 1;
    for (long k = firstK; term.signum() != 0; k += 2) {
      term = term.multiply(r2).shiftRight(w).divide(BigInteger.valueOf(k * (k + 1)));
      sum = (count & 1) == 1 ? sum.subtract(term) : sum.add(term);
      count++;
    }
    terms[0] = count;
    return sum;
  }

  /** v 2^-w rounded to the nearest double, ties to even; v != 0 and the result is normal. */
  static double round(BigInteger v, int w) {
    BigInteger a = v.abs();
    int shift = Math.max(a.bitLength() - 53, 0);
    long q = a.shiftRight(shift).longValueExact();
    if (shift > 0) {
      BigInteger rem = a.subtract(BigInteger.valueOf(q).shiftLeft(shift));
      int c = rem.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
      if (c > 0 || (c == 0 && (q & 1) == 1)) {
        q++;
      }
    }
    double d = Math.scalb((double) q, shift - w);
    return v.signum() < 0 ? -d : d;
  }
}
