package io.github.zth.autograd.micrograd;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A scalar that remembers how it was computed, so {@link #backward()} can fill in the gradient of
 * every value it depends on: micrograd's {@code Value} in Java.
 *
 * <pre>{@code
 * Value a = Value.of(2.0, "a");
 * Value b = Value.of(-3.0, "b");
 * Value c = a.mul(b).add(a).tanh();   // tanh(a*b + a)
 * c.backward();
 * double dcda = a.grad();             // (1 - c^2) * (b + 1)
 * }</pre>
 *
 * <p>Each operation below is a method followed by the small node class it creates; the node's
 * constructor is the forward pass and its {@code backward} the local chain rule, side by side, the
 * way micrograd's {@code engine.py} writes {@code _backward} right under the line that computes
 * {@code out}. Nodes keep their inputs in fields (no per-node collections) and dispatch {@code
 * backward} virtually, because a training loop makes millions of them.
 *
 * <p>Gradients accumulate ({@code +=}): a value used twice receives both contributions, so call
 * {@link #zeroGrad()} on the parameters before each backward pass. A {@code Value} is not
 * thread-safe.
 */
public sealed class Value {
  /** The number this value holds; parameters update it in place ({@code p.data -= lr * p.grad}). */
  double data;

  /** d(root)/d(this) after {@link #backward()} on some root, accumulated over uses. */
  double grad;

  private String label;

  /** The token of the last graph walk that reached this node: an identity mark, no visited set. */
  private Object mark;

  /**
   * The value listed before this one by that walk: the walk's order, threaded through the nodes.
   */
  private Value prev;

  /**
   * A leaf value: an input, a constant or a parameter.
   *
   * @param data the number it holds
   */
  public Value(double data) {
    this.data = data;
    this.label = "";
  }

  /**
   * A labelled leaf value, as in the lecture's {@code Value(2.0, label='a')}.
   *
   * @param data the number it holds
   * @param label a name shown by {@link ValueGraph} (not used in any computation)
   */
  public Value(double data, String label) {
    this.data = data;
    this.label = Objects.requireNonNull(label, "label");
  }

  /**
   * A leaf value.
   *
   * @param data the number it holds
   * @return a new leaf
   */
  public static Value of(double data) {
    return new Value(data);
  }

  /**
   * A labelled leaf value.
   *
   * @param data the number it holds
   * @param label its name in graph pictures
   * @return a new leaf
   */
  public static Value of(double data, String label) {
    return new Value(data, label);
  }

  /**
   * The number this value holds.
   *
   * @return the data
   */
  public double data() {
    return data;
  }

  /**
   * Replaces the number this value holds, as an optimiser step does for a parameter. Values already
   * computed from it are not recomputed.
   *
   * @param data the new number
   * @return this value
   */
  public Value setData(double data) {
    this.data = data;
    return this;
  }

  /**
   * The gradient of the last {@link #backward()} root with respect to this value (0 before any).
   *
   * @return the accumulated gradient
   */
  public double grad() {
    return grad;
  }

  /**
   * Replaces the accumulated gradient.
   *
   * @param grad the new gradient
   * @return this value
   */
  public Value setGrad(double grad) {
    this.grad = grad;
    return this;
  }

  /**
   * Resets the gradient to 0, as {@code p.grad = 0} in micrograd's {@code zero_grad}.
   *
   * @return this value
   */
  public Value zeroGrad() {
    this.grad = 0.0;
    return this;
  }

  /**
   * The name shown in graph pictures; empty when none was given.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Names this value for graph pictures ({@code e.label = 'e'} in the lecture).
   *
   * @param label the new name
   * @return this value
   */
  public Value setLabel(String label) {
    this.label = Objects.requireNonNull(label, "label");
    return this;
  }

  /**
   * The operation that produced this value, as micrograd's {@code _op}: {@code "+"}, {@code "*"},
   * {@code "**2"}, {@code "ReLU"}, ...; empty for a leaf.
   *
   * @return the operation's symbol
   */
  public String op() {
    return "";
  }

  /**
   * The values this one was computed from, in argument order (micrograd's {@code _prev}); a value
   * passed twice appears twice.
   *
   * @return an unmodifiable list, empty for a leaf
   */
  public List<Value> children() {
    return List.of();
  }

  /** Offers each input to the walk, one virtual call per node rather than one per edge. */
  void pushInputs(Walk w) {}

  /** Adds this node's contribution to its inputs' gradients (chain rule); a leaf has none. */
  void backwardStep() {}

  /**
   * Micrograd's representation, {@code Value(data=2.0, grad=0.0)}.
   *
   * @return a readable form of this value
   */
  @Override
  public String toString() {
    return "Value(data=" + data + ", grad=" + grad + ")";
  }

  // ---- Operations: each method, then its node (forward in the constructor, backward below it).
  // ----

  /**
   * {@code this + other}.
   *
   * @param other the right operand
   * @return a new value
   */
  public Value add(Value other) {
    return new Add(this, other);
  }

  /**
   * {@code this + c}, with {@code c} wrapped in a leaf as micrograd does.
   *
   * @param c the constant
   * @return a new value
   */
  public Value add(double c) {
    return new Add(this, new Value(c));
  }

  private static final class Add extends Binary {
    Add(Value x, Value y) {
      super(x.data + y.data, x, y);
    }

    @Override
    void backwardStep() {
      x.grad += grad;
      y.grad += grad;
    }

    @Override
    public String op() {
      return "+";
    }
  }

  /**
   * {@code this - other}.
   *
   * @param other the right operand
   * @return a new value
   */
  public Value sub(Value other) {
    return new Sub(this, other);
  }

  /**
   * {@code this - c}.
   *
   * @param c the constant
   * @return a new value
   */
  public Value sub(double c) {
    return new Sub(this, new Value(c));
  }

  /**
   * {@code c - this} (Python's {@code __rsub__}).
   *
   * @param c the constant
   * @return a new value
   */
  public Value rsub(double c) {
    return new Sub(new Value(c), this);
  }

  private static final class Sub extends Binary {
    Sub(Value x, Value y) {
      super(x.data - y.data, x, y);
    }

    @Override
    void backwardStep() {
      x.grad += grad;
      y.grad -= grad;
    }

    @Override
    public String op() {
      return "-";
    }
  }

  /**
   * {@code this * other}.
   *
   * @param other the right operand
   * @return a new value
   */
  public Value mul(Value other) {
    return new Mul(this, other);
  }

  /**
   * {@code this * c}.
   *
   * @param c the constant
   * @return a new value
   */
  public Value mul(double c) {
    return new Mul(this, new Value(c));
  }

  private static final class Mul extends Binary {
    Mul(Value x, Value y) {
      super(x.data * y.data, x, y);
    }

    @Override
    void backwardStep() {
      x.grad += y.data * grad;
      y.grad += x.data * grad;
    }

    @Override
    public String op() {
      return "*";
    }
  }

  /**
   * {@code this / other}. One node; micrograd builds {@code this * other**-1}, which agrees to
   * rounding.
   *
   * @param other the divisor
   * @return a new value
   */
  public Value div(Value other) {
    return new Div(this, other);
  }

  /**
   * {@code this / c}.
   *
   * @param c the divisor
   * @return a new value
   */
  public Value div(double c) {
    return new Div(this, new Value(c));
  }

  /**
   * {@code c / this} (Python's {@code __rtruediv__}).
   *
   * @param c the dividend
   * @return a new value
   */
  public Value rdiv(double c) {
    return new Div(new Value(c), this);
  }

  private static final class Div extends Binary {
    Div(Value x, Value y) {
      super(x.data / y.data, x, y);
    }

    @Override
    void backwardStep() {
      double inv = 1.0 / y.data;
      x.grad += inv * grad;
      y.grad -= x.data * inv * inv * grad;
    }

    @Override
    public String op() {
      return "/";
    }
  }

  /**
   * {@code this ** k} for a constant exponent, as micrograd's {@code __pow__} (which accepts only
   * int/float exponents).
   *
   * @param k the exponent
   * @return a new value
   */
  public Value pow(double k) {
    return new Pow(this, k);
  }

  private static final class Pow extends Unary {
    private final double k;

    Pow(Value x, double k) {
      super(Math.pow(x.data, k), x);
      this.k = k;
    }

    @Override
    void backwardStep() {
      x.grad += k * Math.pow(x.data, k - 1) * grad;
    }

    @Override
    public String op() {
      return "**"
          + (k == Math.rint(k) && Math.abs(k) < 1e15
              ? Long.toString((long) k)
              : Double.toString(k));
    }
  }

  /**
   * {@code -this}.
   *
   * @return a new value
   */
  public Value neg() {
    return new Neg(this);
  }

  private static final class Neg extends Unary {
    Neg(Value x) {
      super(-x.data, x);
    }

    @Override
    void backwardStep() {
      x.grad -= grad;
    }

    @Override
    public String op() {
      return "neg";
    }
  }

  /**
   * {@code e ** this}.
   *
   * @return a new value
   */
  public Value exp() {
    return new Exp(this);
  }

  private static final class Exp extends Unary {
    Exp(Value x) {
      super(Math.exp(x.data), x);
    }

    @Override
    void backwardStep() {
      x.grad += data * grad;
    }

    @Override
    public String op() {
      return "exp";
    }
  }

  /**
   * The natural logarithm; NaN for negative data, as {@link Math#log} gives.
   *
   * @return a new value
   */
  public Value log() {
    return new Log(this);
  }

  private static final class Log extends Unary {
    Log(Value x) {
      super(Math.log(x.data), x);
    }

    @Override
    void backwardStep() {
      x.grad += grad / x.data;
    }

    @Override
    public String op() {
      return "log";
    }
  }

  /**
   * The hyperbolic tangent, the lecture's neuron activation.
   *
   * @return a new value
   */
  public Value tanh() {
    return new Tanh(this);
  }

  private static final class Tanh extends Unary {
    Tanh(Value x) {
      super(Math.tanh(x.data), x);
    }

    @Override
    void backwardStep() {
      x.grad += (1.0 - data * data) * grad;
    }

    @Override
    public String op() {
      return "tanh";
    }
  }

  /**
   * {@code max(0, this)}; the gradient is 0 at and below 0, as in micrograd.
   *
   * @return a new value
   */
  public Value relu() {
    return new Relu(this);
  }

  private static final class Relu extends Unary {
    Relu(Value x) {
      super(x.data < 0 ? 0.0 : x.data, x);
    }

    @Override
    void backwardStep() {
      if (data > 0) {
        x.grad += grad;
      }
    }

    @Override
    public String op() {
      return "ReLU";
    }
  }

  /**
   * The logistic function {@code 1 / (1 + e^-this)}, computed without overflow for large |data|.
   *
   * @return a new value
   */
  public Value sigmoid() {
    return new Sigmoid(this);
  }

  private static final class Sigmoid extends Unary {
    Sigmoid(Value x) {
      super(logistic(x.data), x);
    }

    private static double logistic(double v) {
      if (v >= 0) {
        return 1.0 / (1.0 + Math.exp(-v));
      }
      double e = Math.exp(v);
      return e / (1.0 + e);
    }

    @Override
    void backwardStep() {
      x.grad += data * (1.0 - data) * grad;
    }

    @Override
    public String op() {
      return "sigmoid";
    }
  }

  /**
   * The sum of {@code values} as one node with n inputs. It equals Python's {@code sum(values)} (a
   * chain of n-1 additions from the left) bit for bit, with one node instead of n-1.
   *
   * @param values the terms, possibly empty (the sum is then 0) or repeating a value
   * @return a new value
   */
  public static Value sum(List<Value> values) {
    return new Sum(values.toArray(new Value[0]));
  }

  private static final class Sum extends Nary {
    Sum(Value[] xs) {
      super(total(xs), xs);
    }

    private static double total(Value[] xs) {
      double s = 0.0;
      for (Value v : xs) {
        s += v.data;
      }
      return s;
    }

    @Override
    void backwardStep() {
      for (Value v : xs) {
        v.grad += grad;
      }
    }

    @Override
    public String op() {
      return "sum";
    }
  }

  /**
   * The dot product {@code sum_i a[i] * b[i]} as one node, the weighted sum a neuron computes. It
   * agrees with the chain of multiplications and additions to rounding.
   *
   * @param a the first vector, e.g. a neuron's weights
   * @param b the second vector, e.g. its inputs
   * @return a new value whose inputs are {@code a} followed by {@code b}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static Value dot(List<Value> a, List<Value> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException(
          "dot: vectors of length " + a.size() + " and " + b.size() + ": lengths differ");
    }
    return new Dot(a.toArray(new Value[0]), b.toArray(new Value[0]));
  }

  /**
   * The dot product of two arrays, without copying them: the node keeps both arrays, so the caller
   * must not change them afterwards. This is the fast path for a layer whose neurons share one
   * input array; {@link #dot(List, List)} is the safe general form.
   *
   * @param a the first vector, e.g. a neuron's weights
   * @param b the second vector, e.g. its inputs
   * @return a new value whose inputs are {@code a} followed by {@code b}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static Value dot(Value[] a, Value[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "dot: vectors of length " + a.length + " and " + b.length + ": lengths differ");
    }
    return new Dot(a, b);
  }

  private static final class Dot extends Value {
    private final Value[] a;
    private final Value[] b;

    /**
     * Whether every entry of a (of b) is a leaf; the walk then skips them, e.g. a neuron's weights.
     */
    private final boolean aLeaves;

    private final boolean bLeaves;

    Dot(Value[] a, Value[] b) {
      super(dotData(a, b));
      this.a = a;
      this.b = b;
      this.aLeaves = allLeaves(a);
      this.bLeaves = allLeaves(b);
    }

    private static double dotData(Value[] a, Value[] b) {
      double s = 0.0;
      for (int i = 0; i < a.length; i++) {
        s += a[i].data * b[i].data;
      }
      return s;
    }

    @Override
    void backwardStep() {
      double g = grad;
      for (int i = 0; i < a.length; i++) {
        Value ai = a[i];
        Value bi = b[i];
        ai.grad += bi.data * g;
        bi.grad += ai.data * g;
      }
    }

    @Override
    public String op() {
      return "dot";
    }

    @Override
    void pushInputs(Walk w) {
      if (!aLeaves || w.leaves) {
        for (Value v : a) {
          w.offer(v);
        }
      }
      if (!bLeaves || w.leaves) {
        for (Value v : b) {
          w.offer(v);
        }
      }
    }

    @Override
    public List<Value> children() {
      Value[] all = Arrays.copyOf(a, 2 * a.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return List.of(all);
    }
  }

  // ---- Backpropagation ----

  /**
   * Backpropagates from this value: sets its gradient to 1 and adds {@code d(this)/d(v)} to the
   * gradient of every value {@code v} it depends on, visiting nodes in reverse topological order.
   * The walk is iterative, so a chain of millions of nodes cannot overflow the stack.
   */
  public void backward() {
    Walk w = new Walk(false);
    w.run(this);
    grad = 1.0;
    Value v = w.last;
    while (v != null) { // reverse topological order
      v.backwardStep();
      Value next = v.prev;
      v.prev = null; // unlink, so no node keeps another graph alive
      v = next;
    }
  }

  /**
   * Every value {@code root} depends on, itself included, each once, inputs before the values
   * computed from them (micrograd's {@code build_topo}, without recursion).
   */
  static Value[] topologicalOrder(Value root) {
    Walk w = new Walk(true);
    w.run(root);
    Value[] order = new Value[w.n];
    int i = w.n;
    Value v = w.last;
    while (v != null) {
      order[--i] = v;
      Value next = v.prev;
      v.prev = null;
      v = next;
    }
    return order;
  }

  /**
   * An iterative depth-first walk that lists a graph's nodes in topological order. Nodes are marked
   * with this walk's own token objects (open: inputs being listed; done: listed), so no visited set
   * is needed and no reset pass: the next walk brings new tokens. The order is a list threaded
   * through the nodes' {@code prev} fields, so listing a node allocates nothing.
   */
  static final class Walk {
    private final Object open = new Object();
    private final Object done = new Object();

    /** Whether leaves are listed; backpropagation skips them, having nothing to do there. */
    final boolean leaves;

    private Value[] stack = new Value[512];
    private int sp;

    /** The last node listed; the root once the walk has run. */
    Value last;

    /** How many nodes were listed. */
    int n;

    Walk(boolean leaves) {
      this.leaves = leaves;
    }

    void run(Value root) {
      push(root);
      while (sp > 0) {
        Value v = stack[--sp];
        Object m = v.mark;
        if (m == done) {
          continue; // a duplicate entry of a node already listed through another parent
        }
        if (m == open) {
          v.mark = done; // its inputs are all listed: list it
          emit(v);
          continue;
        }
        v.mark = open;
        push(v); // comes back, after its inputs, as its own closing entry
        v.pushInputs(this);
      }
    }

    /**
     * An input of the node being opened. In a DAG it cannot be open itself (that would be a cycle).
     */
    void offer(Value c) {
      if (c.mark == done) {
        return;
      }
      if (c.getClass() == Value.class) { // a leaf: no inputs to list first
        if (leaves) {
          c.mark = done;
          emit(c);
        }
        return;
      }
      push(c);
    }

    private void push(Value v) {
      if (sp == stack.length) {
        stack = Arrays.copyOf(stack, sp * 2);
      }
      stack[sp++] = v;
    }

    private void emit(Value v) {
      v.prev = last;
      last = v;
      n++;
    }
  }

  // ---- Node shapes: inputs held in fields, not collections. ----

  private static boolean allLeaves(Value[] xs) {
    for (Value v : xs) {
      if (v.getClass() != Value.class) {
        return false;
      }
    }
    return true;
  }

  private abstract static sealed class Unary extends Value {
    final Value x;

    Unary(double data, Value x) {
      super(data);
      this.x = x;
    }

    @Override
    void pushInputs(Walk w) {
      w.offer(x);
    }

    @Override
    public List<Value> children() {
      return List.of(x);
    }
  }

  private abstract static sealed class Binary extends Value {
    final Value x;
    final Value y;

    Binary(double data, Value x, Value y) {
      super(data);
      this.x = x;
      this.y = y;
    }

    @Override
    void pushInputs(Walk w) {
      w.offer(x);
      w.offer(y);
    }

    @Override
    public List<Value> children() {
      return List.of(x, y);
    }
  }

  private abstract static sealed class Nary extends Value {
    final Value[] xs;

    Nary(double data, Value[] xs) {
      super(data);
      this.xs = xs;
    }

    @Override
    void pushInputs(Walk w) {
      for (Value v : xs) {
        w.offer(v);
      }
    }

    @Override
    public List<Value> children() {
      return List.of(xs);
    }
  }
}
