package io.github.zth.gpt;

/** Receives a {@link Trainer}'s progress; the library itself prints nothing. */
public interface TrainingListener {

  /**
   * After each optimizer step.
   *
   * @param step the step just taken (0-based)
   * @param loss its training loss (mean over micro-batches)
   * @param lr the learning rate used
   * @param millis wall time of the step
   */
  default void onStep(int step, double loss, double lr, double millis) {}

  /**
   * After each evaluation.
   *
   * @param estimate the evaluation, on training and held-out data, with the step count it was made
   *     at
   */
  default void onEval(Estimate estimate) {}

  /**
   * Once {@code steps} optimizer steps have been taken and evaluated (if an evaluation was due),
   * just before a new best checkpoint is saved. Whatever draws from the run's generators here
   * (makemore's periodic samples) is part of the saved state, so a resumed run continues exactly.
   * Called for {@code steps = 0} too, before the first step.
   *
   * @param steps the optimizer steps taken so far
   */
  default void onStepEnd(int steps) {}
}
