package example;

import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.optim.AdamW;

/**
 * Trains the README's {@link SiLUMlp} for a few steps, as a user's program would, and exits non-zero
 * unless the loss falls: the custom op's backward must drive real training, not only pass GradCheck.
 */
public final class Train {
  private Train() {}

  public static void main(String[] args) {
    Generator g = new Generator(42);
    SiLUMlp mlp = new SiLUMlp(3, 8, 2, g);
    Tensor x = Tensor.randn(g, 16, 3);
    Tensor target = Tensor.randn(g, 16, 2);
    AdamW opt = new AdamW(mlp.parameters(), 0.01, 0.0);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 50; step++) {
      Tensor loss = mlp.forward(x).sub(target).pow(2).mean();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      last = loss.item();
      if (step == 0) {
        first = last;
      }
    }
    double evalLoss = GradMode.noGrad(() -> mlp.forward(x).sub(target).pow(2).mean().item());
    if (!(last < first) || !(evalLoss < first)) {
      System.err.println("consumer check: loss did not fall (" + first + " -> " + last + ", eval " + evalLoss + ")");
      System.exit(1);
    }
    System.out.printf("loss_first: %.4f%nloss_last: %.4f%nloss_eval: %.4f%n", first, last, evalLoss);
  }
}
