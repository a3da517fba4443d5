package io.github.zth.autograd.random.internal;

/**
 * The 32-bit Mersenne Twister exactly as PyTorch's {@code at::mt19937} runs it: Matsumoto–Nishimura
 * {@code init_genrand} seeding, and the {@code left}/{@code next} counters torch keeps in its
 * serialised state (spec §1.2–1.3). After {@link #seed} {@code left} is 1, so the first draw
 * twists.
 *
 * <p>Commons Math's {@code MersenneTwister} produces the same words for an {@code int} seed, but
 * its state is private, so exact save/restore (torch's {@code get_state}) would be impossible with
 * it.
 */
public final class MT19937 {
  /** Number of 32-bit words of state. */
  public static final int N = 624;

  private static final int M = 397;
  private static final int MATRIX_A = 0x9908B0DF;
  private static final int UPPER = 0x80000000;
  private static final int LOWER = 0x7FFFFFFF;

  private final int[] mt = new int[N];
  private int left = 1;
  private int next;

  /** Creates an engine seeded with {@code seed} (only 32 bits matter, as in torch). */
  public MT19937(int seed) {
    seed(seed);
  }

  /** Re-seeds with {@code init_genrand(seed)} and arms the twist for the next draw. */
  public void seed(int seed) {
    mt[0] = seed;
    for (int i = 1; i < N; i++) {
      int prev = mt[i - 1];
      mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
    }
    left = 1;
    next = 0;
  }

  /** One tempered 32-bit word (interpret as unsigned). */
  public int nextInt() {
    if (--left == 0) {
      twist();
    }
    int y = mt[next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9D2C5680;
    y ^= (y << 15) & 0xEFC60000;
    y ^= y >>> 18;
    return y;
  }

  /** torch's {@code random64()}: two draws, the first one is the high word. */
  public long nextLong() {
    long hi = nextInt() & 0xFFFFFFFFL;
    long lo = nextInt() & 0xFFFFFFFFL;
    return (hi << 32) | lo;
  }

  private void twist() {
    // Three loops instead of "(k + 1) % N" keep the hot path free of divisions.
    int k = 0;
    for (; k < N - M; k++) {
      mt[k] = mix(mt[k], mt[k + 1], mt[k + M]);
    }
    for (; k < N - 1; k++) {
      mt[k] = mix(mt[k], mt[k + 1], mt[k + M - N]);
    }
    mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
    left = N;
    next = 0;
  }

  private static int mix(int cur, int nxt, int far) {
    int y = (cur & UPPER) | (nxt & LOWER);
    return far ^ (y >>> 1) ^ ((nxt & 1) != 0 ? MATRIX_A : 0);
  }

  /** Copies the 624 state words into {@code dst}. */
  public void copyStateTo(int[] dst) {
    System.arraycopy(mt, 0, dst, 0, N);
  }

  /** torch's {@code left} counter (draws until the next twist, plus one). */
  public int left() {
    return left;
  }

  /** torch's {@code next} counter (index of the next word to temper). */
  public int next() {
    return next;
  }

  /** Restores a state captured by {@link #copyStateTo}, {@link #left()} and {@link #next()}. */
  public void restore(int[] words, int left, int next) {
    System.arraycopy(words, 0, mt, 0, N);
    this.left = left;
    this.next = next;
  }
}
