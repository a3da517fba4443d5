package io.github.zth.nn.optim;

import io.github.zth.autograd.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, exactly
 * torch's {@code optim.SGD} (dampening 0): {@code g = grad + wd·p}; with momentum
 * {@code b = g} on the first step, then {@code b = μ·b + g}; {@code g = nesterov ? g + μ·b : b};
 * {@code p -= lr·g}. With no momentum and no decay it is the lectures' {@code p.data += -lr * p.grad}.
 */
public final class SGD extends Optimizer {

    private final double momentum;
    private final boolean nesterov;
    private final Map<Tensor, Tensor> buffers = new IdentityHashMap<>();

    /**
     * Plain gradient descent.
     *
     * @param params the parameters
     * @param lr the learning rate
     */
    public SGD(List<Tensor> params, double lr) {
        this(List.of(new ParamGroup(params, 0.0)), lr, 0.0, false);
    }

    /**
     * Gradient descent with momentum and per-group weight decay.
     *
     * @param groups the parameter groups (each with its L2 weight decay)
     * @param lr the learning rate
     * @param momentum the momentum factor μ in [0, 1)
     * @param nesterov whether to use Nesterov momentum (needs μ &gt; 0)
     * @throws IllegalArgumentException on out-of-range arguments
     */
    public SGD(List<ParamGroup> groups, double lr, double momentum, boolean nesterov) {
        super(groups, lr);
        if (!(momentum >= 0 && momentum < 1) || (nesterov && momentum == 0)) {
            throw new IllegalArgumentException("SGD: need momentum in [0, 1) and momentum > 0 for nesterov, got momentum "
                    + momentum + ", nesterov " + nesterov);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(Tensor p, Tensor grad, double weightDecay, double lr) {
        Tensor g = weightDecay == 0 ? grad : grad.add(p.mul(weightDecay));
        if (momentum != 0) {
            Tensor buf = buffers.get(p);
            if (buf == null) {
                buf = g.clone();
                buffers.put(p, buf);
            } else {
                buf.mul_(momentum).add_(g);
            }
            g = nesterov ? g.add(buf.mul(momentum)) : buf;
        }
        p.sub_(g.mul(lr));
    }
}
