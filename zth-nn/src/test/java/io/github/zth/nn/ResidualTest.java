package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResidualTest {

  @Property(tries = 10)
  void gradientsOfABranchAndItsSkip(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int b,
      @ForAll @IntRange(min = 2, max = 4) int d) {
    Generator g = new Generator(seed);
    Residual r =
        new Residual(
            new Sequential(
                new LayerNorm(d),
                new Linear(d, 2 * d, true, g),
                new Tanh(),
                new Linear(2 * d, d, true, g)));
    ModuleGradCheck.assertGradients(r, LayerGradTest.rand(new Random(seed), -1, 1, b, d));
  }

  @Test
  void addsTheBranchToItsInput() {
    Generator g = new Generator(7);
    Linear lin = new Linear(3, 3, false, g);
    Residual r = new Residual(lin);
    Tensor x = Tensor.fromArray(new float[] {1, -2, 0.5f}, 1, 3);
    assertArrayEquals(x.add(lin.forward(x)).toFloatArray(), r.forward(x).toFloatArray());
    List<String> names = r.namedParameters().keySet().stream().toList();
    assertEquals(List.of("fn.weight"), names);
  }

  @Test
  void refusesABranchThatChangesTheShape() {
    Residual r = new Residual(new Linear(3, 2, false, new Generator(1)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.forward(Tensor.zeros(2, 3)));
    assertTrue(
        e.getMessage().contains("Residual.forward")
            && e.getMessage().contains("[2, 3]")
            && e.getMessage().contains("[2, 2]"),
        e.getMessage());
  }
}
