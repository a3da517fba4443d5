package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Modules by name, in insertion order, like {@code nn.ModuleDict}. */
public class ModuleDict extends Module {

  private final Map<String, Module> items = new LinkedHashMap<>();

  /** Creates an empty dictionary. */
  public ModuleDict() {}

  /**
   * Adds a module under a new name.
   *
   * @param name a name without dots, not yet used
   * @return this dictionary
   * @throws IllegalArgumentException if the name is taken or invalid
   */
  public ModuleDict put(String name, Module module) {
    registerModule(name, module);
    items.put(name, module);
    return this;
  }

  /**
   * Returns the module registered under a name.
   *
   * @return the module
   * @throws IllegalArgumentException if there is none, listing the names there are
   */
  public Module get(String name) {
    Module m = items.get(name);
    if (m == null) {
      throw new IllegalArgumentException(
          "ModuleDict.get: no module \"" + name + "\"; have " + items.keySet());
    }
    return m;
  }

  /**
   * Returns the modules by name (read-only).
   *
   * @return the entries in insertion order
   */
  public Map<String, Module> asMap() {
    return Collections.unmodifiableMap(items);
  }

  /**
   * A dictionary has no computation of its own.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor x) {
    throw new UnsupportedOperationException(
        "ModuleDict.forward: a ModuleDict only holds modules; use get(name) in the owner's forward");
  }
}
