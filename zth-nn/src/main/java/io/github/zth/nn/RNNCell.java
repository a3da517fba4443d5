package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;

/**
 * An Elman RNN cell, torch's {@code nn.RNNCell}: {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T +
 * b_hh)} (or ReLU). See {@link RecurrentCell} for parameters and initialisation.
 */
public class RNNCell extends RecurrentCell {

  private final boolean relu;

  /**
   * A tanh cell with biases, initialised from the default generator.
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   */
  public RNNCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, false, Zth.defaultGenerator());
  }

  /**
   * Creates the cell.
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   * @param bias whether to have biases
   * @param relu ReLU instead of tanh ({@code nonlinearity='relu'})
   * @param generator the random source
   */
  public RNNCell(int inputSize, int hiddenSize, boolean bias, boolean relu, Generator generator) {
    super("RNNCell", 1, inputSize, hiddenSize, bias, generator);
    this.relu = relu;
  }

  /** One step from a zero state: (B, I) → (B, H). */
  @Override
  public Tensor forward(Tensor x) {
    return forward(x, zeroState(x));
  }

  /**
   * One step.
   *
   * @param x the input (B, I)
   * @param h the previous state (B, H)
   * @return the new state (B, H)
   */
  public Tensor forward(Tensor x, Tensor h) {
    checkShapes(x, h);
    return step(inputGates(x), hiddenGates(h), relu);
  }

  /**
   * The cell's arithmetic on gate pre-activations, shared with {@link RNN}: (B, H), (B, H) → (B,
   * H).
   */
  static Tensor step(Tensor gi, Tensor gh, boolean relu) {
    Tensor pre = gi.add(gh);
    return relu ? pre.relu() : pre.tanh();
  }
}
