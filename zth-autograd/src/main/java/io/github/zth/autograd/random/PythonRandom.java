package io.github.zth.autograd.random;

import io.github.zth.autograd.random.internal.LibmDouble;
import io.github.zth.autograd.random.internal.SinCos;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * CPython's {@code random.Random} for integer seeds, bit for bit (CPython 3.11): the same {@code
 * init_by_array} seeding, {@code random()}, {@code getrandbits}, {@code _randbelow}, {@code
 * randrange}, {@code randint}, {@code shuffle}, {@code choice} and {@code uniform}. The makemore
 * lectures split names.txt with it:
 *
 * <pre>{@code
 * PythonRandom rnd = new PythonRandom(42);  // random.seed(42)
 * rnd.shuffle(words);                       // random.shuffle(words): yuheng, diondre, ...
 * }</pre>
 *
 * <p>It has no link to torch's {@link Generator}. Not thread-safe, like the Python object (callers
 * sharing one must synchronise).
 */
public final class PythonRandom {
  private static final int N = 624;
  private static final int M = 397;

  private final int[] mt = new int[N];
  private int index = N;
  private boolean hasGaussNext;
  private double gaussNext;

  /** {@code random.Random(seed)}. */
  public PythonRandom(long seed) {
    seed(seed);
  }

  /** {@code random.Random(seed)} for an arbitrarily large integer seed. */
  public PythonRandom(BigInteger seed) {
    seed(seed);
  }

  /** {@code random.seed(seed)}: the sign is ignored, |seed| is split into 32-bit words. */
  public void seed(long seed) {
    seed(BigInteger.valueOf(seed));
  }

  /** {@code random.seed(seed)} for an arbitrarily large integer seed. */
  public void seed(BigInteger seed) {
    if (seed == null) {
      throw new IllegalArgumentException("seed: got null, expected an integer seed");
    }
    BigInteger a = seed.abs();
    int words = Math.max(1, (a.bitLength() + 31) / 32);
    int[] key = new int[words];
    for (int i = 0; i < words; i++) {
      key[i] = a.shiftRight(32 * i).intValue();
    }
    initByArray(key);
    hasGaussNext = false;
    gaussNext = 0.0;
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    index = N;
  }

  private int nextWord() {
    if (index >= N) {
      for (int k = 0; k < N; k++) {
        int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7FFFFFFF);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908B0DF : 0);
      }
      index = 0;
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9D2C5680;
    y ^= (y << 15) & 0xEFC60000;
    y ^= y >>> 18;
    return y;
  }

  /** {@code random.random()}: 53 bits from two draws (27 high bits, then 26), in [0, 1). */
  public double random() {
    long a = (nextWord() >>> 5) & 0xFFFFFFFFL;
    long b = (nextWord() >>> 6) & 0xFFFFFFFFL;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /**
   * {@code random.getrandbits(k)} for {@code 0 <= k <= 64}; for k = 64 the result is the unsigned
   * 64-bit value's bits.
   */
  public long getrandbits(int k) {
    if (k < 0 || k > 64) {
      throw new IllegalArgumentException(
          "getrandbits: got k=" + k + ", expected 0 <= k <= 64 (use getrandbitsBig for more)");
    }
    if (k == 0) {
      return 0;
    }
    if (k <= 32) {
      return (nextWord() & 0xFFFFFFFFL) >>> (32 - k);
    }
    long lo = nextWord() & 0xFFFFFFFFL;
    long hi = (nextWord() & 0xFFFFFFFFL) >>> (64 - k);
    return (hi << 32) | lo;
  }

  /**
   * {@code random.getrandbits(k)} for any {@code k >= 0}: 32-bit words, least significant first.
   */
  public BigInteger getrandbitsBig(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("getrandbits: got k=" + k + ", expected k >= 0");
    }
    BigInteger r = BigInteger.ZERO;
    for (int w = 0; k > 0; w++, k -= 32) {
      long v = nextWord() & 0xFFFFFFFFL;
      if (k < 32) {
        v >>>= 32 - k;
      }
      r = r.or(BigInteger.valueOf(v).shiftLeft(32 * w));
    }
    return r;
  }

  /** CPython's {@code _randbelow(n)}: {@code getrandbits(n.bit_length())} until below n. */
  public long randbelow(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("randbelow: got n=" + n + ", expected n > 0");
    }
    int k = 64 - Long.numberOfLeadingZeros(n);
    long r = getrandbits(k);
    while (r >= n) {
      r = getrandbits(k);
    }
    return r;
  }

  /** {@code random.randrange(stop)}: a value in [0, stop). */
  public long randrange(long stop) {
    if (stop <= 0) {
      throw new IllegalArgumentException(
          "randrange: got stop=" + stop + ", expected stop > 0 (empty range for randrange())");
    }
    return randbelow(stop);
  }

  /** {@code random.randrange(start, stop)}: a value in [start, stop). */
  public long randrange(long start, long stop) {
    return randrange(start, stop, 1);
  }

  /** {@code random.randrange(start, stop, step)}. */
  public long randrange(long start, long stop, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("randrange: got step=0, expected a non-zero step");
    }
    // CPython uses unbounded ints; here the count of values must fit in a long.
    BigInteger width = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
    BigInteger bs = BigInteger.valueOf(step);
    BigInteger count =
        step > 0
            ? floorDiv(width.add(bs).subtract(BigInteger.ONE), bs)
            : floorDiv(width.add(bs).add(BigInteger.ONE), bs);
    if (count.bitLength() > 63) {
      throw new IllegalArgumentException(
          "randrange: got start="
              + start
              + ", stop="
              + stop
              + ", step="
              + step
              + ", expected at most 2^63 - 1 values");
    }
    long n = count.longValue();
    if (n <= 0) {
      throw new IllegalArgumentException(
          "randrange: got start="
              + start
              + ", stop="
              + stop
              + ", step="
              + step
              + ", expected a non-empty range");
    }
    return start + step * randbelow(n);
  }

  private static BigInteger floorDiv(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() != 0 && qr[1].signum() != b.signum()
        ? qr[0].subtract(BigInteger.ONE)
        : qr[0];
  }

  /** {@code random.randint(a, b)}: a value in [a, b], both ends included. */
  public long randint(long a, long b) {
    if (b == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "randint: got b=" + b + ", expected b < " + Long.MAX_VALUE);
    }
    return randrange(a, b + 1);
  }

  /** {@code random.uniform(a, b)}: {@code a + (b - a) * random()}. */
  public double uniform(double a, double b) {
    return a + (b - a) * random();
  }

  /** {@code random.choice(seq)}. */
  public <T> T choice(List<T> seq) {
    if (seq == null || seq.isEmpty()) {
      throw new IllegalArgumentException(
          "choice: got an empty sequence, expected at least one element");
    }
    return seq.get((int) randbelow(seq.size()));
  }

  /**
   * {@code random.shuffle(x)} in place: i from the end down to 1 swaps with {@code
   * _randbelow(i+1)}.
   */
  public void shuffle(List<?> x) {
    for (int i = x.size() - 1; i > 0; i--) {
      Collections.swap(x, i, (int) randbelow(i + 1L));
    }
  }

  /** {@link #shuffle(List)} for an int array. */
  public void shuffle(int[] x) {
    for (int i = x.length - 1; i > 0; i--) {
      int j = (int) randbelow(i + 1L);
      int t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** {@link #shuffle(List)} for a long array. */
  public void shuffle(long[] x) {
    for (int i = x.length - 1; i > 0; i--) {
      int j = (int) randbelow(i + 1L);
      long t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /**
   * {@code random.gauss(mu, sigma)}: Box-Muller from two {@code random()} values, the sine half
   * kept for the next call (the cache is part of {@link #getState()}). Its cos/sin are correctly
   * rounded, where CPython's are the C library's: on glibc about 1 value in 800 can differ from
   * CPython's in the last bit or two.
   */
  public double gauss(double mu, double sigma) {
    double z;
    if (hasGaussNext) {
      z = gaussNext;
      hasGaussNext = false;
    } else {
      double x2pi = random() * (2.0 * Math.PI);
      double g2rad = Math.sqrt(-2.0 * LibmDouble.log(1.0 - random()));
      z = SinCos.cos(x2pi) * g2rad;
      gaussNext = SinCos.sin(x2pi) * g2rad;
      hasGaussNext = true;
    }
    return mu + z * sigma;
  }

  /**
   * A snapshot of a {@link PythonRandom}: CPython's {@code random.getstate()} without the version,
   * that is the 624 words plus position ({@code getstate()[1]}, 625 entries) and {@code gauss_next}
   * (NaN when absent, Python's None).
   *
   * @param internal 625 entries: the words as unsigned values, then the position 0..624
   * @param gaussNext the cached {@code gauss} value, or NaN for none
   */
  public record State(long[] internal, double gaussNext) {
    /** Validates and copies the entries. */
    public State {
      if (internal == null || internal.length != N + 1 || internal[N] < 0 || internal[N] > N) {
        throw new IllegalArgumentException(
            "State: got "
                + (internal == null ? "null" : internal.length + " entries")
                + ", expected 624 words and a position in [0, 624]");
      }
      internal = internal.clone();
    }

    /** A copy of the 625 entries. */
    @Override
    public long[] internal() {
      return internal.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof State s
          && Arrays.equals(internal, s.internal)
          && Double.compare(gaussNext, s.gaussNext) == 0;
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(internal) + Double.hashCode(gaussNext);
    }

    @Override
    public String toString() {
      return "State[position=" + internal[N] + ", gaussNext=" + gaussNext + "]";
    }
  }

  /** The full state, like {@code random.getstate()}. */
  public State getState() {
    long[] s = new long[N + 1];
    for (int i = 0; i < N; i++) {
      s[i] = mt[i] & 0xFFFFFFFFL;
    }
    s[N] = index;
    return new State(s, hasGaussNext ? gaussNext : Double.NaN);
  }

  /** Restores a state from {@link #getState()}, like {@code random.setstate(...)}. */
  public void setState(State state) {
    if (state == null) {
      throw new IllegalArgumentException("setState: got null, expected a State");
    }
    long[] s = state.internal;
    for (int i = 0; i < N; i++) {
      mt[i] = (int) s[i];
    }
    index = (int) s[N];
    hasGaussNext = !Double.isNaN(state.gaussNext());
    gaussNext = hasGaussNext ? state.gaussNext() : 0.0;
  }
}
