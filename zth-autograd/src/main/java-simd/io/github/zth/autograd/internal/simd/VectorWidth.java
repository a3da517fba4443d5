package io.github.zth.autograd.internal.simd;

import io.github.zth.autograd.KernelSettings;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species of the Vector API kernels, fixed for the life of the JVM. It has to be a
 * {@code static final} constant: C2 compiles a Vector API call to SIMD instructions only when it
 * can see the species as a constant, and runs the boxed Java fallback ({@code FloatVector.ldOp},
 * {@code bOpTemplate}, ...) otherwise. That is why a width is chosen per JVM ({@code
 * -Dzth.vectorBits}) and not per kernel object.
 */
final class VectorWidth {
  /** The reductions' fixed layout has 16 float lanes (512 bits); no kernel species is wider. */
  static final int MAX_BITS = 512;

  static final VectorSpecies<Float> FLOAT = species();

  private VectorWidth() {}

  private static VectorSpecies<Float> species() {
    int bits = KernelSettings.vectorBitsProperty();
    if (bits == 0) {
      bits = Math.min(MAX_BITS, FloatVector.SPECIES_PREFERRED.vectorBitSize());
    }
    return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
  }
}
