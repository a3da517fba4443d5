package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;

/**
 * Randomly zeroes elements during training and scales the rest by {@code 1/(1-p)}, like {@code
 * nn.Dropout}; the identity in evaluation mode. See {@link Functional#dropout} for how the mask is
 * drawn.
 */
public class Dropout extends Module {

  private final double p;
  private final Generator generator;

  /**
   * Dropout drawing from the default generator.
   *
   * @param p probability of zeroing an element, in [0, 1]
   */
  public Dropout(double p) {
    this(p, Zth.defaultGenerator());
  }

  /**
   * Dropout drawing from {@code generator}.
   *
   * @param p probability of zeroing an element, in [0, 1]
   * @param generator the random source
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  public Dropout(double p, Generator generator) {
    Functional.checkProbability("Dropout", p);
    this.p = p;
    this.generator = java.util.Objects.requireNonNull(generator, "generator");
  }

  /** Same shape as the input. */
  @Override
  public Tensor forward(Tensor x) {
    return Functional.dropout(x, p, isTraining(), generator);
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
