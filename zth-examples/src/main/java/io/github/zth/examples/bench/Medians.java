package io.github.zth.examples.bench;

import java.util.Arrays;

/** The summaries the benchmarks report over their timed samples. */
final class Medians {
  private Medians() {}

  /** The median, the mean of the two middle samples for an even count; the input is not changed. */
  static double of(double[] samples) {
    double[] s = samples.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** The smallest sample. */
  static double min(double[] samples) {
    return Arrays.stream(samples).min().orElseThrow();
  }
}
