package io.github.zth.autograd.micrograd;

import io.github.zth.autograd.random.PythonRandom;
import java.util.random.RandomGenerator;

/**
 * CPython's {@code random} module seen as a {@link RandomGenerator}, so {@code nextDouble(-1, 1)}
 * is exactly {@code random.uniform(-1, 1)}: micrograd's weight initialisation.
 */
final class PythonUniform implements RandomGenerator {
  private final PythonRandom rng;

  PythonUniform(PythonRandom rng) {
    this.rng = rng;
  }

  @Override
  public long nextLong() {
    return rng.getrandbits(64);
  }

  @Override
  public double nextDouble() {
    return rng.random();
  }

  @Override
  public double nextDouble(double origin, double bound) {
    return rng.uniform(origin, bound);
  }
}
