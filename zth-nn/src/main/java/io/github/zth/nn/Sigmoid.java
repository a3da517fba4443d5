package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/** The logistic function {@code 1 / (1 + exp(-x))}, elementwise, like {@code nn.Sigmoid}. */
public class Sigmoid extends Module {

  /** Creates the activation; it has no parameters. */
  public Sigmoid() {}

  /** Applies the function elementwise; any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return x.sigmoid();
  }
}
