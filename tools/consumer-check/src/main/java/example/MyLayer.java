package example;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Function;
import io.github.zth.autograd.Generator;
import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import java.util.List;

/**
 * What a zth user writes: a layer of their own with a hand-written backward (Swish, x·sigmoid(x)),
 * checked against finite differences, then trained for a few steps. Exits non-zero on any failure.
 */
public final class MyLayer {

  /** swish(x) = x·σ(x); d/dx = σ(x)·(1 + x·(1 − σ(x))). */
  static final class Swish extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      Tensor x = in[0];
      Tensor s = x.sigmoid();
      ctx.saveForBackward(x, s);
      return x.mul(s);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      Tensor x = ctx.savedTensors().get(0);
      Tensor s = ctx.savedTensors().get(1);
      Tensor local = s.mul(x.mul(s.rsub(1.0)).add(1.0));
      return new Tensor[] {grad.mul(local)};
    }
  }

  @SuppressWarnings("try") // the no-grad guard is used for its scope, as torch.no_grad() is
  public static void main(String[] args) {
    Generator g = new Generator(42);
    Tensor x = Tensor.randn(g, DType.FLOAT64, 4, 3);
    Tensor w = Tensor.randn(g, DType.FLOAT64, 3, 2);
    GradCheck.Result r = GradCheck.check(in -> new Swish().apply(in.get(0).matmul(in.get(1))).sum(), x, w);
    if (!r.passed()) {
      System.err.println("consumer check: Swish gradient is wrong: " + r.message());
      System.exit(1);
    }

    // A few steps of gradient descent through the custom layer must lower the loss.
    Tensor wf = Tensor.randn(g, 3, 2).requiresGrad(true);
    Tensor xf = Tensor.randn(g, 8, 3);
    Tensor target = Tensor.randn(g, 8, 2);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 20; step++) {
      Tensor loss = new Swish().apply(xf.matmul(wf)).sub(target).pow(2).mean();
      wf.zeroGrad();
      loss.backward();
      last = loss.item();
      if (step == 0) {
        first = last;
      }
      try (var off = GradMode.disabled()) {
        wf.sub_(wf.grad().mul(0.1));
      }
    }
    if (!(last < first)) {
      System.err.println("consumer check: loss did not fall (" + first + " -> " + last + ")");
      System.exit(1);
    }
    System.out.println("gradcheck: " + (r.passed() ? "passed" : "failed"));
    System.out.printf("loss_first: %.4f%nloss_last: %.4f%n", first, last);
    System.out.println("layers: " + List.of("Swish"));
  }
}
