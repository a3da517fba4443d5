package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import java.util.Arrays;

/**
 * A skip connection around a module: {@code y = x + f(x)}, the pattern of a pre-norm transformer
 * block ({@code x = x + attn(ln_1(x))}).
 *
 * <pre>{@code
 * Module block = new Sequential(
 *     new Residual(new Sequential(new LayerNorm(64), new Linear(64, 256), new GELU(), new Linear(256, 64))),
 *     new Residual(new Sequential(new LayerNorm(64), new Linear(64, 256), new GELU(), new Linear(256, 64))));
 * }</pre>
 *
 * <p>The inner module is registered as {@code "fn"}, so its parameters appear as {@code fn.…}.
 */
public final class Residual extends Module {

  private final Module fn;

  /**
   * Wraps a module whose output has the shape of its input.
   *
   * @param fn the residual branch
   */
  public Residual(Module fn) {
    this.fn = registerModule("fn", fn);
  }

  /**
   * Returns the residual branch.
   *
   * @return the wrapped module
   */
  public Module fn() {
    return fn;
  }

  /**
   * Adds the branch's output to its input.
   *
   * @throws IllegalArgumentException if the branch changes the shape
   */
  @Override
  public Tensor forward(Tensor x) {
    Tensor y = fn.forward(x);
    if (!Arrays.equals(x.shape(), y.shape())) {
      // No broadcasting here: a branch that changes the shape is a wiring mistake, not a feature.
      throw new IllegalArgumentException(
          "Residual.forward: branch "
              + fn.getClass().getSimpleName()
              + " maps shape "
              + Arrays.toString(x.shape())
              + " to "
              + Arrays.toString(y.shape())
              + "; expected the input's shape");
    }
    return x.add(y);
  }
}
