package io.github.zth.nn.optim;

import io.github.zth.autograd.ParameterUpdates;
import io.github.zth.autograd.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
 * exactly torch's {@code optim.SGD} (dampening 0): {@code g = grad + wd·p}; with momentum {@code b
 * = g} on the first step, then {@code b = μ·b + g}; {@code g = nesterov ? g + μ·b : b}; {@code p -=
 * lr·g}. With no momentum and no decay it is the lectures' {@code p.data += -lr * p.grad}.
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
   * @param groups the parameter groups (each with its L2 weight decay and, optionally, learning
   *     rate)
   * @param lr the learning rate of the groups that do not name their own
   * @param momentum the momentum factor μ in [0, 1)
   * @param nesterov whether to use Nesterov momentum (needs μ &gt; 0)
   * @throws IllegalArgumentException on out-of-range arguments
   */
  public SGD(List<ParamGroup> groups, double lr, double momentum, boolean nesterov) {
    super(groups, lr);
    if (!(momentum >= 0 && momentum < 1) || (nesterov && momentum == 0)) {
      throw new IllegalArgumentException(
          "SGD: need momentum in [0, 1) and momentum > 0 for nesterov, got momentum "
              + momentum
              + ", nesterov "
              + nesterov);
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
    ParameterUpdates.sgd_(p, grad, buf, first, lr, weightDecay, momentum, nesterov);
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
