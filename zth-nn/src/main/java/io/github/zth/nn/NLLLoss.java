package io.github.zth.nn;

import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;

/**
 * Negative log-likelihood of log-probabilities against class indices, torch's {@code nn.NLLLoss}
 * (without class weights); see {@link Losses#nllLoss(Tensor, Tensor, Reduction, long)}.
 */
public final class NLLLoss extends Loss {

  private final long ignoreIndex;

  /** Mean over targets, ignore_index −100: torch's defaults. */
  public NLLLoss() {
    this(Reduction.MEAN, Losses.DEFAULT_IGNORE_INDEX);
  }

  /**
   * Creates the loss.
   *
   * @param reduction NONE, MEAN or SUM
   * @param ignoreIndex a target value that contributes nothing
   */
  public NLLLoss(Reduction reduction, long ignoreIndex) {
    super(reduction);
    this.ignoreIndex = ignoreIndex;
  }

  /**
   * Computes the loss.
   *
   * @param input log-probabilities (N, C), (N, C, d…) or (C)
   * @param target INT64 class indices (N), (N, d…) or ()
   * @return the loss
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.nllLoss(input, target, reduction(), ignoreIndex);
  }

  @Override
  protected String extraRepr() {
    return ignoreIndex != Losses.DEFAULT_IGNORE_INDEX ? ", ignore_index=" + ignoreIndex : "";
  }
}
