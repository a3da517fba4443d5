package io.github.zth.nn.optim;

import io.github.zth.autograd.Tensor;
import java.util.List;

/**
 * torch's {@code optim.Adam} (single-tensor form): weight decay, if any, is L2 regularisation added
 * to the gradient ({@code g ← g + wd·p}), then
 *
 * <pre>
 * m  ← β1·m + (1 − β1)·g
 * v  ← β2·v + (1 − β2)·g²                  v̂ ← max(v̂, v) with amsgrad, used below in place of v
 * p  ← p − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * </pre>
 *
 * with {@code t} counted per parameter from 1. For decay that does not pass through the moments use
 * {@link AdamW}.
 *
 * <pre>{@code
 * Adam opt = new Adam(model.parameters(), 1e-3);
 * }</pre>
 *
 * <p>Its state dict holds, per parameter, {@code step}, {@code exp_avg}, {@code exp_avg_sq} (and
 * {@code max_exp_avg_sq} with amsgrad), torch's names.
 */
public final class Adam extends AdamBase {

  /**
   * Adam over one group without weight decay, with torch's defaults β = (0.9, 0.999), eps 1e-8.
   *
   * @param params the parameters
   * @param lr the learning rate
   * @throws IllegalArgumentException on a bad rate
   */
  public Adam(List<Tensor> params, double lr) {
    this(List.of(new ParamGroup(params, 0.0)), lr, 0.9, 0.999, 1e-8, false);
  }

  /**
   * Adam over parameter groups (each with its own L2 weight decay and, optionally, learning rate).
   *
   * @param lr the learning rate of the groups that do not name their own
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, positive
   * @param amsgrad whether to use AMSGrad (the largest second moment seen so far in the
   *     denominator)
   * @throws IllegalArgumentException on out-of-range arguments
   */
  public Adam(
      List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, boolean amsgrad) {
    super(groups, lr, beta1, beta2, eps, amsgrad, false);
  }
}
