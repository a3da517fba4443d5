package io.github.zth.nn.optim;

import io.github.zth.autograd.BufferPool;
import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Base class of optimizers, like {@code torch.optim.Optimizer}: holds parameter groups, each with
 * its own learning rate (the optimizer's unless the group names one). Set the rate each step from
 * an {@link LrSchedule}, either absolutely for every group as nanoGPT does ({@link
 * #setLr(double)}), or as a factor of each group's initial rate as torch's {@code LambdaLR} does
 * ({@link #scaleLr}).
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(ParamGroup.splitByRank(model.parameters(), 0.1), 6e-4, 0.9, 0.95, 1e-8);
 * for (int step = 0; step < maxIters; step++) {
 *     opt.setLr(schedule.lr(step));
 *     Tensor loss = model.forward(x).crossEntropy(y);
 *     opt.zeroGrad();
 *     loss.backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>Subclasses implement {@link #update}; {@link #step()} calls it for every parameter that has a
 * gradient, with gradient tracking disabled.
 *
 * <p>The built-in optimizers update each parameter in one pass over its storage, in the parameter's
 * precision (FLOAT32 arithmetic for FLOAT32 parameters, as torch's CPU kernels), allocating no
 * tensors per step once their buffers exist (a non-contiguous parameter goes through a copy).
 */
public abstract class Optimizer {

  private final List<ParamGroup> groups;
  private final double[] baseLrs;
  private final double[] lrs;
  private long steps;

  /**
   * Creates an optimizer over the groups.
   *
   * @param groups the parameter groups (at least one); a parameter may appear only once
   * @param lr the initial learning rate of the groups that do not name their own, non-negative
   * @throws IllegalArgumentException on no groups, a repeated or non-floating parameter, or a bad
   *     rate
   */
  protected Optimizer(List<ParamGroup> groups, double lr) {
    this.groups = List.copyOf(groups);
    if (this.groups.isEmpty()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": needs at least one parameter group, got none");
    }
    Set<Tensor> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (ParamGroup g : this.groups) {
      for (Tensor p : g.params()) {
        if (!seen.add(p)) {
          throw new IllegalArgumentException(
              getClass().getSimpleName()
                  + ": a parameter of shape "
                  + java.util.Arrays.toString(p.shape())
                  + " appears in more than one place");
        }
        if (!p.dtype().isFloatingPoint()) {
          throw new IllegalArgumentException(
              getClass().getSimpleName() + ": parameters must be floating point, got " + p.dtype());
        }
      }
    }
    checkLr(lr);
    baseLrs = new double[this.groups.size()];
    for (int i = 0; i < baseLrs.length; i++) {
      baseLrs[i] = Double.isNaN(this.groups.get(i).lr()) ? lr : this.groups.get(i).lr();
    }
    lrs = baseLrs.clone();
  }

  private void checkLr(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": learning rate must be finite and non-negative, got "
              + lr);
    }
  }

  private void checkGroup(int group) {
    if (group < 0 || group >= groups.size()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": group "
              + group
              + " out of range, the optimizer has "
              + groups.size()
              + " groups");
    }
  }

  /**
   * Sets the learning rate of every group, as nanoGPT's loop does with {@code get_lr(it)}.
   *
   * @param lr the new rate, finite and non-negative
   * @throws IllegalArgumentException if it is negative or not finite
   */
  public final void setLr(double lr) {
    checkLr(lr);
    java.util.Arrays.fill(lrs, lr);
  }

  /**
   * Sets the learning rate of one group.
   *
   * @param group the group's index
   * @param lr the new rate, finite and non-negative
   * @throws IllegalArgumentException if the index is out of range or the rate is negative or not
   *     finite
   */
  public final void setLr(int group, double lr) {
    checkGroup(group);
    checkLr(lr);
    lrs[group] = lr;
  }

  /**
   * Sets every group's learning rate to its initial rate times {@code factor}, what torch's {@code
   * LambdaLR} does with its lambda's value; e.g. {@code scaleLr(schedule.lr(step))} with a schedule
   * that peaks at 1.
   *
   * @param factor the multiplier, finite and non-negative
   * @throws IllegalArgumentException if it is negative or not finite
   */
  public final void scaleLr(double factor) {
    if (!(factor >= 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": learning-rate factor must be finite and non-negative, got "
              + factor);
    }
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = baseLrs[i] * factor;
    }
  }

  /**
   * Returns the first group's current learning rate (every group's, unless groups have their own).
   *
   * @return the rate
   */
  public final double lr() {
    return lrs[0];
  }

  /**
   * Returns one group's current learning rate.
   *
   * @param group the group's index
   * @return the rate
   * @throws IllegalArgumentException if the index is out of range
   */
  public final double lr(int group) {
    checkGroup(group);
    return lrs[group];
  }

  /**
   * Returns one group's initial learning rate (torch's {@code initial_lr}), the base of {@link
   * #scaleLr}.
   *
   * @param group the group's index
   * @return the rate
   * @throws IllegalArgumentException if the index is out of range
   */
  public final double baseLr(int group) {
    checkGroup(group);
    return baseLrs[group];
  }

  /**
   * Returns how many times {@link #step()} has run.
   *
   * @return the step count
   */
  public final long steps() {
    return steps;
  }

  /**
   * Returns the parameter groups.
   *
   * @return an unmodifiable list
   */
  public final List<ParamGroup> groups() {
    return groups;
  }

  /** Clears every parameter's gradient (sets it to none, torch 2's default). */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Clears every parameter's gradient, like {@code optimizer.zero_grad(set_to_none)}. With {@code
   * setToNone} false (torch 1.13's default) each gradient is filled with zeros in place, so the
   * next backward adds into the same buffer instead of allocating a new one: the form a training
   * loop that reuses its memory wants. The difference shows for a parameter that gets no gradient
   * in the next step: set to none, {@link #step()} skips it; zeroed, it is updated with a zero
   * gradient (its weight decay and momentum still apply), exactly as in torch.
   *
   * @param setToNone true to drop the gradients, false to zero them in place
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public final void zeroGrad(boolean setToNone) {
    try (var off = GradMode.disabled()) {
      for (ParamGroup g : groups) {
        for (Tensor p : g.params()) {
          if (setToNone) {
            p.zeroGrad();
          } else if (p.grad() != null) {
            p.grad().zero_();
          }
        }
      }
    }
  }

  /**
   * Updates every parameter that has a gradient; parameters without one are skipped, as in torch.
   * The per-parameter state a subclass makes on its first update outlives any {@link BufferPool}
   * scope the step runs in, so the updates run outside it.
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public final void step() {
    steps++;
    BufferPool.unpooled(
        () -> {
          try (var off = GradMode.disabled()) {
            for (int i = 0; i < groups.size(); i++) {
              ParamGroup g = groups.get(i);
              for (Tensor p : g.params()) {
                if (p.grad() != null) {
                  update(p, p.grad(), g.weightDecay(), lrs[i]);
                }
              }
            }
          }
          return null;
        });
  }

  /**
   * Returns the optimizer's state for checkpoints, like {@code optimizer.state_dict()}: {@code lr}
   * (FLOAT64, one current rate per group), {@code steps} (INT64 scalar) and, for the {@code i}-th
   * parameter counting through the groups in order, {@code state.i.<name>} for each per-parameter
   * buffer (e.g. {@code exp_avg}). The buffers are the optimizer's own, detached, as torch's {@code
   * state_dict()} returns references: saving AdamW's moments for GPT-2 must not need a second
   * gigabyte of heap. Clone them for a snapshot that later steps leave alone.
   *
   * @return the state by name
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("lr", Tensor.fromArray(lrs.clone(), lrs.length));
    out.put("steps", Tensor.scalar(DType.INT64, steps));
    int i = 0;
    for (ParamGroup g : groups) {
      for (Tensor p : g.params()) {
        for (Map.Entry<String, Tensor> e : paramState(p).entrySet()) {
          out.put("state." + i + "." + e.getKey(), e.getValue().detach());
        }
        i++;
      }
    }
    return out;
  }

  /**
   * Restores a state produced by {@link #stateDict()} of an optimizer of the same kind over
   * parameters of the same shapes. Everything is checked before anything changes.
   *
   * @param state the state by name
   * @throws IllegalArgumentException on missing or unknown keys, mismatched shapes or group counts
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    String name = getClass().getSimpleName();
    if (!state.containsKey("lr") || !state.containsKey("steps")) {
      throw new IllegalArgumentException(
          name
              + ".loadStateDict: missing \"lr\" or \"steps\"; got keys "
              + new TreeSet<>(state.keySet()));
    }
    List<Tensor> params = new ArrayList<>();
    groups.forEach(g -> params.addAll(g.params()));
    List<Map<String, Tensor>> perParam = new ArrayList<>();
    params.forEach(p -> perParam.add(new LinkedHashMap<>()));
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      String key = e.getKey();
      if (key.equals("lr") || key.equals("steps")) {
        continue;
      }
      String[] parts = key.split("\\.", 3);
      int index =
          parts.length == 3 && parts[0].equals("state") && parts[1].matches("\\d{1,9}")
              ? Integer.parseInt(parts[1])
              : -1;
      if (index < 0 || index >= params.size()) {
        throw new IllegalArgumentException(
            name
                + ".loadStateDict: unexpected key \""
                + key
                + "\" (this optimizer has "
                + params.size()
                + " parameters)");
      }
      if (!parts[2].equals("step")
          && !Arrays.equals(e.getValue().shape(), params.get(index).shape())) {
        throw new IllegalArgumentException(
            name
                + ".loadStateDict: \""
                + key
                + "\" has shape "
                + Arrays.toString(e.getValue().shape())
                + " but parameter "
                + index
                + " has shape "
                + Arrays.toString(params.get(index).shape()));
      }
      perParam.get(index).put(parts[2], e.getValue());
    }
    double[] savedLrs = state.get("lr").toDoubleArray();
    if (savedLrs.length != lrs.length) {
      throw new IllegalArgumentException(
          name
              + ".loadStateDict: \"lr\" has "
              + savedLrs.length
              + " values but the optimizer has "
              + lrs.length
              + " groups");
    }
    for (double lr : savedLrs) {
      checkLr(lr);
    }
    for (int i = 0; i < params.size(); i++) {
      checkParamState(i, perParam.get(i));
    }
    System.arraycopy(savedLrs, 0, lrs, 0, lrs.length);
    steps = (long) state.get("steps").item();
    for (int i = 0; i < params.size(); i++) {
      loadParamState(params.get(i), perParam.get(i));
    }
  }

  /**
   * Returns the live per-parameter buffers of one parameter (empty before its first update).
   *
   * @param param the parameter
   * @return buffers by name
   */
  protected abstract Map<String, Tensor> paramState(Tensor param);

  /**
   * Checks one parameter's restored buffers before any state changes.
   *
   * @param index the parameter's position
   * @param state its buffers by name (may be empty: not yet updated)
   * @throws IllegalArgumentException if a buffer is missing or unknown
   */
  protected abstract void checkParamState(int index, Map<String, Tensor> state);

  /**
   * Installs one parameter's restored buffers (already checked).
   *
   * @param param the parameter
   * @param state its buffers by name (may be empty)
   */
  protected abstract void loadParamState(Tensor param, Map<String, Tensor> state);

  /**
   * Updates one parameter in place (gradient tracking is off).
   *
   * @param param the parameter
   * @param grad its gradient
   * @param weightDecay its group's weight decay
   * @param lr its group's current learning rate
   */
  protected abstract void update(Tensor param, Tensor grad, double weightDecay, double lr);

  /**
   * Refuses restored buffers whose names are not exactly {@code expected} (empty is always fine).
   */
  static void checkKeys(
      String optimizer, int index, Map<String, Tensor> state, Set<String> expected) {
    if (!state.isEmpty() && !state.keySet().equals(expected)) {
      throw new IllegalArgumentException(
          optimizer
              + ".loadStateDict: parameter "
              + index
              + " has state "
              + new TreeSet<>(state.keySet())
              + ", expected "
              + new TreeSet<>(expected));
    }
  }

  /** A restored buffer as a fresh contiguous tensor of the parameter's dtype. */
  static Tensor restored(Map<String, Tensor> state, String key, Tensor param) {
    return state.get(key).detach().to(param.dtype()).clone();
  }
}
