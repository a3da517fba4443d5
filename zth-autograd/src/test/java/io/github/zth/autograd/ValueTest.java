package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.micrograd.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ValueTest {

  /** Values from tools/golden/micrograd_engine.py (PyTorch, float64). */
  private static Properties golden() {
    Properties p = new Properties();
    try (InputStream in = ValueTest.class.getResourceAsStream("/golden/micrograd_engine.txt")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static double golden(String key) {
    return Double.parseDouble(golden().getProperty(key));
  }

  @Test
  void microgradSanityCheck() {
    Value x = Value.of(-4.0);
    Value z = x.mul(2).add(2).add(x);
    Value q = z.relu().add(z.mul(x));
    Value h = z.mul(z).relu();
    Value y = h.add(q).add(q.mul(x));
    y.backward();
    assertEquals(golden("sanity.y.data"), y.data(), 0.0);
    assertEquals(golden("sanity.x.grad"), x.grad(), 0.0);
    assertEquals(-20.0, y.data());
    assertEquals(46.0, x.grad());
  }

  @Test
  void microgradMoreOps() {
    Value a = Value.of(-4.0);
    Value b = Value.of(2.0);
    Value c = a.add(b);
    Value d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(c.add(1).add(a.neg())); // c += 1 + c + (-a)
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(d.mul(3).add(b.sub(a).relu()));
    Value e = c.sub(d);
    Value f = e.pow(2);
    Value g = f.div(2.0);
    g = g.add(f.rdiv(10.0));
    g.backward();
    assertEquals(golden("more_ops.g.data"), g.data(), 1e-6);
    assertEquals(golden("more_ops.a.grad"), a.grad(), 1e-6);
    assertEquals(golden("more_ops.b.grad"), b.grad(), 1e-6);
    assertEquals(24.7041, g.data(), 1e-4);
    assertEquals(138.8338, a.grad(), 1e-4);
    assertEquals(645.5773, b.grad(), 1e-4);
  }

  @Test
  void valueUsedTwiceGetsBothContributions() {
    // The lecture's bug: with grad = instead of grad +=, b = a + a gave a.grad = 1.
    Value a = Value.of(3.0, "a");
    Value b = a.add(a);
    b.backward();
    assertEquals(2.0, a.grad());

    Value x = Value.of(-2.0);
    Value y = Value.of(3.0);
    Value d = x.mul(y);
    Value e = x.add(y);
    Value f = d.mul(e);
    f.backward();
    assertEquals(-6.0 + 3.0, x.grad()); // df/dx = y*e + d = 3*1 + (-6)
    assertEquals(-2.0 + -6.0, y.grad()); // df/dy = x*e + d = -2*1 + (-6)
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
    Value a = Value.of(2.0);
    Value b = a.mul(3.0);
    b.backward();
    b.backward();
    assertEquals(6.0, a.grad());
    a.zeroGrad();
    assertEquals(0.0, a.grad());
  }

  @Test
  void eachOpForwardAndLocalGradient() {
    double x = 0.7;
    double y = -1.3;
    check(Value.of(x).add(Value.of(y)), x + y, "+");
    check(Value.of(x).sub(Value.of(y)), x - y, "-");
    check(Value.of(x).mul(Value.of(y)), x * y, "*");
    check(Value.of(x).div(Value.of(y)), x / y, "/");
    check(Value.of(x).pow(2), x * x, "**2");
    check(Value.of(x).pow(0.5), Math.sqrt(x), "**0.5");
    check(Value.of(x).pow(-1), 1 / x, "**-1");
    check(Value.of(x).neg(), -x, "neg");
    check(Value.of(x).exp(), Math.exp(x), "exp");
    check(Value.of(x).log(), Math.log(x), "log");
    check(Value.of(x).tanh(), Math.tanh(x), "tanh");
    check(Value.of(y).relu(), 0.0, "ReLU");
    check(Value.of(x).relu(), x, "ReLU");
    check(Value.of(x).sigmoid(), 1 / (1 + Math.exp(-x)), "sigmoid");
    check(Value.sum(List.of(Value.of(x), Value.of(y))), x + y, "sum");
    check(Value.dot(List.of(Value.of(x)), List.of(Value.of(y))), x * y, "dot");

    Value v = Value.of(x);
    v.tanh().backward();
    assertEquals(1 - Math.tanh(x) * Math.tanh(x), v.grad(), 1e-15);
    Value s = Value.of(-800.0);
    assertEquals(0.0, s.sigmoid().data()); // no overflow to NaN for large negative inputs
    assertEquals(1.0, Value.of(800.0).sigmoid().data());
  }

  private static void check(Value v, double expected, String op) {
    assertEquals(expected, v.data(), 1e-15 * Math.max(1, Math.abs(expected)));
    assertEquals(op, v.op());
  }

  @Test
  void sumEqualsTheChainOfAdditionsBitForBit() {
    List<Value> xs =
        List.of(Value.of(0.1), Value.of(0.2), Value.of(0.3), Value.of(1e-17), Value.of(-0.6));
    Value chain = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      chain = chain.add(xs.get(i));
    }
    assertEquals(chain.data(), Value.sum(xs).data(), 0.0);
    assertEquals(0.0, Value.sum(List.of()).data());
  }

  @Test
  void dotRefusesVectorsOfDifferentLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Value.dot(List.of(Value.of(1)), List.of(Value.of(1), Value.of(2))));
    assertEquals("dot: vectors of length 1 and 2: lengths differ", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Value.dot(new Value[] {Value.of(1)}, new Value[0]));
    Value[] w = {Value.of(2.0), Value.of(3.0)};
    Value[] x = {Value.of(5.0), Value.of(7.0)};
    Value d = Value.dot(w, x);
    d.backward();
    assertEquals(31.0, d.data());
    assertEquals(List.of(w[0], w[1], x[0], x[1]), d.children());
    assertEquals(7.0, w[1].grad());
    assertEquals(2.0, x[0].grad());
  }

  @Test
  void leafAccessorsAndRepresentation() {
    Value a = Value.of(2.0, "a");
    assertEquals("a", a.label());
    assertEquals("", a.op());
    assertTrue(a.children().isEmpty());
    assertEquals("Value(data=2.0, grad=0.0)", a.toString());
    Value b = a.mul(-3.0).setLabel("b");
    assertEquals("b", b.label());
    assertSame(a, b.children().get(0));
    assertEquals(-3.0, b.children().get(1).data());
    a.setData(5.0).setGrad(1.5);
    assertEquals("Value(data=5.0, grad=1.5)", a.toString());
    Value dup = a.add(a);
    assertEquals(List.of(a, a), dup.children());
  }

  @Test
  void backwardOnAMillionNodeChainDoesNotOverflowASmallStack() throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    double[] result = new double[2];
    Runnable chain =
        () -> {
          try {
            Value x = Value.of(0.5);
            Value v = x;
            for (int i = 0; i < 1_000_000; i++) {
              v = v.add(x); // depth grows by one per step
            }
            v.backward();
            result[0] = v.data();
            result[1] = x.grad();
          } catch (Throwable t) {
            failure.set(t);
          }
        };
    // 512 KiB is below the JVM's default thread stack (1 MiB on 64-bit Linux); a recursive walk
    // would need hundreds of MiB for this depth.
    Thread t = new Thread(null, chain, "million-chain", 512 * 1024);
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("backward on a 1,000,000-node chain failed", failure.get());
    }
    assertEquals(0.5 * 1_000_001, result[0]);
    assertEquals(1_000_001.0, result[1]);
  }
}
