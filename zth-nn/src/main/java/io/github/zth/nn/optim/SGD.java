package io.github.zth.nn.optim;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.internal.Arr;
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
     * @param groups the parameter groups (each with its L2 weight decay and, optionally, learning rate)
     * @param lr the learning rate of the groups that do not name their own
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
        Tensor buf = null;
        boolean first = false;
        if (momentum != 0) {
            buf = buffers.get(p);
            if (buf == null) {
                buf = Tensor.zeros(p.dtype(), p.shape());
                buffers.put(p, buf);
                first = true; // torch starts the buffer at the first gradient, not at zero
            }
        }
        Tensor work = Flat.writable(p);
        Arr w = work.arr();
        Arr g = grad.contiguous().arr();
        if (p.dtype() == DType.FLOAT32) {
            stepFloat(w.storage().f, w.offset(), g.storage().f, g.offset(), buf == null ? null : buf.arr().storage().f, first,
                    p.numel(), (float) weightDecay, (float) lr);
        } else {
            stepDouble(w.storage().d, w.offset(), g.storage().d, g.offset(), buf == null ? null : buf.arr().storage().d, first,
                    p.numel(), weightDecay, lr);
        }
        Flat.written(p, work);
    }

    private void stepFloat(float[] w, int wo, float[] g, int go, float[] buf, boolean first, int n, float wd, float lr) {
        float mu = (float) momentum;
        for (int j = 0; j < n; j++) {
            float wj = w[wo + j];
            float gj = wd == 0 ? g[go + j] : g[go + j] + wd * wj;
            if (buf != null) {
                float bj = first ? gj : buf[j] * mu + gj;
                buf[j] = bj;
                gj = nesterov ? gj + mu * bj : bj;
            }
            w[wo + j] = wj - lr * gj;
        }
    }

    private void stepDouble(double[] w, int wo, double[] g, int go, double[] buf, boolean first, int n, double wd, double lr) {
        for (int j = 0; j < n; j++) {
            double wj = w[wo + j];
            double gj = wd == 0 ? g[go + j] : g[go + j] + wd * wj;
            if (buf != null) {
                double bj = first ? gj : buf[j] * momentum + gj;
                buf[j] = bj;
                gj = nesterov ? gj + momentum * bj : bj;
            }
            w[wo + j] = wj - lr * gj;
        }
    }

    @Override
    protected Map<String, Tensor> paramState(Tensor param) {
        Tensor buf = buffers.get(param);
        return buf == null ? Map.of() : Map.of("momentum_buffer", buf);
    }

    @Override
    protected void checkParamState(int index, Map<String, Tensor> state) {
        checkKeys("SGD", index, state, java.util.Set.of("momentum_buffer"));
    }

    @Override
    protected void loadParamState(Tensor param, Map<String, Tensor> state) {
        if (state.isEmpty()) {
            buffers.remove(param);
        } else {
            buffers.put(param, restored(state, "momentum_buffer", param));
        }
    }
}
