package io.github.zth.nn;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link GradCheck} for whole modules: compares the autograd gradients with respect to the inputs
 * <em>and every parameter</em> against central differences in FLOAT64. Use it to test your own
 * layers the way zth tests its own.
 *
 * <pre>{@code
 * Module mlp = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));
 * ModuleGradCheck.assertGradients(mlp, Tensor.randn(5, 3));
 * }</pre>
 *
 * <p>The check runs the module in FLOAT64 on copies of its parameters, once per perturbed element,
 * so keep it small; modules whose forward draws random numbers (dropout in training mode) must be
 * put in eval mode first. The module is left as it was found: its parameters, buffers and gradients
 * keep their dtype and values, so a live model's layers can be checked mid-training.
 */
public final class ModuleGradCheck {

  private ModuleGradCheck() {}

  /**
   * Checks {@code module.forward(x)} with respect to {@code x} (if floating point) and all
   * parameters.
   *
   * @param module the module (run in FLOAT64, left unchanged)
   * @param x the input
   * @return the check's result
   */
  public static GradCheck.Result check(Module module, Tensor x) {
    return check(module, in -> module.forward(in.get(0)), x);
  }

  /**
   * Checks an arbitrary computation on the module (e.g. a recurrent step with a state) with respect
   * to the inputs and all parameters.
   *
   * @param module the module (run in FLOAT64, left unchanged)
   * @param forward computes the output from the inputs, calling the module
   * @return the check's result
   */
  public static GradCheck.Result check(
      Module module, Function<List<Tensor>, Tensor> forward, Tensor... inputs) {
    // copies of everything the check may change: dtypes (to), running statistics (forward in
    // training mode) and gradients (converted by to)
    List<Tensor> touched = new ArrayList<>(module.parameters());
    touched.addAll(module.buffers());
    for (Tensor p : module.parameters()) {
      if (p.grad() != null) {
        touched.add(p.grad());
      }
    }
    Map<Tensor, Tensor> saved = new IdentityHashMap<>();
    for (Tensor t : touched) {
      saved.computeIfAbsent(t, x -> x.detach().clone());
    }
    try {
      module.to(DType.FLOAT64);
      return checkFloat64(module, forward, inputs);
    } finally {
      // restore by identity: every registered tensor gets back its own dtype and values
      saved.forEach((t, copy) -> t.setData(copy.detach()));
    }
  }

  private static GradCheck.Result checkFloat64(
      Module module, Function<List<Tensor>, Tensor> forward, Tensor... inputs) {
    List<Tensor> params = module.parameters();
    List<Tensor> all = new ArrayList<>(List.of(inputs));
    all.addAll(params);
    int k = inputs.length;
    Function<List<Tensor>, Tensor> f =
        leaves -> {
          Map<Tensor, Tensor> swap = new IdentityHashMap<>();
          for (int i = 0; i < params.size(); i++) {
            swap.put(params.get(i), leaves.get(k + i));
          }
          module.swapParameters(swap);
          try {
            return forward.apply(leaves.subList(0, k));
          } finally {
            Map<Tensor, Tensor> back = new IdentityHashMap<>();
            swap.forEach((original, leaf) -> back.put(leaf, original));
            module.swapParameters(back);
          }
        };
    return GradCheck.check(f, all, GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL);
  }

  /**
   * Like {@link #check(Module, Tensor)} but throws an {@link AssertionError} with the report when a
   * gradient is wrong.
   *
   * @param module the module (run in FLOAT64, left unchanged)
   * @param x the input
   * @return the passing result
   */
  public static GradCheck.Result assertGradients(Module module, Tensor x) {
    return orThrow(check(module, x));
  }

  /**
   * Like {@link #check(Module, Function, Tensor...)} but throws an {@link AssertionError} with the
   * report when a gradient is wrong.
   *
   * @param module the module (run in FLOAT64, left unchanged)
   * @param forward computes the output from the inputs, calling the module
   * @return the passing result
   */
  public static GradCheck.Result assertGradients(
      Module module, Function<List<Tensor>, Tensor> forward, Tensor... inputs) {
    return orThrow(check(module, forward, inputs));
  }

  private static GradCheck.Result orThrow(GradCheck.Result r) {
    if (!r.passed()) {
      throw new AssertionError(r.message());
    }
    return r;
  }
}
