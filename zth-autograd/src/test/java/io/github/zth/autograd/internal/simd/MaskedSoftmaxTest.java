package io.github.zth.autograd.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Softmax over rows with -inf entries, the causal mask written as {@code maskedFill(mask, -inf)}:
 * the masked probabilities are exactly 0 (not exp's smallest normal over the row sum, 5.3e-39) and
 * the gradient is finite, as in torch. It lives with the kernel tests so the surefire runs check it
 * on the scalar path and at 128, 256 and 512 bits.
 */
class MaskedSoftmaxTest {

  @Property(tries = 20)
  void maskedEntriesAreExactlyZeroAndTheGradientIsFinite(
      @ForAll @IntRange(min = 1, max = 40) int t, @ForAll long seed) {
    Tensor scores = Tensor.randn(new Generator(seed), 2, t, t).mul(3.0).requiresGrad(true);
    Tensor future = Tensor.arange(t).unsqueeze(0).gt(Tensor.arange(t).unsqueeze(1)); // j > i
    Tensor p = scores.maskedFill(future, Double.NEGATIVE_INFINITY).softmax(-1);
    Tensor w = Tensor.randn(new Generator(seed + 1), 2, t, t);
    p.mul(w).sum().backward();

    float[] probs = p.detach().toFloatArray();
    float[] grad = scores.grad().toFloatArray();
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < t; i++) {
        double rowSum = 0;
        for (int j = 0; j < t; j++) {
          int k = (b * t + i) * t + j;
          assertTrue(Float.isFinite(grad[k]), "grad[" + b + "," + i + "," + j + "] = " + grad[k]);
          if (j > i) {
            assertEquals(0, Float.floatToRawIntBits(probs[k]), "p[" + i + "," + j + "]");
            assertEquals(0f, grad[k], 0f, "a masked score gets no gradient");
          } else {
            assertTrue(probs[k] > 0f, "p[" + i + "," + j + "] = " + probs[k]);
          }
          rowSum += probs[k];
        }
        assertEquals(1.0, rowSum, 1e-5, "row " + i);
      }
    }
  }
}
