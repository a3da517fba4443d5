package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/**
 * Merges a range of dimensions into one, like {@code nn.Flatten}: by default all but the batch
 * dimension, (B, …) → (B, product of the rest).
 */
public class Flatten extends Module {

  private final int startDim;
  private final int endDim;

  /** Flattens dimensions 1 through the last. */
  public Flatten() {
    this(1, -1);
  }

  /**
   * Flattens dimensions {@code startDim..endDim} inclusive (negative counts from the end).
   *
   * @param startDim first dimension to merge
   * @param endDim last dimension to merge
   */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /** See the class comment. */
  @Override
  public Tensor forward(Tensor x) {
    return x.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
