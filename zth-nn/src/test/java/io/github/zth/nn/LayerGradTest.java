package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every layer's gradient against central differences in FLOAT64, over random shapes and values. */
class LayerGradTest {

  static Tensor rand(Random r, double lo, double hi, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * r.nextDouble();
    }
    return Tensor.fromArray(v, shape);
  }

  /** Input shape (B, in) or (B, T, in). */
  static int[] batchShape(boolean threeD, int b, int t, int last) {
    return threeD ? new int[] {b, t, last} : new int[] {b, last};
  }

  static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    GradCheck.assertGradients(f, inputs);
  }

  @Property(tries = 40)
  void linear(
      @ForAll long seed,
      @ForAll boolean threeD,
      @ForAll boolean bias,
      @ForAll @IntRange(min = 1, max = 3) int b,
      @ForAll @IntRange(min = 1, max = 3) int t,
      @ForAll @IntRange(min = 1, max = 4) int in,
      @ForAll @IntRange(min = 1, max = 4) int out) {
    Random r = new Random(seed);
    Tensor x = rand(r, -2, 2, batchShape(threeD, b, t, in));
    Tensor w = rand(r, -1, 1, out, in);
    Tensor bs = rand(r, -1, 1, out);
    if (bias) {
      check(a -> Functional.linear(a.get(0), a.get(1), a.get(2)), x, w, bs);
    } else {
      check(a -> Functional.linear(a.get(0), a.get(1), null), x, w);
    }
  }

  @Property(tries = 40)
  void layerNorm(
      @ForAll long seed,
      @ForAll boolean threeD,
      @ForAll @IntRange(min = 1, max = 3) int b,
      @ForAll @IntRange(min = 1, max = 3) int t,
      @ForAll @IntRange(min = 2, max = 6) int d) {
    Random r = new Random(seed);
    Tensor x = rand(r, -2, 2, batchShape(threeD, b, t, d));
    check(
        a -> Functional.layerNorm(a.get(0), new int[] {d}, a.get(1), a.get(2), 1e-5),
        x,
        rand(r, -2, 2, d),
        rand(r, -1, 1, d));
    check(
        a -> Functional.layerNorm(a.get(0), new int[] {t, d}, null, null, 1e-5),
        rand(r, -2, 2, b, t, d));
  }

  @Property(tries = 30)
  void embeddingScatterAddsIntoTheTable(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int num,
      @ForAll @IntRange(min = 1, max = 4) int dim) {
    Random r = new Random(seed);
    long[] idx = new long[6];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = r.nextInt(num); // repeated indices must accumulate
    }
    Tensor indices = Tensor.fromArray(idx, 2, 3);
    check(a -> Functional.embedding(indices, a.get(0)), rand(r, -1, 1, num, dim));
  }

  @Property(tries = 30)
  void activations(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int b,
      @ForAll @IntRange(min = 1, max = 5) int d) {
    Random r = new Random(seed);
    Tensor x = rand(r, -3, 3, b, d);
    for (Module m :
        List.of(
            new Tanh(),
            new Sigmoid(),
            new GELU(),
            new GELU(true),
            new Softmax(-1),
            new Softmax(0),
            new Flatten(0, 1))) {
      check(a -> m.forward(a.get(0)), x);
    }
    double[] v = x.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.abs(v[i]) < 0.05 ? 0.05 + v[i] : v[i]; // away from relu's kink
    }
    check(a -> new ReLU().forward(a.get(0)), Tensor.fromArray(v, b, d));
  }

  @Property(tries = 30)
  void batchNormBothLayoutsTrainAndEval(
      @ForAll long seed,
      @ForAll boolean threeD,
      @ForAll boolean makemore,
      @ForAll @IntRange(min = 2, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 3) int l,
      @ForAll @IntRange(min = 1, max = 3) int c) {
    Random r = new Random(seed);
    BatchNorm1d.Layout layout = makemore ? BatchNorm1d.Layout.MAKEMORE : BatchNorm1d.Layout.TORCH;
    int[] shape = !threeD ? new int[] {n, c} : makemore ? new int[] {n, l, c} : new int[] {n, c, l};
    BatchNorm1d bn = new BatchNorm1d(c, 1e-5, 0.1, layout);
    bn.to(DType.FLOAT64);
    Tensor x = rand(r, -2, 2, shape);
    check(a -> bn.forward(a.get(0)), x);
    bn.eval();
    check(a -> bn.forward(a.get(0)), x);
  }

  @Property(tries = 30)
  void flattenConsecutive(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int b,
      @ForAll @IntRange(min = 1, max = 3) int groups,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll @IntRange(min = 1, max = 3) int c) {
    Random r = new Random(seed);
    Tensor x = rand(r, -1, 1, b, groups * n, c);
    Tensor y = Functional.flattenConsecutive(x, n);
    assertArrayEquals(groups == 1 ? new int[] {b, n * c} : new int[] {b, groups, n * c}, y.shape());
    assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), "a pure regrouping of row-major data");
    check(a -> new FlattenConsecutive(n).forward(a.get(0)), x);
  }

  @Property(tries = 30)
  void dropoutWithAFixedMask(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20) int size,
      @ForAll @IntRange(min = 0, max = 9) int tenths) {
    double p = tenths / 10.0;
    Random r = new Random(seed);
    Tensor x = rand(r, -1, 1, size);
    check(a -> Functional.dropout(a.get(0), p, true, new Generator(seed)), x);
    Tensor y = Functional.dropout(x, p, true, new Generator(seed));
    double[] xv = x.toDoubleArray();
    double[] yv = y.toDoubleArray();
    for (int i = 0; i < size; i++) {
      assertTrue(
          yv[i] == 0 || Math.abs(yv[i] - xv[i] / (1 - p)) < 1e-12,
          "kept elements are scaled by 1/(1-p)");
    }
    Dropout d = new Dropout(p, new Generator(seed));
    d.eval();
    assertEquals(x, d.forward(x), "identity in eval mode");
  }

  @Property(tries = 10)
  void shapeErrorsNameTheLayer(@ForAll @IntRange(min = 1, max = 4) int in) {
    Linear lin = new Linear(in, 2, true, new Generator(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> lin.forward(Tensor.zeros(3, in + 1)));
    assertTrue(
        e.getMessage()
            .startsWith("linear: input [3, " + (in + 1) + "] must end in in_features = " + in),
        e.getMessage());
    BatchNorm1d bn = new BatchNorm1d(in);
    e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, in + 1)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "BatchNorm1d(TORCH): expected input (N, "
                    + in
                    + ") or (N, "
                    + in
                    + ", L), got [2, "
                    + (in + 1)
                    + "]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, in)));
    assertTrue(
        e.getMessage().contains("expected more than 1 value per channel when training"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Embedding(in, 2, new Generator(0)).forward(Tensor.of((long) in)));
    assertEquals(
        "embedding: index " + in + " out of range for " + in + " embeddings", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FlattenConsecutive(2).forward(Tensor.zeros(1, 3, in)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "flattenConsecutive: expected (B, T, C) with T divisible by n = 2, got [1, 3, "
                    + in
                    + "]"));
  }

  @Property(tries = 15)
  void causalSelfAttention(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 2) int b,
      @ForAll @IntRange(min = 1, max = 4) int t,
      @ForAll @IntRange(min = 1, max = 2) int heads,
      @ForAll @IntRange(min = 1, max = 3) int headSize) {
    Random r = new Random(seed);
    int c = heads * headSize;
    CausalSelfAttention attn = new CausalSelfAttention(c, heads, 4, true, 0.0, new Generator(seed));
    attn.to(DType.FLOAT64);
    Tensor x = rand(r, -1, 1, b, t, c);
    check(a -> attn.forward(a.get(0)), x);
    // Causality: changing the last position leaves every earlier output unchanged.
    double[] v = x.toDoubleArray();
    v[v.length - 1] += 1.0;
    Tensor y1 = attn.forward(x);
    Tensor y2 = attn.forward(Tensor.fromArray(v, b, t, c));
    double[] a1 = y1.narrow(1, 0, t - 1).contiguous().toDoubleArray();
    double[] a2 = y2.narrow(1, 0, t - 1).contiguous().toDoubleArray();
    assertArrayEquals(a1, a2, 1e-12);
  }

  @Property(tries = 20)
  void recurrentCells(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int b,
      @ForAll @IntRange(min = 1, max = 3) int in,
      @ForAll @IntRange(min = 1, max = 3) int hidden,
      @ForAll boolean bias) {
    Random r = new Random(seed);
    Tensor x = rand(r, -1, 1, b, in);
    Tensor h = rand(r, -1, 1, b, hidden);
    Tensor c = rand(r, -1, 1, b, hidden);
    Generator g = new Generator(seed);
    RNNCell rnn = new RNNCell(in, hidden, bias, false, g);
    GRUCell gru = new GRUCell(in, hidden, bias, g);
    LSTMCell lstm = new LSTMCell(in, hidden, bias, g);
    for (Module m : List.of(rnn, gru, lstm)) {
      m.to(DType.FLOAT64);
    }
    check(a -> rnn.forward(a.get(0), a.get(1)), x, h);
    check(a -> gru.forward(a.get(0), a.get(1)), x, h);
    check(a -> lstm.forward(a.get(0), new LSTMCell.State(a.get(1), a.get(2))).h(), x, h, c);
    check(a -> lstm.forward(a.get(0), new LSTMCell.State(a.get(1), a.get(2))).c(), x, h, c);
    assertArrayEquals(new int[] {b, hidden}, lstm.forward(x).shape());
  }
}
