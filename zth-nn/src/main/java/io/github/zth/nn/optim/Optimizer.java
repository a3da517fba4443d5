package io.github.zth.nn.optim;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

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
     * Updates one parameter in place (gradient tracking is off).
     *
     * @param param the parameter
     * @param grad its gradient
     * @param weightDecay its group's weight decay
     * @param lr the current learning rate
     */
    protected abstract void update(Tensor param, Tensor grad, double weightDecay, double lr);
}
