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
    float[] cum = new float[cols];
    for (int r = 0; r < rows; r++) {
      float s = 0f;
      for (int j = 0; j < cols; j++) {
        s = s + p[r * cols + j];
        cum[j] = s;
      }
      for (int j = 0; j < cols; j++) {
        cum[j] = cum[j] / s;
      }
      cum[cols - 1] = 1f;
      for (int t = 0; t < k; t++) {
        double u = Uniform.unitDouble(mt.nextLong());
        int lo = 0;
        int hi = cols;
        while (hi - lo > 0) {
          int mid = lo + (hi - lo) / 2;
          if (cum[mid] < u) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        out[r * k + t] = lo;
      }
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
      cum[cols - 1] = 1.0;
      for (int t = 0; t < k; t++) {
        double u = Uniform.unitDouble(mt.nextLong());
        int lo = 0;
        int hi = cols;
        while (hi - lo > 0) {
          int mid = lo + (hi - lo) / 2;
          if (cum[mid] < u) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        out[r * k + t] = lo;
      }
    }
    return out;
  }

  /**
   * Without replacement (the exponential race): one Exp(1) per element in row-major order, then the
   * k largest {@code p / q} per row in float32, descending, first index on ties.
   */
  public static long[] withoutReplacement(MT19937 mt, float[] p, int rows, int cols, int k) {
    float[] q = new float[rows * cols];
    Exponential.fill(mt, q, 0, q.length, 1.0);
    double[] ratio = new double[cols];
    long[] out = new long[rows * k];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        ratio[j] = p[r * cols + j] / q[r * cols + j];
      }
      topK(ratio, k, out, r * k);
    }
    return out;
  }

  /** Without replacement, float64 probabilities and float64 exponentials. */
  public static long[] withoutReplacement(MT19937 mt, double[] p, int rows, int cols, int k) {
    double[] q = new double[rows * cols];
    Exponential.fill(mt, q, 0, q.length, 1.0);
    double[] ratio = new double[cols];
    long[] out = new long[rows * k];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        ratio[j] = p[r * cols + j] / q[r * cols + j];
      }
      topK(ratio, k, out, r * k);
    }
    return out;
  }

  /** Writes the indices of the k largest values (NaN counts as largest, as in torch) in order. */
  private static void topK(double[] v, int k, long[] out, int outOff) {
    boolean[] taken = new boolean[v.length];
    for (int t = 0; t < k; t++) {
      int best = -1;
      for (int j = 0; j < v.length; j++) {
        if (!taken[j] && (best < 0 || greater(v[j], v[best]))) {
          best = j;
        }
      }
      taken[best] = true;
      out[outOff + t] = best;
    }
  }

  private static boolean greater(double a, double b) {
    if (Double.isNaN(b)) {
      return false;
    }
    return Double.isNaN(a) || a > b;
  }
}
