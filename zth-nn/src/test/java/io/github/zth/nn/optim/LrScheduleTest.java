package io.github.zth.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

  /**
   * Values from torch 1.13's StepLR/ExponentialLR and nanoGPT's get_lr
   * (tools/golden/nn_schedules.py).
   */
  @Test
  void matchesTorchAndNanoGpt() throws IOException {
    Map<?, ?> golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/schedules.json")) {
      golden = (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<?> cases = (List<?>) golden.get("cases");
    assertEquals(5, cases.size());
    for (Object o : cases) {
      Map<?, ?> c = (Map<?, ?>) o;
      double lr = num(c.get("lr"));
      LrSchedule s =
          switch ((String) c.get("kind")) {
            case "step" ->
                LrSchedule.step(lr, (int) (long) (Long) c.get("step_size"), num(c.get("gamma")));
            case "exponential" -> LrSchedule.exponential(lr, num(c.get("gamma")));
            case "cosine" ->
                LrSchedule.cosineWithWarmup(
                    lr,
                    num(c.get("min_lr")),
                    (int) (long) (Long) c.get("warmup_iters"),
                    (int) (long) (Long) c.get("lr_decay_iters"));
            default -> throw new AssertionError(c.get("kind"));
          };
      List<?> values = (List<?>) c.get("values");
      for (int step = 0; step < values.size(); step++) {
        double want = num(values.get(step));
        // Closed form vs torch's chained products / libm's cos: equal up to a few ulps.
        assertEquals(want, s.lr(step), Math.abs(want) * 1e-13, c.get("kind") + " step " + step);
      }
    }
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  @Test
  void nanoGptWarmupEndpoints() {
    LrSchedule s = LrSchedule.cosineWithWarmup(1.0, 0.1, 4, 10);
    assertEquals(1.0 / 5, s.lr(0));
    assertEquals(4.0 / 5, s.lr(3));
    assertEquals(1.0, s.lr(4));
    assertEquals(0.1, s.lr(10), 1e-15);
    assertEquals(0.1, s.lr(11));
    assertEquals(0.1, s.lr(Integer.MAX_VALUE));
    assertEquals(0.25, LrSchedule.constant(0.25).lr(123));
  }

  @Property(tries = 200)
  void cosineDecaysMonotonicallyBetweenWarmupAndDecayEnd(
      @ForAll @IntRange(min = 0, max = 50) int warmup,
      @ForAll @IntRange(min = 1, max = 200) int span,
      @ForAll @IntRange(min = 0, max = 300) int step) {
    LrSchedule s = LrSchedule.cosineWithWarmup(3e-4, 3e-5, warmup, warmup + span);
    double here = s.lr(step);
    double next = s.lr(step + 1);
    assertTrue(here > 0 && here <= 3e-4, "within (0, maxLr]");
    if (step >= warmup) {
      assertTrue(here >= 3e-5 * (1 - 1e-15), "at least minLr after warmup");
      assertTrue(next <= here, "non-increasing after warmup");
    } else {
      assertTrue(next > here, "increasing during warmup");
    }
  }

  @Test
  void refusesBadArguments() {
    assertMessage(
        () -> LrSchedule.step(0.1, 0, 0.5), "LrSchedule.step: stepSize must be positive, got 0");
    assertMessage(
        () -> LrSchedule.exponential(Double.NaN, 0.5),
        "LrSchedule.exponential: lr must be finite and non-negative, got NaN");
    assertMessage(
        () -> LrSchedule.cosineWithWarmup(1e-3, 1e-2, 0, 10),
        "minLr 0.01 is larger than maxLr 0.001");
    assertMessage(
        () -> LrSchedule.cosineWithWarmup(1e-3, 1e-4, 10, 10),
        "need 0 <= warmupIters < lrDecayIters, got warmupIters 10, lrDecayIters 10");
    assertMessage(
        () -> LrSchedule.constant(1).lr(-1),
        "LrSchedule.constant: step must be non-negative, got -1");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable ex, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
    assertTrue(e.getMessage().contains(expected), () -> "got: " + e.getMessage());
  }
}
