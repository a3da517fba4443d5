package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Loss gradients against central differences in FLOAT64, the loss objects, and errors at the
 * boundary.
 */
class LossesTest {

  static long[] targets(Random r, int n, int classes, long ignoreIndex) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = r.nextInt(4) == 0 ? ignoreIndex : r.nextInt(classes);
    }
    // one target is kept, or the mean is 0/0 (ignoreIndex is -100 or a class of at least two)
    t[0] = ignoreIndex >= 0 ? (ignoreIndex + 1) % classes : r.nextInt(classes);
    return t;
  }

  @Property(tries = 25)
  void classIndexLosses(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll @IntRange(min = 1, max = 4) int c,
      @ForAll @IntRange(min = 0, max = 2) int spatial,
      @ForAll Reduction red,
      @ForAll @DoubleRange(min = 0, max = 1) double ls) {
    Random r = new Random(seed);
    long ignore = c == 1 || r.nextBoolean() ? Losses.DEFAULT_IGNORE_INDEX : r.nextInt(c);
    boolean threeD = spatial > 0;
    Tensor x = LayerGradTest.rand(r, -3, 3, threeD ? new int[] {n, c, spatial} : new int[] {n, c});
    Tensor y =
        threeD
            ? Tensor.fromArray(targets(r, n * spatial, c, ignore), n, spatial)
            : Tensor.fromArray(targets(r, n, c, ignore), n);
    GradCheck.assertGradients(a -> Losses.crossEntropy(a.get(0), y, red, ignore, ls), x);
    GradCheck.assertGradients(a -> Losses.nllLoss(a.get(0).logSoftmax(1), y, red, ignore), x);
  }

  @Property(tries = 25)
  void mseAndMarginHinge(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int a,
      @ForAll @IntRange(min = 1, max = 4) int b,
      @ForAll Reduction red) {
    Random r = new Random(seed);
    Tensor x = LayerGradTest.rand(r, -2, 2, a, b);
    GradCheck.assertGradients(
        in -> Losses.mseLoss(in.get(0), in.get(1), red), x, LayerGradTest.rand(r, -2, 2, a, b));
    double[] s = x.toDoubleArray();
    double[] y = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      y[i] = r.nextBoolean() ? 1 : -1;
      if (Math.abs(Math.abs(s[i]) - 1) < 0.05) {
        s[i] += 0.2; // away from the kink at y * score == 1
      }
    }
    Tensor labels = Tensor.fromArray(y, a, b);
    GradCheck.assertGradients(
        in -> Losses.marginHinge(in.get(0), labels, 1.0, red), Tensor.fromArray(s, a, b));
  }

  @Test
  void marginHingeIsMicrogradsLoss() {
    Tensor score = Tensor.of(2.0, -0.5, 0.25, -3.0);
    Tensor y = Tensor.of(1.0, 1.0, -1.0, -1.0);
    // relu(1 - y*s): 0, 1.5, 1.25, 0 -> mean 0.6875
    assertEquals(0.6875, Losses.marginHinge(score, y).item(), 1e-15);
    assertEquals(0.6875, new MarginHingeLoss().forward(score, y).item(), 1e-15);
  }

  @Test
  void labelSmoothingOneIsTheMeanOverClasses() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {0.5, -1, 2}});
    Tensor y = Tensor.of(2L, 0L);
    double expected = x.logSoftmax(1).neg().mean().item();
    assertEquals(expected, Losses.crossEntropy(x, y, Reduction.MEAN, -100, 1.0).item(), 1e-14);
    assertEquals(Losses.crossEntropy(x, y).item(), new CrossEntropyLoss().forward(x, y).item(), 0);
  }

  @Test
  void lossObjectsPrintLikeTorch() {
    assertEquals("CrossEntropyLoss(reduction=mean)", new CrossEntropyLoss().toString());
    assertEquals(
        "CrossEntropyLoss(reduction=sum, ignore_index=0, label_smoothing=0.1)",
        new CrossEntropyLoss(Reduction.SUM, 0, 0.1).toString());
    assertEquals("NLLLoss(reduction=none)", new NLLLoss(Reduction.NONE, -100).toString());
    assertEquals("MSELoss(reduction=mean)", new MSELoss().toString());
    assertEquals(
        "MarginHingeLoss(reduction=mean, margin=0.5)",
        new MarginHingeLoss(0.5, Reduction.MEAN).toString());
  }

  @Test
  void badInputsNameTheOperation() {
    Tensor x = Tensor.zeros(3, 4);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Losses.crossEntropy(x, Tensor.of(0L, 4L, 1L)));
    assertEquals("crossEntropy: target 4 is out of bounds for 4 classes", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new NLLLoss().forward(x, Tensor.of(0L, -1L, 1L)));
    assertEquals("nllLoss: target -1 is out of bounds for 4 classes", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Losses.crossEntropy(x, Tensor.of(0L, 1L)));
    assertTrue(
        e.getMessage()
            .startsWith("crossEntropy: input of shape [3, 4] needs a target of shape [3], got [2]"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new CrossEntropyLoss(Reduction.MEAN, -100, 1.5));
    assertEquals("CrossEntropyLoss: label_smoothing must be in [0, 1], got 1.5", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.crossEntropy(Tensor.scalar(1.0), Tensor.of(0L)));
    assertEquals(
        "crossEntropy: expected input (N, C), (N, C, d...) or (C), got a scalar", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.mseLoss(Tensor.zeros(3, 1), Tensor.zeros(3)));
    assertEquals("mseLoss: input [3, 1] and target [3] must have the same shape", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.marginHinge(Tensor.zeros(2), Tensor.of(1.0, 0.0)));
    assertEquals("marginHinge: labels must be -1 or +1, got 0.0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Losses.nllLoss(Tensor.zeros(4), Tensor.of(1L)));
    assertEquals("nllLoss: unbatched input [4] needs a scalar target, got [1]", e.getMessage());
  }
}
