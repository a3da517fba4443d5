package io.github.zth.autograd;

import static io.github.zth.testing.TensorArbitraries.broadcastTensors;
import static io.github.zth.testing.TensorArbitraries.shapes;
import static io.github.zth.testing.TensorArbitraries.tensors;
import static io.github.zth.testing.TensorArbitraries.tensorsAwayFrom;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.zth.autograd.random.Generator;
import io.github.zth.testing.TensorArbitraries;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every differentiable op against central differences in FLOAT64 over random shapes. */
class GradPropertiesTest {

  private static void check(java.util.function.Function<List<Tensor>, Tensor> f, Tensor... in) {
    GradCheck.assertGradients(f, in);
  }

  private static void checkUnary(UnaryOperator<Tensor> op, Tensor x) {
    check(in -> op.apply(in.get(0)), x);
  }

  @Provide
  Arbitrary<List<Tensor>> pairs() {
    return broadcastTensors(3, 3, -2, 2);
  }

  @Provide
  Arbitrary<Tensor> any() {
    return tensors(3, 3, -2, 2);
  }

  @Provide
  Arbitrary<Tensor> positive() {
    return shapes(3, 3).flatMap(s -> tensors(s, 0.3, 3));
  }

  @Provide
  Arbitrary<Tensor> awayFromZero() {
    return shapes(3, 3).flatMap(s -> tensorsAwayFrom(s, -2, 2, 0.05, 0));
  }

  @Provide
  Arbitrary<Tensor> atLeast2d() {
    return shapes(2, 4, 3).flatMap(s -> tensors(s, -2, 2));
  }

  @Provide
  Arbitrary<Tensor> distinct() {
    return shapes(1, 3, 3).flatMap(s -> TensorArbitraries.distinctTensors(s, -2, 2));
  }

  @Provide
  Arbitrary<Tensor> atLeast1d() {
    return shapes(1, 3, 4).flatMap(s -> tensors(s, -2, 2));
  }

  // ------------------------------------------------------------ binary ops with broadcasting

  @Property(tries = 40)
  void add(@ForAll("pairs") List<Tensor> p) {
    check(in -> in.get(0).add(in.get(1)), p.get(0), p.get(1));
  }

  @Property(tries = 40)
  void sub(@ForAll("pairs") List<Tensor> p) {
    check(in -> in.get(0).sub(in.get(1)), p.get(0), p.get(1));
  }

  @Property(tries = 40)
  void mul(@ForAll("pairs") List<Tensor> p) {
    check(in -> in.get(0).mul(in.get(1)), p.get(0), p.get(1));
  }

  @Property(tries = 40)
  void div(@ForAll("pairs") List<Tensor> p) {
    Tensor b = p.get(1).abs().add(0.5);
    check(in -> in.get(0).div(in.get(1)), p.get(0), b);
  }

  @Property(tries = 40)
  void powTensor(@ForAll("pairs") List<Tensor> p) {
    Tensor base = p.get(0).abs().add(0.3);
    check(in -> in.get(0).pow(in.get(1)), base, p.get(1));
  }

  @Property(tries = 40)
  void maximumAndMinimum(@ForAll("pairs") List<Tensor> p) {
    // keep the operands apart: maximum/minimum are not differentiable where they tie
    Tensor b = Tensor.where(p.get(0).sub(p.get(1)).abs().lt(1e-3), p.get(1).add(0.01), p.get(1));
    check(
        in -> in.get(0).maximum(in.get(1)).add(in.get(0).minimum(in.get(1)).mul(3.0)), p.get(0), b);
  }

  @Property(tries = 30)
  void scalarOverloads(@ForAll("any") Tensor x, @ForAll("scalars") double s) {
    checkUnary(t -> t.add(s).mul(s).sub(s).div(s + 3).rsub(s), x);
  }

  @Property(tries = 30)
  void rdiv(@ForAll("positive") Tensor x, @ForAll("scalars") double s) {
    checkUnary(t -> t.rdiv(s), x);
  }

  @Provide
  Arbitrary<Double> scalars() {
    return Arbitraries.doubles().between(-2, 2).ofScale(4).withoutEdgeCases();
  }

  // ------------------------------------------------------------ unary math

  @Property(tries = 30)
  void neg(@ForAll("any") Tensor x) {
    checkUnary(Tensor::neg, x);
  }

  @Property(tries = 30)
  void exp(@ForAll("any") Tensor x) {
    checkUnary(Tensor::exp, x);
  }

  @Property(tries = 30)
  void log(@ForAll("positive") Tensor x) {
    checkUnary(Tensor::log, x);
  }

  @Property(tries = 30)
  void sqrt(@ForAll("positive") Tensor x) {
    checkUnary(Tensor::sqrt, x);
  }

  @Property(tries = 30)
  void powScalar(@ForAll("positive") Tensor x, @ForAll("scalars") double p) {
    checkUnary(t -> t.pow(p), x);
  }

  @Property(tries = 30)
  void tanh(@ForAll("any") Tensor x) {
    checkUnary(Tensor::tanh, x);
  }

  @Property(tries = 30)
  void sigmoid(@ForAll("any") Tensor x) {
    checkUnary(Tensor::sigmoid, x);
  }

  @Property(tries = 30)
  void relu(@ForAll("awayFromZero") Tensor x) {
    checkUnary(Tensor::relu, x);
  }

  @Property(tries = 30)
  void geluExact(@ForAll("any") Tensor x) {
    checkUnary(Tensor::gelu, x);
  }

  @Property(tries = 30)
  void geluTanh(@ForAll("any") Tensor x) {
    checkUnary(t -> t.gelu(true), x);
  }

  @Property(tries = 30)
  void abs(@ForAll("awayFromZero") Tensor x) {
    checkUnary(Tensor::abs, x);
  }

  @Property(tries = 30)
  void clamp(@ForAll("clampInputs") Tensor x) {
    checkUnary(t -> t.clamp(-0.5, 1.0), x);
  }

  @Provide
  Arbitrary<Tensor> clampInputs() {
    return shapes(3, 3).flatMap(s -> tensorsAwayFrom(s, -2, 2, 0.05, -0.5, 1.0));
  }

  // ------------------------------------------------------------ masks and selection

  @Property(tries = 30)
  void where(@ForAll("pairs") List<Tensor> p) {
    Tensor cond = p.get(0).gt(0.0);
    check(in -> Tensor.where(cond, in.get(0), in.get(1)), p.get(0), p.get(1));
  }

  @Property(tries = 30)
  void maskedFill(@ForAll("any") Tensor x) {
    Tensor mask = x.lt(0.3);
    checkUnary(t -> t.maskedFill(mask, -7.0).mul(t), x);
  }

  @Property(tries = 30)
  void trilTriu(@ForAll("atLeast2d") Tensor x, @ForAll("diagonals") int k) {
    checkUnary(t -> t.tril(k).add(t.triu(-k).mul(2.0)), x);
  }

  @Provide
  Arbitrary<Integer> diagonals() {
    return Arbitraries.integers().between(-2, 2);
  }

  // ------------------------------------------------------------ reductions

  @Property(tries = 30)
  void sumAndMeanAll(@ForAll("any") Tensor x) {
    checkUnary(t -> t.sum().add(t.mean().mul(3.0)), x);
  }

  @Property(tries = 40)
  void sumMeanOverDims(
      @ForAll("atLeast1d") Tensor x, @ForAll boolean keepdim, @ForAll("dimSeed") int seed) {
    int d = seed % x.dim();
    int[] dims = x.dim() > 1 ? new int[] {d, (d + 1) % x.dim()} : new int[] {d};
    checkUnary(
        t -> t.sum(d, keepdim).sum().add(t.mean(dims, keepdim).mul(t.mean(dims, keepdim)).sum()),
        x);
  }

  @Provide
  Arbitrary<Integer> dimSeed() {
    return Arbitraries.integers().between(0, 1000);
  }

  @Property(tries = 40)
  void varAndStd(
      @ForAll("varInputs") Tensor x, @ForAll boolean keepdim, @ForAll("dimSeed") int seed) {
    int d = seed % x.dim();
    int correction = seed % 2;
    checkUnary(
        t ->
            t.var(new int[] {d}, correction, keepdim)
                .add(t.std(new int[] {d}, correction, keepdim)),
        x);
    checkUnary(t -> t.var().add(t.std()), x);
  }

  @Provide
  Arbitrary<Tensor> varInputs() {
    return shapes(1, 3, 3)
        .filter(s -> java.util.Arrays.stream(s).allMatch(v -> v >= 3))
        .flatMap(s -> tensors(s, -0.3, 0.3))
        // spread the values so no reduced slice has (near) zero variance, where std has a kink
        .map(
            t ->
                t.add(
                    Tensor.arange(0.0, t.numel(), 1.0, DType.FLOAT64).reshape(t.shape()).mul(0.9)));
  }

  @Property(tries = 30)
  void logsumexp(
      @ForAll("atLeast1d") Tensor x, @ForAll boolean keepdim, @ForAll("dimSeed") int seed) {
    int d = seed % x.dim();
    checkUnary(t -> t.logsumexp(d, keepdim), x);
  }

  @Property(tries = 30)
  void maxMinAlongDim(
      @ForAll("distinct") Tensor x, @ForAll boolean keepdim, @ForAll("dimSeed") int seed) {
    int d = seed % x.dim();
    checkUnary(t -> t.max(d, keepdim).values().add(t.min(d, keepdim).values().mul(2.0)), x);
  }

  @Property(tries = 30)
  void maxMinAll(@ForAll("distinct") Tensor x) {
    checkUnary(t -> t.max().add(t.min().mul(3.0)), x);
  }

  // ------------------------------------------------------------ views and joins

  @Property(tries = 30)
  void viewsCompose(@ForAll("atLeast2d") Tensor x) {
    checkUnary(
        t -> {
          Tensor v = t.transpose(0, -1).unsqueeze(1).squeeze(1).contiguous().view(-1);
          Tensor p = t.permute(reverse(t.dim())).reshape(-1).mul(v);
          Tensor q = t.T().mT().unsqueeze(0).squeeze().flatten().contiguous().reshape(-1);
          return p.add(t.flatten().mul(2.0)).add(q.mul(q)).reshape(t.shape()).clone();
        },
        x);
  }

  private static int[] reverse(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = n - 1 - i;
    }
    return p;
  }

  @Property(tries = 30)
  void narrowSelectSlice(@ForAll("atLeast1d") Tensor x) {
    int n = x.size(0);
    checkUnary(
        t ->
            t.narrow(0, n / 2, n - n / 2)
                .sum()
                .add(t.select(0, -1).mul(3.0).sum())
                .add(t.slice(0, 0, 2).mul(t.slice(0, 0, 2)).sum()),
        x);
  }

  @Property(tries = 30)
  void expand(@ForAll("any") Tensor x) {
    int[] target = new int[x.dim() + 1];
    target[0] = 2;
    for (int i = 0; i < x.dim(); i++) {
      target[i + 1] = x.size(i) == 1 ? 3 : x.size(i);
    }
    checkUnary(
        t ->
            t.expand(target)
                .mul(
                    Tensor.arange(0.0, 2.0, 1.0, DType.FLOAT64)
                        .reshape(2, 1, 1, 1, 1)
                        .reshape(concatShape(2, x.dim()))),
        x);
  }

  private static int[] concatShape(int first, int rest) {
    int[] s = new int[rest + 1];
    java.util.Arrays.fill(s, 1);
    s[0] = first;
    return s;
  }

  @Property(tries = 30)
  void catStackSplitChunk(@ForAll("atLeast1d") Tensor x, @ForAll("atLeast1d") Tensor y) {
    Tensor y2 = Tensor.fromArray(new double[x.numel()], x.shape()).add(1.5);
    check(
        in -> {
          Tensor c = Tensor.cat(List.of(in.get(0), in.get(1).mul(2.0)), 0);
          Tensor s = Tensor.stack(List.of(in.get(0), in.get(1)), x.dim());
          Tensor parts =
              c.split(2, 0)
                  .get(0)
                  .sum()
                  .add(c.chunk(3, 0).get(c.chunk(3, 0).size() - 1).exp().sum());
          return parts.add(s.sum(-1).mul(s.sum(-1)).sum());
        },
        x,
        y2.mul(
            y.sum().tanh())); // bounded: exp of a large sum defeats any finite-difference tolerance
  }

  /**
   * The pieces of a split flow back into one buffer of the engine's: pieces used once, twice or not
   * at all, overlapping narrows, and the whole tensor used as well, in every arrival order.
   */
  @Property(tries = 30)
  void splitPiecesMeetInOneGradient(@ForAll("atLeast1d") Tensor x, @ForAll("splitSizes") int size) {
    int last = x.dim() - 1;
    int n = x.size(last);
    check(
        in -> {
          Tensor y = in.get(0).mul(1.5); // a node of its own, so the region path is taken
          List<Tensor> pieces = y.split(Math.min(size, n), last);
          Tensor loss = pieces.get(0).mul(pieces.get(0)).sum();
          for (int i = 0; i < pieces.size(); i += 2) {
            loss = loss.add(pieces.get(i).tanh().sum().mul(i + 1.0));
          }
          Tensor overlap = y.narrow(last, 0, (n + 1) / 2).add(y.narrow(last, n / 2, (n + 1) / 2));
          return loss.add(overlap.exp().sum()).add(y.sum().mul(0.25));
        },
        x);
  }

  @Provide
  Arbitrary<Integer> splitSizes() {
    return Arbitraries.integers().between(1, 3);
  }

  /**
   * Operands stored transposed (a Linear's weight.T()) get their gradient computed in that layout.
   */
  @Property(tries = 30)
  void matmulOfTransposedViews(
      @ForAll("dims234") int m, @ForAll("dims234") int k, @ForAll("dims234") int n) {
    Tensor a0 = Tensor.randn(new Generator(m * 100 + k * 10 + n), DType.FLOAT64, k, m);
    Tensor b0 = Tensor.randn(new Generator(n * 100 + k * 10 + m), DType.FLOAT64, n, k);
    check(in -> in.get(0).T().matmul(in.get(1).T()).tanh(), a0, b0);
    check(in -> in.get(0).mul(2.0).T().matmul(in.get(1)).tanh(), a0, b0.T().contiguous());
  }

  @Provide
  Arbitrary<Integer> dims234() {
    return Arbitraries.integers().between(2, 4);
  }

  @Property(tries = 20)
  void toAndDetach(@ForAll("any") Tensor x) {
    checkUnary(t -> t.to(DType.FLOAT32).to(DType.FLOAT64).mul(0.0).add(t.mul(t)), x);
  }

  // ------------------------------------------------------------ matmul

  @Property(tries = 40)
  void matmul(@ForAll("matmulPairs") List<Tensor> p) {
    check(in -> in.get(0).matmul(in.get(1)), p.get(0), p.get(1));
  }

  /**
   * A batched left operand against a matrix is folded into one GEMM, also when it is not viewable
   * so.
   */
  @Property(tries = 25)
  void matmulOfBatchedViewByMatrix(
      @ForAll("dims234") int m,
      @ForAll("dims234") int k,
      @ForAll("dims234") int n,
      @ForAll("seeds") long seed) {
    Generator g = new Generator(seed);
    Tensor a = Tensor.randn(g, DType.FLOAT64, m, 2, k);
    Tensor b = Tensor.randn(g, DType.FLOAT64, k, n);
    check(
        in -> in.get(0).transpose(0, 1).matmul(in.get(1)).tanh(),
        a,
        b); // (2, m, k) strided @ (k, n)
    check(
        in -> in.get(0).matmul(in.get(1).T()).tanh(),
        a,
        b.T().contiguous()); // a Linear's weight.T()
    Tensor batched = a.transpose(0, 1).matmul(b);
    Tensor perRow = a.transpose(0, 1).contiguous().view(2 * m, k).matmul(b).view(2, m, n);
    assertArrayEquals(perRow.toDoubleArray(), batched.toDoubleArray(), 1e-12);
  }

  @Provide
  Arbitrary<List<Tensor>> matmulPairs() {
    Arbitrary<int[]> dims =
        Arbitraries.integers()
            .between(1, 4)
            .list()
            .ofSize(3)
            .map(l -> new int[] {l.get(0), l.get(1), l.get(2)});
    return Combinators.combine(
            dims,
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 3))
        .as(
            (mkn, ra, rb, batch) -> {
              int m = mkn[0];
              int k = mkn[1];
              int n = mkn[2];
              int[] sa = shapeFor(ra, batch, m, k, true);
              int[] sb = shapeFor(rb, batch, k, n, false);
              return new int[][] {sa, sb};
            })
        .flatMap(s -> Combinators.combine(tensors(s[0], -2, 2), tensors(s[1], -2, 2)).as(List::of));
  }

  /**
   * rank 1: the vector; rank 2: the matrix; rank 3: (batch, r, c); rank 4: (2, 1, r, c) broadcast.
   */
  private static int[] shapeFor(int rank, int batch, int r, int c, boolean left) {
    switch (rank) {
      case 1:
        return new int[] {left ? c : r};
      case 2:
        return new int[] {r, c};
      case 3:
        return new int[] {batch, r, c};
      default:
        return new int[] {2, 1, r, c};
    }
  }

  // ------------------------------------------------------------ indexing

  @Property(tries = 30)
  void indexSelectAndEmbedding(@ForAll("atLeast2d") Tensor x, @ForAll("seeds") long seed) {
    java.util.Random r = new java.util.Random(seed);
    int rows = x.size(0);
    long[] idx = new long[5];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = r.nextInt(rows);
    }
    Tensor ix = Tensor.of(idx);
    // advanced indexing counts negative indices from the end (indexSelect refuses them, as torch
    // does)
    Tensor emb =
        Tensor.of(
                idx[0] - (r.nextBoolean() ? rows : 0),
                0L,
                idx[2] - (r.nextBoolean() ? rows : 0),
                0L)
            .reshape(2, 2);
    checkUnary(
        t ->
            t.indexSelect(0, ix)
                .sum()
                .add(t.index(emb).exp().sum())
                .add(t.indexSelect(-1, Tensor.of(0L, 0L)).sum().mul(2.0)),
        x);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 30)
  void gatherAndRowPick(@ForAll("atLeast2d") Tensor x, @ForAll("seeds") long seed) {
    java.util.Random r = new java.util.Random(seed);
    Tensor m = x.reshape(x.size(0), -1);
    int n = m.size(0);
    int c = m.size(1);
    long[] cols = new long[n];
    long[] g = new long[n * 2];
    for (int i = 0; i < n; i++) {
      cols[i] = r.nextInt(c);
      g[2 * i] = r.nextInt(c);
      g[2 * i + 1] = r.nextInt(c);
    }
    Tensor ys = Tensor.of(cols);
    Tensor gi = Tensor.fromArray(g, n, 2);
    checkUnary(
        t -> {
          Tensor mm = t.reshape(n, c);
          return mm.index(Tensor.arange(n), ys).mul(3.0).sum().add(mm.gather(1, gi).exp().sum());
        },
        x);
  }

  // ------------------------------------------------------------ softmax and losses

  @Property(tries = 30)
  void softmaxAndLogSoftmax(@ForAll("atLeast1d") Tensor x, @ForAll("dimSeed") int seed) {
    int d = seed % x.dim();
    Tensor w = Tensor.arange(0.0, x.numel(), 1.0, DType.FLOAT64).reshape(x.shape());
    checkUnary(t -> t.softmax(d).mul(w).sum().add(t.logSoftmax(d).mul(w).sum()), x);
  }

  @Property(tries = 40)
  void crossEntropy(
      @ForAll("atLeast2d") Tensor x, @ForAll("seeds") long seed, @ForAll Reduction reduction) {
    java.util.Random r = new java.util.Random(seed);
    int[] s = x.shape();
    int c = s[1];
    int[] ts = new int[s.length - 1];
    ts[0] = s[0];
    System.arraycopy(s, 2, ts, 1, s.length - 2);
    long[] t = new long[java.util.Arrays.stream(ts).reduce(1, (p, q) -> p * q)];
    for (int i = 0; i < t.length; i++) {
      t[i] = i == 0 ? r.nextInt(c) : (r.nextInt(5) == 0 ? -1 : r.nextInt(c));
    }
    Tensor target = Tensor.fromArray(t, ts);
    checkUnary(l -> l.crossEntropy(target, reduction, -1), x);
    if (x.dim() == 2) {
      checkUnary(l -> l.logSoftmax(1).nllLoss(target, reduction, -1), x);
    }
  }

  @Property(tries = 40)
  void crossEntropyWithProbabilities(
      @ForAll("atLeast2d") Tensor x, @ForAll("seeds") long seed, @ForAll Reduction reduction) {
    // a target of class probabilities (softmax of random values), differentiable too
    Tensor target =
        Tensor.randn(new Generator(seed & 0x7fffffffL), DType.FLOAT64, x.shape()).softmax(1);
    check(in -> in.get(0).crossEntropy(in.get(1), reduction, -100), x, target);
  }

  @Property(tries = 40)
  void cumsum(@ForAll("atLeast1d") Tensor x, @ForAll("dimSeed") int seed) {
    int d = seed % x.dim() - (seed % 2 == 0 ? x.dim() : 0);
    Tensor w = Tensor.arange(0.0, x.numel(), 1.0, DType.FLOAT64).reshape(x.shape());
    checkUnary(t -> t.cumsum(d).mul(w), x);
  }

  @Property(tries = 30)
  void mseLoss(@ForAll("pairs") List<Tensor> p, @ForAll Reduction reduction) {
    check(in -> in.get(0).mseLoss(in.get(1), reduction), p.get(0), p.get(1));
  }

  // ------------------------------------------------------------ custom Function

  /** x³ with a hand-written backward. */
  static final class Cube extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return in[0].pow(3);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      Tensor x = ctx.savedTensors().get(0);
      return new Tensor[] {grad.mul(x.mul(x).mul(3.0))};
    }
  }

  @Property(tries = 30)
  void customFunction(@ForAll("any") Tensor x) {
    checkUnary(t -> new Cube().apply(t.tanh()).mul(t), x);
  }
}
