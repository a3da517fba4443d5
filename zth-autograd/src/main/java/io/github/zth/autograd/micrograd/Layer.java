package io.github.zth.autograd.micrograd;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** A row of neurons that all see the same inputs (micrograd's {@code Layer}). */
public final class Layer implements Module {
  private final List<Neuron> neurons;
  private final int nin;
  private final List<Value> parameters;

  /**
   * A layer of {@code nout} neurons with {@code nin} inputs each.
   *
   * @param nin inputs per neuron, at least 1
   * @param nout neurons, at least 1
   * @param nonlin true for ReLU neurons, false for linear ones
   * @param rng the source of the initial weights, drawn neuron by neuron
   * @throws IllegalArgumentException if a size is below 1
   */
  public Layer(int nin, int nout, boolean nonlin, RandomGenerator rng) {
    if (nout < 1) {
      throw new IllegalArgumentException("Layer: nout " + nout + ": expected at least 1 neuron");
    }
    List<Neuron> ns = new ArrayList<>(nout);
    List<Value> ps = new ArrayList<>();
    for (int i = 0; i < nout; i++) {
      Neuron n = new Neuron(nin, nonlin, rng);
      ns.add(n);
      ps.addAll(n.parameters());
    }
    this.neurons = List.copyOf(ns);
    this.nin = nin;
    this.parameters = List.copyOf(ps);
  }

  /**
   * The outputs of all neurons for input {@code x}.
   *
   * @param x one value per input
   * @return one value per neuron (a list even for one neuron, unlike micrograd)
   * @throws IllegalArgumentException if {@code x} has the wrong length
   */
  public List<Value> apply(List<Value> x) {
    if (x.size() != nin) {
      throw new IllegalArgumentException(
          "Layer.apply: " + x.size() + " inputs for a layer of " + nin + "-input neurons");
    }
    return List.of(apply(x.toArray(new Value[0])));
  }

  /** The outputs for inputs the caller will not modify; each neuron's node keeps {@code x}. */
  Value[] apply(Value[] x) {
    Value[] out = new Value[neurons.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = neurons.get(i).apply(x);
    }
    return out;
  }

  /**
   * The neurons, in order.
   *
   * @return an unmodifiable list
   */
  public List<Neuron> neurons() {
    return neurons;
  }

  @Override
  public List<Value> parameters() {
    return parameters;
  }

  /**
   * Micrograd's form: {@code Layer of [ReLUNeuron(2), ReLUNeuron(2)]}.
   *
   * @return the neurons' descriptions
   */
  @Override
  public String toString() {
    return neurons.stream()
        .map(Neuron::toString)
        .collect(Collectors.joining(", ", "Layer of [", "]"));
  }
}
