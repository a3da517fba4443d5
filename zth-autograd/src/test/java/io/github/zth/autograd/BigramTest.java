package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import org.junit.jupiter.api.Test;

/** Lecture 2's neural bigram step, end to end on zth tensors. */
@SuppressWarnings("try") // GradMode guards are used for their scope, like torch.no_grad()
class BigramTest {
  private static final Tensor XS = Tensor.of(0L, 5L, 13L, 13L, 1L); // ".emma"
  private static final Tensor YS = Tensor.of(5L, 13L, 13L, 1L, 0L); // "emma."

  private static Tensor loss(Tensor w) {
    Tensor xenc = Tensor.oneHot(XS, 27).to(DType.FLOAT32); // (5, 27)
    Tensor logits = xenc.matmul(w); // (5, 27) log-counts
    Tensor counts = logits.exp();
    Tensor probs = counts.div(counts.sum(1, true));
    return probs.index(Tensor.arange(5), YS).log().mean().neg();
  }

  @Test
  void firstLossMatchesTheLecture() {
    Generator g = new Generator(2147483647L);
    Tensor w = Tensor.randn(g, 27, 27).requiresGrad(true);
    String[] golden = GoldenTest.resource("bigram.txt").split("\n");
    double[] torchW =
        java.util.Arrays.stream(golden[2].substring(2).split(" "))
            .mapToDouble(Double::parseDouble)
            .toArray();
    assertArrayEquals(torchW, w.toDoubleArray(), 0.0, "randn((27, 27), generator=g) stream");
    Tensor l = loss(w);
    assertEquals(golden[1].substring(6), String.format("%.4f", l.item()));
    assertEquals(Double.parseDouble(golden[0].substring(5)), l.item(), 2e-6);
    assertEquals("3.7693", String.format("%.4f", l.item()));
  }

  @Test
  void gradientDescentFollowsTorchsTrajectory() {
    Generator g = new Generator(2147483647L);
    Tensor w = Tensor.randn(g, 27, 27).requiresGrad(true);
    String line = GoldenTest.resource("bigram.txt").split("\n")[3];
    double[] torchLosses =
        java.util.Arrays.stream(line.substring(6).split(" "))
            .mapToDouble(Double::parseDouble)
            .toArray();
    for (int step = 0; step < torchLosses.length; step++) {
      Tensor l = loss(w);
      assertEquals(torchLosses[step], l.item(), 1e-3 * torchLosses[step], "loss at step " + step);
      w.zeroGrad();
      l.backward();
      try (var off = GradMode.disabled()) {
        w.sub_(w.grad().mul(50)); // W.data += -50 * W.grad
      }
    }
    assertTrue(torchLosses[1] < torchLosses[0] / 10, "the first update lowers the loss");
  }

  @Test
  void smallStepsLowerTheLossEveryStep() {
    Tensor w = Tensor.randn(new Generator(42), 27, 27).requiresGrad(true);
    double last = Double.POSITIVE_INFINITY;
    for (int step = 0; step < 20; step++) {
      Tensor l = loss(w);
      assertTrue(
          l.item() < last, "step " + step + ": loss " + l.item() + " did not drop below " + last);
      last = l.item();
      w.zeroGrad();
      l.backward();
      try (var off = GradMode.disabled()) {
        w.sub_(w.grad().mul(2));
      }
    }
  }

  @Test
  void fusedCrossEntropyAgreesWithTheHandWrittenLoss() {
    Tensor w = Tensor.randn(new Generator(7), 27, 27).requiresGrad(true);
    Tensor byHand = loss(w);
    Tensor fused = Tensor.oneHot(XS, 27).to(DType.FLOAT32).matmul(w).crossEntropy(YS);
    assertEquals(byHand.item(), fused.item(), 1e-5);
  }
}
