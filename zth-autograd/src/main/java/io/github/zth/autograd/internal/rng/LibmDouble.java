package io.github.zth.autograd.internal.rng;

/**
 * The double {@code log}/{@code sin}/{@code cos} that torch's double-precision kernels call (scalar
 * Box-Muller, float64 normals, {@code exponential_}). Torch gets them from the platform C library;
 * this class is the single place that decides what stands in for it.
 */
final class LibmDouble {
  private LibmDouble() {}

  static double log(double x) {
    return StrictMath.log(x);
  }

  static double sin(double x) {
    return StrictMath.sin(x);
  }

  static double cos(double x) {
    return StrictMath.cos(x);
  }
}
