package io.github.zth.examples;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --steps} and {@code --decay-at} of lectures 4 and 6 (makemore parts 3 and 5), as a
 * picocli mixin: both notebooks train at lr 0.1 and drop it to 0.01 at step 150000 of 200000, so
 * both commands take the same two options and the same schedule from here.
 */
final class StepDecay {
  @Option(
      names = "--steps",
      defaultValue = "200000",
      description = "training steps (default: ${DEFAULT-VALUE})")
  private int steps;

  @Option(
      names = "--decay-at",
      defaultValue = "-1",
      description =
          "step where lr drops from 0.1 to 0.01 (default: 3/4 of --steps, the lecture's 150000 of 200000)")
  private int decayAt;

  /**
   * {@code --steps}, checked.
   *
   * @throws CommandLine.ParameterException naming {@code --steps} when it is below 1
   */
  int steps(CommandLine cl) {
    if (steps < 1) {
      throw new CommandLine.ParameterException(cl, "--steps " + steps + ": expected at least 1");
    }
    return steps;
  }

  /** The learning rate of step {@code i} (from 0): 0.1 before the decay, 0.01 from it on. */
  double lr(int i) {
    int decay = decayAt < 0 ? steps / 4 * 3 : decayAt;
    return i < decay ? 0.1 : 0.01;
  }
}
