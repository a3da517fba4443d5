package io.github.zth.autograd;

/**
 * Thread-local switch for gradient recording, zth's {@code torch.no_grad()}:
 *
 * <pre>{@code
 * try (var off = GradMode.disabled()) {
 *   w.sub_(w.grad().mul(0.1));   // not recorded in any graph
 * }
 * }</pre>
 *
 * The switch is per thread, like torch's; closing the guard restores the previous state, so guards
 * nest.
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /** @return whether ops on this thread currently record gradients */
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
