package io.github.zth.gpt;

/**
 * What {@link Trainer#train()} ends with: enough to print a run's summary without asking the
 * trainer again.
 *
 * @param steps the optimizer steps taken in total (a resumed run counts from its start)
 * @param lastLoss the last step's training loss (NaN if no step was taken by this trainer)
 * @param last the last evaluation, made at {@code steps}
 * @param best the evaluation with the lowest held-out loss, the one saved as the best checkpoint
 */
public record TrainResult(int steps, double lastLoss, Estimate last, Estimate best) {}
