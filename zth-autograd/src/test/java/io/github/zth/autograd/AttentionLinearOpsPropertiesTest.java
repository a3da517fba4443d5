package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The full form of scaled dot-product attention (queries that continue a key sequence, dropout on
 * the weights, the weights returned) and {@code addmm}: gradients against central differences,
 * FLOAT32 kernels against the composed definition, and addmm bit for bit against matmul + add.
 */
class AttentionLinearOpsPropertiesTest {

  private static Tensor randn(Generator g, DType t, int... shape) {
    return Tensor.randn(g, DType.FLOAT64, shape).to(t);
  }

  /** softmax(q kᵀ / sqrt(D), query i at position start + i) (· keep) · v, from the plain ops. */
  private static Tensor composed(Tensor q, Tensor k, Tensor v, int start, Tensor keep) {
    int t = q.size(-2);
    int s = k.size(-2);
    Tensor future = Tensor.arange(s).unsqueeze(0).gt(Tensor.arange(start, start + t).unsqueeze(1));
    Tensor w =
        q.matmul(k.mT())
            .mul(1 / Math.sqrt(q.size(-1)))
            .maskedFill(future, Double.NEGATIVE_INFINITY)
            .softmax(-1);
    return (keep == null ? w : w.mul(keep)).matmul(v);
  }

  /** The multipliers F.dropout would draw over a tensor of this shape. */
  private static Tensor keep(DType t, int[] shape, double p, long seed) {
    int n = java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    double[] a = new double[n];
    new Generator(seed).bernoulli(a, 0, n, 1 - p);
    return Tensor.fromArray(a, shape).to(t).div(1 - p);
  }

  @Property(tries = 25)
  void fullFormGradCheck(
      @ForAll @IntRange(min = 1, max = 2) int b,
      @ForAll @IntRange(min = 1, max = 4) int t,
      @ForAll @IntRange(min = 0, max = 3) int extra,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 0, max = 2) int dropTenths,
      @ForAll @IntRange(min = 0, max = 999) int seed) {
    Generator g = new Generator(seed);
    int s = t + extra;
    double p = dropTenths / 10.0;
    Tensor q = randn(g, DType.FLOAT64, b, t, d).requiresGrad(true);
    Tensor k = randn(g, DType.FLOAT64, b, s, d).requiresGrad(true);
    Tensor v = randn(g, DType.FLOAT64, b, s, d + 1).requiresGrad(true);
    GradCheck.assertGradients(
        in ->
            Tensor.scaledDotProductAttention(
                    in.get(0), in.get(1), in.get(2), true, extra, p, new Generator(seed), false)
                .output(),
        q,
        k,
        v);
  }

  @Property(tries = 30)
  void float32KernelMatchesTheDefinition(
      @ForAll @IntRange(min = 1, max = 2) int heads,
      @ForAll @IntRange(min = 1, max = 40) int t,
      @ForAll @IntRange(min = 0, max = 40) int extra,
      @ForAll @IntRange(min = 1, max = 8) int d,
      @ForAll boolean dropout,
      @ForAll @IntRange(min = 0, max = 999) int seed) {
    Generator g = new Generator(seed);
    int s = t + extra;
    double p = dropout ? 0.2 : 0;
    Tensor q = randn(g, DType.FLOAT64, 2, heads, t, d);
    Tensor k = randn(g, DType.FLOAT64, 2, heads, s, d);
    Tensor v = randn(g, DType.FLOAT64, 2, heads, s, d);
    Tensor up = randn(g, DType.FLOAT64, 2, heads, t, d);
    Tensor keep = dropout ? keep(DType.FLOAT64, new int[] {2, heads, t, s}, p, seed) : null;
    Tensor[] ref =
        run(q, k, v, up, DType.FLOAT64, in -> composed(in[0], in[1], in[2], extra, keep));
    Tensor[] got =
        run(
            q,
            k,
            v,
            up,
            DType.FLOAT32,
            in ->
                Tensor.scaledDotProductAttention(
                        in[0], in[1], in[2], true, extra, p, new Generator(seed), false)
                    .output());
    for (int i = 0; i < ref.length; i++) {
      close(
          i == 0 ? "output" : "grad " + i,
          ref[i].toDoubleArray(),
          got[i].toDoubleArray(),
          3e-5 * Math.sqrt(s));
    }
  }

  private static Tensor[] run(
      Tensor q,
      Tensor k,
      Tensor v,
      Tensor up,
      DType t,
      java.util.function.Function<Tensor[], Tensor> f) {
    Tensor[] in = {
      q.detach().to(t).requiresGrad(true),
      k.detach().to(t).requiresGrad(true),
      v.detach().to(t).requiresGrad(true)
    };
    Tensor y = f.apply(in);
    assertEquals(t, y.dtype());
    y.mul(up.to(t)).sum().backward();
    return new Tensor[] {y, in[0].grad(), in[1].grad(), in[2].grad()};
  }

  @Property(tries = 20)
  void cachedQueriesEqualTheLastRowsOfTheFullSequence(
      @ForAll @IntRange(min = 1, max = 20) int s,
      @ForAll @IntRange(min = 1, max = 20) int t,
      @ForAll @IntRange(min = 0, max = 999) int seed) {
    Generator g = new Generator(seed);
    int n = Math.min(s, t);
    Tensor q = Tensor.randn(g, 1, 2, s, 4);
    Tensor k = Tensor.randn(g, 1, 2, s, 4);
    Tensor v = Tensor.randn(g, 1, 2, s, 4);
    Tensor full = Tensor.scaledDotProductAttention(q, k, v, true).narrow(2, s - n, n);
    AttentionOutput last =
        Tensor.scaledDotProductAttention(q.narrow(2, s - n, n), k, v, true, s - n, 0, null, true);
    assertArrayEquals(
        full.contiguous().toFloatArray(), last.output().contiguous().toFloatArray(), 1e-6f);
    Tensor w = last.weights();
    assertArrayEquals(new int[] {1, 2, n, s}, w.shape());
    assertArrayEquals(Tensor.ones(1, 2, n).toFloatArray(), w.sum(-1).toFloatArray(), 1e-6f);
    // a query never sees a key after its own position
    assertEquals(
        0.0,
        w.maskedFill(Tensor.arange(s).unsqueeze(0).le(Tensor.arange(s - n, s).unsqueeze(1)), 0.0)
            .abs()
            .sum()
            .item());
  }

  @Example
  void weightsAreTheDefinitionsAndAbsentUnlessAsked() {
    Generator g = new Generator(3);
    Tensor q = Tensor.randn(g, 2, 5, 3);
    Tensor k = Tensor.randn(g, 2, 5, 3);
    Tensor v = Tensor.randn(g, 2, 5, 3);
    Tensor want =
        q.matmul(k.mT())
            .div(Math.sqrt(3))
            .maskedFill(Tensor.ones(5, 5).triu(1).gt(0.0), Double.NEGATIVE_INFINITY)
            .softmax(-1);
    AttentionOutput o = Tensor.scaledDotProductAttention(q, k, v, true, 0, 0, null, true);
    assertArrayEquals(want.toFloatArray(), o.weights().toFloatArray(), 1e-6f);
    assertNull(Tensor.scaledDotProductAttention(q, k, v, true, 0, 0, null, false).weights());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.scaledDotProductAttention(q, k, v, true, 0, 0.1, null, false));
    assertTrue(e.getMessage().startsWith("scaledDotProductAttention: dropout_p"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.scaledDotProductAttention(q, k, v, true, -1, 0, null, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.scaledDotProductAttention(q, k, v, false, 0, 1.5, g, false));
  }

  // ------------------------------------------------------------------ addmm

  @Property(tries = 25)
  void addmmGradCheck(
      @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 1, max = 4) int p,
      @ForAll boolean rowBias,
      @ForAll boolean transposedWeight,
      @ForAll @IntRange(min = 0, max = 999) int seed) {
    Generator g = new Generator(seed);
    Tensor bias =
        randn(g, DType.FLOAT64, rowBias ? new int[] {p} : new int[] {n, p}).requiresGrad(true);
    Tensor x = randn(g, DType.FLOAT64, n, k).requiresGrad(true);
    Tensor w =
        randn(g, DType.FLOAT64, transposedWeight ? new int[] {p, k} : new int[] {k, p})
            .requiresGrad(true);
    GradCheck.assertGradients(
        in -> Tensor.addmm(in.get(0), in.get(1), transposedWeight ? in.get(2).T() : in.get(2)),
        bias,
        x,
        w);
  }

  /** A Linear layer's numbers do not change when its matmul and add become one op. */
  @Property(tries = 20)
  void addmmIsMatmulPlusAddBitForBit(
      @ForAll @IntRange(min = 1, max = 70) int n,
      @ForAll @IntRange(min = 1, max = 70) int in,
      @ForAll @IntRange(min = 1, max = 70) int out,
      @ForAll @IntRange(min = 0, max = 999) int seed) {
    Generator g = new Generator(seed);
    Tensor w = Tensor.randn(g, out, in);
    Tensor b = Tensor.randn(g, out);
    Tensor x = Tensor.randn(g, n, in);
    Tensor up = Tensor.randn(g, n, out);
    Tensor[] fused = linear(x, w, b, up, true);
    Tensor[] plain = linear(x, w, b, up, false);
    for (int i = 0; i < fused.length; i++) {
      assertArrayEquals(
          plain[i].contiguous().toFloatArray(),
          fused[i].contiguous().toFloatArray(),
          "tensor " + i);
    }
  }

  private static Tensor[] linear(Tensor x, Tensor w, Tensor b, Tensor up, boolean fused) {
    Tensor xl = x.detach().requiresGrad(true);
    Tensor wl = w.detach().requiresGrad(true);
    Tensor bl = b.detach().requiresGrad(true);
    Tensor y = fused ? Tensor.addmm(bl, xl, wl.T()) : xl.matmul(wl.T()).add(bl);
    y.mul(up).sum().backward();
    return new Tensor[] {y, xl.grad(), wl.grad(), bl.grad()};
  }

  @Example
  void addmmRefusesMismatchedShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.addmm(Tensor.zeros(3), Tensor.zeros(2, 4), Tensor.zeros(5, 3)));
    assertEquals(
        "addmm: expected mat1 (n, k) and mat2 (k, p), got [2, 4] and [5, 3]", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.addmm(Tensor.zeros(4), Tensor.zeros(2, 4), Tensor.zeros(4, 3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.addmm(Tensor.zeros(DType.FLOAT64, 3), Tensor.zeros(2, 4), Tensor.zeros(4, 3)));
  }

  private static void close(String what, double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      assertTrue(
          err <= tol * (1 + Math.abs(expected[i])),
          what
              + " ["
              + i
              + "]: expected "
              + expected[i]
              + ", got "
              + actual[i]
              + " (error "
              + err
              + ")");
    }
  }
}
