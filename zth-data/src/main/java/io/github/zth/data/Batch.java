package io.github.zth.data;

import io.github.zth.autograd.Tensor;
import java.util.Objects;

/**
 * One minibatch: inputs {@code x} and targets {@code y}, both with the examples along dim 0.
 *
 * @param x the inputs, e.g. (B, T) INT64 token ids
 * @param y the targets, same first dimension as {@code x}
 */
public record Batch(Tensor x, Tensor y) {
  /** Refuses null tensors. */
  public Batch {
    Objects.requireNonNull(x, "Batch: x");
    Objects.requireNonNull(y, "Batch: y");
  }
}
