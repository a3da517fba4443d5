package io.github.zth.autograd.random.internal;

/**
 * Argument checks for {@code Generator}, with torch's refusals: each message names the operation,
 * what it got and what it expected.
 */
public final class Checks {
  private Checks() {}

  /** {@code bernoulli_(p)}: p must lie in [0, 1]. */
  public static void bernoulliP(double p) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("bernoulli: got p=" + p + ", expected 0 <= p <= 1");
    }
  }

  /**
   * The fill window {@code [off, off + n)} must lie inside an array of {@code length} (-1: null).
   */
  public static void range(String op, int length, int off, int n) {
    if (length < 0) {
      throw new IllegalArgumentException(op + ": got a null array, expected an output array");
    }
    if (n < 0 || off < 0 || off > length - n) {
      throw new IllegalArgumentException(
          op
              + ": got off="
              + off
              + ", n="
              + n
              + " for an array of length "
              + length
              + ", expected 0 <= off, 0 <= n, off + n <= length");
    }
  }

  /** {@code uniform_}: from &lt;= to and a finite width. */
  public static void uniformBounds(double from, double to) {
    if (!(from <= to)) {
      throw new IllegalArgumentException(
          "uniform: got from="
              + from
              + ", to="
              + to
              + ", expected from <= to (uniform_ expects to return a [from, to) range)");
    }
    if (Double.isInfinite(to - from)) {
      throw new IllegalArgumentException(
          "uniform: got from=" + from + ", to=" + to + ", expected a finite width to - from");
    }
  }

  /** {@code normal_}: std &gt;= 0. */
  public static void std(double std) {
    if (!(std >= 0.0)) {
      throw new IllegalArgumentException("normal: got std=" + std + ", expected std >= 0.0");
    }
  }

  /** {@code exponential_}: lambda &gt;= 0 (torch accepts 0, which gives infinities). */
  public static void lambda(double lambd) {
    if (!(lambd >= 0.0)) {
      throw new IllegalArgumentException(
          "exponential: got lambd=" + lambd + ", expected lambd >= 0.0");
    }
  }

  /** {@code multinomial}: shape, sample count and category limits. */
  public static void multinomial(
      int length, int rows, int cols, int numSamples, boolean replacement) {
    if (length < 0) {
      throw new IllegalArgumentException("multinomial: got null probabilities, expected an array");
    }
    if (rows < 0 || cols < 1 || (long) rows * cols != length) {
      throw new IllegalArgumentException(
          "multinomial: got rows="
              + rows
              + ", cols="
              + cols
              + " for "
              + length
              + " probabilities, expected rows >= 0, cols >= 1, rows*cols == "
              + length);
    }
    if (numSamples <= 0) {
      throw new IllegalArgumentException(
          "multinomial: got numSamples="
              + numSamples
              + ", expected numSamples > 0 (cannot sample n_sample <= 0 samples)");
    }
    if (!replacement && numSamples > cols) {
      throw new IllegalArgumentException(
          "multinomial: got numSamples="
              + numSamples
              + " > "
              + cols
              + " categories without replacement, expected numSamples <= "
              + cols);
    }
    if (cols > (1 << 24)) {
      throw new IllegalArgumentException(
          "multinomial: got " + cols + " categories, expected at most 2^24");
    }
  }

  /** One multinomial weight: finite and &gt;= 0. */
  public static void probability(double v, int row, int col) {
    if (!(v >= 0.0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          "multinomial: got probability "
              + v
              + " at ["
              + row
              + ", "
              + col
              + "], expected finite values >= 0 (no inf, nan or element < 0)");
    }
  }

  /** A multinomial row must have a positive sum. */
  public static void rowSum(boolean positive, int row) {
    if (!positive) {
      throw new IllegalArgumentException(
          "multinomial: row "
              + row
              + " sums to 0, expected a positive sum (invalid multinomial distribution)");
    }
  }
}
