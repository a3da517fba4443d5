package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The op semantics issue 22 found different from PyTorch 1.13, against values written by
 * tools/golden/ops_semantics.py, and the errors torch raises.
 */
class TorchSemanticsTest {

  private static final Map<String, GoldenTest.Golden> VALUES = new HashMap<>();

  /** INT64 values as written, since doubles cannot hold every long. */
  private static final Map<String, long[]> LONGS = new HashMap<>();

  static {
    for (String line : GoldenTest.resource("ops.txt").split("\n")) {
      if (!line.isBlank()) {
        String[] p = line.split("\\|", -1);
        VALUES.put(p[0], GoldenTest.parse(p[1], p[2], p[3]));
        if (!p[1].startsWith("FLOAT")) {
          LONGS.put(
              p[0],
              p[3].isBlank()
                  ? new long[0]
                  : java.util.Arrays.stream(p[3].trim().split(" "))
                      .mapToLong(Long::parseLong)
                      .toArray());
        }
      }
    }
  }

  private static GoldenTest.Golden golden(String name) {
    GoldenTest.Golden g = VALUES.get(name);
    if (g == null) {
      throw new IllegalStateException("no golden value " + name);
    }
    return g;
  }

  private static Tensor in(String name) {
    GoldenTest.Golden g = golden(name);
    Tensor t = LONGS.containsKey(name) ? Tensor.fromArray(LONGS.get(name), g.shape()) : g.tensor();
    return t.dtype().isFloatingPoint() ? t.requiresGrad(true) : t;
  }

  /** Same dtype, shape and values (NaN where torch has NaN; ints exactly). */
  private static void expect(String name, Tensor actual) {
    GoldenTest.Golden g = golden(name);
    assertEquals(g.dtype(), actual.dtype(), name + " dtype");
    assertArrayEquals(g.shape(), actual.shape(), name + " shape");
    if (!g.dtype().isFloatingPoint()) {
      assertArrayEquals(LONGS.get(name), actual.toLongArray(), name);
      return;
    }
    double[] a = actual.toDoubleArray();
    double tol = g.dtype() == DType.FLOAT32 ? 2e-6 : 1e-12;
    for (int i = 0; i < a.length; i++) {
      double e = g.values()[i];
      if (Double.isNaN(e) || Double.isInfinite(e)) {
        assertEquals(e, a[i], name + " element " + i);
      } else {
        assertEquals(e, a[i], tol * Math.max(1, Math.abs(e)), name + " element " + i);
      }
    }
  }

  @Test
  void linspaceWithOneStepIsTheStart() {
    expect("linspace.one", Tensor.linspace(2, 5, 1));
    expect("linspace.five", Tensor.linspace(2, 5, 5));
  }

  @Test
  void integerPowersWrapAndNegativeScalarExponentsAreRefused() {
    expect("powi.out", in("powi.base").pow(in("powi.exp")));
    Tensor x = Tensor.of(2L, 3L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.pow(-1));
    assertTrue(
        e.getMessage().contains("Integers to negative integer powers are not allowed"),
        e.getMessage());
    assertArrayEquals(new long[] {1, 1}, x.pow(0).toLongArray());
    assertEquals(DType.FLOAT32, x.pow(-0.5).dtype());
  }

  @Test
  void reluKeepsNaNAndPassesItsGradient() {
    Tensor x = in("relu.x");
    Tensor y = x.relu();
    y.sum().backward();
    expect("relu.out", y);
    expect("relu.grad", x.grad());
    expect("unary.relu", Tensor.of(-3L, 0L, 4L).relu());
  }

  @Test
  void fullMaxAndMinSendTheGradientToTheNaNsOrSplitItBetweenTies() {
    for (String c : new String[] {"nan2", "nan1", "ties"}) {
      for (String op : new String[] {"max", "min"}) {
        Tensor x = in(op + "." + c + ".x");
        Tensor y = op.equals("max") ? x.max() : x.min();
        y.backward();
        expect(op + "." + c + ".out", y);
        expect(op + "." + c + ".grad", x.grad());
      }
    }
    Tensor x = in("maxdim.x");
    ValuesIndices vi = x.max(1, false);
    vi.values().sum().backward();
    expect("maxdim.values", vi.values());
    expect("maxdim.indices", vi.indices());
    expect("maxdim.grad", x.grad());
  }

  @Test
  void stdHasGradientZeroWhereItIsZero() {
    Tensor x = in("std.x");
    x.std(1, false).sum().backward();
    expect("std.dim1.out", x.std(1, false));
    expect("std.dim1.grad", x.grad());
    Tensor c = in("std.const");
    c.std().backward();
    expect("std.const.grad", c.grad());
  }

  @Test
  void tensorPowGradientsAreMaskedAtBaseZeroAndExponentZero() {
    Tensor b = in("pow.b");
    Tensor e = in("pow.e");
    Tensor y = b.pow(e);
    y.backward(Tensor.onesLike(y));
    expect("pow.out", y);
    expect("pow.gb", b.grad());
    expect("pow.ge", e.grad());
    Tensor bb = in("powb.b");
    Tensor eb = in("powb.e");
    bb.pow(eb).sum().backward();
    expect("powb.gb", bb.grad());
    expect("powb.ge", eb.grad());
  }

  @Test
  void floatingUnaryOpsPromoteIntegersToFloat32() {
    Tensor x = in("unary.int");
    expect("unary.exp", x.exp());
    expect("unary.log", x.log());
    expect("unary.sqrt", x.sqrt());
    expect("unary.tanh", x.tanh());
    expect("unary.sigmoid", x.sigmoid());
    assertEquals(DType.FLOAT32, Tensor.of(1L).ne(0.0).exp().dtype());
    assertThrows(
        IllegalArgumentException.class, () -> x.gelu()); // torch has no integer gelu either
  }

  @Test
  void clampWithMinAboveMaxGivesMax() {
    Tensor x = in("clamp.x");
    Tensor y = x.clamp(6, 3);
    y.sum().backward();
    expect("clamp.out", y);
    expect("clamp.grad", x.grad());
  }

  @Test
  void cumsum() {
    Tensor x = in("cumsum.f32.x").detach().to(DType.FLOAT32).requiresGrad(true);
    Tensor y = x.cumsum(1);
    y.backward(in("cumsum.f32.g").detach().to(DType.FLOAT32));
    expect("cumsum.f32.out", y);
    expect("cumsum.f32.grad", x.grad());
    Tensor x64 = in("cumsum.f64.x");
    Tensor y64 = x64.cumsum(0);
    y64.backward(Tensor.arange(0.0, 24, 1.0, DType.FLOAT64).reshape(2, 3, 4));
    expect("cumsum.f64.dim0", y64);
    expect("cumsum.f64.dim0.grad", x64.grad());
    expect("cumsum.f64.dimm1", x64.cumsum(-1));
    expect("cumsum.i64.dim0", in("cumsum.i64.x").cumsum(0));
    expect("cumsum.i64.dim1", in("cumsum.i64.x").cumsum(1));
    expect("cumsum.bool", Tensor.of(1L, 0L, 1L, 1L).ne(0.0).cumsum(0));
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(1f, 2f).cumsum(1));
  }

  @Test
  void integerMatmul() {
    Tensor a = in("mm.a");
    Tensor b = in("mm.b");
    Tensor v = in("mm.v");
    expect("mm.ab", a.matmul(b));
    expect("mm.bTa0T", b.T().matmul(a.select(0, 0).T()));
    expect("mm.av", a.matmul(v));
    expect("mm.vv", v.matmul(v));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.matmul(b.to(DType.FLOAT32)));
    assertTrue(e.getMessage().contains("INT64 @ FLOAT32"), e.getMessage());
  }

  @Test
  void crossEntropyWithClassProbabilities() {
    Tensor lg = in("cep.logits");
    Tensor tg = in("cep.target");
    expect("cep.mean", lg.crossEntropy(tg));
    expect("cep.sum", lg.crossEntropy(tg, Reduction.SUM, -100));
    expect("cep.none", lg.crossEntropy(tg, Reduction.NONE, -100));
    lg.crossEntropy(tg).backward();
    expect("cep.mean.glogits", lg.grad());
    expect("cep.mean.gtarget", tg.grad());
    Tensor lg3 = in("cep3.logits");
    Tensor tg3 = in("cep3.target");
    expect("cep3.none", lg3.crossEntropy(tg3, Reduction.NONE, -100));
    expect("cep3.mean", lg3.crossEntropy(tg3));
    lg3.crossEntropy(tg3).backward();
    expect("cep3.mean.glogits", lg3.grad());
    expect("cep1.mean", in("cep1.logits").crossEntropy(tg.detach().select(0, 0)));
    Tensor lf = in("cepf.logits");
    Tensor lossF = lf.crossEntropy(in("cepf.target").detach());
    lossF.backward();
    expect("cepf.mean", lossF);
    expect("cepf.mean.glogits", lf.grad());

    IllegalArgumentException shape =
        assertThrows(IllegalArgumentException.class, () -> lg.crossEntropy(tg.narrow(1, 0, 2)));
    assertTrue(shape.getMessage().contains("[4, 5]"), shape.getMessage());
    IllegalArgumentException ignore =
        assertThrows(IllegalArgumentException.class, () -> lg.crossEntropy(tg, Reduction.MEAN, 1));
    assertTrue(ignore.getMessage().contains("ignoreIndex 1 is not supported"), ignore.getMessage());
  }

  @Test
  void indexSelectAndGatherRefuseNegativeIndicesWhileAdvancedIndexingWraps() {
    Tensor x = Tensor.arange(0.0, 6, 1.0).reshape(2, 3);
    IllegalArgumentException sel =
        assertThrows(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.of(-1L)));
    assertTrue(sel.getMessage().contains("index -1 is out of range"), sel.getMessage());
    IllegalArgumentException gat =
        assertThrows(
            IllegalArgumentException.class,
            () -> x.gather(1, Tensor.fromArray(new long[] {-1, 0}, 2, 1)));
    assertTrue(gat.getMessage().contains("index -1 is out of bounds"), gat.getMessage());
    // x[tensor([-1])] is the last row in torch too
    assertArrayEquals(new double[] {3, 4, 5}, x.index(Tensor.of(-1L)).toDoubleArray());
  }

  @Test
  void writesThroughAnExpandedViewAreRefusedExceptFills() {
    Tensor base = Tensor.zeros(3);
    Tensor ex = base.expand(2, 3);
    for (Runnable w :
        new Runnable[] {
          () -> ex.add_(1),
          () -> ex.sub_(Tensor.ones(2, 3)),
          () -> ex.mul_(2),
          () -> ex.div_(2),
          () -> ex.copy_(Tensor.ones(2, 3)),
          () -> ex.normal_(0, 1),
          () -> ex.uniform_(0, 1)
        }) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w::run);
      assertTrue(
          e.getMessage()
              .contains(
                  "more than one element of the written-to tensor refers to a single memory"
                      + " location"),
          e.getMessage());
    }
    assertArrayEquals(new float[] {0, 0, 0}, base.toFloatArray());
    ex.fill_(7); // torch allows fills: every element gets the same value whatever the order
    assertArrayEquals(new float[] {7, 7, 7}, base.toFloatArray());
    // a size-1 dim with stride 0 has no two elements sharing memory
    base.unsqueeze(0).expand(1, 3).add_(1);
    assertArrayEquals(new float[] {8, 8, 8}, base.toFloatArray());
  }
}
