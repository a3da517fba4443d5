package io.github.zth.autograd.micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One neuron: {@code act = w · x + b}, passed through ReLU unless it is linear (micrograd's {@code
 * Neuron}). Weights start uniform in [-1, 1) from the given random source, the bias at 0.
 *
 * <p>The weighted sum is one {@link Value#dot} node rather than micrograd's chain of {@code 2n}
 * multiplications and additions: the same numbers to rounding, with far fewer nodes to build and
 * backpropagate.
 */
public final class Neuron implements Module {
  private final Value[] w;
  private final List<Value> weights;
  private final Value b;
  private final boolean nonlin;
  private final List<Value> parameters;

  /**
   * A neuron with {@code nin} inputs.
   *
   * @param nin the number of inputs, at least 1
   * @param nonlin true for a ReLU neuron, false for a linear one
   * @param rng the source of the initial weights
   * @throws IllegalArgumentException if {@code nin < 1}
   */
  public Neuron(int nin, boolean nonlin, RandomGenerator rng) {
    if (nin < 1) {
      throw new IllegalArgumentException("Neuron: nin " + nin + ": expected at least 1 input");
    }
    this.w = new Value[nin];
    for (int i = 0; i < nin; i++) {
      w[i] = Value.of(rng.nextDouble(-1.0, 1.0));
    }
    this.weights = List.of(w);
    this.b = Value.of(0.0);
    this.nonlin = nonlin;
    List<Value> ps = new ArrayList<>(weights);
    ps.add(b);
    this.parameters = List.copyOf(ps);
  }

  /**
   * A ReLU neuron with {@code nin} inputs.
   *
   * @param nin the number of inputs, at least 1
   * @param rng the source of the initial weights
   */
  public Neuron(int nin, RandomGenerator rng) {
    this(nin, true, rng);
  }

  /**
   * The neuron's output for input {@code x}.
   *
   * @param x one value per input
   * @return {@code relu(w · x + b)}, or {@code w · x + b} for a linear neuron
   * @throws IllegalArgumentException if {@code x} has the wrong length
   */
  public Value apply(List<Value> x) {
    if (x.size() != w.length) {
      throw new IllegalArgumentException(
          "Neuron.apply: " + x.size() + " inputs for " + this + ": expected " + w.length);
    }
    return apply(x.toArray(new Value[0]));
  }

  /**
   * The output for inputs the caller will not modify (a layer shares one array among its neurons).
   */
  Value apply(Value[] x) {
    Value act = Value.dot(w, x).add(b);
    return nonlin ? act.relu() : act;
  }

  /**
   * The weights, one per input.
   *
   * @return an unmodifiable list
   */
  public List<Value> weights() {
    return weights;
  }

  /**
   * The bias.
   *
   * @return the bias value
   */
  public Value bias() {
    return b;
  }

  /**
   * Whether the output goes through ReLU.
   *
   * @return true for a ReLU neuron
   */
  public boolean nonlin() {
    return nonlin;
  }

  @Override
  public List<Value> parameters() {
    return parameters;
  }

  /**
   * Micrograd's form: {@code ReLUNeuron(2)} or {@code LinearNeuron(16)}.
   *
   * @return the kind and input count
   */
  @Override
  public String toString() {
    return (nonlin ? "ReLU" : "Linear") + "Neuron(" + w.length + ")";
  }
}
