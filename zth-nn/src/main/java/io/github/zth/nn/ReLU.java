package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/** {@code max(x, 0)}, elementwise, like {@code nn.ReLU}. */
public class ReLU extends Module {

  /** Creates the activation; it has no parameters. */
  public ReLU() {}

  /** Applies the function elementwise; any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return x.relu();
  }
}
