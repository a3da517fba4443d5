package io.github.zth.nn.optim;

import io.github.zth.autograd.Tensor;
import java.util.List;

/**
 * Parameters that share a weight decay and a learning rate, like one of torch's {@code
 * param_groups}. nanoGPT makes two: matrices and embeddings (rank ≥ 2) with decay, biases and norm
 * gains (rank &lt; 2) without; see {@link #splitByRank(List, double)}.
 *
 * <pre>{@code
 * // torch: SGD([{'params': weights, 'weight_decay': 1e-3}, {'params': biases, 'lr': 0.05}], lr=0.1, momentum=0.9)
 * new SGD(List.of(new ParamGroup(weights, 1e-3), new ParamGroup(biases, 0.0).withLr(0.05)), 0.1, 0.9, false);
 * }</pre>
 *
 * <p>Other hyper-parameters (betas, momentum, eps, ...) are the optimizer's, shared by its groups.
 *
 * @param params the parameters (floating-point leaves)
 * @param weightDecay the decay for this group, non-negative
 * @param lr this group's initial learning rate, or NaN to take the optimizer's (torch's default
 *     when a group has no {@code 'lr'} key)
 */
public record ParamGroup(List<Tensor> params, double weightDecay, double lr) {

  /**
   * Copies the list and checks the decay and rate.
   *
   * @throws IllegalArgumentException if the decay or rate is negative or infinite
   */
  public ParamGroup {
    params = List.copyOf(params);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "ParamGroup: weight decay must be finite and non-negative, got " + weightDecay);
    }
    if (!Double.isNaN(lr) && (!(lr >= 0) || Double.isInfinite(lr))) {
      throw new IllegalArgumentException(
          "ParamGroup: learning rate must be finite and non-negative (or NaN for the optimizer's), got "
              + lr);
    }
  }

  /**
   * A group that takes the optimizer's learning rate.
   *
   * @param params the parameters
   * @param weightDecay the decay, non-negative
   * @throws IllegalArgumentException if the decay is negative or not finite
   */
  public ParamGroup(List<Tensor> params, double weightDecay) {
    this(params, weightDecay, Double.NaN);
  }

  /**
   * Returns a copy of this group with its own initial learning rate.
   *
   * @param groupLr the rate, finite and non-negative
   * @return the new group
   * @throws IllegalArgumentException if the rate is negative or not finite
   */
  public ParamGroup withLr(double groupLr) {
    if (Double.isNaN(groupLr)) {
      throw new IllegalArgumentException(
          "ParamGroup.withLr: learning rate must be finite and non-negative, got NaN");
    }
    return new ParamGroup(params, weightDecay, groupLr);
  }

  /**
   * nanoGPT's {@code configure_optimizers} split: rank ≥ 2 parameters decay by {@code weightDecay},
   * the others do not.
   *
   * @param params the model's parameters
   * @param weightDecay the decay for the matrices
   * @return two groups, decayed first
   */
  public static List<ParamGroup> splitByRank(List<Tensor> params, double weightDecay) {
    List<Tensor> decay = params.stream().filter(p -> p.dim() >= 2).toList();
    List<Tensor> noDecay = params.stream().filter(p -> p.dim() < 2).toList();
    return List.of(new ParamGroup(decay, weightDecay), new ParamGroup(noDecay, 0.0));
  }
}
