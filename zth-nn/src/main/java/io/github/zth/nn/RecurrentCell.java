package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.Arrays;

/**
 * Shared plumbing of {@link RNNCell}, {@link GRUCell} and {@link LSTMCell}: torch's parameter
 * layout {@code weight_ih (G·H, I)}, {@code weight_hh (G·H, H)}, {@code bias_ih (G·H)}, {@code
 * bias_hh (G·H)} for G gates, all initialised in that order with {@code uniform(-1/sqrt(H),
 * 1/sqrt(H))} as torch's {@code reset_parameters} does.
 */
public abstract class RecurrentCell extends Module {

  private final int inputSize;
  private final int hiddenSize;
  private final boolean bias;

  /**
   * Registers and initialises the parameters.
   *
   * @param name the cell's name, for error messages
   * @param gates number of gates G (1 for RNN, 3 for GRU, 4 for LSTM)
   * @param inputSize input features I, positive
   * @param hiddenSize hidden features H, positive
   * @param bias whether to have the two bias vectors
   * @param generator the random source
   * @throws IllegalArgumentException if a size is not positive
   */
  protected RecurrentCell(
      String name, int gates, int inputSize, int hiddenSize, boolean bias, Generator generator) {
    if (inputSize <= 0 || hiddenSize <= 0) {
      throw new IllegalArgumentException(
          name
              + ": input_size and hidden_size must be positive, got "
              + inputSize
              + ", "
              + hiddenSize);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    double stdv = 1.0 / Math.sqrt(hiddenSize);
    int g = gates * hiddenSize;
    this.bias = bias;
    registerParameter("weight_ih", uniform(generator, stdv, g, inputSize));
    registerParameter("weight_hh", uniform(generator, stdv, g, hiddenSize));
    if (bias) {
      registerParameter("bias_ih", uniform(generator, stdv, g));
      registerParameter("bias_hh", uniform(generator, stdv, g));
    }
  }

  private static Tensor uniform(Generator generator, double bound, int... shape) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] v = new float[n];
    generator.uniform(v, 0, n, -bound, bound);
    return Tensor.fromArray(v, shape);
  }

  /**
   * Returns the number of input features.
   *
   * @return I
   */
  public final int inputSize() {
    return inputSize;
  }

  /**
   * Returns the number of hidden features.
   *
   * @return H
   */
  public final int hiddenSize() {
    return hiddenSize;
  }

  /**
   * The input-side gate pre-activations {@code x W_ih^T + b_ih}.
   *
   * @param x (B, I)
   * @return (B, G·H)
   */
  protected final Tensor inputGates(Tensor x) {
    return Functional.linear(x, parameter("weight_ih"), bias ? parameter("bias_ih") : null);
  }

  /**
   * The hidden-side gate pre-activations {@code h W_hh^T + b_hh}.
   *
   * @param h (B, H)
   * @return (B, G·H)
   */
  protected final Tensor hiddenGates(Tensor h) {
    return Functional.linear(h, parameter("weight_hh"), bias ? parameter("bias_hh") : null);
  }

  /**
   * Checks the shapes of an input and a state tensor.
   *
   * @param x the input, expected (B, I)
   * @param h a state tensor, expected (B, H)
   * @throws IllegalArgumentException naming the cell, what it got and what it expected
   */
  protected final void checkShapes(Tensor x, Tensor h) {
    int[] xs = x.shape();
    int[] hs = h.shape();
    if (xs.length != 2
        || xs[1] != inputSize
        || hs.length != 2
        || hs[0] != xs[0]
        || hs[1] != hiddenSize) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": expected input (B, "
              + inputSize
              + ") and state (B, "
              + hiddenSize
              + "), got "
              + Arrays.toString(xs)
              + " and "
              + Arrays.toString(hs));
    }
  }

  /**
   * A zero state for a batch like {@code x}.
   *
   * @param x the input (B, I)
   * @return zeros (B, H) of x's dtype
   */
  protected final Tensor zeroState(Tensor x) {
    if (x.dim() != 2) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": expected input (B, "
              + inputSize
              + "), got "
              + Arrays.toString(x.shape()));
    }
    return Tensor.zeros(x.dtype(), x.size(0), hiddenSize);
  }

  @Override
  protected String extraRepr() {
    return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=false");
  }
}
