package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.random.Generator.NormalPath;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * Distribution checks over random seeds. A correct sampler fails one of these with probability
 * about 1e-6 per try; every wrong distribution tried in {@link #theTestsHavePower()} is rejected.
 */
class GeneratorStatisticsTest {
  private static final double ALPHA = 1e-6;
  private static final int N = 20_000;

  private static double ksP(RealDistribution d, double[] x) {
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(d, x);
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Property(tries = 10)
  void randIsUniform(
      @ForAll long seed,
      @ForAll @DoubleRange(min = -5, max = 5) double from,
      @ForAll @DoubleRange(min = 0.5, max = 4) double width) {
    float[] f = new float[N];
    new Generator(seed).uniform(f, 0, N, from, from + width);
    double p = ksP(new UniformRealDistribution(from, from + width), widen(f));
    assertTrue(p > ALPHA, "p=" + p);
    double[] d = new double[N];
    new Generator(seed).uniform(d, 0, N, from, from + width);
    assertTrue(ksP(new UniformRealDistribution(from, from + width), d) > ALPHA);
  }

  @Property(tries = 10)
  void randnIsNormalOnEveryPathAndSize(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int chunk,
      @ForAll boolean lecture,
      @ForAll @DoubleRange(min = -3, max = 3) double mean,
      @ForAll @DoubleRange(min = 0.1, max = 3) double std) {
    // Chunks below 16 take the scalar Box-Muller path, larger ones the block path with its tail.
    Generator g =
        new Generator(seed).normalPath(lecture ? NormalPath.LECTURE : NormalPath.TORCH_X86);
    float[] f = new float[N];
    double[] d = new double[N];
    for (int off = 0; off < N; off += chunk) {
      int n = Math.min(chunk, N - off);
      g.normal(f, off, n, mean, std);
      g.normal(d, off, n, mean, std);
    }
    NormalDistribution dist = new NormalDistribution(mean, std);
    double pf = ksP(dist, widen(f));
    double pd = ksP(dist, d);
    assertTrue(pf > ALPHA && pd > ALPHA, "float p=" + pf + ", double p=" + pd);
  }

  @Property(tries = 10)
  void exponentialIsExponential(
      @ForAll long seed, @ForAll @DoubleRange(min = 0.2, max = 5) double lambd) {
    float[] f = new float[N];
    new Generator(seed).exponential(f, 0, N, lambd);
    double p = ksP(new ExponentialDistribution(1 / lambd), widen(f));
    assertTrue(p > ALPHA, "p=" + p);
  }

  @Property(tries = 10)
  void randintIsUniformOverTheRange(
      @ForAll long seed,
      @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long low,
      @ForAll @IntRange(min = 2, max = 50) int range,
      @ForAll boolean wide) {
    // "wide" spreads the buckets over a range of 2^40 to take the 64-bit path.
    long scale = wide ? (1L << 40) / range : 1;
    long[] v = new long[N];
    new Generator(seed).randint(v, 0, N, low, low + range * scale);
    long[] counts = new long[range];
    for (long x : v) {
      counts[(int) ((x - low) / scale)]++;
    }
    double[] expected = new double[range];
    Arrays.fill(expected, (double) N / range);
    double p = new ChiSquareTest().chiSquareTest(expected, counts);
    assertTrue(p > ALPHA, "p=" + p);
  }

  @Property(tries = 10)
  void multinomialFollowsTheProbabilities(
      @ForAll long seed, @ForAll @Size(min = 2, max = 8) float[] raw, @ForAll boolean replacement) {
    float[] w = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      w[i] = 0.2f + Math.abs(raw[i] % 5f); // positive, finite weights, unnormalised
    }
    double total = 0;
    for (float x : w) {
      total += x;
    }
    Generator g = new Generator(seed);
    long[] counts = new long[w.length];
    if (replacement) {
      for (long s : g.multinomial(w, 1, w.length, N, true)) {
        counts[(int) s]++;
      }
    } else {
      for (int i = 0; i < N / 4; i++) {
        counts[(int) g.multinomial(w, 1, w.length, 1, false)[0]]++;
      }
    }
    long n = Arrays.stream(counts).sum();
    double[] expected = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      expected[i] = n * w[i] / total;
    }
    double p = new ChiSquareTest().chiSquareTest(expected, counts);
    assertTrue(p > ALPHA, "p=" + p + " counts " + Arrays.toString(counts));
  }

  @Property(tries = 20)
  void randpermIsAPermutation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int n) {
    long[] p = new Generator(seed).randperm(n);
    long[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      assertTrue(sorted[i] == i, "not a permutation of 0.." + (n - 1));
    }
  }

  @Test
  void theTestsHavePower() {
    Generator g = new Generator(7);
    float[] f = new float[N];
    g.normal(f, 0, N, 0.0, 1.0);
    assertTrue(ksP(new NormalDistribution(0, 1.15), widen(f)) < ALPHA, "std off by 15%");
    assertTrue(ksP(new NormalDistribution(0.08, 1), widen(f)) < ALPHA, "mean off by 0.08");
    g.uniform(f, 0, N, 0.0, 1.0);
    assertTrue(ksP(new UniformRealDistribution(0, 0.97), widen(f)) < ALPHA, "range off by 3%");
    long[] v = new long[N];
    g.randint(v, 0, N, 0, 10);
    long[] counts = new long[10];
    for (long x : v) {
      counts[(int) x]++;
    }
    double[] skewed = new double[10];
    Arrays.fill(skewed, N / 10.0);
    skewed[0] *= 1.1;
    skewed[1] *= 0.9;
    assertTrue(new ChiSquareTest().chiSquareTest(skewed, counts) < ALPHA, "10% skew");
  }
}
