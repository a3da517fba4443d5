package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zth.autograd.random.Generator;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The fused optimizer updates' own contract (their numbers are checked bit for bit against torch by
 * zth-nn's optimizer goldens): a strided parameter gets the update a contiguous one gets, versions
 * are bumped, and mismatched state is refused.
 */
class ParameterUpdatesTest {

  @Property(tries = 20)
  void aTransposedParameterGetsTheContiguousUpdate(
      @ForAll @IntRange(min = 1, max = 6) int rows,
      @ForAll @IntRange(min = 1, max = 6) int cols,
      @ForAll boolean decoupled,
      @ForAll @IntRange(min = 0, max = 999) int seed) {
    Generator g = new Generator(seed);
    Tensor w = Tensor.randn(g, cols, rows);
    Tensor grad = Tensor.randn(g, rows, cols);
    Tensor strided = w.clone().T(); // (rows, cols), column-major
    Tensor plain = w.T().contiguous();
    Tensor[] m = {Tensor.zeros(rows, cols), Tensor.zeros(rows, cols)};
    Tensor[] v = {Tensor.zeros(rows, cols), Tensor.zeros(rows, cols)};
    for (int step = 1; step <= 3; step++) {
      ParameterUpdates.adam_(
          strided, grad, m[0], v[0], null, step, 1e-2, 0.9, 0.99, 1e-8, 0.1, decoupled);
      ParameterUpdates.adam_(
          plain, grad, m[1], v[1], null, step, 1e-2, 0.9, 0.99, 1e-8, 0.1, decoupled);
    }
    assertArrayEquals(plain.toFloatArray(), strided.contiguous().toFloatArray());
    assertArrayEquals(m[1].toFloatArray(), m[0].toFloatArray());
  }

  @Example
  void anUpdateBumpsTheVersionSoBackwardNoticesIt() {
    Tensor p = Tensor.ones(3);
    int before = p.version();
    ParameterUpdates.sgd_(p, Tensor.ones(3), null, false, 0.5, 0, 0, false);
    assertEquals(before + 1, p.version());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, p.toFloatArray());
  }

  @Example
  void mismatchedStateIsRefused() {
    Tensor p = Tensor.ones(2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParameterUpdates.rmsprop_(
                    p, Tensor.ones(3, 2), Tensor.zeros(2, 3), null, null, 0.1, 0.99, 1e-8, 0, 0));
    assertEquals(
        "rmsprop_: expected FLOAT32 [2, 3] like the parameter, got FLOAT32 [3, 2]", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ParameterUpdates.adam_(
                p,
                Tensor.ones(2, 3),
                Tensor.zeros(2, 3),
                Tensor.zeros(DType.FLOAT64, 2, 3),
                null,
                1,
                0.1,
                0.9,
                0.99,
                1e-8,
                0,
                true));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ParameterUpdates.adam_(
                p,
                Tensor.ones(2, 3),
                Tensor.zeros(2, 3),
                Tensor.zeros(2, 3),
                null,
                0,
                0.1,
                0.9,
                0.99,
                1e-8,
                0,
                true));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ParameterUpdates.sgd_(
                p, Tensor.ones(2, 3), Tensor.zeros(3, 2).T(), false, 0.1, 0, 0.9, false));
  }

  @Example
  void clipGradNormScalesOnlyAboveTheLimit() {
    Tensor a = Tensor.fromArray(new float[] {3, 0}, 2);
    Tensor b = Tensor.fromArray(new float[] {4}, 1);
    assertEquals(5.0, ParameterUpdates.clipGradNorm_(Arrays.asList(a, null, b), 10.0), 1e-12);
    assertArrayEquals(new float[] {3, 0}, a.toFloatArray());
    assertEquals(5.0, ParameterUpdates.clipGradNorm_(List.of(a, b), 1.0), 1e-12);
    assertEquals(1.0, Math.hypot(a.toFloatArray()[0], b.toFloatArray()[0]), 1e-6);
  }
}
