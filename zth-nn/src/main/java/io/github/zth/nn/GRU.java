package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;

/**
 * A stack of GRU layers over a sequence, torch's {@code nn.GRU}: {@link GRUCell}'s update at every
 * step. See {@link RecurrentLayer} for shapes, parameters and what is supported.
 *
 * <pre>{@code
 * GRU gru = new GRU(10, 20, 2, true, true, 0.0, false, new Generator(0));
 * RecurrentLayer.Output out = gru.forward(x, h0);      // x (B, T, 10), h0 (2, B, 20)
 * }</pre>
 */
public final class GRU extends RecurrentLayer {

  /**
   * One layer with biases, batch first, from the default generator. (torch's default is {@code
   * batch_first=False}; zth's sequence models are batch first.)
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   */
  public GRU(int inputSize, int hiddenSize) {
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
  public GRU(
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean batchFirst,
      double dropout,
      boolean bidirectional,
      Generator generator) {
    super(
        "GRU",
        3,
        inputSize,
        hiddenSize,
        numLayers,
        bias,
        batchFirst,
        dropout,
        bidirectional,
        generator);
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
    return new Tensor[] {GRUCell.step(gi, gh, state[0])};
  }
}
