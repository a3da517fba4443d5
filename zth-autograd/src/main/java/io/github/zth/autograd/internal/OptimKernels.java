package io.github.zth.autograd.internal;

/**
 * The optimizers' one-pass parameter updates (torch 1.13's single-tensor SGD, Adam/AdamW and
 * RMSprop CPU kernels) and the gradient-norm reduction of {@code clip_grad_norm_}. FLOAT32 computes
 * in float, each scalar hyper-parameter rounded to float first, as torch's kernels do; FLOAT64 in
 * double. Every array is contiguous from its offset; state arrays (moments, buffers) have the
 * parameter's length.
 */
public final class OptimKernels {
  private OptimKernels() {}

  /** SGD with weight decay, momentum (buffer started at the first gradient) and Nesterov. */
  public static void sgd(
      float[] w,
      int wo,
      float[] g,
      int go,
      float[] buf,
      int bo,
      boolean first,
      int n,
      float wd,
      float lr,
      float mu,
      boolean nesterov) {
    for (int j = 0; j < n; j++) {
      float wj = w[wo + j];
      float gj = wd == 0 ? g[go + j] : g[go + j] + wd * wj;
      if (buf != null) {
        float bj = first ? gj : buf[bo + j] * mu + gj;
        buf[bo + j] = bj;
        gj = nesterov ? gj + mu * bj : bj;
      }
      w[wo + j] = wj - lr * gj;
    }
  }

  /**
   * {@link #sgd(float[], int, float[], int, float[], int, boolean, int, float, float, float,
   * boolean)} in double.
   */
  public static void sgd(
      double[] w,
      int wo,
      double[] g,
      int go,
      double[] buf,
      int bo,
      boolean first,
      int n,
      double wd,
      double lr,
      double mu,
      boolean nesterov) {
    for (int j = 0; j < n; j++) {
      double wj = w[wo + j];
      double gj = wd == 0 ? g[go + j] : g[go + j] + wd * wj;
      if (buf != null) {
        double bj = first ? gj : buf[bo + j] * mu + gj;
        buf[bo + j] = bj;
        gj = nesterov ? gj + mu * bj : bj;
      }
      w[wo + j] = wj - lr * gj;
    }
  }

  /** Adam's hyper-parameters for one step, already combined as torch combines them. */
  public record AdamStep(
      double beta1,
      double beta2,
      double eps,
      double decay,
      double l2,
      double stepSize,
      double bc2Sqrt) {}

  /**
   * Adam/AdamW: {@code g += l2·p}, {@code p *= decay}, moments, then {@code p -=
   * stepSize·m/(sqrt(v)/bc2Sqrt + eps)}, with {@code v} replaced by its running max when {@code
   * vMax} is given. Offsets: {@code wo} for w, {@code go} for g, {@code so} for m, v and vMax.
   */
  public static void adam(
      float[] w,
      int wo,
      float[] g,
      int go,
      float[] m,
      float[] v,
      float[] vMax,
      int so,
      int n,
      AdamStep s) {
    float b1 = (float) s.beta1();
    float b2 = (float) s.beta2();
    float c1 = (float) (1 - s.beta1());
    float c2 = (float) (1 - s.beta2());
    float e = (float) s.eps();
    float decay = (float) s.decay();
    float l2 = (float) s.l2();
    float stepSize = (float) s.stepSize();
    float bc2Sqrt = (float) s.bc2Sqrt();
    if (l2 == 0 && vMax == null && wo == 0 && go == 0 && so == 0) {
      adamW(w, g, m, v, n, b1, b2, c1, c2, e, decay, stepSize, bc2Sqrt);
      return;
    }
    for (int j = 0; j < n; j++) {
      float wj = w[wo + j];
      float gj = l2 == 0 ? g[go + j] : g[go + j] + l2 * wj;
      wj *= decay;
      float mj = m[so + j] * b1 + c1 * gj;
      float vj = v[so + j] * b2 + c2 * gj * gj;
      m[so + j] = mj;
      v[so + j] = vj;
      if (vMax != null) {
        vj = Math.max(vMax[so + j], vj);
        vMax[so + j] = vj;
      }
      w[wo + j] = wj - stepSize * (mj / ((float) Math.sqrt(vj) / bc2Sqrt + e));
    }
  }

  /**
   * AdamW's usual case: every array at offset 0 and indexed by j alone, so C2 can prove the arrays
   * do not overlap and vectorises the loop (6× faster than with offsets).
   */
  private static void adamW(
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      int n,
      float b1,
      float b2,
      float c1,
      float c2,
      float e,
      float decay,
      float stepSize,
      float bc2Sqrt) {
    for (int j = 0; j < n; j++) {
      float gj = g[j];
      float mj = m[j] * b1 + c1 * gj;
      float vj = v[j] * b2 + c2 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      w[j] = w[j] * decay - stepSize * (mj / ((float) Math.sqrt(vj) / bc2Sqrt + e));
    }
  }

  /**
   * {@link #adam(float[], int, float[], int, float[], float[], float[], int, int, AdamStep)} in
   * double.
   */
  public static void adam(
      double[] w,
      int wo,
      double[] g,
      int go,
      double[] m,
      double[] v,
      double[] vMax,
      int so,
      int n,
      AdamStep s) {
    double c1 = 1 - s.beta1();
    double c2 = 1 - s.beta2();
    for (int j = 0; j < n; j++) {
      double wj = w[wo + j];
      double gj = s.l2() == 0 ? g[go + j] : g[go + j] + s.l2() * wj;
      wj *= s.decay();
      double mj = m[so + j] * s.beta1() + c1 * gj;
      double vj = v[so + j] * s.beta2() + c2 * gj * gj;
      m[so + j] = mj;
      v[so + j] = vj;
      if (vMax != null) {
        vj = Math.max(vMax[so + j], vj);
        vMax[so + j] = vj;
      }
      w[wo + j] = wj - s.stepSize() * (mj / (Math.sqrt(vj) / s.bc2Sqrt() + s.eps()));
    }
  }

  /** RMSprop's hyper-parameters for one step. */
  public record RmsStep(double lr, double alpha, double eps, double weightDecay, double momentum) {}

  /**
   * RMSprop: square average, optional centring by the gradient average ({@code avg}), optional
   * momentum buffer ({@code buf}). Offsets: {@code wo}, {@code go}, and {@code so} for the state.
   */
  public static void rmsprop(
      float[] w,
      int wo,
      float[] g,
      int go,
      float[] sq,
      float[] buf,
      float[] avg,
      int so,
      int n,
      RmsStep s) {
    float a = (float) s.alpha();
    float c = (float) (1 - s.alpha());
    float e = (float) s.eps();
    float mu = (float) s.momentum();
    float wd = (float) s.weightDecay();
    float lr = (float) s.lr();
    for (int j = 0; j < n; j++) {
      float wj = w[wo + j];
      float gj = wd == 0 ? g[go + j] : g[go + j] + wd * wj;
      float sj = sq[so + j] * a + c * gj * gj;
      sq[so + j] = sj;
      float d;
      if (avg != null) {
        float aj = avg[so + j] * a + c * gj;
        avg[so + j] = aj;
        d = (float) Math.sqrt(sj - aj * aj) + e;
      } else {
        d = (float) Math.sqrt(sj) + e;
      }
      if (buf != null) {
        float bj = buf[so + j] * mu + gj / d;
        buf[so + j] = bj;
        w[wo + j] = wj - lr * bj;
      } else {
        w[wo + j] = wj - lr * (gj / d);
      }
    }
  }

  /**
   * {@link #rmsprop(float[], int, float[], int, float[], float[], float[], int, int, RmsStep)} in
   * double.
   */
  public static void rmsprop(
      double[] w,
      int wo,
      double[] g,
      int go,
      double[] sq,
      double[] buf,
      double[] avg,
      int so,
      int n,
      RmsStep s) {
    double c = 1 - s.alpha();
    for (int j = 0; j < n; j++) {
      double wj = w[wo + j];
      double gj = s.weightDecay() == 0 ? g[go + j] : g[go + j] + s.weightDecay() * wj;
      double sj = sq[so + j] * s.alpha() + c * gj * gj;
      sq[so + j] = sj;
      double d;
      if (avg != null) {
        double aj = avg[so + j] * s.alpha() + c * gj;
        avg[so + j] = aj;
        d = Math.sqrt(sj - aj * aj) + s.eps();
      } else {
        d = Math.sqrt(sj) + s.eps();
      }
      if (buf != null) {
        double bj = buf[so + j] * s.momentum() + gj / d;
        buf[so + j] = bj;
        w[wo + j] = wj - s.lr() * bj;
      } else {
        w[wo + j] = wj - s.lr() * (gj / d);
      }
    }
  }

  /**
   * The sum of squares of a contiguous FLOAT32 range in float, as torch reduces each float gradient
   * in vector lanes: four partial sums, which also frees the loop from waiting on one add's latency
   * per element.
   */
  public static float sumOfSquares(float[] f, int o, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      s0 = Math.fma(f[o + j], f[o + j], s0);
      s1 = Math.fma(f[o + j + 1], f[o + j + 1], s1);
      s2 = Math.fma(f[o + j + 2], f[o + j + 2], s2);
      s3 = Math.fma(f[o + j + 3], f[o + j + 3], s3);
    }
    float s = (s0 + s1) + (s2 + s3);
    for (; j < n; j++) {
      s = Math.fma(f[o + j], f[o + j], s);
    }
    return s;
  }

  /** The sum of squares of a contiguous FLOAT64 range, in order. */
  public static double sumOfSquares(double[] d, int o, int n) {
    double s = 0;
    for (int j = 0; j < n; j++) {
      s += d[o + j] * d[o + j];
    }
    return s;
  }
}
