package io.github.zth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Epochs of shuffled minibatches over (X, Y). */
class EpochLoaderTest {
  /** n examples: x row i is (i, 100 + i), y[i] = 1000 + i, so rows can be traced back. */
  private static Tensor xs(int n) {
    long[] d = new long[2 * n];
    for (int i = 0; i < n; i++) {
      d[2 * i] = i;
      d[2 * i + 1] = 100 + i;
    }
    return Tensor.fromArray(d, n, 2);
  }

  private static Tensor ys(int n) {
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = 1000 + i;
    }
    return Tensor.fromArray(d, n);
  }

  /** The example ids of one epoch, in order, checking that x and y rows stay paired. */
  private static List<Long> order(Iterable<Batch> epoch, List<Integer> sizes) {
    List<Long> ids = new ArrayList<>();
    for (Batch b : epoch) {
      long[] x = b.x().toLongArray();
      long[] y = b.y().toLongArray();
      sizes.add(y.length);
      assertEquals(2, b.x().shape()[1]);
      for (int r = 0; r < y.length; r++) {
        assertEquals(x[2 * r] + 100, x[2 * r + 1]);
        assertEquals(x[2 * r] + 1000, y[r]);
        ids.add(x[2 * r]);
      }
    }
    return ids;
  }

  @Property(tries = 40)
  void everyExampleOncePerEpoch(
      @ForAll @IntRange(min = 1, max = 30) int n,
      @ForAll @IntRange(min = 1, max = 8) int batchSize,
      @ForAll boolean shuffle,
      @ForAll long seed) {
    EpochLoader loader =
        new EpochLoader(xs(n), ys(n), batchSize, shuffle, false, new Generator(seed));
    for (int epoch = 0; epoch < 2; epoch++) {
      List<Integer> sizes = new ArrayList<>();
      List<Long> ids = order(loader.epoch(), sizes);
      long[] sorted = ids.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] expected = new long[n];
      Arrays.setAll(expected, i -> i);
      assertArrayEquals(expected, sorted);
      assertEquals(loader.batchesPerEpoch(), sizes.size());
      for (int i = 0; i + 1 < sizes.size(); i++) {
        assertEquals(batchSize, sizes.get(i));
      }
      if (!shuffle) {
        assertArrayEquals(expected, ids.stream().mapToLong(Long::longValue).toArray());
      }
    }
  }

  @Test
  void shuffledOrderIsTorchRandpermAndChangesPerEpoch() {
    // /usr/bin/python3 -c "import torch; g=torch.Generator().manual_seed(42);
    //   print(torch.randperm(10, generator=g).tolist()); print(torch.randperm(10,
    // generator=g).tolist())"
    EpochLoader loader = new EpochLoader(xs(10), ys(10), 3, true, false, new Generator(42));
    List<Long> first = order(loader.epoch(), new ArrayList<>());
    List<Long> second = order(loader.epoch(), new ArrayList<>());
    assertEquals(List.of(2L, 6L, 1L, 8L, 4L, 5L, 0L, 9L, 3L, 7L), first);
    assertEquals(List.of(3L, 5L, 8L, 9L, 4L, 6L, 1L, 0L, 7L, 2L), second);
    assertFalse(first.equals(second));
    Generator g = new Generator(7);
    EpochLoader seeded = new EpochLoader(xs(25), ys(25), 4, true, false, new Generator(7));
    for (int e = 0; e < 3; e++) {
      long[] want = g.randperm(25);
      long[] got =
          order(seeded.epoch(), new ArrayList<>()).stream().mapToLong(Long::longValue).toArray();
      assertArrayEquals(want, got);
    }
  }

  @Test
  void epochIterableRepeatsItsOrder() {
    EpochLoader loader = new EpochLoader(xs(9), ys(9), 4, true, false, new Generator(3));
    Iterable<Batch> epoch = loader.epoch();
    assertEquals(order(epoch, new ArrayList<>()), order(epoch, new ArrayList<>()));
  }

  @Test
  void dropLastSkipsTheShortBatch() {
    List<Integer> kept = new ArrayList<>();
    EpochLoader drop = new EpochLoader(xs(10), ys(10), 4, false, true, null);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), order(drop.epoch(), kept));
    assertEquals(List.of(4, 4), kept);
    assertEquals(2, drop.batchesPerEpoch());
    List<Integer> all = new ArrayList<>();
    EpochLoader keep = new EpochLoader(xs(10), ys(10), 4, false, false, null);
    assertEquals(10, order(keep.epoch(), all).size());
    assertEquals(List.of(4, 4, 2), all);
    EpochLoader exact = new EpochLoader(xs(8), ys(8), 4, true, true, new Generator(1));
    assertEquals(8, order(exact.epoch(), new ArrayList<>()).size());
    EpochLoader tooFew = new EpochLoader(xs(3), ys(3), 4, false, true, null);
    assertFalse(tooFew.epoch().iterator().hasNext());
  }

  @Test
  void refusesBadArguments() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EpochLoader(xs(5), ys(4), 2, false, false, null));
    assertEquals("EpochLoader: x [5, 2], y [4]: first dimensions differ (5 vs 4)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new EpochLoader(xs(5), ys(5), 0, false, false, null));
    assertThrows(
        IllegalArgumentException.class, () -> new EpochLoader(xs(5), ys(5), 2, true, false, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpochLoader(Tensor.scalar(1), ys(1), 1, false, false, null));
  }
}
