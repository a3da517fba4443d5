package io.github.zth.nn;

import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;

/**
 * Cross-entropy of logits against class indices or class probabilities, torch's {@code
 * nn.CrossEntropyLoss} (without class weights); see {@link Losses#crossEntropy(Tensor, Tensor,
 * Reduction, long, double)}.
 */
public final class CrossEntropyLoss extends Loss {

  private final long ignoreIndex;
  private final double labelSmoothing;

  /** Mean over targets, ignore_index −100, no label smoothing: torch's defaults. */
  public CrossEntropyLoss() {
    this(Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX, 0.0);
  }

  /**
   * Creates the loss.
   *
   * @param reduction NONE, MEAN or SUM
   * @param ignoreIndex a target value that contributes nothing
   * @param labelSmoothing ε in [0, 1]
   * @throws IllegalArgumentException if ε is outside [0, 1]
   */
  public CrossEntropyLoss(Reduction reduction, long ignoreIndex, double labelSmoothing) {
    super(reduction);
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException(
          "CrossEntropyLoss: label_smoothing must be in [0, 1], got " + labelSmoothing);
    }
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  /**
   * Computes the loss.
   *
   * @param input logits (N, C), (N, C, d…) or (C)
   * @param target INT64 class indices (N), (N, d…) or (), or class probabilities shaped like the
   *     input
   * @return the loss
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.crossEntropy(input, target, reduction(), ignoreIndex, labelSmoothing);
  }

  @Override
  protected String extraRepr() {
    return (ignoreIndex != Losses.DEFAULT_IGNORE_INDEX ? ", ignore_index=" + ignoreIndex : "")
        + (labelSmoothing != 0 ? ", label_smoothing=" + labelSmoothing : "");
  }
}
