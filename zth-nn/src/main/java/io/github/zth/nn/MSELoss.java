package io.github.zth.nn;

import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;

/**
 * Mean squared error, torch's {@code nn.MSELoss}; input and target must have the same shape (see
 * {@link Losses#mseLoss(Tensor, Tensor, Reduction)}).
 */
public final class MSELoss extends Loss {

  /** The mean over all elements, torch's default. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  /**
   * Creates the loss.
   *
   * @param reduction NONE, MEAN or SUM
   */
  public MSELoss(Reduction reduction) {
    super(reduction);
  }

  /**
   * Computes the loss.
   *
   * @param input predictions, any shape
   * @param target the same shape
   * @return the loss
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.mseLoss(input, target, reduction());
  }
}
