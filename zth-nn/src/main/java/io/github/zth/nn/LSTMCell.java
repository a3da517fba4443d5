package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;
import java.util.List;

/**
 * A long short-term memory cell, torch's {@code nn.LSTMCell}, gates in torch's order (input,
 * forget, cell, output):
 *
 * <pre>
 * i, f, o = σ(…), g = tanh(…)     each x W_i· + b_i· + h W_h· + b_h·
 * c' = f ⊙ c + i ⊙ g
 * h' = o ⊙ tanh(c')
 * </pre>
 *
 * See {@link RecurrentCell} for parameters and initialisation.
 */
public class LSTMCell extends RecurrentCell {

  /**
   * The recurrent state of an LSTM.
   *
   * @param h the hidden state (B, H)
   * @param c the cell state (B, H)
   */
  public record State(Tensor h, Tensor c) {}

  /**
   * A cell with biases, initialised from the default generator.
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   */
  public LSTMCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, Zth.defaultGenerator());
  }

  /**
   * Creates the cell.
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   * @param bias whether to have biases
   * @param generator the random source
   */
  public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator generator) {
    super("LSTMCell", 4, inputSize, hiddenSize, bias, generator);
  }

  /** One step from a zero state, returning the new hidden state: (B, I) → (B, H). */
  @Override
  public Tensor forward(Tensor x) {
    Tensor zero = zeroState(x);
    return forward(x, new State(zero, zero)).h();
  }

  /**
   * One step.
   *
   * @param x the input (B, I)
   * @param state the previous (h, c)
   * @return the new (h, c)
   */
  public State forward(Tensor x, State state) {
    checkShapes(x, state.h());
    checkShapes(x, state.c());
    return step(inputGates(x), hiddenGates(state.h()), state.c());
  }

  /**
   * The cell's arithmetic on gate pre-activations, shared with {@link LSTM}.
   *
   * @param input x W_ih^T + b_ih (B, 4H)
   * @param hidden h W_hh^T + b_hh (B, 4H)
   * @param cell the previous cell state c (B, H)
   * @return the new (h, c)
   */
  static State step(Tensor input, Tensor hidden, Tensor cell) {
    List<Tensor> gates = input.add(hidden).split(cell.size(1), 1); // i, f, g, o: 4 x (B, H)
    Tensor i = gates.get(0).sigmoid();
    Tensor f = gates.get(1).sigmoid();
    Tensor g = gates.get(2).tanh();
    Tensor o = gates.get(3).sigmoid();
    Tensor c = f.mul(cell).add(i.mul(g));
    return new State(o.mul(c.tanh()), c);
  }
}
