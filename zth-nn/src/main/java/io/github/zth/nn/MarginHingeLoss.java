package io.github.zth.nn;

import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;

/**
 * micrograd's max-margin loss for binary labels ±1, {@code mean(relu(margin − y · score))} with
 * margin 1 by default, the loss of micrograd's moons demo. torch has no loss of this form (its
 * {@code HingeEmbeddingLoss} treats the two labels differently), hence the name. See {@link
 * Losses#marginHinge(Tensor, Tensor, double, Reduction)}.
 *
 * <pre>{@code
 * Tensor loss = new MarginHingeLoss().forward(model.forward(x).squeeze(1), y); // y in {-1, +1}
 * }</pre>
 */
public final class MarginHingeLoss extends Loss {

  private final double margin;

  /** Margin 1, mean over the batch: micrograd's loss. */
  public MarginHingeLoss() {
    this(1.0, Reduction.MEAN);
  }

  /**
   * Creates the loss.
   *
   * @param margin the margin, finite
   * @param reduction NONE, MEAN or SUM
   * @throws IllegalArgumentException if the margin is not finite
   */
  public MarginHingeLoss(double margin, Reduction reduction) {
    super(reduction);
    if (!Double.isFinite(margin)) {
      throw new IllegalArgumentException("MarginHingeLoss: margin must be finite, got " + margin);
    }
    this.margin = margin;
  }

  /**
   * Computes the loss.
   *
   * @param input scores, any shape
   * @param target labels −1 or +1, the same shape
   * @return the loss
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.marginHinge(input, target, margin, reduction());
  }

  @Override
  protected String extraRepr() {
    return margin != 1 ? ", margin=" + margin : "";
  }
}
