package io.github.zth.autograd;

import io.github.zth.autograd.micrograd.Value;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A small expression tree over variables {@code x0, x1, ...}: evaluated in plain doubles for finite
 * differences and built from {@link Value}s for autograd. Its {@code toString} is the readable form
 * a shrunk counterexample shows, e.g. {@code tanh((x0 * 2.0) + x1)}.
 */
sealed interface Expr {
  /** Rejects points where a node is too close to a kink, a pole or outside its domain. */
  double MARGIN = 0.01;

  /** Keeps every node's magnitude moderate so central differences stay accurate. */
  double BOUND = 100.0;

  /** The value at {@code x}; appends the side of every ReLU's kink to {@code branches}. */
  double eval(double[] x, StringBuilder branches);

  /** The same expression as a {@link Value} graph over the leaves {@code x}. */
  Value build(Value[] x);

  /** Whether every node at {@code x} is finite, bounded and at least MARGIN inside its domain. */
  boolean valid(double[] x);

  /** The operation symbols used, as {@link Value#op()} spells them, for coverage checks. */
  void ops(java.util.Set<String> into);

  static boolean inBounds(double v) {
    return Double.isFinite(v) && Math.abs(v) <= BOUND;
  }

  record Var(int index) implements Expr {
    @Override
    public double eval(double[] x, StringBuilder branches) {
      return x[index];
    }

    @Override
    public Value build(Value[] x) {
      return x[index];
    }

    @Override
    public boolean valid(double[] x) {
      return true;
    }

    @Override
    public void ops(java.util.Set<String> into) {}

    @Override
    public String toString() {
      return "x" + index;
    }
  }

  record Const(double c) implements Expr {
    @Override
    public double eval(double[] x, StringBuilder branches) {
      return c;
    }

    @Override
    public Value build(Value[] x) {
      return Value.of(c);
    }

    @Override
    public boolean valid(double[] x) {
      return true;
    }

    @Override
    public void ops(java.util.Set<String> into) {}

    @Override
    public String toString() {
      return Double.toString(c);
    }
  }

  enum UOp {
    NEG,
    EXP,
    LOG,
    TANH,
    RELU,
    SIGMOID,
    POW
  }

  record Unary(UOp op, double k, Expr a) implements Expr {
    @Override
    public double eval(double[] x, StringBuilder branches) {
      double v = a.eval(x, branches);
      switch (op) {
        case NEG:
          return -v;
        case EXP:
          return Math.exp(v);
        case LOG:
          return Math.log(v);
        case TANH:
          return Math.tanh(v);
        case RELU:
          branches.append(v > 0 ? '+' : '-');
          return v < 0 ? 0.0 : v;
        case SIGMOID:
          return v >= 0 ? 1.0 / (1.0 + Math.exp(-v)) : Math.exp(v) / (1.0 + Math.exp(v));
        case POW:
          return Math.pow(v, k);
        default:
          throw new AssertionError(op);
      }
    }

    @Override
    public Value build(Value[] x) {
      Value v = a.build(x);
      switch (op) {
        case NEG:
          return v.neg();
        case EXP:
          return v.exp();
        case LOG:
          return v.log();
        case TANH:
          return v.tanh();
        case RELU:
          return v.relu();
        case SIGMOID:
          return v.sigmoid();
        case POW:
          return v.pow(k);
        default:
          throw new AssertionError(op);
      }
    }

    @Override
    public boolean valid(double[] x) {
      if (!a.valid(x)) {
        return false;
      }
      double v = a.eval(x, new StringBuilder());
      boolean domain;
      switch (op) {
        case LOG:
          domain = v >= MARGIN;
          break;
        case RELU:
          domain = Math.abs(v) >= MARGIN;
          break;
        case POW:
          domain = (k == Math.rint(k) || v >= MARGIN) && (k >= 1 || Math.abs(v) >= MARGIN);
          break;
        default:
          domain = true;
      }
      return domain && inBounds(eval(x, new StringBuilder()));
    }

    @Override
    public void ops(java.util.Set<String> into) {
      into.add(op == UOp.POW ? "pow" : op.name().toLowerCase(java.util.Locale.ROOT));
      a.ops(into);
    }

    @Override
    public String toString() {
      switch (op) {
        case NEG:
          return "-" + a;
        case POW:
          return "(" + a + " ** " + k + ")";
        default:
          return op.name().toLowerCase(java.util.Locale.ROOT) + "(" + a + ")";
      }
    }
  }

  enum BOp {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/");
    final String symbol;

    BOp(String symbol) {
      this.symbol = symbol;
    }
  }

  /**
   * A binary node; a constant operand goes through the {@code double} overloads (add(2.0),
   * rsub...).
   */
  record Binary(BOp op, Expr a, Expr b) implements Expr {
    @Override
    public double eval(double[] x, StringBuilder branches) {
      double u = a.eval(x, branches);
      double v = b.eval(x, branches);
      switch (op) {
        case ADD:
          return u + v;
        case SUB:
          return u - v;
        case MUL:
          return u * v;
        case DIV:
          return u / v;
        default:
          throw new AssertionError(op);
      }
    }

    @Override
    public Value build(Value[] x) {
      if (b instanceof Const) {
        double c = ((Const) b).c();
        Value u = a.build(x);
        switch (op) {
          case ADD:
            return u.add(c);
          case SUB:
            return u.sub(c);
          case MUL:
            return u.mul(c);
          case DIV:
            return u.div(c);
          default:
            throw new AssertionError(op);
        }
      }
      if (a instanceof Const && (op == BOp.SUB || op == BOp.DIV)) {
        double c = ((Const) a).c();
        Value v = b.build(x);
        return op == BOp.SUB ? v.rsub(c) : v.rdiv(c);
      }
      Value u = a.build(x);
      Value v = b.build(x);
      switch (op) {
        case ADD:
          return u.add(v);
        case SUB:
          return u.sub(v);
        case MUL:
          return u.mul(v);
        case DIV:
          return u.div(v);
        default:
          throw new AssertionError(op);
      }
    }

    @Override
    public boolean valid(double[] x) {
      if (!a.valid(x) || !b.valid(x)) {
        return false;
      }
      if (op == BOp.DIV && Math.abs(b.eval(x, new StringBuilder())) < 0.1) {
        return false;
      }
      return inBounds(eval(x, new StringBuilder()));
    }

    @Override
    public void ops(java.util.Set<String> into) {
      into.add(op.name().toLowerCase(java.util.Locale.ROOT));
      a.ops(into);
      b.ops(into);
    }

    @Override
    public String toString() {
      return "(" + a + " " + op.symbol + " " + b + ")";
    }
  }

  record Sum(List<Expr> terms) implements Expr {
    @Override
    public double eval(double[] x, StringBuilder branches) {
      double s = 0.0;
      for (Expr t : terms) {
        s += t.eval(x, branches);
      }
      return s;
    }

    @Override
    public Value build(Value[] x) {
      return Value.sum(terms.stream().map(t -> t.build(x)).collect(Collectors.toList()));
    }

    @Override
    public boolean valid(double[] x) {
      return terms.stream().allMatch(t -> t.valid(x)) && inBounds(eval(x, new StringBuilder()));
    }

    @Override
    public void ops(java.util.Set<String> into) {
      into.add("sum");
      terms.forEach(t -> t.ops(into));
    }

    @Override
    public String toString() {
      return terms.stream().map(Expr::toString).collect(Collectors.joining(", ", "sum(", ")"));
    }
  }

  record Dot(List<Expr> a, List<Expr> b) implements Expr {
    @Override
    public double eval(double[] x, StringBuilder branches) {
      double s = 0.0;
      for (int i = 0; i < a.size(); i++) {
        s += a.get(i).eval(x, branches) * b.get(i).eval(x, branches);
      }
      return s;
    }

    @Override
    public Value build(Value[] x) {
      return Value.dot(
          a.stream().map(t -> t.build(x)).collect(Collectors.toList()),
          b.stream().map(t -> t.build(x)).collect(Collectors.toList()));
    }

    @Override
    public boolean valid(double[] x) {
      return a.stream().allMatch(t -> t.valid(x))
          && b.stream().allMatch(t -> t.valid(x))
          && inBounds(eval(x, new StringBuilder()));
    }

    @Override
    public void ops(java.util.Set<String> into) {
      into.add("dot");
      a.forEach(t -> t.ops(into));
      b.forEach(t -> t.ops(into));
    }

    @Override
    public String toString() {
      return "dot(" + a + ", " + b + ")";
    }
  }
}
