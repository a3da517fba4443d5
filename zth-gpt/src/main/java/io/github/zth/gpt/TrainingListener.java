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
   * After each loss estimate.
   *
   * @param step the step count at which it was made
   * @param trainLoss mean loss over evalIters train batches
   * @param valLoss mean loss over evalIters val batches
   */
  default void onEval(int step, double trainLoss, double valLoss) {}
}
