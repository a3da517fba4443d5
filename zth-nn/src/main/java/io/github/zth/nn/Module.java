package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base class of every layer and model, like {@code torch.nn.Module}: a module owns parameters
 * (tensors the optimizer trains), buffers (state that is saved but not trained, such as running
 * statistics) and child modules, all registered explicitly by name in the constructor — no
 * reflection. Names nest with dots, so a model's parameters read {@code blocks.0.attn.qkv.weight}.
 *
 * <pre>{@code
 * final class Mlp extends Module {
 *     private final Linear fc1;
 *     private final Linear fc2;
 *
 *     Mlp(int in, int hidden, int out) {
 *         fc1 = registerModule("fc1", new Linear(in, hidden));
 *         fc2 = registerModule("fc2", new Linear(hidden, out));
 *     }
 *
 *     @Override
 *     public Tensor forward(Tensor x) {
 *         return fc2.forward(fc1.forward(x).tanh()); // (B, in) -> (B, out)
 *     }
 * }
 * }</pre>
 *
 * <p>Keep child modules in fields if you like, but read your own parameters and buffers in {@code
 * forward} through {@link #parameter(String)} and {@link #buffer(String)}: {@link #to} and {@link
 * ModuleGradCheck} replace the registered tensors, and a cached field would go stale.
 *
 * <p>Registration order is iteration order: {@link #namedParameters()} and {@link #stateDict()}
 * list a module's own parameters, then its buffers, then each child's entries in turn, as torch
 * does.
 */
public abstract class Module {

  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new java.util.HashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** Creates a module with nothing registered, in training mode. */
  protected Module() {}

  /**
   * Computes the module's output. Subclasses define the computation; modules that are only
   * containers ({@link ModuleList}, {@link ModuleDict}) refuse it.
   *
   * @param x the input
   * @return the output
   */
  public abstract Tensor forward(Tensor x);

  // ------------------------------------------------------------------------------ registration

  /**
   * Registers a trainable parameter and marks it as requiring gradients.
   *
   * @param name a name unique within this module, without dots
   * @param tensor a floating-point leaf tensor
   * @return {@code tensor}, so a constructor can write {@code weight = registerParameter("weight",
   *     w)}
   * @throws IllegalArgumentException if the name is taken or invalid, or the tensor is not a
   *     floating-point leaf
   */
  protected final Tensor registerParameter(String name, Tensor tensor) {
    checkName("registerParameter", name);
    Objects.requireNonNull(tensor, "tensor");
    if (!tensor.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "registerParameter: \""
              + name
              + "\" must be a floating point tensor, got "
              + tensor.dtype());
    }
    if (!tensor.isLeaf()) {
      throw new IllegalArgumentException(
          "registerParameter: \""
              + name
              + "\" must be a leaf tensor, but it was produced by "
              + tensor.gradFnName()
              + " (use detach())");
    }
    parameters.put(name, tensor.requiresGrad(true));
    return tensor;
  }

  /**
   * Registers a persistent buffer: saved in the state dict, not trained.
   *
   * @param name a name unique within this module, without dots
   * @param tensor the buffer
   * @return {@code tensor}
   * @throws IllegalArgumentException if the name is taken or invalid
   */
  protected final Tensor registerBuffer(String name, Tensor tensor) {
    return registerBuffer(name, tensor, true);
  }

  /**
   * Registers a buffer; a non-persistent one (such as a constant causal mask) is left out of {@link
   * #stateDict()}.
   *
   * @param name a name unique within this module, without dots
   * @param tensor the buffer
   * @param persistent whether the state dict includes it
   * @return {@code tensor}
   * @throws IllegalArgumentException if the name is taken or invalid
   */
  protected final Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
    checkName("registerBuffer", name);
    buffers.put(name, Objects.requireNonNull(tensor, "tensor"));
    if (!persistent) {
      nonPersistent.add(name);
    }
    return tensor;
  }

  /**
   * Registers a child module; its parameters and buffers appear under {@code name + "."}.
   *
   * @param name a name unique within this module, without dots
   * @param <M> the child's type
   * @return {@code child}
   * @throws IllegalArgumentException if the name is taken or invalid, or the child is this module
   */
  protected final <M extends Module> M registerModule(String name, M child) {
    checkName("registerModule", name);
    if (Objects.requireNonNull(child, "child") == this) {
      throw new IllegalArgumentException(
          "registerModule: a module cannot be its own child (\"" + name + "\")");
    }
    children.put(name, child);
    return child;
  }

  private void checkName(String op, String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          op + ": name must be non-empty and contain no '.', got \"" + name + "\"");
    }
    if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException(
          op + ": \"" + name + "\" is already registered in " + getClass().getSimpleName());
    }
  }

  /**
   * Replaces the tensor of an already registered buffer (for example a running mean updated out of
   * place).
   *
   * @param name the buffer's name
   * @param tensor the new value
   * @return {@code tensor}
   * @throws IllegalArgumentException if no buffer has that name
   */
  protected final Tensor setBuffer(String name, Tensor tensor) {
    if (!buffers.containsKey(name)) {
      throw new IllegalArgumentException(
          "setBuffer: " + getClass().getSimpleName() + " has no buffer \"" + name + "\"");
    }
    buffers.put(name, Objects.requireNonNull(tensor, "tensor"));
    return tensor;
  }

  /**
   * Returns the tensor currently registered under a parameter name of this module. Layers read
   * their parameters through this (rather than caching them in fields) so that {@link
   * ModuleGradCheck} can run them on gradient-check leaves.
   *
   * @param name the parameter's name
   * @return the parameter
   * @throws IllegalArgumentException if no parameter has that name
   */
  protected final Tensor parameter(String name) {
    Tensor t = parameters.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "parameter: " + getClass().getSimpleName() + " has no parameter \"" + name + "\"");
    }
    return t;
  }

  /**
   * Returns whether this module registered a parameter under a name (an optional bias, say).
   *
   * @param name the parameter's name
   * @return true if present
   */
  protected final boolean hasParameter(String name) {
    return parameters.containsKey(name);
  }

  /**
   * Converts every floating-point parameter and buffer of this module and its descendants to {@code
   * dtype} (FLOAT32 or FLOAT64) in place, like torch's {@code module.to(dtype)}: each parameter
   * stays the same {@link Tensor} object (its data is replaced with {@link Tensor#setData}), so an
   * optimizer made before the conversion keeps training the model, tied parameters stay tied, and a
   * parameter's gradient is converted with it. Integer and boolean buffers are left alone.
   *
   * @param dtype FLOAT32 or FLOAT64
   * @return this module
   * @throws IllegalArgumentException if dtype is not floating point
   */
  public final Module to(io.github.zth.autograd.DType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("to: modules convert to FLOAT32 or FLOAT64, got " + dtype);
    }
    Set<Tensor> done = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Module m : namedModules().values()) {
      for (Tensor t : m.parameters.values()) {
        convert(t, dtype, done);
      }
      for (Tensor t : m.buffers.values()) {
        if (t.dtype().isFloatingPoint()) {
          convert(t, dtype, done);
        }
      }
    }
    return this;
  }

  private static void convert(Tensor t, io.github.zth.autograd.DType dtype, Set<Tensor> done) {
    if (!done.add(t) || t.dtype() == dtype) {
      return;
    }
    t.setData(t.detach().to(dtype));
    Tensor g = t.grad();
    if (g != null && done.add(g)) {
      g.setData(g.to(dtype));
    }
  }

  /**
   * Replaces parameters by identity throughout this module tree (every registration of an old
   * tensor, so tied parameters stay tied); used by {@link ModuleGradCheck} to run the module on
   * gradient-check leaves.
   *
   * @param replacements old tensor to new tensor (identity keys)
   */
  final void swapParameters(Map<Tensor, Tensor> replacements) {
    for (Module m : namedModules().values()) {
      m.parameters.replaceAll((name, p) -> replacements.getOrDefault(p, p));
    }
  }

  /**
   * Returns the tensor currently registered under a buffer name of this module.
   *
   * @param name the buffer's name
   * @return the buffer
   * @throws IllegalArgumentException if no buffer has that name
   */
  protected final Tensor buffer(String name) {
    Tensor t = buffers.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "buffer: " + getClass().getSimpleName() + " has no buffer \"" + name + "\"");
    }
    return t;
  }

  // ---------------------------------------------------------------------------------- traversal

  /**
   * Returns every parameter of this module and its descendants by dotted name. A tensor registered
   * under two names (tied weights) is listed once, under the first name, as in torch.
   *
   * @return an unmodifiable ordered map
   */
  public final Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect("", out, seen, true, false);
    return Collections.unmodifiableMap(out);
  }

  /**
   * Returns every distinct parameter, in {@link #namedParameters()} order.
   *
   * @return an unmodifiable list
   */
  public final List<Tensor> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /**
   * Returns every buffer of this module and its descendants by dotted name (persistent or not).
   *
   * @return an unmodifiable ordered map
   */
  public final Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect("", out, seen, false, false);
    return Collections.unmodifiableMap(out);
  }

  /**
   * Returns every distinct buffer, in {@link #namedBuffers()} order.
   *
   * @return an unmodifiable list
   */
  public final List<Tensor> buffers() {
    return List.copyOf(namedBuffers().values());
  }

  private void collect(
      String prefix, Map<String, Tensor> out, Set<Tensor> seen, boolean params, boolean stateDict) {
    if (params || stateDict) {
      for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
        if (stateDict || seen.add(e.getValue())) {
          out.put(prefix + e.getKey(), e.getValue());
        }
      }
    }
    if (!params || stateDict) {
      for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
        if (stateDict ? !nonPersistent.contains(e.getKey()) : seen.add(e.getValue())) {
          out.put(prefix + e.getKey(), e.getValue());
        }
      }
    }
    for (Map.Entry<String, Module> c : children.entrySet()) {
      c.getValue().collect(prefix + c.getKey() + ".", out, seen, params, stateDict);
    }
  }

  /**
   * Returns the direct children by name, in registration order.
   *
   * @return an unmodifiable ordered map
   */
  public final Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /**
   * Returns the direct children, in registration order.
   *
   * @return an unmodifiable list
   */
  public final List<Module> children() {
    return List.copyOf(children.values());
  }

  /**
   * Returns this module and all descendants by dotted name (this module under {@code ""}), depth
   * first, each module once.
   *
   * @return an unmodifiable ordered map
   */
  public final Map<String, Module> namedModules() {
    Map<String, Module> out = new LinkedHashMap<>();
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    modules("", out, seen);
    return Collections.unmodifiableMap(out);
  }

  private void modules(String name, Map<String, Module> out, Set<Module> seen) {
    if (!seen.add(this)) {
      return;
    }
    out.put(name, this);
    for (Map.Entry<String, Module> c : children.entrySet()) {
      c.getValue().modules(name.isEmpty() ? c.getKey() : name + "." + c.getKey(), out, seen);
    }
  }

  /**
   * Calls {@code fn} on every descendant (children first, depth first) and then on this module,
   * like torch's {@code apply}; typically used for custom initialisation.
   *
   * @param fn the function
   * @return this module
   */
  public Module apply(Consumer<Module> fn) {
    for (Module c : children.values()) {
      c.apply(fn);
    }
    fn.accept(this);
    return this;
  }

  /**
   * Returns the number of elements in all distinct parameters.
   *
   * @return the parameter count
   */
  public final long numParameters() {
    long n = 0;
    for (Tensor p : parameters()) {
      n += p.numel();
    }
    return n;
  }

  // ------------------------------------------------------------------------------- modes, grads

  /**
   * Sets training mode on this module and all descendants (affects {@link Dropout} and {@link
   * BatchNorm1d}).
   *
   * @param mode true for training, false for evaluation
   * @return this module
   */
  public Module train(boolean mode) {
    training = mode;
    for (Module c : children.values()) {
      c.train(mode);
    }
    return this;
  }

  /**
   * Sets training mode on this module and all descendants.
   *
   * @return this module
   */
  public Module train() {
    return train(true);
  }

  /**
   * Sets evaluation mode on this module and all descendants, {@code train(false)}.
   *
   * @return this module
   */
  public Module eval() {
    return train(false);
  }

  /**
   * Returns whether this module is in training mode (the default).
   *
   * @return true when training
   */
  public final boolean isTraining() {
    return training;
  }

  /** Clears the gradient of every parameter (sets it to none, as {@code zero_grad()} does). */
  public final void zeroGrad() {
    for (Tensor p : parameters()) {
      p.zeroGrad();
    }
  }

  // ---------------------------------------------------------------------------------- state dict

  /**
   * Returns the parameters and persistent buffers by dotted name, as {@code state_dict()} does: the
   * live tensors (not copies), tied tensors under each of their names.
   *
   * @return an ordered map
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, null, false, true);
    return out;
  }

  /**
   * Copies tensors into this module's parameters and persistent buffers, like {@code
   * load_state_dict}: each value is cast to the dtype of the tensor it lands in (a FLOAT64 file
   * loads into a FLOAT32 model), and the parameters stay the same objects. Everything is checked
   * before anything is copied, so a failed load leaves the module unchanged.
   *
   * @param state tensors by dotted name
   * @param strict whether missing and unexpected keys are errors
   * @return the keys that were missing from {@code state} and those it had in excess (both empty
   *     after a strict load)
   * @throws IllegalArgumentException on a shape mismatch, or (when strict) on missing or unexpected
   *     keys; the message lists every problem
   */
  public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
    return StateDicts.load(this, state, strict);
  }

  /**
   * Saves {@link #stateDict()} to a safetensors file (written atomically).
   *
   * @param file the target file
   * @throws java.io.IOException if writing fails
   */
  public final void save(java.nio.file.Path file) throws java.io.IOException {
    StateDicts.save(stateDict(), file);
  }

  /**
   * Loads a safetensors file written by {@link #save} (or by PyTorch's safetensors) with strict key
   * checking.
   *
   * @return this module
   * @throws java.io.IOException if reading fails
   * @throws IllegalArgumentException if the file is invalid or does not match this module
   */
  public final Module load(java.nio.file.Path file) throws java.io.IOException {
    loadStateDict(StateDicts.read(file), true);
    return this;
  }

  // ------------------------------------------------------------------------------------- printing

  /**
   * Returns the settings shown in parentheses by {@link #toString()}, e.g. {@code in_features=30,
   * out_features=200, bias=true}; empty by default.
   *
   * @return the extra representation
   */
  protected String extraRepr() {
    return "";
  }

  /**
   * Returns a tree like torch's module repr, with each line that owns parameters annotated by its
   * parameter count:
   *
   * <pre>
   * Sequential(  # 6,230 params
   *   (0): Linear(in_features=30, out_features=200, bias=true)  # 6,200 params
   *   (1): Tanh()
   * )
   * </pre>
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    repr(sb, "");
    return sb.toString();
  }

  private void repr(StringBuilder sb, String indent) {
    sb.append(getClass().getSimpleName()).append('(');
    long n = numParameters();
    String count = n > 0 ? String.format(java.util.Locale.ROOT, "  # %,d params", n) : "";
    if (children.isEmpty()) {
      sb.append(extraRepr()).append(')').append(count);
      return;
    }
    if (!extraRepr().isEmpty()) {
      sb.append(extraRepr());
    }
    sb.append(count).append('\n');
    for (Map.Entry<String, Module> c : children.entrySet()) {
      sb.append(indent).append("  (").append(c.getKey()).append("): ");
      c.getValue().repr(sb, indent + "  ");
      sb.append('\n');
    }
    sb.append(indent).append(')');
  }
}
