package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;

/**
 * A stack of LSTM layers over a sequence, torch's {@code nn.LSTM}: {@link LSTMCell}'s update at
 * every step. See {@link RecurrentLayer} for shapes, parameters and what is supported.
 *
 * <pre>{@code
 * LSTM lstm = new LSTM(10, 20);
 * LSTM.Output out = lstm.forward(x, null, null);       // x (B, T, 10): output (B, T, 20), hN and cN (1, B, 20)
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {

  /**
   * What an LSTM returns.
   *
   * @param output the last layer's h at every step: (B, T, D·H) batch first, (T, B, D·H), or (T,
   *     D·H)
   * @param hN every layer's final h (D·numLayers, B, H), or (D·numLayers, H) unbatched
   * @param cN every layer's final cell state, shaped as hN
   */
  public record Output(Tensor output, Tensor hN, Tensor cN) {}

  /**
   * One layer with biases, batch first, from the default generator. (torch's default is {@code
   * batch_first=False}; zth's sequence models are batch first.)
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   */
  public LSTM(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, 1, true, true, 0.0, false, Zth.defaultGenerator());
  }

  /**
   * Creates the layers, torch's arguments in torch's order.
   *
   * @param inputSize input features I, positive
   * @param hiddenSize hidden features H, positive
   * @param numLayers stacked layers, positive
   * @param bias whether to have biases
   * @param batchFirst (B, T, ·) rather than (T, B, ·) inputs and outputs
   * @param dropout dropout on each layer's output but the last, in training, in [0, 1]
   * @param bidirectional add a second direction reading the sequence backwards
   * @param generator random source for initialisation and dropout
   * @throws IllegalArgumentException on a bad size or probability
   */
  public LSTM(
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean batchFirst,
      double dropout,
      boolean bidirectional,
      Generator generator) {
    super(
        "LSTM",
        4,
        inputSize,
        hiddenSize,
        numLayers,
        bias,
        batchFirst,
        dropout,
        bidirectional,
        generator);
  }

  /** The output sequence from zero initial states. */
  @Override
  public Tensor forward(Tensor x) {
    return forward(x, null, null).output();
  }

  /**
   * Runs the sequence.
   *
   * @param x (B, T, I) batch first, (T, B, I), or (T, I)
   * @param h0 initial hidden states (D·numLayers, B, H) or (D·numLayers, H), or null for zeros
   * @param c0 initial cell states, shaped as h0, or null for zeros
   * @return the output sequence and the final states
   * @throws IllegalArgumentException on bad shapes, or if only one of h0 and c0 is given
   */
  public Output forward(Tensor x, Tensor h0, Tensor c0) {
    if ((h0 == null) != (c0 == null)) {
      throw new IllegalArgumentException(
          "LSTM: give both h0 and c0 or neither, got " + (h0 == null ? "c0 only" : "h0 only"));
    }
    Tensor[] r = run(x, new Tensor[] {h0, c0});
    return new Output(r[0], r[1], r[2]);
  }

  @Override
  Tensor[] step(Tensor gi, Tensor gh, Tensor[] state) {
    LSTMCell.State next = LSTMCell.step(gi, gh, state[1]);
    return new Tensor[] {next.h(), next.c()};
  }
}
