package io.github.zth.autograd.random;

import io.github.zth.autograd.random.internal.Checks;
import io.github.zth.autograd.random.internal.Exponential;
import io.github.zth.autograd.random.internal.MT19937;
import io.github.zth.autograd.random.internal.NormalBlocks;
import io.github.zth.autograd.random.internal.Sampling;
import io.github.zth.autograd.random.internal.Uniform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A random generator that reproduces PyTorch 1.13's CPU {@code torch.Generator} bit for bit: the
 * same MT19937 engine and seeding, the same way each distribution consumes it, and the same float
 * rounding, so seeded zth programs print the numbers the lectures print.
 *
 * <p>The fill methods work on contiguous storage: they write {@code n} values starting at {@code
 * off} exactly as torch fills a contiguous tensor with {@code n} elements (row-major order). The
 * lecture's first example:
 *
 * <pre>{@code
 * Generator g = new Generator(2147483647);
 * float[] p = new float[3];
 * g.uniform(p, 0, 3, 0.0, 1.0);              // torch.rand(3, generator=g)
 * float sum = (p[0] + p[1]) + p[2];
 * for (int i = 0; i < 3; i++) p[i] /= sum;  // [0.6064, 0.3033, 0.0903]
 * }</pre>
 *
 * <p>Two results depend on how the torch binary was built; {@link #normalPath(NormalPath)} picks
 * one: float32 normals with 16 or more elements, and whether {@code x*w + from} (bounded uniform)
 * and {@code v*std + mean} (normal with mean/std) are fused into one rounding. The default {@link
 * NormalPath#TORCH_X86} matches torch on a typical x86 PC; {@link NormalPath#LECTURE} matches the
 * makemore notebooks, e.g. their {@code W = torch.randn((27, 27), generator=g)} is {@code new
 * Generator(2147483647).normalPath(NormalPath.LECTURE).normal(w, 0, 729, 0, 1)}.
 *
 * <p>One known difference: float64 normals (and float32 ones drawn element by element, before their
 * rounding to float) use zth's correctly rounded double sin/cos, while torch uses the C library's.
 * On glibc about 0.12% of float64 normals differ from torch's by one or two ulps (measured over
 * 10^7 draws by tools/sincos/agreement.py); float32 results were identical in those 10^7 draws.
 *
 * <p><b>Initialising layers like {@code torch.nn}</b> (the draws the zth-nn layers make): {@code
 * nn.Linear(in, out)} is {@code uniform(weight, 0, out*in, -bw, bw)} then {@code uniform(bias, 0,
 * out, -bb, bb)} with, in double, {@code a = sqrt(5)}, {@code gain = sqrt(2 / (1 + a*a))}, {@code
 * bw = sqrt(3) * (gain / sqrt(in))}, {@code bb = 1 / sqrt(in)}; {@code nn.Embedding(num, dim)} is
 * {@code normal(weight, 0, num*dim, 0, 1)}. Both draw from the default generator ({@link
 * io.github.zth.autograd.Zth#defaultGenerator()}).
 *
 * <p>All methods are synchronized, so a generator may be shared between threads (torch locks its
 * generators too); the interleaving of draws between threads is of course not reproducible.
 */
public final class Generator {

  /** Which torch kernel set to imitate for the build-dependent results. */
  public enum NormalPath {
    /**
     * ATen's AVX2 kernels, what torch runs on x86-64 CPUs with AVX2 (most PCs): float32 normals via
     * the 8-lane Cephes log/sincos approximation, and fused multiply-adds.
     */
    TORCH_X86,
    /**
     * ATen's DEFAULT (non-AVX2) kernels, the path that produced the makemore notebooks (and what
     * runs on ARM): float32 normals via the C library's {@code logf}/{@code sinf}/{@code cosf}
     * (glibc's algorithms), and separately rounded multiply-adds.
     */
    LECTURE
  }

  /** Seed of a fresh {@code torch.Generator()}. */
  public static final long DEFAULT_SEED = 67280421310721L;

  /** Size in bytes of {@link #getState()}, the size of torch's {@code Generator.get_state()}. */
  public static final int STATE_BYTES = 5056;

  private final MT19937 mt = new MT19937(0);
  private long initialSeed;
  private boolean hasNextDoubleNormal;
  private double nextDoubleNormal;
  // torch's state also carries a float normal cache that no CPU kernel uses; kept so that states
  // from torch round-trip byte for byte.
  private boolean hasNextFloatNormal;
  private float nextFloatNormal;
  private NormalPath path = NormalPath.TORCH_X86;
  private final double[] pair = new double[2];

  /** A generator with torch's default seed 67280421310721, like {@code torch.Generator()}. */
  public Generator() {
    this(DEFAULT_SEED);
  }

  /** A generator seeded like {@code torch.Generator().manual_seed(seed)}. */
  public Generator(long seed) {
    manualSeed(seed);
  }

  /**
   * Re-seeds like {@code manual_seed}: the engine uses the low 32 bits, {@link #initialSeed()}
   * keeps all 64, and the cached normal values are cleared. Torch's seeds above 2^63 are the
   * negative longs with the same bits (torch itself maps a negative seed s to s + 2^64).
   *
   * @return this generator
   */
  public synchronized Generator manualSeed(long seed) {
    initialSeed = seed;
    mt.seed((int) seed);
    hasNextDoubleNormal = false;
    nextDoubleNormal = 0.0;
    hasNextFloatNormal = false;
    nextFloatNormal = 0f;
    return this;
  }

  /**
   * The seed last set, as 64 bits; torch's {@code initial_seed()} is its unsigned value ({@link
   * Long#toUnsignedString(long)}).
   */
  public synchronized long initialSeed() {
    return initialSeed;
  }

  /** Selects the build-dependent kernel set (see {@link NormalPath}); returns this generator. */
  public synchronized Generator normalPath(NormalPath normalPath) {
    if (normalPath == null) {
      throw new IllegalArgumentException("normalPath: got null, expected TORCH_X86 or LECTURE");
    }
    this.path = normalPath;
    return this;
  }

  /** The selected kernel set; {@link NormalPath#TORCH_X86} unless changed. */
  public synchronized NormalPath normalPath() {
    return path;
  }

  private boolean fused() {
    return path == NormalPath.TORCH_X86;
  }

  /** One raw engine draw, torch's {@code random()}: an unsigned 32-bit value in a long. */
  public synchronized long random() {
    return mt.nextInt() & 0xFFFFFFFFL;
  }

  /** torch's {@code random64()}: two draws, the first is the high word (all 64 bits). */
  public synchronized long random64() {
    return mt.nextLong();
  }

  /**
   * Fills {@code out[off..off+n)} like float32 {@code torch.rand} ({@code from=0, to=1}) or {@code
   * uniform_(from, to)}: the low 24 bits of one draw per element, scaled to {@code [from, to)} in
   * float arithmetic.
   */
  public synchronized void uniform(float[] out, int off, int n, double from, double to) {
    Checks.range("uniform", out == null ? -1 : out.length, off, n);
    Checks.uniformBounds(from, to);
    float lo = (float) from;
    float w = (float) to - lo;
    boolean fma = fused();
    for (int i = 0; i < n; i++) {
      float x = Uniform.unitFloat(mt.nextInt());
      out[off + i] = fma ? Math.fma(x, w, lo) : x * w + lo;
    }
  }

  /** float64 {@code torch.rand}/{@code uniform_}: 53 low bits of {@code random64()} per element. */
  public synchronized void uniform(double[] out, int off, int n, double from, double to) {
    Checks.range("uniform", out == null ? -1 : out.length, off, n);
    Checks.uniformBounds(from, to);
    double w = to - from;
    boolean fma = fused();
    for (int i = 0; i < n; i++) {
      double x = Uniform.unitDouble(mt.nextLong());
      out[off + i] = fma ? Math.fma(x, w, from) : x * w + from;
    }
  }

  /**
   * float32 {@code torch.randn}/{@code normal_(mean, std)} of a contiguous tensor: n ≥ 16 uses
   * torch's block-of-16 layout (n + 16 draws unless 16 divides n) with the {@link NormalPath} math;
   * n &lt; 16 uses double Box-Muller with the cached second value, which persists across calls.
   * Non-contiguous tensors need {@link #normalScalar(float[], int, int, double, double)}.
   */
  public synchronized void normal(float[] out, int off, int n, double mean, double std) {
    Checks.range("normal", out == null ? -1 : out.length, off, n);
    Checks.std(std);
    if (n >= 16) {
      NormalBlocks.fill(mt, out, off, n, (float) mean, (float) std, fused());
    } else {
      for (int i = 0; i < n; i++) {
        out[off + i] = (float) scalarNormal(mean, std);
      }
    }
  }

  /** float64 {@code torch.randn}/{@code normal_}: the same layouts in double precision. */
  public synchronized void normal(double[] out, int off, int n, double mean, double std) {
    Checks.range("normal", out == null ? -1 : out.length, off, n);
    Checks.std(std);
    if (n >= 16) {
      NormalBlocks.fill(mt, out, off, n, mean, std, fused());
    } else {
      for (int i = 0; i < n; i++) {
        out[off + i] = scalarNormal(mean, std);
      }
    }
  }

  /**
   * The per-element normal path for every element whatever n is: double Box-Muller with the cached
   * second value, cast to float. Torch fills non-contiguous tensors (a transposed view, a strided
   * slice) this way, in memory (storage) order; {@link #normal(float[], int, int, double, double)}
   * uses it for n &lt; 16.
   */
  public synchronized void normalScalar(float[] out, int off, int n, double mean, double std) {
    Checks.range("normal", out == null ? -1 : out.length, off, n);
    Checks.std(std);
    for (int i = 0; i < n; i++) {
      out[off + i] = (float) scalarNormal(mean, std);
    }
  }

  /** {@link #normalScalar(float[], int, int, double, double)} for float64 storage. */
  public synchronized void normalScalar(double[] out, int off, int n, double mean, double std) {
    Checks.range("normal", out == null ? -1 : out.length, off, n);
    Checks.std(std);
    for (int i = 0; i < n; i++) {
      out[off + i] = scalarNormal(mean, std);
    }
  }

  private double scalarNormal(double mean, double std) {
    boolean fma = fused();
    if (hasNextDoubleNormal) {
      hasNextDoubleNormal = false;
      return NormalBlocks.affine(nextDoubleNormal, std, mean, fma);
    }
    NormalBlocks.boxMullerPair(mt, pair);
    nextDoubleNormal = pair[1];
    hasNextDoubleNormal = true;
    return NormalBlocks.affine(pair[0], std, mean, fma);
  }

  /**
   * int64 {@code torch.randint(low, high, (n,))}: {@code (v mod (high-low)) + low} with one 32-bit
   * draw per element, or a 64-bit draw when the range is 2^32 or more.
   */
  public synchronized void randint(long[] out, int off, int n, long low, long high) {
    Checks.range("randint", out == null ? -1 : out.length, off, n);
    if (low >= high) {
      throw new IllegalArgumentException(
          "randint: got low="
              + low
              + " >= high="
              + high
              + ", expected low < high (random_ expects 'from' to be less than 'to')");
    }
    Sampling.randint(mt, out, off, n, low, high);
  }

  /** float32 {@code exponential_(lambd)}: {@code (-1/lambd)·ln(1-u)} in double, u a 53-bit draw. */
  public synchronized void exponential(float[] out, int off, int n, double lambd) {
    Checks.range("exponential", out == null ? -1 : out.length, off, n);
    Checks.lambda(lambd);
    Exponential.fill(mt, out, off, n, lambd);
  }

  /** float64 {@code exponential_(lambd)}. */
  public synchronized void exponential(double[] out, int off, int n, double lambd) {
    Checks.range("exponential", out == null ? -1 : out.length, off, n);
    Checks.lambda(lambd);
    Exponential.fill(mt, out, off, n, lambd);
  }

  /**
   * {@code bernoulli_(p)} with a scalar p, the dropout mask's draw: 1 where a 53-bit uniform is
   * below p, else 0 (torch's non-MKL kernel).
   */
  public synchronized void bernoulli(float[] out, int off, int n, double p) {
    Checks.range("bernoulli", out == null ? -1 : out.length, off, n);
    Checks.bernoulliP(p);
    for (int i = 0; i < n; i++) {
      out[off + i] = Uniform.unitDouble(mt.nextLong()) < p ? 1f : 0f;
    }
  }

  /** {@link #bernoulli(float[], int, int, double)} into float64 storage. */
  public synchronized void bernoulli(double[] out, int off, int n, double p) {
    Checks.range("bernoulli", out == null ? -1 : out.length, off, n);
    Checks.bernoulliP(p);
    for (int i = 0; i < n; i++) {
      out[off + i] = Uniform.unitDouble(mt.nextLong()) < p ? 1.0 : 0.0;
    }
  }

  /**
   * {@code torch.bernoulli(P)} for float32 probabilities {@code probs[probsOff..probsOff+n)}: 1
   * where a 24-bit float uniform is below the probability, else 0.
   */
  public synchronized void bernoulli(float[] out, int off, int n, float[] probs, int probsOff) {
    Checks.range("bernoulli", out == null ? -1 : out.length, off, n);
    Checks.range("bernoulli", probs == null ? -1 : probs.length, probsOff, n);
    for (int i = 0; i < n; i++) {
      float q = probs[probsOff + i];
      if (!(q >= 0f && q <= 1f)) {
        throw new IllegalArgumentException(
            "bernoulli: got probability "
                + q
                + " at index "
                + (probsOff + i)
                + ", expected 0 <= p <= 1");
      }
    }
    for (int i = 0; i < n; i++) {
      out[off + i] = Uniform.unitFloat(mt.nextInt()) < probs[probsOff + i] ? 1f : 0f;
    }
  }

  /** {@code torch.randperm(n)}: a permutation of 0..n-1 made with n - 1 draws. */
  public synchronized long[] randperm(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("randperm: got n=" + n + ", expected n >= 0");
    }
    return Sampling.randperm(mt, n);
  }

  /**
   * {@code torch.multinomial(probs, numSamples, replacement)} for float32 probabilities stored
   * row-major as {@code rows x cols} (a 1-D input is one row). Returns {@code rows x numSamples}
   * indices, row-major. Rows need not sum to one.
   */
  public synchronized long[] multinomial(
      float[] probs, int rows, int cols, int numSamples, boolean replacement) {
    Checks.multinomial(probs == null ? -1 : probs.length, rows, cols, numSamples, replacement);
    for (int r = 0; r < rows; r++) {
      float s = 0f;
      for (int j = 0; j < cols; j++) {
        float v = probs[r * cols + j];
        Checks.probability(v, r, j);
        s += v;
      }
      Checks.rowSum(s > 0f, r);
    }
    return replacement
        ? Sampling.withReplacement(mt, probs, rows, cols, numSamples)
        : Sampling.withoutReplacement(mt, probs, rows, cols, numSamples);
  }

  /** {@link #multinomial(float[], int, int, int, boolean)} for float64 probabilities. */
  public synchronized long[] multinomial(
      double[] probs, int rows, int cols, int numSamples, boolean replacement) {
    Checks.multinomial(probs == null ? -1 : probs.length, rows, cols, numSamples, replacement);
    for (int r = 0; r < rows; r++) {
      double s = 0.0;
      for (int j = 0; j < cols; j++) {
        double v = probs[r * cols + j];
        Checks.probability(v, r, j);
        s += v;
      }
      Checks.rowSum(s > 0.0, r);
    }
    return replacement
        ? Sampling.withReplacement(mt, probs, rows, cols, numSamples)
        : Sampling.withoutReplacement(mt, probs, rows, cols, numSamples);
  }

  /**
   * The full state in the byte layout of torch's {@code Generator.get_state()} (5056 bytes,
   * little-endian): seed, engine counters and words, and the cached normal values. Restoring it
   * with {@link #setState(byte[])} resumes the stream exactly; states are interchangeable with
   * torch's. The {@link NormalPath} is a setting, not state, and is not included.
   */
  public synchronized byte[] getState() {
    ByteBuffer b = ByteBuffer.allocate(STATE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(initialSeed).putInt(mt.left()).putInt(1).putLong(mt.next());
    int[] words = new int[MT19937.N];
    mt.copyStateTo(words);
    for (int w : words) {
      b.putLong(w & 0xFFFFFFFFL);
    }
    b.putDouble(0.0).putDouble(hasNextDoubleNormal ? nextDoubleNormal : 0.0).putDouble(0.0);
    b.putInt(hasNextDoubleNormal ? 1 : 0).putInt(0);
    b.putFloat(hasNextFloatNormal ? nextFloatNormal : 0f).put((byte) (hasNextFloatNormal ? 1 : 0));
    return b.array();
  }

  /** Restores a state from {@link #getState()} (or torch's {@code get_state()}); returns this. */
  public synchronized Generator setState(byte[] state) {
    if (state == null || state.length != STATE_BYTES) {
      throw new IllegalArgumentException(
          "setState: got "
              + (state == null ? "null" : state.length + " bytes")
              + ", expected a "
              + STATE_BYTES
              + "-byte generator state");
    }
    ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
    long seed = b.getLong();
    int left = b.getInt();
    b.getInt();
    long next = b.getLong();
    if (left < 1 || left > MT19937.N || next < 0 || next > MT19937.N) {
      throw new IllegalArgumentException(
          "setState: got left="
              + left
              + ", next="
              + next
              + ", expected 1 <= left <= 624 and 0 <= next <= 624");
    }
    int[] words = new int[MT19937.N];
    for (int i = 0; i < words.length; i++) {
      words[i] = (int) b.getLong();
    }
    b.getDouble();
    double nd = b.getDouble();
    b.getDouble();
    boolean ndValid = b.getInt() != 0;
    b.getInt();
    float nf = b.getFloat();
    boolean nfValid = b.get() != 0;
    initialSeed = seed;
    mt.restore(words, left, (int) next);
    hasNextDoubleNormal = ndValid;
    nextDoubleNormal = ndValid ? nd : 0.0;
    hasNextFloatNormal = nfValid;
    nextFloatNormal = nfValid ? nf : 0f;
    return this;
  }
}
