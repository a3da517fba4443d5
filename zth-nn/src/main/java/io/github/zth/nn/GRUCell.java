package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;
import java.util.List;

/**
 * A gated recurrent unit cell, torch's {@code nn.GRUCell}, gates in torch's order (reset, update,
 * new):
 *
 * <pre>
 * r  = σ(x W_ir + b_ir + h W_hr + b_hr)
 * z  = σ(x W_iz + b_iz + h W_hz + b_hz)
 * n  = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * See {@link RecurrentCell} for parameters and initialisation.
 */
public class GRUCell extends RecurrentCell {

  /**
   * A cell with biases, initialised from the default generator.
   *
   * @param inputSize input features
   * @param hiddenSize hidden features
   */
  public GRUCell(int inputSize, int hiddenSize) {
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
  public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator generator) {
    super("GRUCell", 3, inputSize, hiddenSize, bias, generator);
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
    return step(inputGates(x), hiddenGates(h), h);
  }

  /**
   * The cell's arithmetic on gate pre-activations, shared with {@link GRU}.
   *
   * @param input x W_ih^T + b_ih (B, 3H)
   * @param hidden h W_hh^T + b_hh (B, 3H)
   * @param h the previous state (B, H)
   * @return the new state (B, H)
   */
  static Tensor step(Tensor input, Tensor hidden, Tensor h) {
    int hs = h.size(1);
    List<Tensor> gi = input.split(hs, 1); // r, z, n: 3 x (B, H)
    List<Tensor> gh = hidden.split(hs, 1);
    Tensor r = gi.get(0).add(gh.get(0)).sigmoid();
    Tensor z = gi.get(1).add(gh.get(1)).sigmoid();
    Tensor n = gi.get(2).add(r.mul(gh.get(2))).tanh();
    return n.add(z.mul(h.sub(n))); // (1 - z) * n + z * h
  }
}
