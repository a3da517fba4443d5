package io.github.zth.autograd.micrograd;

import io.github.zth.autograd.random.PythonRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A multi-layer perceptron: ReLU layers and a linear last layer (micrograd's {@code MLP}).
 *
 * <pre>{@code
 * MLP model = new MLP(2, List.of(16, 16, 1), new PythonRandom(1337)); // random.seed(1337)
 * Value score = model.applyScalar(List.of(Value.of(0.5), Value.of(-0.2)));
 * }</pre>
 */
public final class MLP implements Module {
  private final List<Layer> layers;
  private final List<Value> parameters;

  /**
   * An MLP with {@code nin} inputs and layers of {@code nouts} neurons.
   *
   * @param nin the number of inputs, at least 1
   * @param nouts the width of each layer, first to last, at least one layer
   * @param rng the source of the initial weights, drawn layer by layer
   * @throws IllegalArgumentException if there are no layers or a size is below 1
   */
  public MLP(int nin, List<Integer> nouts, RandomGenerator rng) {
    if (nouts.isEmpty()) {
      throw new IllegalArgumentException("MLP: no layer sizes given: expected at least one layer");
    }
    List<Layer> ls = new ArrayList<>(nouts.size());
    List<Value> ps = new ArrayList<>();
    int in = nin;
    for (int i = 0; i < nouts.size(); i++) {
      Layer layer = new Layer(in, nouts.get(i), i != nouts.size() - 1, rng);
      ls.add(layer);
      ps.addAll(layer.parameters());
      in = nouts.get(i);
    }
    this.layers = List.copyOf(ls);
    this.parameters = List.copyOf(ps);
  }

  /**
   * An MLP whose initial weights are drawn as micrograd draws them, {@code random.uniform(-1, 1)}
   * from CPython's {@code random} module: after {@code random.seed(s)} in Python and {@code new
   * PythonRandom(s)} here, the weights are the same numbers.
   *
   * @param nin the number of inputs
   * @param nouts the width of each layer
   * @param rng CPython's generator, advanced by one draw per weight
   */
  public MLP(int nin, List<Integer> nouts, PythonRandom rng) {
    this(nin, nouts, new PythonUniform(rng));
  }

  /**
   * An MLP whose initial weights come from a {@link SplittableRandom} seeded with {@code seed}.
   *
   * @param nin the number of inputs
   * @param nouts the width of each layer
   */
  public MLP(int nin, List<Integer> nouts, long seed) {
    this(nin, nouts, new SplittableRandom(seed));
  }

  /**
   * The outputs of the last layer for input {@code x}.
   *
   * @param x one value per input
   * @return one value per neuron of the last layer
   * @throws IllegalArgumentException if {@code x} has the wrong length
   */
  public List<Value> apply(List<Value> x) {
    int nin = layers.get(0).neurons().get(0).weights().size();
    if (x.size() != nin) {
      throw new IllegalArgumentException(
          "MLP.apply: " + x.size() + " inputs for " + nin + "-input MLP");
    }
    Value[] h = x.toArray(new Value[0]);
    for (Layer layer : layers) {
      h = layer.apply(h); // arrays between layers: each is shared by the next layer's neurons
    }
    return List.of(h);
  }

  /**
   * The single output of an MLP whose last layer has one neuron, as micrograd's {@code model(x)}.
   *
   * @param x one value per input
   * @return the output
   * @throws IllegalStateException if the last layer has more than one neuron
   */
  public Value applyScalar(List<Value> x) {
    int width = layers.get(layers.size() - 1).neurons().size();
    if (width != 1) {
      throw new IllegalStateException(
          "MLP.applyScalar: the last layer has " + width + " neurons: expected 1 (use apply)");
    }
    return apply(x).get(0);
  }

  /**
   * The layers, first to last.
   *
   * @return an unmodifiable list
   */
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public List<Value> parameters() {
    return parameters;
  }

  /**
   * Micrograd's form: {@code MLP of [Layer of [ReLUNeuron(2), ...], ...]}.
   *
   * @return the layers' descriptions
   */
  @Override
  public String toString() {
    return layers.stream().map(Layer::toString).collect(Collectors.joining(", ", "MLP of [", "]"));
  }
}
