package io.github.zth.gpt;

/**
 * One of a {@link Trainer}'s periodic evaluations: nanoGPT's {@code estimate_loss} or makemore's
 * pair of {@code evaluate} calls, on the training data and the held-out (val, test) data.
 *
 * @param step the number of optimizer steps taken when it was made
 * @param train the evaluation on training data
 * @param val the evaluation on held-out data, the one that picks the best checkpoint
 */
public record Estimate(int step, Evaluation train, Evaluation val) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException on a negative step or a missing evaluation
   */
  public Estimate {
    if (step < 0 || train == null || val == null) {
      throw new IllegalArgumentException(
          "Estimate: step "
              + step
              + ", train "
              + train
              + ", val "
              + val
              + ": expected a non-negative step and both evaluations");
    }
  }
}
