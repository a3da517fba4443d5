package io.github.zth.nn.optim;

/**
 * A learning-rate schedule: a pure function from the step number (0-based) to the learning rate to
 * use for that step. Being pure, a schedule has no state to save or restore: resuming at step
 * {@code k} is just calling {@code lr(k)}.
 *
 * <pre>{@code
 * LrSchedule schedule = LrSchedule.cosineWithWarmup(6e-4, 6e-5, 100, 5000);
 * for (int step = 0; step < maxIters; step++) {
 *     optimizer.setLr(schedule.lr(step));
 *     ...
 * }
 * }</pre>
 *
 * <p>The step and exponential schedules return the value torch's {@code StepLR}/{@code
 * ExponentialLR} put in {@code param_groups[0]['lr']} before the {@code step}-th {@code
 * scheduler.step()}, computed in closed form ({@code lr * gamma^k}) the way torch's {@code
 * _get_closed_form_lr} does; torch's default chained form multiplies by {@code gamma} once per
 * decay, which can differ in the last bits.
 */
@FunctionalInterface
public interface LrSchedule {

  /**
   * Returns the learning rate for a step.
   *
   * @param step the 0-based step (iteration) number, non-negative
   * @return the learning rate
   * @throws IllegalArgumentException if {@code step} is negative
   */
  double lr(int step);

  /**
   * The same learning rate at every step.
   *
   * @param lr the learning rate
   * @return the schedule
   */
  static LrSchedule constant(double lr) {
    Schedules.checkLr("constant", "lr", lr);
    return step -> {
      Schedules.checkStep("constant", step);
      return lr;
    };
  }

  /**
   * torch's {@code StepLR}: {@code lr * gamma^floor(step / stepSize)}.
   *
   * @param lr the initial learning rate
   * @param stepSize steps between decays, positive
   * @param gamma the decay factor
   * @return the schedule
   * @throws IllegalArgumentException if {@code stepSize <= 0} or a rate is negative or not finite
   */
  static LrSchedule step(double lr, int stepSize, double gamma) {
    Schedules.checkLr("step", "lr", lr);
    Schedules.checkLr("step", "gamma", gamma);
    if (stepSize <= 0) {
      throw new IllegalArgumentException(
          "LrSchedule.step: stepSize must be positive, got " + stepSize);
    }
    return step -> {
      Schedules.checkStep("step", step);
      return lr * Math.pow(gamma, step / stepSize);
    };
  }

  /**
   * torch's {@code ExponentialLR}: {@code lr * gamma^step}.
   *
   * @param lr the initial learning rate
   * @param gamma the per-step decay factor
   * @return the schedule
   * @throws IllegalArgumentException if a rate is negative or not finite
   */
  static LrSchedule exponential(double lr, double gamma) {
    Schedules.checkLr("exponential", "lr", lr);
    Schedules.checkLr("exponential", "gamma", gamma);
    return step -> {
      Schedules.checkStep("exponential", step);
      return lr * Math.pow(gamma, step);
    };
  }

  /**
   * nanoGPT's {@code get_lr(it)}: linear warmup, cosine decay to {@code minLr}, then constant.
   *
   * <p>Exactly the current nanoGPT {@code train.py} formula:
   *
   * <ul>
   *   <li>{@code step < warmupIters}: {@code maxLr * (step + 1) / (warmupIters + 1)} (earlier
   *       nanoGPT versions used {@code maxLr * step / warmupIters}, which wastes step 0 on a zero
   *       rate);
   *   <li>{@code step > lrDecayIters}: {@code minLr};
   *   <li>otherwise, with {@code r = (step - warmupIters) / (lrDecayIters - warmupIters)}: {@code
   *       minLr + 0.5 * (1 + cos(pi * r)) * (maxLr - minLr)}.
   * </ul>
   *
   * @param maxLr the peak learning rate ({@code learning_rate})
   * @param minLr the final learning rate ({@code min_lr}), at most {@code maxLr}
   * @param warmupIters warmup steps ({@code warmup_iters}), non-negative
   * @param lrDecayIters the step at which the decay reaches {@code minLr} ({@code lr_decay_iters}),
   *     greater than {@code warmupIters}
   * @return the schedule
   * @throws IllegalArgumentException on negative or inconsistent arguments
   */
  static LrSchedule cosineWithWarmup(
      double maxLr, double minLr, int warmupIters, int lrDecayIters) {
    Schedules.checkLr("cosineWithWarmup", "maxLr", maxLr);
    Schedules.checkLr("cosineWithWarmup", "minLr", minLr);
    if (minLr > maxLr) {
      throw new IllegalArgumentException(
          "LrSchedule.cosineWithWarmup: minLr " + minLr + " is larger than maxLr " + maxLr);
    }
    if (warmupIters < 0 || lrDecayIters <= warmupIters) {
      throw new IllegalArgumentException(
          "LrSchedule.cosineWithWarmup: need 0 <= warmupIters < lrDecayIters, got warmupIters "
              + warmupIters
              + ", lrDecayIters "
              + lrDecayIters);
    }
    return step -> {
      Schedules.checkStep("cosineWithWarmup", step);
      if (step < warmupIters) {
        return maxLr * (step + 1) / (warmupIters + 1);
      }
      if (step > lrDecayIters) {
        return minLr;
      }
      double decayRatio = (double) (step - warmupIters) / (lrDecayIters - warmupIters);
      double coeff = 0.5 * (1.0 + Math.cos(Math.PI * decayRatio));
      return minLr + coeff * (maxLr - minLr);
    };
  }
}
