package io.github.zth.nn.optim;

import io.github.zth.autograd.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay, torch's {@code optim.AdamW} (single-tensor form, amsgrad off):
 * <pre>
 * p  ← p·(1 − lr·wd)                       decay first, not through the gradient
 * m  ← β1·m + (1 − β1)·g
 * v  ← β2·v + (1 − β2)·g²
 * p  ← p − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * </pre>
 * with {@code t} counted per parameter from 1. With weight decay 0 in every group this is Adam.
 */
public final class AdamW extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<Tensor, State> state = new IdentityHashMap<>();

    private static final class State {
        final Tensor m;
        final Tensor v;
        long t;

        State(Tensor p) {
            m = Tensor.zeros(p.dtype(), p.shape());
            v = Tensor.zeros(p.dtype(), p.shape());
        }
    }

    /**
     * AdamW over one group, with torch's defaults β = (0.9, 0.999), eps 1e-8.
     *
     * @param params the parameters
     * @param lr the learning rate
     * @param weightDecay the decoupled decay (torch's default is 0.01)
     */
    public AdamW(List<Tensor> params, double lr, double weightDecay) {
        this(List.of(new ParamGroup(params, weightDecay)), lr, 0.9, 0.999, 1e-8);
    }

    /**
     * AdamW over parameter groups (each with its own decay).
     *
     * @param groups the groups, e.g. {@link ParamGroup#splitByRank}
     * @param lr the learning rate
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator, positive
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public AdamW(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps) {
        super(groups, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("AdamW: need betas in [0, 1) and eps > 0, got betas (" + beta1 + ", " + beta2 + "), eps " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    protected void update(Tensor p, Tensor grad, double weightDecay, double lr) {
        State s = state.computeIfAbsent(p, State::new);
        s.t++;
        if (weightDecay != 0) {
            p.mul_(1 - lr * weightDecay);
        }
        s.m.mul_(beta1).add_(grad.mul(1 - beta1));
        s.v.mul_(beta2).add_(grad.mul(grad).mul(1 - beta2));
        double biasCorrection1 = 1 - Math.pow(beta1, s.t);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.t));
        double stepSize = lr / biasCorrection1;
        Tensor denom = s.v.sqrt().div(biasCorrection2Sqrt).add(eps);
        p.sub_(s.m.div(denom).mul(stepSize));
    }
}
