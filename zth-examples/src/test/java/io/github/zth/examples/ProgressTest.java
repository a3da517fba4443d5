package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Progress start(long first, long total, Progress.Mode mode) {
    return Progress.start("task", first, total, mode, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void plainModePrintsOneLinePerTenthOnStderrAndKeepsStdoutForTheLecture() {
    try (Progress p = start(0, 1000, Progress.Mode.PLAIN)) {
      for (int i = 0; i < 1000; i++) {
        if (i % 250 == 0) {
          p.println("step " + i);
        }
        p.stepTo(i + 1, "loss 1.5");
      }
    }
    assertEquals(
        List.of("step 0", "step 250", "step 500", "step 750"), out.toString().lines().toList());
    List<String> lines = err.toString().lines().toList();
    assertEquals(10, lines.size(), err.toString());
    for (int k = 1; k <= 10; k++) {
      assertTrue(
          lines
              .get(k - 1)
              .startsWith("task: " + (10 * k) + "% (" + (100 * k) + "/1000) loss 1.5, "),
          lines.get(k - 1));
    }
    assertTrue(lines.get(8).endsWith(" left") && !lines.get(9).contains("left"), err.toString());
  }

  @Test
  void aResumedLoopCountsFromWhereItStarts() {
    try (Progress p = start(500, 1000, Progress.Mode.PLAIN)) {
      for (int i = 500; i < 1000; i++) {
        p.stepTo(i + 1, "");
      }
    }
    List<String> lines = err.toString().lines().toList();
    assertEquals(5, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith("task: 60% (600/1000), "), lines.get(0));
  }

  @Test
  void offModeShowsNothing() {
    try (Progress p = start(0, 10, Progress.Mode.OFF)) {
      for (int i = 0; i < 10; i++) {
        p.stepTo(i + 1, "x");
      }
      p.println("kept");
    }
    assertEquals("kept\n", out.toString().replace(System.lineSeparator(), "\n"));
    assertEquals("", err.toString());
  }

  @Test
  void barModeKeepsTheBarBelowTheLinesAndEndsItsLineBeforeTheSummary() throws InterruptedException {
    try (Progress p = start(0, 50, Progress.Mode.BAR)) {
      p.println("first line");
      for (int i = 0; i < 50; i++) {
        p.stepTo(i + 1, "loss 2.0");
      }
      for (int wait = 0; wait < 200 && !out.toString().contains("50/50"); wait++) {
        Thread.sleep(
            50); // the library draws from its own thread, every 250 ms once it knows the width
      }
      p.println("second line");
    }
    new PrintWriter(out).append("summary: 1").flush();
    String o = out.toString();
    assertEquals("", err.toString());
    assertTrue(o.contains("first line" + System.lineSeparator()), o);
    int second = o.indexOf("second line");
    assertTrue(
        second > 0 && o.substring(0, second).endsWith("\r\033[2K"),
        "the bar is wiped before a line: " + o);
    String last = o.substring(o.lastIndexOf('\r') + 1);
    assertTrue(
        last.contains("task")
            && last.contains("100%")
            && last.contains("50/50")
            && last.contains("loss 2.0"),
        o);
    assertTrue(
        last.endsWith(System.lineSeparator() + "summary: 1"),
        "the summary starts its own line: " + o);
  }

  @Test
  void noBarIsDrawnBeforeTheFirstStep() throws InterruptedException {
    // The library renders from its own thread at once, then every 250 ms; a bar drawn before the
    // first
    // step would sit at 0% with no line end, and the kernels' start-up line would stick to it.
    try (Progress p = start(0, 10, Progress.Mode.BAR)) {
      p.draw("task   0% [....] 0/10");
      assertEquals("", out.toString(), "nothing is drawn before a step finishes");
      p.stepTo(1, "loss 3.0");
      for (int wait = 0; wait < 200 && !out.toString().contains("1/10"); wait++) {
        Thread.sleep(50);
      }
      assertTrue(out.toString().contains("1/10"), out.toString());
    }
  }

  @Test
  void badRangesAndModesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> start(5, 4, Progress.Mode.PLAIN));
    String saved = System.getProperty("zth.progress");
    try {
      System.setProperty("zth.progress", "fancy");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Progress::mode);
      assertTrue(e.getMessage().contains("fancy"), e.getMessage());
      System.setProperty("zth.progress", "plain");
      assertEquals(Progress.Mode.PLAIN, Progress.mode());
    } finally {
      if (saved == null) {
        System.clearProperty("zth.progress");
      } else {
        System.setProperty("zth.progress", saved);
      }
    }
  }
}
