package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/** The hyperbolic tangent, elementwise, like {@code nn.Tanh}. */
public class Tanh extends Module {

  /** Creates the activation; it has no parameters. */
  public Tanh() {}

  /** Applies the function elementwise; any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return x.tanh();
  }
}
