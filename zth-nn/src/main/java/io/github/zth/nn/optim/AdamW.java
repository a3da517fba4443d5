package io.github.zth.nn.optim;

import io.github.zth.autograd.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay, torch's {@code optim.AdamW} (single-tensor form):
 *
 * <pre>
 * p  ← p·(1 − lr·wd)                       decay first, not through the gradient
 * m  ← β1·m + (1 − β1)·g
 * v  ← β2·v + (1 − β2)·g²                  v̂ ← max(v̂, v) with amsgrad, used below in place of v
 * p  ← p − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * </pre>
 *
 * with {@code t} counted per parameter from 1. With weight decay 0 in every group this is {@link
 * Adam}. nanoGPT decays only the matrices and embeddings:
 *
 * <pre>{@code
 * AdamW opt = new AdamW(ParamGroup.splitByRank(model.parameters(), 0.1), 6e-4, 0.9, 0.95, 1e-8);
 * }</pre>
 *
 * <p>Its state dict holds, per parameter, {@code step}, {@code exp_avg}, {@code exp_avg_sq} (and
 * {@code max_exp_avg_sq} with amsgrad), torch's names.
 */
public final class AdamW extends AdamBase {

  /**
   * AdamW over one group, with torch's defaults β = (0.9, 0.999), eps 1e-8.
   *
   * @param params the parameters
   * @param lr the learning rate
   * @param weightDecay the decoupled decay (torch's default is 0.01)
   * @throws IllegalArgumentException on out-of-range arguments
   */
  public AdamW(List<Tensor> params, double lr, double weightDecay) {
    this(List.of(new ParamGroup(params, weightDecay)), lr, 0.9, 0.999, 1e-8);
  }

  /**
   * AdamW over parameter groups (each with its own decay and, optionally, learning rate).
   *
   * @param groups the groups, e.g. {@link ParamGroup#splitByRank}
   * @param lr the learning rate of the groups that do not name their own
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, positive
   * @throws IllegalArgumentException on out-of-range arguments
   */
  public AdamW(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps) {
    this(groups, lr, beta1, beta2, eps, false);
  }

  /**
   * AdamW over parameter groups, optionally with the AMSGrad variant (the largest second moment
   * seen so far in the denominator).
   *
   * @param lr the learning rate of the groups that do not name their own
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, positive
   * @param amsgrad whether to use AMSGrad
   * @throws IllegalArgumentException on out-of-range arguments
   */
  public AdamW(
      List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, boolean amsgrad) {
    super(groups, lr, beta1, beta2, eps, amsgrad, true);
  }
}
