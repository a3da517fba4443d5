package io.github.zth.nn.optim;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.ParameterUpdates;
import io.github.zth.autograd.Tensor;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Adam} and {@link AdamW} share: torch 1.13's single-tensor Adam update, differing only
 * in where the weight decay goes (added to the gradient, or applied to the parameter directly). One
 * fused pass per parameter ({@link ParameterUpdates#adam_}), in the parameter's precision:
 *
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

  AdamBase(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      boolean amsgrad,
      boolean decoupled) {
    super(groups, lr);
    if (!(beta1 >= 0 && beta1 < 1)
        || !(beta2 >= 0 && beta2 < 1)
        || !(eps > 0)
        || Double.isInfinite(eps)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": need betas in [0, 1) and finite eps > 0, got betas ("
              + beta1
              + ", "
              + beta2
              + "), eps "
              + eps);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.amsgrad = amsgrad;
    this.decoupled = decoupled;
  }

  @Override
  protected final void update(Tensor p, Tensor grad, double weightDecay, double lr) {
    State s =
        state.computeIfAbsent(
            p,
            q ->
                new State(
                    Tensor.zeros(q.dtype(), q.shape()),
                    Tensor.zeros(q.dtype(), q.shape()),
                    amsgrad ? Tensor.zeros(q.dtype(), q.shape()) : null,
                    0));
    s.t++;
    ParameterUpdates.adam_(
        p, grad, s.m, s.v, s.vMax, s.t, lr, beta1, beta2, eps, weightDecay, decoupled);
  }

  private Set<String> keys() {
    return amsgrad
        ? Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
        : Set.of("step", "exp_avg", "exp_avg_sq");
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
      state.put(
          param,
          new State(
              restored(st, "exp_avg", param),
              restored(st, "exp_avg_sq", param),
              amsgrad ? restored(st, "max_exp_avg_sq", param) : null,
              (long) st.get("step").item()));
    }
  }
}
