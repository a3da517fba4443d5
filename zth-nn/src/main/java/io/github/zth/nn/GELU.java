package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/**
 * The Gaussian error linear unit, like {@code nn.GELU}: exact {@code x·Φ(x)} by default, or the
 * tanh approximation GPT-2 used ({@code nn.GELU(approximate='tanh')}).
 */
public class GELU extends Module {

  private final boolean tanhApproximation;

  /** The exact (erf) form, torch's default. */
  public GELU() {
    this(false);
  }

  /**
   * Chooses the form.
   *
   * @param tanhApproximation true for {@code approximate='tanh'}
   */
  public GELU(boolean tanhApproximation) {
    this.tanhApproximation = tanhApproximation;
  }

  /** Applies GELU elementwise; any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return x.gelu(tanhApproximation);
  }

  @Override
  protected String extraRepr() {
    return tanhApproximation ? "approximate='tanh'" : "approximate='none'";
  }
}
