package io.github.zth.autograd.random.internal;

/**
 * The integer-valued samplers: {@code randint}, {@code randperm} and {@code multinomial} (spec
 * §4–§6). Arguments arrive validated by {@code Generator}.
 */
public final class Sampling {
  private Sampling() {}

  /** {@code (v mod range) + low} with a 32-bit draw when the unsigned range fits, else 64-bit. */
  public static void randint(MT19937 mt, long[] out, int off, int n, long low, long high) {
    long range = high - low;
    if (Long.compareUnsigned(range, 1L << 32) >= 0) {
      for (int i = 0; i < n; i++) {
        out[off + i] = Long.remainderUnsigned(mt.nextLong(), range) + low;
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[off + i] = (mt.nextInt() & 0xFFFFFFFFL) % range + low;
      }
    }
  }

  /** Forward Fisher–Yates with {@code random() mod (n - i)}: n - 1 draws. */
  public static long[] randperm(MT19937 mt, int n) {
    long[] perm = new long[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < n - 1; i++) {
      int z = (int) ((mt.nextInt() & 0xFFFFFFFFL) % (n - i));
      long t = perm[i];
      perm[i] = perm[i + z];
      perm[i + z] = t;
    }
    return perm;
  }

  /** With replacement, float32 probabilities: float cumulative sums, double uniforms. */
  public static long[] withReplacement(MT19937 mt, float[] p, int rows, int cols, int k) {
    long[] out = new long[rows * k];
    float[] sums = new float[cols];
    double[] cum = new double[cols];
    for (int r = 0; r < rows; r++) {
      float s = 0f;
      for (int j = 0; j < cols; j++) {
        s = s + p[r * cols + j];
        sums[j] = s;
      }
      for (int j = 0; j < cols; j++) {
        cum[j] = sums[j] / s; // divided in float32, as torch does, then widened exactly
      }
      draw(mt, cum, k, out, r * k);
    }
    return out;
  }

  /** With replacement, float64 probabilities: as the float32 case with double sums. */
  public static long[] withReplacement(MT19937 mt, double[] p, int rows, int cols, int k) {
    long[] out = new long[rows * k];
    double[] cum = new double[cols];
    for (int r = 0; r < rows; r++) {
      double s = 0.0;
      for (int j = 0; j < cols; j++) {
        s = s + p[r * cols + j];
        cum[j] = s;
      }
      for (int j = 0; j < cols; j++) {
        cum[j] = cum[j] / s;
      }
      draw(mt, cum, k, out, r * k);
    }
    return out;
  }

  /**
   * Draws {@code k} indices from one row's normalised cumulative sums: a double uniform each, the
   * first index whose sum is not below it. The last sum is forced to 1 so rounding cannot leave a
   * uniform past the end.
   */
  private static void draw(MT19937 mt, double[] cum, int k, long[] out, int outOff) {
    cum[cum.length - 1] = 1.0;
    for (int t = 0; t < k; t++) {
      double u = Uniform.unitDouble(mt.nextLong());
      int lo = 0;
      int hi = cum.length;
      while (hi - lo > 0) {
        int mid = lo + (hi - lo) / 2;
        if (cum[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      out[outOff + t] = lo;
    }
  }

  /**
   * Without replacement (the exponential race): one Exp(1) per element in row-major order, then the
   * k largest {@code p / q} per row in float32, descending, first index on ties.
   */
  public static long[] withoutReplacement(MT19937 mt, float[] p, int rows, int cols, int k) {
    float[] q = new float[rows * cols];
    Exponential.fill(mt, q, 0, q.length, 1.0);
    double[] ratio = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      ratio[i] = p[i] / q[i]; // divided in float32, then widened exactly
    }
    return largestPerRow(ratio, rows, cols, k);
  }

  /** Without replacement, float64 probabilities and float64 exponentials. */
  public static long[] withoutReplacement(MT19937 mt, double[] p, int rows, int cols, int k) {
    double[] q = new double[rows * cols];
    Exponential.fill(mt, q, 0, q.length, 1.0);
    double[] ratio = new double[q.length];
    for (int i = 0; i < q.length; i++) {
      ratio[i] = p[i] / q[i];
    }
    return largestPerRow(ratio, rows, cols, k);
  }

  /**
   * The indices of each row's k largest values (NaN counts as largest, as in torch), in order,
   * first index on ties.
   */
  private static long[] largestPerRow(double[] v, int rows, int cols, int k) {
    long[] out = new long[rows * k];
    boolean[] taken = new boolean[cols];
    for (int r = 0; r < rows; r++) {
      java.util.Arrays.fill(taken, false);
      int off = r * cols;
      for (int t = 0; t < k; t++) {
        int best = -1;
        for (int j = 0; j < cols; j++) {
          if (!taken[j] && (best < 0 || greater(v[off + j], v[off + best]))) {
            best = j;
          }
        }
        taken[best] = true;
        out[r * k + t] = best;
      }
    }
    return out;
  }

  private static boolean greater(double a, double b) {
    if (Double.isNaN(b)) {
      return false;
    }
    return Double.isNaN(a) || a > b;
  }
}
