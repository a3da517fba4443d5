package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared plumbing of the sequence layers {@link RNN}, {@link GRU} and {@link LSTM}, torch's {@code
 * RNNBase}: a stack of {@code numLayers} cells run over a whole sequence, each layer's output
 * sequence the next one's input.
 *
 * <p>Parameters are torch's, so state dicts exchange with torch: for each layer {@code k} in order
 * {@code weight_ih_lk (G·H, I_k)}, {@code weight_hh_lk (G·H, H)}, {@code bias_ih_lk}, {@code
 * bias_hh_lk} (G gates, {@code I_0} the input size and {@code I_k = D·H} above), followed when
 * bidirectional by the same four with the suffix {@code _reverse} for the direction that reads the
 * sequence backwards; all drawn in that order from {@code uniform(-1/sqrt(H), 1/sqrt(H))} as
 * torch's {@code reset_parameters} does.
 *
 * <p>Inputs are (B, T, I) when {@code batchFirst} (the output is then (B, T, D·H)), (T, B, I)
 * otherwise, or unbatched (T, I); D is 2 when bidirectional (the two directions' outputs side by
 * side, forward first), else 1. States are (D·numLayers, B, H) either way, (D·numLayers, H)
 * unbatched, ordered layer by layer, forward direction first. With {@code dropout > 0} each layer's
 * output but the last goes through dropout in training mode, the mask drawn over the (T, B, D·H)
 * layout as torch draws it. Not supported: {@code proj_size}, packed sequences.
 */
public abstract sealed class RecurrentLayer extends Module permits RNN, GRU, LSTM {

  /**
   * What {@link RNN} and {@link GRU} return.
   *
   * @param output the last layer's state at every step: (B, T, D·H) batch first, (T, B, D·H), or
   *     (T, D·H)
   * @param hN every layer's final state (D·numLayers, B, H), or (D·numLayers, H) unbatched
   */
  public record Output(Tensor output, Tensor hN) {}

  private final String name;
  private final int inputSize;
  private final int hiddenSize;
  private final int numLayers;
  private final boolean bias;
  private final boolean batchFirst;
  private final double dropout;
  private final boolean bidirectional;
  private final Generator generator;

  RecurrentLayer(
      String name,
      int gates,
      int inputSize,
      int hiddenSize,
      int numLayers,
      boolean bias,
      boolean batchFirst,
      double dropout,
      boolean bidirectional,
      Generator generator) {
    if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
      throw new IllegalArgumentException(
          name
              + ": input_size, hidden_size and num_layers must be positive, got "
              + inputSize
              + ", "
              + hiddenSize
              + ", "
              + numLayers);
    }
    Functional.checkProbability(name + " dropout", dropout);
    this.name = name;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    this.generator = java.util.Objects.requireNonNull(generator, "generator");
    double stdv = 1.0 / Math.sqrt(hiddenSize);
    int g = gates * hiddenSize;
    for (int k = 0; k < numLayers; k++) {
      for (int d = 0; d < directions(); d++) {
        String sfx = suffix(k, d);
        registerParameter(
            "weight_ih" + sfx,
            uniform(generator, stdv, g, k == 0 ? inputSize : hiddenSize * directions()));
        registerParameter("weight_hh" + sfx, uniform(generator, stdv, g, hiddenSize));
        if (bias) {
          registerParameter("bias_ih" + sfx, uniform(generator, stdv, g));
          registerParameter("bias_hh" + sfx, uniform(generator, stdv, g));
        }
      }
    }
  }

  private int directions() {
    return bidirectional ? 2 : 1;
  }

  /** torch's parameter name suffix: {@code _l0}, {@code _l0_reverse}, … */
  private static String suffix(int layer, int direction) {
    return "_l" + layer + (direction == 1 ? "_reverse" : "");
  }

  private static Tensor uniform(Generator generator, double bound, int... shape) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] v = new float[n];
    generator.uniform(v, 0, n, -bound, bound);
    return Tensor.fromArray(v, shape);
  }

  /**
   * One cell step on gate pre-activations.
   *
   * @param gi x W_ih^T + b_ih (B, G·H)
   * @param gh h W_hh^T + b_hh (B, G·H)
   * @param state the previous states (h first), each (B, H)
   * @return the new states, h first
   */
  abstract Tensor[] step(Tensor gi, Tensor gh, Tensor[] state);

  /**
   * Runs the stack over a sequence.
   *
   * @param x the input as documented on the class
   * @param init the initial states (h0, and c0 for an LSTM), each (D·numLayers, B, H) or
   *     (D·numLayers, H), or null for zeros
   * @return the output sequence followed by the final states (each (D·numLayers, B, H) or
   *     (D·numLayers, H))
   */
  final Tensor[] run(Tensor x, Tensor[] init) {
    int[] xs = x.shape();
    if (!(xs.length == 3 || xs.length == 2)
        || xs[xs.length - 1] != inputSize
        || xs[xs.length == 3 && !batchFirst ? 0 : xs.length - 2] == 0) {
      throw new IllegalArgumentException(
          name
              + ": expected input "
              + (batchFirst ? "(B, T, " : "(T, B, ")
              + inputSize
              + ") or (T, "
              + inputSize
              + ") with T > 0, got "
              + Arrays.toString(xs));
    }
    boolean batched = xs.length == 3;
    Tensor seq = !batched ? x.unsqueeze(0) : batchFirst ? x : x.transpose(0, 1); // (B, T, I)
    int b = seq.size(0);
    int t = seq.size(1);
    Tensor[] states = new Tensor[init.length];
    for (int i = 0; i < init.length; i++) {
      states[i] = initialState(init[i], batched, b, x);
    }
    List<List<Tensor>> finals = new ArrayList<>();
    for (int i = 0; i < init.length; i++) {
      finals.add(new ArrayList<>());
    }
    for (int k = 0; k < numLayers; k++) {
      List<Tensor> directionOutputs = new ArrayList<>(2);
      for (int d = 0; d < directions(); d++) {
        String sfx = suffix(k, d);
        Tensor gi =
            Functional.linear(
                seq,
                parameter("weight_ih" + sfx),
                bias ? parameter("bias_ih" + sfx) : null); // (B, T, G*H)
        Tensor whh = parameter("weight_hh" + sfx);
        Tensor bhh = bias ? parameter("bias_hh" + sfx) : null;
        Tensor[] s = new Tensor[states.length];
        for (int i = 0; i < s.length; i++) {
          s[i] = states[i].select(0, k * directions() + d); // (B, H)
        }
        Tensor[] outputs = new Tensor[t];
        for (int n = 0; n < t; n++) {
          int step = d == 0 ? n : t - 1 - n; // the reverse direction reads the sequence backwards
          s = step(gi.select(1, step), Functional.linear(s[0], whh, bhh), s);
          outputs[step] = s[0];
        }
        directionOutputs.add(Tensor.stack(List.of(outputs), 1)); // (B, T, H)
        for (int i = 0; i < s.length; i++) {
          finals.get(i).add(s[i]);
        }
      }
      seq =
          directionOutputs.size() == 1
              ? directionOutputs.get(0)
              : Tensor.cat(directionOutputs, 2); // (B, T, D*H)
      if (dropout > 0 && isTraining() && k < numLayers - 1) {
        seq =
            Functional.dropout(seq.transpose(0, 1), dropout, true, generator)
                .transpose(0, 1); // mask over (T, B, D*H)
      }
    }
    Tensor[] out = new Tensor[1 + states.length];
    out[0] = !batched ? seq.squeeze(0) : batchFirst ? seq : seq.transpose(0, 1);
    for (int i = 0; i < states.length; i++) {
      Tensor last = Tensor.stack(finals.get(i), 0); // (D*L, B, H)
      out[1 + i] = batched ? last : last.squeeze(1);
    }
    return out;
  }

  /** The given state as (D*L, B, H), or zeros. */
  private Tensor initialState(Tensor given, boolean batched, int b, Tensor x) {
    int layers = directions() * numLayers;
    if (given == null) {
      return Tensor.zeros(x.dtype(), layers, b, hiddenSize);
    }
    int[] want = batched ? new int[] {layers, b, hiddenSize} : new int[] {layers, hiddenSize};
    if (!Arrays.equals(given.shape(), want)) {
      throw new IllegalArgumentException(
          name
              + ": expected initial state "
              + Arrays.toString(want)
              + " ("
              + (bidirectional ? "2 * " : "")
              + "num_layers"
              + (batched ? ", B" : "")
              + ", hidden_size) for input "
              + Arrays.toString(x.shape())
              + ", got "
              + Arrays.toString(given.shape()));
    }
    return batched ? given : given.unsqueeze(1);
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
   * Returns the number of stacked layers.
   *
   * @return num_layers
   */
  public final int numLayers() {
    return numLayers;
  }

  /**
   * Whether inputs and outputs are (B, T, ·) rather than (T, B, ·).
   *
   * @return batch_first
   */
  public final boolean batchFirst() {
    return batchFirst;
  }

  /**
   * Whether a second direction reads the sequence backwards.
   *
   * @return bidirectional
   */
  public final boolean bidirectional() {
    return bidirectional;
  }

  @Override
  protected String extraRepr() {
    return inputSize
        + ", "
        + hiddenSize
        + (numLayers != 1 ? ", num_layers=" + numLayers : "")
        + (bias ? "" : ", bias=false")
        + (batchFirst ? ", batch_first=true" : "")
        + (dropout != 0 ? ", dropout=" + dropout : "")
        + (bidirectional ? ", bidirectional=true" : "");
  }
}
