package io.github.zth.nn.optim;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.internal.Arr;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Adam} and {@link AdamW} share: torch 1.13's single-tensor Adam update, differing only
 * in where the weight decay goes (added to the gradient, or applied to the parameter directly).
 * One pass per parameter, in the parameter's precision:
 * <pre>
 * g  ← g + wd·p                            Adam (L2)
 * p  ← p·(1 − lr·wd)                       AdamW (decoupled)
 * m  ← β1·m + (1 − β1)·g
 * v  ← β2·v + (1 − β2)·g²                  v̂ ← max(v̂, v) with amsgrad, used below in place of v
 * p  ← p − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * </pre>
 */
abstract class AdamBase extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;
    private final boolean decoupled;
    private final Map<Tensor, State> state = new IdentityHashMap<>();

    private static final class State {
        final Tensor m;
        final Tensor v;
        final Tensor vMax; // null without amsgrad
        long t;

        State(Tensor m, Tensor v, Tensor vMax, long t) {
            this.m = m;
            this.v = v;
            this.vMax = vMax;
            this.t = t;
        }
    }

    AdamBase(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, boolean amsgrad, boolean decoupled) {
        super(groups, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need betas in [0, 1) and finite eps > 0, got betas ("
                    + beta1 + ", " + beta2 + "), eps " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    @Override
    protected final void update(Tensor p, Tensor grad, double weightDecay, double lr) {
        State s = state.computeIfAbsent(p, q -> new State(Tensor.zeros(q.dtype(), q.shape()), Tensor.zeros(q.dtype(), q.shape()),
                amsgrad ? Tensor.zeros(q.dtype(), q.shape()) : null, 0));
        s.t++;
        double stepSize = lr / (1 - Math.pow(beta1, s.t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, s.t));
        double decay = decoupled ? 1 - lr * weightDecay : 1;
        double l2 = decoupled ? 0 : weightDecay;
        Tensor work = Flat.writable(p);
        Arr w = work.arr();
        Arr g = grad.contiguous().arr();
        Arr vMax = s.vMax == null ? null : s.vMax.arr();
        if (p.dtype() == DType.FLOAT32) {
            stepFloat(w.storage().f, w.offset(), g.storage().f, g.offset(), s.m.arr().storage().f, s.v.arr().storage().f,
                    vMax == null ? null : vMax.storage().f, p.numel(), (float) decay, (float) l2, (float) stepSize, (float) bc2Sqrt);
        } else {
            stepDouble(w.storage().d, w.offset(), g.storage().d, g.offset(), s.m.arr().storage().d, s.v.arr().storage().d,
                    vMax == null ? null : vMax.storage().d, p.numel(), decay, l2, stepSize, bc2Sqrt);
        }
        Flat.written(p, work);
    }

    // FLOAT32 parameters compute in float, as torch's CPU kernels do (each scalar rounded to float).
    private void stepFloat(float[] w, int wo, float[] g, int go, float[] m, float[] v, float[] vMax, int n,
                           float decay, float l2, float stepSize, float bc2Sqrt) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float e = (float) eps;
        if (l2 == 0 && vMax == null && wo == 0 && go == 0) {
            adamW(w, g, m, v, n, b1, b2, c1, c2, e, decay, stepSize, bc2Sqrt);
            return;
        }
        for (int j = 0; j < n; j++) {
            float wj = w[wo + j];
            float gj = l2 == 0 ? g[go + j] : g[go + j] + l2 * wj;
            wj *= decay;
            float mj = m[j] * b1 + c1 * gj;
            float vj = v[j] * b2 + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            if (vMax != null) {
                vj = Math.max(vMax[j], vj);
                vMax[j] = vj;
            }
            w[wo + j] = wj - stepSize * (mj / ((float) Math.sqrt(vj) / bc2Sqrt + e));
        }
    }

    /**
     * AdamW's usual case: parameter and gradient at offset 0, every array indexed by j alone, so C2
     * can prove the arrays do not overlap and vectorises the loop (6× faster than with offsets).
     */
    private static void adamW(float[] w, float[] g, float[] m, float[] v, int n, float b1, float b2, float c1, float c2,
                              float e, float decay, float stepSize, float bc2Sqrt) {
        for (int j = 0; j < n; j++) {
            float gj = g[j];
            float mj = m[j] * b1 + c1 * gj;
            float vj = v[j] * b2 + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            w[j] = w[j] * decay - stepSize * (mj / ((float) Math.sqrt(vj) / bc2Sqrt + e));
        }
    }

    private void stepDouble(double[] w, int wo, double[] g, int go, double[] m, double[] v, double[] vMax, int n,
                            double decay, double l2, double stepSize, double bc2Sqrt) {
        double c1 = 1 - beta1;
        double c2 = 1 - beta2;
        for (int j = 0; j < n; j++) {
            double wj = w[wo + j];
            double gj = l2 == 0 ? g[go + j] : g[go + j] + l2 * wj;
            wj *= decay;
            double mj = m[j] * beta1 + c1 * gj;
            double vj = v[j] * beta2 + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            if (vMax != null) {
                vj = Math.max(vMax[j], vj);
                vMax[j] = vj;
            }
            w[wo + j] = wj - stepSize * (mj / (Math.sqrt(vj) / bc2Sqrt + eps));
        }
    }

    private Set<String> keys() {
        return amsgrad ? Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq") : Set.of("step", "exp_avg", "exp_avg_sq");
    }

    @Override
    protected final Map<String, Tensor> paramState(Tensor param) {
        State s = state.get(param);
        if (s == null) {
            return Map.of();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(DType.INT64, s.t));
        out.put("exp_avg", s.m);
        out.put("exp_avg_sq", s.v);
        if (amsgrad) {
            out.put("max_exp_avg_sq", s.vMax);
        }
        return out;
    }

    @Override
    protected final void checkParamState(int index, Map<String, Tensor> st) {
        checkKeys(getClass().getSimpleName(), index, st, keys());
    }

    @Override
    protected final void loadParamState(Tensor param, Map<String, Tensor> st) {
        if (st.isEmpty()) {
            state.remove(param);
        } else {
            state.put(param, new State(restored(st, "exp_avg", param), restored(st, "exp_avg_sq", param),
                    amsgrad ? restored(st, "max_exp_avg_sq", param) : null, (long) st.get("step").item()));
        }
    }
}
