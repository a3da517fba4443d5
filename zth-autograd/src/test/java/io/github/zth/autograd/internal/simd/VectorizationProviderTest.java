package io.github.zth.autograd.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The provider's decision on each JDK and mode, and the reason its start-up line gives. */
class VectorizationProviderTest {

  @Test
  void autoKeepsTheVectorPathOffBelowTheValidatedJdk() {
    var c = VectorizationProvider.choose(VectorizationProvider.VALIDATED_FROM - 1, "auto");
    assertEquals("scalar", c.kernels().name());
    assertTrue(c.line().startsWith("zth: JDK " + Runtime.version()), c.line());
    assertTrue(
        c.line().contains("on by default from JDK " + VectorizationProvider.VALIDATED_FROM),
        c.line());
    assertTrue(c.line().contains("-Dzth.simd=vector"), c.line());
  }

  @Test
  void scalarModeIsScalarOnEveryJdk() {
    var c = VectorizationProvider.choose(99, "scalar");
    assertEquals("scalar", c.kernels().name());
    assertTrue(c.line().endsWith("kernels: scalar (-Dzth.simd=scalar)"), c.line());
  }

  @Test
  void vectorModeForcesThePathWhereverTheModuleIs() {
    var c = VectorizationProvider.choose(17, "vector");
    if (VectorizationProvider.vector().isPresent()) {
      assertEquals("vector", c.kernels().name());
      assertTrue(
          c.line().contains("kernels: vector, " + c.kernels().vectorBits() + "-bit"), c.line());
    } else {
      assertEquals("scalar", c.kernels().name());
      assertTrue(c.line().contains("--add-modules jdk.incubator.vector"), c.line());
    }
  }
}
