package io.github.zth.nn.optim;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.ParameterUpdates;
import io.github.zth.autograd.Tensor;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * torch's {@code optim.RMSprop} (single-tensor form). Per parameter, in its precision:
 *
 * <pre>
 * g  ← g + wd·p                            L2 weight decay, if any
 * s  ← α·s + (1 − α)·g²
 * a  ← α·a + (1 − α)·g                     centered only
 * d  ← sqrt(s − a²) + eps                  centered; sqrt(s) + eps otherwise
 * b  ← μ·b + g / d;  p ← p − lr·b          with momentum μ &gt; 0
 * p  ← p − lr · g / d                      without
 * </pre>
 *
 * <pre>{@code
 * RMSprop opt = new RMSprop(model.parameters(), 1e-2);
 * }</pre>
 *
 * <p>Its state dict holds, per parameter, {@code step}, {@code square_avg}, and {@code
 * momentum_buffer} (with momentum) and {@code grad_avg} (centered), torch's names.
 */
public final class RMSprop extends Optimizer {

  private final double alpha;
  private final double eps;
  private final double momentum;
  private final boolean centered;
  private final Map<Tensor, State> state = new IdentityHashMap<>();

  private static final class State {
    final Tensor squareAvg;
    final Tensor momentumBuffer; // null without momentum
    final Tensor gradAvg; // null unless centered
    long step;

    State(Tensor squareAvg, Tensor momentumBuffer, Tensor gradAvg, long step) {
      this.squareAvg = squareAvg;
      this.momentumBuffer = momentumBuffer;
      this.gradAvg = gradAvg;
      this.step = step;
    }
  }

  /**
   * RMSprop over one group with torch's defaults: α 0.99, eps 1e-8, no decay, momentum or
   * centering.
   *
   * @param params the parameters
   * @param lr the learning rate (torch's default is 0.01)
   * @throws IllegalArgumentException on a bad rate
   */
  public RMSprop(List<Tensor> params, double lr) {
    this(List.of(new ParamGroup(params, 0.0)), lr, 0.99, 1e-8, 0.0, false);
  }

  /**
   * RMSprop over parameter groups (each with its own L2 weight decay and, optionally, learning
   * rate).
   *
   * @param lr the learning rate of the groups that do not name their own
   * @param alpha the smoothing constant of the squared-gradient average, in [0, 1)
   * @param eps added to the denominator, positive
   * @param momentum the momentum factor, in [0, 1)
   * @param centered whether to divide by the estimated variance rather than the raw second moment
   * @throws IllegalArgumentException on out-of-range arguments
   */
  public RMSprop(
      List<ParamGroup> groups,
      double lr,
      double alpha,
      double eps,
      double momentum,
      boolean centered) {
    super(groups, lr);
    if (!(alpha >= 0 && alpha < 1)
        || !(eps > 0)
        || Double.isInfinite(eps)
        || !(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "RMSprop: need alpha and momentum in [0, 1) and finite eps > 0, got alpha "
              + alpha
              + ", eps "
              + eps
              + ", momentum "
              + momentum);
    }
    this.alpha = alpha;
    this.eps = eps;
    this.momentum = momentum;
    this.centered = centered;
  }

  private Tensor zerosIf(boolean wanted, Tensor p) {
    return wanted ? Tensor.zeros(p.dtype(), p.shape()) : null;
  }

  @Override
  protected void update(Tensor p, Tensor grad, double weightDecay, double lr) {
    State s =
        state.computeIfAbsent(
            p,
            q ->
                new State(
                    Tensor.zeros(q.dtype(), q.shape()),
                    zerosIf(momentum > 0, q),
                    zerosIf(centered, q),
                    0));
    s.step++;
    ParameterUpdates.rmsprop_(
        p, grad, s.squareAvg, s.momentumBuffer, s.gradAvg, lr, alpha, eps, weightDecay, momentum);
  }

  private Set<String> keys() {
    Set<String> k = new TreeSet<>(Set.of("step", "square_avg"));
    if (momentum > 0) {
      k.add("momentum_buffer");
    }
    if (centered) {
      k.add("grad_avg");
    }
    return k;
  }

  @Override
  protected Map<String, Tensor> paramState(Tensor param) {
    State s = state.get(param);
    if (s == null) {
      return Map.of();
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("step", Tensor.scalar(DType.INT64, s.step));
    out.put("square_avg", s.squareAvg);
    if (s.momentumBuffer != null) {
      out.put("momentum_buffer", s.momentumBuffer);
    }
    if (s.gradAvg != null) {
      out.put("grad_avg", s.gradAvg);
    }
    return out;
  }

  @Override
  protected void checkParamState(int index, Map<String, Tensor> st) {
    checkKeys("RMSprop", index, st, keys());
  }

  @Override
  protected void loadParamState(Tensor param, Map<String, Tensor> st) {
    if (st.isEmpty()) {
      state.remove(param);
    } else {
      state.put(
          param,
          new State(
              restored(st, "square_avg", param),
              momentum > 0 ? restored(st, "momentum_buffer", param) : null,
              centered ? restored(st, "grad_avg", param) : null,
              (long) st.get("step").item()));
    }
  }
}
