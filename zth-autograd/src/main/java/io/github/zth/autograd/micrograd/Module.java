package io.github.zth.autograd.micrograd;

import java.util.List;

/**
 * Micrograd's {@code Module}: something with trainable parameters whose gradients can be reset.
 *
 * <p>Not to be confused with {@code io.github.zth.nn.Module}, the tensor-based module of the later
 * lectures.
 */
interface Module {
  /**
   * The trainable values, in a fixed order (weights before bias, neuron by neuron, layer by layer).
   *
   * @return an unmodifiable list; the same values every call
   */
  List<Value> parameters();

  /** Sets the gradient of every parameter to 0, before a new backward pass. */
  default void zeroGrad() {
    for (Value p : parameters()) {
      p.zeroGrad();
    }
  }
}
