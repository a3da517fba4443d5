package io.github.zth.autograd;

/** How a loss combines its per-element values, like torch's {@code reduction=} argument. */
public enum Reduction {
  /** Keep one value per element. */
  NONE,
  /** Average (over non-ignored elements for cross-entropy/nll). */
  MEAN,
  /** Sum. */
  SUM
}
