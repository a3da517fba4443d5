package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.micrograd.Value;
import io.github.zth.autograd.micrograd.ValueGraph;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/** Autograd against central finite differences over random expressions using every operation. */
class ValuePropertiesTest {
  private static final int VARS = 3;
  private static final int MAX_DEPTH = 6;
  private static final double H = 1e-6;
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-6;

  /** An expression and the point it is evaluated at; shrinks to a readable counterexample. */
  record Case(Expr f, double[] x) {
    @Override
    public String toString() {
      return "f = " + f + " at x = " + Arrays.toString(x);
    }
  }

  @Property(tries = 500)
  void gradientOfEveryLeafMatchesCentralDifferences(@ForAll("cases") Case c) {
    double[] x = c.x();
    Value[] leaves = new Value[x.length];
    for (int i = 0; i < x.length; i++) {
      leaves[i] = Value.of(x[i], "x" + i);
    }
    Value out = c.f().build(leaves);
    StringBuilder atX = new StringBuilder();
    double expected = c.f().eval(x, atX);
    assertEquals(expected, out.data(), 1e-12 * Math.max(1, Math.abs(expected)), "forward of " + c);
    out.backward();
    for (int leaf = 0; leaf < x.length; leaf++) {
      final int i = leaf;
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += H;
      minus[i] -= H;
      StringBuilder bp = new StringBuilder();
      StringBuilder bm = new StringBuilder();
      double fd = (c.f().eval(plus, bp) - c.f().eval(minus, bm)) / (2 * H);
      // Both probes must stay on the same side of every ReLU kink, or the difference measures the
      // kink.
      Assume.that(bp.toString().equals(atX.toString()) && bm.toString().equals(atX.toString()));
      double auto = leaves[i].grad();
      double tol = RTOL * Math.max(Math.abs(auto), Math.abs(fd)) + ATOL;
      assertTrue(
          Math.abs(auto - fd) <= tol,
          () -> "d/dx" + i + " of " + c + ": autograd " + auto + ", finite difference " + fd);
    }
  }

  @Property(tries = 200)
  void sumEqualsTheChainOfAdditions(
      @ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = -1e3, max = 1e3) Double> xs) {
    List<Value> a = xs.stream().map(Value::of).collect(Collectors.toList());
    Value chain = a.get(0);
    for (int i = 1; i < a.size(); i++) {
      chain = chain.add(a.get(i));
    }
    Value sum = Value.sum(a);
    assertEquals(chain.data(), sum.data(), 0.0);
    sum.mul(3.0).backward();
    for (Value v : a) {
      assertEquals(3.0 * countOf(a, v), v.grad(), 0.0);
    }
  }

  @Property(tries = 200)
  void dotEqualsTheChainOfMultiplyAdds(
      @ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = -10, max = 10) Double> ws,
      @ForAll("seeds") long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    List<Value> w = ws.stream().map(Value::of).collect(Collectors.toList());
    List<Value> x =
        ws.stream().map(d -> Value.of(r.nextDouble(-10, 10))).collect(Collectors.toList());
    Value chain = w.get(0).mul(x.get(0));
    for (int i = 1; i < w.size(); i++) {
      chain = chain.add(w.get(i).mul(x.get(i)));
    }
    Value dot = Value.dot(w, x);
    assertEquals(chain.data(), dot.data(), 0.0); // same order of operations
    dot.backward();
    for (int i = 0; i < w.size(); i++) {
      assertEquals(x.get(i).data(), w.get(i).grad(), 0.0);
      assertEquals(w.get(i).data(), x.get(i).grad(), 0.0);
    }
  }

  @Property(tries = 200)
  void theWalkListsEachValueOnceWithInputsFirst(@ForAll("cases") Case c) {
    Value[] leaves = {Value.of(c.x()[0]), Value.of(c.x()[1]), Value.of(c.x()[2])};
    Value root = c.f().build(leaves);
    List<Value> nodes = ValueGraph.trace(root).nodes();
    java.util.Map<Value, Integer> position = new java.util.IdentityHashMap<>();
    for (Value v : nodes) {
      assertEquals(
          null, position.put(v, position.size()), () -> "listed twice in the graph of " + c);
    }
    assertSame(root, nodes.get(nodes.size() - 1));
    java.util.ArrayDeque<Value> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) { // every reachable value is listed, after all of its inputs
      Value v = todo.pop();
      for (Value in : v.children()) {
        assertTrue(position.containsKey(in), () -> "an input is missing from the graph of " + c);
        assertTrue(
            position.get(in) < position.get(v), () -> "an input comes after its value in " + c);
        todo.push(in);
      }
    }
  }

  @Example
  void theExpressionGeneratorUsesEveryOperation() {
    Set<String> seen = new HashSet<>();
    cases().sampleStream().limit(300).forEach(c -> c.f().ops(seen));
    assertEquals(
        Set.of(
            "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "tanh", "relu", "sigmoid",
            "sum", "dot"),
        seen);
  }

  @Example
  void counterexamplesReadLikeFormulas() {
    Expr e =
        new Expr.Unary(
            Expr.UOp.TANH,
            0,
            new Expr.Binary(
                Expr.BOp.ADD,
                new Expr.Binary(Expr.BOp.MUL, new Expr.Var(0), new Expr.Const(2.0)),
                new Expr.Var(1)));
    assertEquals("tanh(((x0 * 2.0) + x1))", e.toString());
    assertEquals(
        "f = tanh(((x0 * 2.0) + x1)) at x = [0.5, -1.0]",
        new Case(e, new double[] {0.5, -1.0}).toString());
  }

  private static long countOf(List<Value> list, Value v) {
    return list.stream().filter(u -> u == v).count();
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<double[]> points =
        Arbitraries.doubles().between(-2.0, 2.0).ofScale(3).array(double[].class).ofSize(VARS);
    // Tree and point are drawn independently and filtered together, so each shrinks on its own.
    return Combinators.combine(expr(MAX_DEPTH), points)
        .as(Case::new)
        .filter(c -> c.f().valid(c.x()));
  }

  private static Arbitrary<Expr> expr(int depth) {
    Arbitrary<Expr> leaf =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, VARS - 1).map(Expr.Var::new),
            Arbitraries.of(2.0, -0.5, 1.5, 3.0).map(Expr.Const::new));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
    Arbitrary<Expr> unary =
        Combinators.combine(
                Arbitraries.of(Expr.UOp.class), Arbitraries.of(2.0, 3.0, -1.0, 0.5, 1.5, -2.0), sub)
            .as((op, k, a) -> new Expr.Unary(op, op == Expr.UOp.POW ? k : 0, a));
    Arbitrary<Expr> binary =
        Combinators.combine(Arbitraries.of(Expr.BOp.class), sub, sub).as(Expr.Binary::new);
    Arbitrary<Expr> sum = sub.list().ofMinSize(1).ofMaxSize(3).map(Expr.Sum::new);
    Arbitrary<Expr> dot =
        Combinators.combine(sub, sub)
            .as(List::of)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(
                pairs ->
                    new Expr.Dot(
                        pairs.stream().map(p -> p.get(0)).collect(Collectors.toList()),
                        pairs.stream().map(p -> p.get(1)).collect(Collectors.toList())));
    @SuppressWarnings("unchecked")
    Arbitrary<Expr> node =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, leaf),
            net.jqwik.api.Tuple.of(4, unary),
            net.jqwik.api.Tuple.of(4, binary),
            net.jqwik.api.Tuple.of(1, sum),
            net.jqwik.api.Tuple.of(1, dot));
    return node;
  }
}
