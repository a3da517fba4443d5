package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied one after another, named {@code "0"}, {@code "1"}, … like {@code nn.Sequential}.
 *
 * <pre>{@code
 * Module mlp = new Sequential(new Linear(30, 200), new Tanh(), new Linear(200, 27));
 * Tensor logits = mlp.forward(x); // (B, 30) -> (B, 27)
 * }</pre>
 */
public class Sequential extends Module {

  private final List<Module> layers = new ArrayList<>();

  /**
   * Creates a sequence of the given modules.
   *
   * @param modules the modules, applied in order
   */
  public Sequential(Module... modules) {
    for (Module m : modules) {
      append(m);
    }
  }

  /**
   * Appends a module at the end, under the next index as its name.
   *
   * @return this sequence
   */
  public Sequential append(Module module) {
    registerModule(Integer.toString(layers.size()), module);
    layers.add(module);
    return this;
  }

  /**
   * Returns the module at a position.
   *
   * @param index 0-based position
   * @return the module
   * @throws IndexOutOfBoundsException if there is no such position
   */
  public Module get(int index) {
    if (index < 0 || index >= layers.size()) {
      throw new IndexOutOfBoundsException(
          "Sequential.get: index " + index + " out of range for " + layers.size() + " modules");
    }
    return layers.get(index);
  }

  /**
   * Returns the number of modules.
   *
   * @return the length
   */
  public int size() {
    return layers.size();
  }

  /** Applies each module to the output of the previous one. */
  @Override
  public Tensor forward(Tensor x) {
    for (Module m : layers) {
      x = m.forward(x);
    }
    return x;
  }
}
