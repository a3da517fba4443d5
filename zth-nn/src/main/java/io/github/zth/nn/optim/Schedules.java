package io.github.zth.nn.optim;

/** Argument checks shared by the {@link LrSchedule} factories. */
final class Schedules {

  private Schedules() {}

  static void checkLr(String schedule, String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "LrSchedule."
              + schedule
              + ": "
              + name
              + " must be finite and non-negative, got "
              + value);
    }
  }

  static void checkStep(String schedule, int step) {
    if (step < 0) {
      throw new IllegalArgumentException(
          "LrSchedule." + schedule + ": step must be non-negative, got " + step);
    }
  }
}
