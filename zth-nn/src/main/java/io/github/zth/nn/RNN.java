package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;

/**
 * A stack of Elman RNN layers over a sequence, torch's {@code nn.RNN}: {@link RNNCell}'s {@code h_t
 * = tanh(x_t W_ih^T + b_ih + h_{t−1} W_hh^T + b_hh)} (or ReLU) at every step. See {@link
 * RecurrentLayer} for shapes, parameters and what is supported.
 *
 * <pre>{@code
 * RNN rnn = new RNN(10, 20);                           // batch_first = true
 * RecurrentLayer.Output out = rnn.forward(x, null);    // x (B, T, 10): output (B, T, 20), hN (1, B, 20)
 * }</pre>
 */
public final class RNN extends RecurrentLayer {

  private final boolean relu;

  /**
   * One tanh layer with biases, batch first, from the default generator. (torch's default is {@code
   * batch_first=False}; zth's sequence models are batch first.)
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   */
  public RNN(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, false, true, true, 0.0, false, Zth.defaultGenerator());
  }

  /**
   * Creates the layers, torch's arguments in torch's order.
   *
   * @param inputSize input features I, positive
   * @param hiddenSize hidden features H, positive
   * @param numLayers stacked layers, positive
   * @param relu ReLU instead of tanh ({@code nonlinearity='relu'})
   * @param bias whether to have biases
   * @param batchFirst (B, T, ·) rather than (T, B, ·) inputs and outputs
   * @param dropout dropout on each layer's output but the last, in training, in [0, 1]
   * @param bidirectional add a second direction reading the sequence backwards
   * @param generator random source for initialisation and dropout
   * @throws IllegalArgumentException on a bad size or probability
   */
  public RNN(
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean relu,
      boolean bias,
      boolean batchFirst,
      double dropout,
      boolean bidirectional,
      Generator generator) {
    super(
        "RNN",
        1,
        inputSize,
        hiddenSize,
        numLayers,
        bias,
        batchFirst,
        dropout,
        bidirectional,
        generator);
    this.relu = relu;
  }

  /** The output sequence from a zero initial state. */
  @Override
  public Tensor forward(Tensor x) {
    return forward(x, null).output();
  }

  /**
   * Runs the sequence.
   *
   * @param x (B, T, I) batch first, (T, B, I), or (T, I)
   * @param h0 initial states (D·numLayers, B, H) or (D·numLayers, H), or null for zeros
   * @return the output sequence and the final states
   */
  public Output forward(Tensor x, Tensor h0) {
    Tensor[] r = run(x, new Tensor[] {h0});
    return new Output(r[0], r[1]);
  }

  @Override
  Tensor[] step(Tensor gi, Tensor gh, Tensor[] state) {
    return new Tensor[] {RNNCell.step(gi, gh, relu)};
  }

  @Override
  protected String extraRepr() {
    return super.extraRepr() + (relu ? ", nonlinearity=relu" : "");
  }
}
