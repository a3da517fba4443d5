package io.github.zth.data;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Minibatches over a dataset of (X, Y) tensors whose first dimension is the example, like a PyTorch
 * {@code DataLoader(TensorDataset(X, Y), batch_size, shuffle, drop_last, generator=g)}: each {@link
 * #epoch()} visits every example once, in the order of {@code torch.randperm(n, generator=g)} when
 * shuffling, in index order otherwise. Rows are gathered with {@code indexSelect(0, idx)}.
 */
public final class EpochLoader {
  private final Tensor x;
  private final Tensor y;
  private final int n;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final Generator g;

  /**
   * A loader over {@code x} and {@code y}.
   *
   * @param x inputs, examples along dim 0 (e.g. INT64 token ids)
   * @param y targets, the same number of examples as {@code x}
   * @param batchSize examples per batch, positive
   * @param shuffle whether each epoch visits the examples in a fresh random order
   * @param dropLast whether to skip a final batch smaller than {@code batchSize}
   * @param g the generator the permutations come from; may be null only when not shuffling
   * @throws IllegalArgumentException if the first dimensions differ, a tensor is 0-D, the batch
   *     size is not positive, or shuffling is requested without a generator
   */
  public EpochLoader(
      Tensor x, Tensor y, int batchSize, boolean shuffle, boolean dropLast, Generator g) {
    Objects.requireNonNull(x, "EpochLoader: x");
    Objects.requireNonNull(y, "EpochLoader: y");
    if (x.shape().length == 0 || y.shape().length == 0) {
      throw new IllegalArgumentException(
          "EpochLoader: x "
              + Arrays.toString(x.shape())
              + ", y "
              + Arrays.toString(y.shape())
              + ": expected at least one dimension (the examples)");
    }
    if (x.shape()[0] != y.shape()[0]) {
      throw new IllegalArgumentException(
          "EpochLoader: x "
              + Arrays.toString(x.shape())
              + ", y "
              + Arrays.toString(y.shape())
              + ": first dimensions differ ("
              + x.shape()[0]
              + " vs "
              + y.shape()[0]
              + ")");
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException(
          "EpochLoader: batchSize " + batchSize + ", expected a positive number");
    }
    if (shuffle && g == null) {
      throw new IllegalArgumentException("EpochLoader: shuffle requested without a generator");
    }
    this.x = x;
    this.y = y;
    this.n = x.shape()[0];
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.g = g;
  }

  /** The number of examples. */
  public int size() {
    return n;
  }

  /** Batches per epoch: {@code n / batchSize} with dropLast, else rounded up. */
  public int batchesPerEpoch() {
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /**
   * The next epoch. The order is drawn now (one {@code randperm} from the generator when
   * shuffling), so epochs taken one after another follow torch's stream; iterating the returned
   * epoch again repeats the same order.
   *
   * @return the batches of this epoch, each with {@code batchSize} examples (the last one possibly
   *     fewer unless dropLast)
   */
  public Iterable<Batch> epoch() {
    long[] order = shuffle ? g.randperm(n) : identity(n);
    int batches = batchesPerEpoch();
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < batches;
          }

          @Override
          public Batch next() {
            if (!hasNext()) {
              throw new NoSuchElementException(
                  "EpochLoader: epoch has only " + batches + " batches");
            }
            int from = next * batchSize;
            int to = Math.min(n, from + batchSize);
            next++;
            Tensor idx = Tensor.fromArray(Arrays.copyOfRange(order, from, to), to - from);
            return new Batch(x.indexSelect(0, idx), y.indexSelect(0, idx));
          }
        };
  }

  private static long[] identity(int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
