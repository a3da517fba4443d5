package io.github.zth.autograd;

import java.util.function.Supplier;

/**
 * Thread-local switch for gradient recording, zth's {@code torch.no_grad()}:
 *
 * <pre>{@code
 * GradMode.noGrad(() -> w.sub_(w.grad().mul(0.1)));   // not recorded in any graph
 * }</pre>
 *
 * The lambda form suits builds with {@code -Xlint:all -Werror}, where a try-with-resources guard
 * that the body never names is a warning. The guard form, {@code try (var off =
 * GradMode.disabled())}, covers bodies that assign locals or throw checked exceptions. The switch
 * is per thread, like torch's; leaving the scope restores the previous state, so both forms nest.
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED =
      ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /**
   * @return whether ops on this thread currently record gradients
   */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /**
   * Disables recording on this thread until the returned guard is closed.
   *
   * @return the guard that restores the previous mode
   */
  public static Guard disabled() {
    return set(false);
  }

  /**
   * Enables recording on this thread until the returned guard is closed (torch.enable_grad).
   *
   * @return the guard that restores the previous mode
   */
  public static Guard enabled() {
    return set(true);
  }

  /**
   * Runs {@code body} with recording off on this thread and returns its result; the previous mode
   * is restored even if the body throws.
   *
   * @param <T> the body's result type
   * @param body the computation, e.g. an evaluation pass or an in-place parameter update
   * @return what the body returned
   */
  public static <T> T noGrad(Supplier<T> body) {
    Guard g = set(false);
    try {
      return body.get();
    } finally {
      g.close();
    }
  }

  /**
   * {@link #noGrad(Supplier)} for a body with no result, such as several updates in a block.
   *
   * @param body the statements to run with recording off
   */
  public static void noGrad(Runnable body) {
    Guard g = set(false);
    try {
      body.run();
    } finally {
      g.close();
    }
  }

  private static Guard set(boolean value) {
    boolean[] cell = ENABLED.get();
    Guard g = new Guard(cell, cell[0]);
    cell[0] = value;
    return g;
  }

  /** Restores the previous grad mode when closed; use it in try-with-resources. */
  public static final class Guard implements AutoCloseable {
    private final boolean[] cell;
    private final boolean previous;

    private Guard(boolean[] cell, boolean previous) {
      this.cell = cell;
      this.previous = previous;
    }

    /** Restores the grad mode that was active when this guard was created. */
    @Override
    public void close() {
      cell[0] = previous;
    }
  }
}
