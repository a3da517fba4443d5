package io.github.zth.examples;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a long training loop, shown without mixing into what scripts read: the lecture's
 * lines and the final {@code key: value} summary.
 *
 * <p>The rule: when the program runs in a terminal ({@link System#console()} is not null, which on
 * Java 17 means standard input and output are both a terminal) and {@code TERM} is not {@code
 * dumb}, a me.tongfei progress bar is drawn and redrawn in place at the bottom of the output, and
 * wiped before each lecture line so it never tears one; it ends with its line before the summary.
 * It goes to standard output, which is then a terminal, not a pipe or file: the same stream as the
 * lecture's lines keeps the two in order (bin/zth filters stderr line by line, which would hold
 * back a bar that only ends its line at the end). The bar is first drawn after the first step, so
 * what the first step logs on stderr (the kernels' start-up line) comes before it instead of
 * sticking to a stale 0% bar. Otherwise (piped or redirected output, CI logs, tests) a plain line
 * goes to stderr at each tenth of the loop, e.g. {@code mlp: 40% (80000/200000) loss 2.2711, 31s
 * elapsed, ~46s left}. {@code -Dzth.progress=bar}, {@code plain} or {@code off} overrides the rule.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("mlp", steps, out, err)) {
 *   for (int i = 0; i < steps; i++) {
 *     double loss = ...;
 *     if (i % 10000 == 0) p.println(String.format("%7d/%7d: %.4f", i, steps, loss));
 *     p.stepTo(i + 1, "loss " + loss);
 *   }
 * } // the bar is finished here, before the summary lines
 * }</pre>
 */
final class Progress implements AutoCloseable {
  /** How progress is shown. */
  enum Mode {
    /** A progress bar redrawn in place (terminals). */
    BAR,
    /** A line at each tenth of the loop (logs, pipes). */
    PLAIN,
    /** Nothing. */
    OFF
  }

  private final String task;
  private final long total;
  private final PrintWriter out;
  private final PrintWriter err;
  private final ProgressBar bar; // null unless Mode.BAR
  private final boolean plain;
  private final Object lock = new Object();
  private final long startNanos = System.nanoTime();
  private final long first;
  private String
      lastDrawn; // the bar as last drawn, redrawn after a line of output; guarded by lock
  private int tenthsShown;
  private boolean closed;
  private volatile boolean stepped; // no bar is drawn before the first step has finished

  private Progress(
      String task, long first, long total, Mode mode, PrintWriter out, PrintWriter err) {
    if (total < 0 || first < 0 || first > total) {
      throw new IllegalArgumentException(
          "Progress: task '"
              + task
              + "' from "
              + first
              + " to "
              + total
              + ": expected 0 <= first <= total");
    }
    this.task = task;
    this.first = first;
    this.total = total;
    this.out = out;
    this.err = err;
    this.tenthsShown = total == 0 ? 10 : (int) (10 * first / total);
    this.bar = mode == Mode.BAR ? newBar(task, first, total) : null;
    this.plain = mode == Mode.PLAIN;
  }

  /**
   * Starts showing the progress of a loop of {@code total} steps, in the mode {@link #mode()}
   * picks.
   *
   * @param task a short name shown before the bar, e.g. the subcommand
   * @param total the number of steps
   * @param out the command's standard output: {@link #println}'s lines, and the bar
   * @param err the command's error stream, where the plain progress lines go
   * @return the progress, at step 0
   */
  static Progress start(String task, long total, PrintWriter out, PrintWriter err) {
    return start(task, 0, total, mode(), out, err);
  }

  /**
   * Starts showing progress in a given mode, from a step other than 0 (a resumed run).
   *
   * @param task a short name
   * @param first the step the loop starts from
   * @param total the step it ends at
   * @param mode how to show it
   * @param out the command's standard output: {@link #println}'s lines, and the bar
   * @param err where the plain progress lines go
   * @return the progress, at step {@code first}
   */
  static Progress start(
      String task, long first, long total, Mode mode, PrintWriter out, PrintWriter err) {
    return new Progress(task, first, total, mode, out, err);
  }

  /**
   * The mode the rule in the class comment picks for this process.
   *
   * @return BAR in a terminal, PLAIN otherwise, or what {@code -Dzth.progress} says
   */
  static Mode mode() {
    String forced = System.getProperty("zth.progress");
    if (forced != null) {
      try {
        return Mode.valueOf(forced.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-Dzth.progress=" + forced + ": expected bar, plain or off", e);
      }
    }
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return terminal ? Mode.BAR : Mode.PLAIN;
  }

  /**
   * Records that {@code done} steps are finished.
   *
   * @param done steps finished so far, from {@code first} to {@code total}
   * @param extra a short status after the bar, e.g. {@code "loss 2.1234"}, or empty
   */
  void stepTo(long done, String extra) {
    if (bar != null) {
      bar.setExtraMessage(extra);
      bar.stepTo(done);
      stepped = true;
    } else if (plain && total > 0) {
      int tenths = (int) (10 * Math.min(done, total) / total);
      if (tenths > tenthsShown) {
        tenthsShown = tenths;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long doneHere = done - first;
        double left = doneHere > 0 ? elapsed * (total - done) / doneHere : Double.NaN;
        err.printf(
            Locale.ROOT,
            "%s: %d%% (%d/%d)%s, %s elapsed%s%n",
            task,
            100 * done / total,
            done,
            total,
            extra.isEmpty() ? "" : " " + extra,
            seconds(elapsed),
            done < total ? ", ~" + seconds(left) + " left" : "");
        err.flush();
      }
    }
  }

  /**
   * Prints a line of the command's output without tearing the bar: the bar is wiped, the line
   * printed, and the bar drawn again below it.
   *
   * @param line the line, without its newline
   */
  void println(String line) {
    synchronized (lock) {
      boolean drawn = bar != null && lastDrawn != null && !closed;
      out.print(
          drawn
              ? "\r\033[2K" + line + System.lineSeparator() + lastDrawn
              : line + System.lineSeparator());
      out.flush();
    }
  }

  /**
   * Step {@code i} (from 0) of a lecture notebook's loop of {@code steps}: the notebooks' line
   * {@code print(f'{i:7d}/{max_steps:7d}: {loss.item():.4f}')} every {@code every} steps and at the
   * last, then the progress moved past the step.
   */
  void lectureStep(int i, int steps, int every, double loss) {
    if (i % every == 0 || i == steps - 1) {
      println(String.format(Locale.ROOT, "%7d/%7d: %.4f", i, steps, loss));
    }
    stepTo(i + 1, String.format(Locale.ROOT, "loss %.4f", loss));
  }

  /**
   * Finishes the bar (its last state stays on screen) so that what follows starts on a new line.
   */
  @Override
  public void close() {
    if (bar != null) {
      bar.close(); // waits for the final redraw
    }
    synchronized (lock) {
      if (bar != null && lastDrawn != null && !closed) {
        out.println(); // the library ends the line only when its first redraw was not the last one
        out.flush();
      }
      closed = true;
    }
  }

  private ProgressBar newBar(String name, long from, long to) {
    return new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(to)
        .startsFrom(from, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new Consumer())
        .build();
  }

  /**
   * Draws the library's rendering of the bar over the current line; nothing before the first step.
   *
   * @param rendered the bar as the library renders it
   */
  void draw(String rendered) {
    synchronized (lock) {
      if (closed || !stepped) {
        return;
      }
      out.print('\r');
      out.print(rendered);
      out.flush();
      lastDrawn = rendered;
    }
  }

  private static String seconds(double s) {
    if (!Double.isFinite(s)) {
      return "?";
    }
    return s < 100
        ? String.format(Locale.ROOT, "%.0fs", s)
        : String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
  }

  /**
   * Draws the bar on {@code out}; shares {@link #lock} with {@link #println} so lines never
   * interleave.
   */
  private final class Consumer implements ProgressBarConsumer {
    private final ConsoleProgressBarConsumer width = new ConsoleProgressBarConsumer(System.out);

    @Override
    public int getMaxRenderedLength() {
      return width
          .getMaxRenderedLength(); // the terminal's width, through the library's JLine query
    }

    @Override
    public void accept(String rendered) {
      draw(rendered);
    }

    @Override
    public void close() {
      // Progress.close ends the line: the library does not call this when the loop ends before its
      // first redraw
    }
  }
}
