package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/** Softmax along one dimension, like {@code nn.Softmax(dim)}. */
public class Softmax extends Module {

  private final int dim;

  /**
   * Creates the layer.
   *
   * @param dim the dimension that sums to 1 (negative counts from the end)
   */
  public Softmax(int dim) {
    this.dim = dim;
  }

  /** Same shape as the input. */
  @Override
  public Tensor forward(Tensor x) {
    return x.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
