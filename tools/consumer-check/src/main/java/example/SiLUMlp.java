package example;

import io.github.zth.autograd.Function;
import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;

/** A two-layer perceptron whose activation is a custom op with a hand-written backward. */
public final class SiLUMlp extends Module {
  /** SiLU, x·σ(x); its derivative is σ(x)·(1 + x·(1 − σ(x))). */
  public static final Function SILU = Function.unary("SiLU",
      (ctx, x) -> {
        Tensor s = x.sigmoid();
        ctx.saveForBackward(x, s);
        return x.mul(s);
      },
      (ctx, g) -> g.mul(ctx.saved(1).mul(ctx.saved(0).mul(ctx.saved(1).rsub(1.0)).add(1.0))));

  private final Linear fc1;
  private final Linear fc2;

  public SiLUMlp(int in, int hidden, int out, Generator g) {
    fc1 = registerModule("fc1", new Linear(in, hidden, true, g));
    fc2 = registerModule("fc2", new Linear(hidden, out, true, g));
  }

  @Override
  public Tensor forward(Tensor x) {
    return fc2.forward(SILU.apply(fc1.forward(x))); // (B, in) -> (B, out)
  }
}
