package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A list of modules registered as {@code "0"}, {@code "1"}, …, like {@code nn.ModuleList}: the
 * container for a model's repeated blocks, which the owner iterates in its own {@code forward}.
 */
public class ModuleList extends Module implements Iterable<Module> {

  private final List<Module> items = new ArrayList<>();

  /**
   * Creates a list of the given modules.
   *
   * @param modules the initial modules
   */
  public ModuleList(Module... modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /**
   * Appends a module, registered under its index.
   *
   * @return this list
   */
  public ModuleList add(Module module) {
    registerModule(Integer.toString(items.size()), module);
    items.add(module);
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
    if (index < 0 || index >= items.size()) {
      throw new IndexOutOfBoundsException(
          "ModuleList.get: index " + index + " out of range for " + items.size() + " modules");
    }
    return items.get(index);
  }

  /**
   * Returns the number of modules.
   *
   * @return the length
   */
  public int size() {
    return items.size();
  }

  /** Iterates the modules in order (read-only). */
  @Override
  public Iterator<Module> iterator() {
    return Collections.unmodifiableList(items).iterator();
  }

  /**
   * A list has no computation of its own.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor x) {
    throw new UnsupportedOperationException(
        "ModuleList.forward: a ModuleList only holds modules; iterate over it in the owner's forward");
  }
}
