package io.github.zth.testing;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for property-testing code built on {@link Tensor}: random shapes (with size-1
 * dims), broadcast-compatible shape pairs and FLOAT64 tensors ready for {@link
 * io.github.zth.autograd.GradCheck}. Shrinking works on shapes and values alike, so a failing
 * property reports a small counterexample.
 *
 * <pre>{@code
 * @Property(tries = 50)
 * void myLayerHasRightGradients(@ForAll("inputs") Tensor x) {
 *   GradCheck.assertGradients(in -> myLayer(in.get(0)), x);
 * }
 * @Provide Arbitrary<Tensor> inputs() {
 *   return TensorArbitraries.tensors(3, 4, -2, 2);
 * }
 * }</pre>
 */
public final class TensorArbitraries {
  private TensorArbitraries() {}

  /**
   * @return every dtype, for properties that must hold whatever the tensor holds (casts, errors)
   */
  public static Arbitrary<DType> dtypes() {
    return Arbitraries.of(DType.values());
  }

  /**
   * @return FLOAT32 and FLOAT64: the dtypes differentiable ops accept
   */
  public static Arbitrary<DType> floatingDTypes() {
    return Arbitraries.of(
        java.util.Arrays.stream(DType.values()).filter(DType::isFloatingPoint).toList());
  }

  /**
   * Shapes of up to 3 dims of size up to 4 (0-dim scalars included): small enough for GradCheck.
   */
  public static Arbitrary<int[]> shapes() {
    return shapes(3, 4);
  }

  /** {@link #broadcastablePair(int, int)} with up to 3 dims of size up to 4. */
  public static Arbitrary<int[][]> broadcastablePair() {
    return broadcastablePair(3, 4);
  }

  /** Shapes of 0..maxDims dims, each of size 1..maxSize. */
  public static Arbitrary<int[]> shapes(int maxDims, int maxSize) {
    return shapes(0, maxDims, maxSize);
  }

  /** Shapes of minDims..maxDims dims, each of size 1..maxSize. */
  public static Arbitrary<int[]> shapes(int minDims, int maxDims, int maxSize) {
    return Arbitraries.integers()
        .between(1, maxSize)
        .list()
        .ofMinSize(minDims)
        .ofMaxSize(maxDims)
        .map(TensorArbitraries::toArray)
        .withoutEdgeCases();
  }

  /**
   * Two shapes that broadcast together: a common shape of up to maxDims dims, from which each
   * operand drops some leading dims and turns some dims into 1.
   */
  public static Arbitrary<int[][]> broadcastablePair(int maxDims, int maxSize) {
    return shapes(maxDims, maxSize)
        .flatMap(
            out ->
                Combinators.combine(derived(out), derived(out)).as((x, y) -> new int[][] {x, y}));
  }

  private static Arbitrary<int[]> derived(int[] out) {
    Arbitrary<Integer> drop = Arbitraries.integers().between(0, out.length);
    Arbitrary<List<Boolean>> ones = Arbitraries.of(true, false, false).list().ofSize(out.length);
    return Combinators.combine(drop, ones)
        .as(
            (d, o) -> {
              int[] s = new int[out.length - d];
              for (int i = 0; i < s.length; i++) {
                s[i] = o.get(i + d) ? 1 : out[i + d];
              }
              return s;
            })
        .withoutEdgeCases();
  }

  /** FLOAT64 tensors of the given shape with values uniform in [min, max]. */
  public static Arbitrary<Tensor> tensors(int[] shape, double min, double max) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return Arbitraries.doubles()
        .between(min, max)
        .ofScale(6)
        .list()
        .ofSize(n)
        .withoutEdgeCases()
        .map(
            v -> {
              double[] a = new double[v.size()];
              for (int i = 0; i < a.length; i++) {
                a[i] = v.get(i);
              }
              return Tensor.fromArray(a, shape);
            });
  }

  /**
   * FLOAT64 tensors of random shape (up to maxDims dims of size up to maxSize), values in [min,
   * max].
   */
  public static Arbitrary<Tensor> tensors(int maxDims, int maxSize, double min, double max) {
    return shapes(maxDims, maxSize).flatMap(s -> tensors(s, min, max));
  }

  /**
   * FLOAT64 tensors whose values keep at least {@code margin} away from every kink (e.g. 0 for relu
   * and abs), so central differences never straddle a point where the function is not smooth.
   */
  public static Arbitrary<Tensor> tensorsAwayFrom(
      int[] shape, double min, double max, double margin, double... kinks) {
    return tensors(shape, min, max)
        .map(
            t -> {
              double[] v = t.toDoubleArray();
              for (int i = 0; i < v.length; i++) {
                for (double k : kinks) {
                  if (Math.abs(v[i] - k) < margin) {
                    v[i] = v[i] >= k ? k + margin + (v[i] - k) : k - margin + (v[i] - k);
                  }
                }
              }
              return Tensor.fromArray(v, shape);
            });
  }

  /**
   * FLOAT64 tensors whose values are pairwise apart by at least half of (max-min)/numel: inputs for
   * max/min-like ops, which are not differentiable at ties. Each value sits in its own slot of
   * [min, max], the slots shuffled and jittered.
   */
  public static Arbitrary<Tensor> distinctTensors(int[] shape, double min, double max) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    int count = n;
    return Arbitraries.longs()
        .withoutEdgeCases()
        .map(
            seed -> {
              java.util.Random r = new java.util.Random(seed);
              List<Integer> order = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                order.add(i);
              }
              java.util.Collections.shuffle(order, r);
              double slot = (max - min) / Math.max(count, 1);
              double[] v = new double[count];
              for (int i = 0; i < count; i++) {
                v[i] = min + slot * (order.get(i) + 0.25 + 0.5 * r.nextDouble());
              }
              return Tensor.fromArray(v, shape);
            });
  }

  /** A pair of FLOAT64 tensors with broadcast-compatible shapes and values in [min, max]. */
  public static Arbitrary<List<Tensor>> broadcastTensors(
      int maxDims, int maxSize, double min, double max) {
    return broadcastablePair(maxDims, maxSize)
        .flatMap(
            p ->
                Combinators.combine(tensors(p[0], min, max), tensors(p[1], min, max))
                    .as(
                        (x, y) -> {
                          List<Tensor> l = new ArrayList<>();
                          l.add(x);
                          l.add(y);
                          return l;
                        }));
  }

  private static int[] toArray(List<Integer> l) {
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }
}
