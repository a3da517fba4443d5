package io.github.zth.nn.optim;

import io.github.zth.autograd.Tensor;
import java.util.List;

/**
 * Parameters that share a weight decay, like one of torch's {@code param_groups}. nanoGPT makes two:
 * matrices and embeddings (rank ≥ 2) with decay, biases and norm gains (rank &lt; 2) without; see
 * {@link #splitByRank(List, double)}.
 *
 * @param params the parameters (floating-point leaves)
 * @param weightDecay the decay for this group, non-negative
 */
public record ParamGroup(List<Tensor> params, double weightDecay) {

    /**
     * Copies the list and checks the decay.
     *
     * @throws IllegalArgumentException if the decay is negative or not finite
     */
    public ParamGroup {
        params = List.copyOf(params);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("ParamGroup: weight decay must be finite and non-negative, got " + weightDecay);
        }
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
