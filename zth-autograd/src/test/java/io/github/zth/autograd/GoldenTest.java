package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subtle semantics against values written by tools/golden/tensor_golden.py with PyTorch 1.13. */
class GoldenTest {

  /** One golden tensor: dtype, shape, row-major values. */
  record Golden(DType dtype, int[] shape, double[] values) {
    Tensor tensor() {
      if (dtype == DType.INT64 || dtype == DType.BOOL) {
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
          l[i] = (long) values[i];
        }
        Tensor t = Tensor.fromArray(l, shape);
        return dtype == DType.BOOL ? t.ne(0.0) : t;
      }
      return Tensor.fromArray(values, shape).to(dtype);
    }
  }

  static String resource(String name) {
    try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/tensor/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing golden resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Golden parse(String dtype, String shape, String values) {
    int[] s =
        shape.isEmpty()
            ? new int[0]
            : java.util.Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
    double[] v =
        values.isBlank()
            ? new double[0]
            : java.util.Arrays.stream(values.trim().split(" "))
                .mapToDouble(GoldenTest::pyFloat)
                .toArray();
    return new Golden(DType.valueOf(dtype), s, v);
  }

  /** Python's float repr, including nan and inf. */
  static double pyFloat(String s) {
    switch (s) {
      case "nan":
        return Double.NaN;
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(s);
    }
  }

  private static final Map<String, Golden> VALUES = new HashMap<>();

  static {
    for (String line : resource("values.txt").split("\n")) {
      if (!line.isBlank()) {
        String[] p = line.split("\\|", -1);
        VALUES.put(p[0], parse(p[1], p[2], p[3]));
      }
    }
  }

  static Tensor in(String name) {
    Golden g = VALUES.get(name);
    if (g == null) {
      throw new IllegalStateException("no golden value " + name);
    }
    Tensor t = g.tensor();
    return t.dtype().isFloatingPoint() ? t.requiresGrad(true) : t;
  }

  static void expect(String name, Tensor actual) {
    Golden g = VALUES.get(name);
    assertArrayEquals(g.shape(), actual.shape(), name + " shape");
    double[] a = actual.toDoubleArray();
    double tol = g.dtype() == DType.FLOAT32 ? 2e-6 : 1e-12;
    for (int i = 0; i < a.length; i++) {
      double e = g.values()[i];
      assertEquals(e, a[i], tol * Math.max(1, Math.abs(e)), name + " element " + i);
    }
  }

  @Test
  void varAndStd() {
    Tensor x = in("var.x");
    expect("var.all", x.var());
    expect("var.dim1", x.var(1, false));
    expect("var.dims02.keep", x.var(new int[] {0, 2}, true, true));
    expect("var.dim2.biased", x.var(new int[] {2}, false, false));
    expect("std.dim0", x.std(0, false));
    expect("std.all", x.std());
    x.var(1, false).sum().backward();
    expect("var.dim1.grad", x.grad());
  }

  @Test
  void crossEntropyReductionsAndIgnoreIndex() {
    Tensor lg = in("ce.logits");
    Tensor tg = in("ce.target");
    Map<String, Reduction> reds =
        Map.of("mean", Reduction.MEAN, "sum", Reduction.SUM, "none", Reduction.NONE);
    for (var e : reds.entrySet()) {
      expect("ce." + e.getKey(), lg.crossEntropy(tg, e.getValue(), -100));
      expect("ce.ignore2." + e.getKey(), lg.crossEntropy(tg, e.getValue(), 2));
    }
    lg.crossEntropy(tg, Reduction.MEAN, 2).backward();
    expect("ce.ignore2.mean.grad", lg.grad());
    Tensor lg3 = in("ce3.logits");
    Tensor tg3 = in("ce3.target");
    expect("ce3.mean", lg3.crossEntropy(tg3));
    expect("ce3.none", lg3.crossEntropy(tg3, Reduction.NONE, -100));
    lg3.crossEntropy(tg3).backward();
    expect("ce3.mean.grad", lg3.grad());
  }

  @Test
  void logSoftmax() {
    Tensor x = in("lsm.x");
    Tensor w = Tensor.arange(0.0, 24.0, 1.0, DType.FLOAT64).reshape(4, 6).div(10.0);
    expect("lsm.dim1", x.logSoftmax(1));
    expect("lsm.dim0", x.logSoftmax(0));
    x.logSoftmax(1).mul(w).sum().backward();
    expect("lsm.dim1.grad", x.grad());
  }

  @Test
  void matmulBroadcasting() {
    for (String name : List.of("mm.1d2d", "mm.2d1d", "mm.1d1d", "mm.3d1d", "mm.1d3d", "mm.bcast")) {
      Tensor a = in(name + ".a");
      Tensor b = in(name + ".b");
      Tensor out = a.matmul(b);
      expect(name + ".out", out);
      out.mul(out).sum().backward();
      expect(name + ".ga", a.grad());
      expect(name + ".gb", b.grad());
    }
  }

  @Test
  void geluBothForms() {
    for (String tag : List.of("f64", "f32")) {
      for (String approx : List.of("none", "tanh")) {
        Tensor x = in("gelu." + tag + ".x");
        Tensor y = x.gelu(approx.equals("tanh"));
        expect("gelu." + tag + "." + approx, y);
        y.sum().backward();
        expect("gelu." + tag + "." + approx + ".grad", x.grad());
      }
    }
  }

  @Test
  void toStringMatchesTorch() {
    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    String text = resource("tostring.txt");
    List<String> blocks = new ArrayList<>(List.of(text.split("(?m)^=== ")));
    blocks.remove(0);
    for (String block : blocks) {
      int nl = block.indexOf('\n');
      String[] h = block.substring(0, nl).split("\\|", -1);
      Tensor t = parse(h[1], h[2], h[4]).tensor();
      if (h[3].equals("1")) {
        t.requiresGrad(true);
      }
      inputs.put(h[0], t);
      expected.put(h[0], block.substring(nl + 1).stripTrailing());
    }
    assertTrue(expected.size() >= 15);
    for (String name : expected.keySet()) {
      assertEquals(expected.get(name), inputs.get(name).toString(), name);
    }
  }

  @Test
  void randomFactoriesReproduceTorchStreams() {
    Generator g = new Generator(42);
    exact("rng.rand", Tensor.rand(g, 3, 5));
    exact("rng.randn", Tensor.randn(g, 4, 5));
    exact("rng.randn64", Tensor.randn(g, DType.FLOAT64, 3, 7));
    exact("rng.randint", Tensor.randint(g, 0, 27, 2, 6));
    exact("rng.randperm", Tensor.randperm(g, 10));
    Tensor p = Tensor.of(new float[][] {{0.1f, 0.6f, 0.3f}, {0.5f, 0.25f, 0.25f}});
    exact("rng.multinomial", p.multinomial(4, true, g));
    exact("rng.normal_", Tensor.zeros(20).normal_(1.0, 2.0, g));
    exact("rng.uniform_", Tensor.zeros(2, 3).uniform_(-1.0, 1.0, g));
  }

  private static void exact(String name, Tensor actual) {
    Golden g = VALUES.get(name);
    assertEquals(g.dtype(), actual.dtype(), name + " dtype");
    assertArrayEquals(g.shape(), actual.shape(), name + " shape");
    assertArrayEquals(g.values(), actual.toDoubleArray(), 0.0, name);
  }

  @Test
  void toStringShowsGradFn() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
    assertEquals("tensor([2., 4.], grad_fn=<MulBackward1>)", x.mul(2).toString());
  }
}
