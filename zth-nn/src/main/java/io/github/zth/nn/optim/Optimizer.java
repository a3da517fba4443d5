package io.github.zth.nn.optim;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Base class of optimizers, like {@code torch.optim.Optimizer}: holds parameter groups and a learning
 * rate shared by all of them (set it each step from an {@link LrSchedule}, as nanoGPT does).
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
 */
public abstract class Optimizer {

    private final List<ParamGroup> groups;
    private double lr;
    private long steps;

    /**
     * Creates an optimizer over the groups.
     *
     * @param groups the parameter groups; a parameter may appear only once
     * @param lr the initial learning rate, non-negative
     * @throws IllegalArgumentException on a repeated or non-floating parameter, or a bad rate
     */
    protected Optimizer(List<ParamGroup> groups, double lr) {
        this.groups = List.copyOf(groups);
        Set<Tensor> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : this.groups) {
            for (Tensor p : g.params()) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter of shape "
                            + java.util.Arrays.toString(p.shape()) + " appears in more than one place");
                }
                if (!p.dtype().isFloatingPoint()) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameters must be floating point, got " + p.dtype());
                }
            }
        }
        setLr(lr);
    }

    /**
     * Sets the learning rate of every group.
     *
     * @param lr the new rate, finite and non-negative
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public final void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and non-negative, got " + lr);
        }
        this.lr = lr;
    }

    /**
     * Returns the current learning rate.
     *
     * @return the rate
     */
    public final double lr() {
        return lr;
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

    /** Clears every parameter's gradient (sets it to none, torch's default). */
    public final void zeroGrad() {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                p.zeroGrad();
            }
        }
    }

    /** Updates every parameter that has a gradient; parameters without one are skipped, as in torch. */
    @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
    public final void step() {
        steps++;
        try (var off = GradMode.disabled()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    if (p.grad() != null) {
                        update(p, p.grad(), g.weightDecay(), lr);
                    }
                }
            }
        }
    }

    /**
     * Returns the optimizer's state for checkpoints, like {@code optimizer.state_dict()}: {@code lr}
     * (FLOAT64 scalar), {@code steps} (INT64 scalar) and, for the {@code i}-th parameter counting
     * through the groups in order, {@code state.i.<name>} for each per-parameter buffer (e.g.
     * {@code exp_avg}). The tensors are copies.
     *
     * @return the state by name
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", Tensor.scalar(DType.FLOAT64, lr));
        out.put("steps", Tensor.scalar(DType.INT64, steps));
        int i = 0;
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                for (Map.Entry<String, Tensor> e : paramState(p).entrySet()) {
                    out.put("state." + i + "." + e.getKey(), e.getValue().detach().clone());
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
     * @throws IllegalArgumentException on missing or unknown keys or mismatched shapes
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        String name = getClass().getSimpleName();
        if (!state.containsKey("lr") || !state.containsKey("steps")) {
            throw new IllegalArgumentException(name + ".loadStateDict: missing \"lr\" or \"steps\"; got keys " + new TreeSet<>(state.keySet()));
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
            int index = parts.length == 3 && parts[0].equals("state") && parts[1].matches("\\d{1,9}") ? Integer.parseInt(parts[1]) : -1;
            if (index < 0 || index >= params.size()) {
                throw new IllegalArgumentException(name + ".loadStateDict: unexpected key \"" + key + "\" (this optimizer has "
                        + params.size() + " parameters)");
            }
            if (!parts[2].equals("step") && !Arrays.equals(e.getValue().shape(), params.get(index).shape())) {
                throw new IllegalArgumentException(name + ".loadStateDict: \"" + key + "\" has shape " + Arrays.toString(e.getValue().shape())
                        + " but parameter " + index + " has shape " + Arrays.toString(params.get(index).shape()));
            }
            perParam.get(index).put(parts[2], e.getValue());
        }
        for (int i = 0; i < params.size(); i++) {
            checkParamState(i, perParam.get(i));
        }
        setLr(state.get("lr").item());
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
     * @param lr the current learning rate
     */
    protected abstract void update(Tensor param, Tensor grad, double weightDecay, double lr);
}
