package io.github.zth.gpt;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * A token stream split into train (first 90%) and val (the rest), with nanoGPT's {@code get_batch}:
 * {@code batchSize} random offsets {@code torch.randint(len - blockSize, (B,))}, inputs
 * {@code data[i : i+T]} and targets {@code data[i+1 : i+1+T]}.
 */
public final class TokenData {

  /** Which part of the data. */
  public enum Split {
    /** The first 90%. */
    TRAIN,
    /** The last 10%. */
    VAL
  }

  /**
   * One batch.
   *
   * @param x (B, T) INT64 inputs
   * @param y (B, T) INT64 targets, the inputs shifted by one
   */
  public record Batch(Tensor x, Tensor y) {}

  private final int[] train;
  private final int[] val;

  /**
   * Splits {@code tokens} 90/10 as nanoGPT's {@code prepare.py} does ({@code n = int(0.9 * len)}).
   *
   * @param tokens the token ids
   */
  public TokenData(int[] tokens) {
    int n = (int) (0.9 * tokens.length);
    this.train = Arrays.copyOfRange(tokens, 0, n);
    this.val = Arrays.copyOfRange(tokens, n, tokens.length);
  }

  /**
   * @param split which part
   * @return its length in tokens
   */
  public int size(Split split) {
    return (split == Split.TRAIN ? train : val).length;
  }

  /**
   * Draws a batch of random windows: {@link #offsets} then {@link #batchAt}.
   *
   * @param split which part
   * @param batchSize B, positive
   * @param blockSize T, positive
   * @param generator the random source for the offsets
   * @return the batch
   * @throws IllegalArgumentException if the split is not longer than the block size
   */
  public Batch getBatch(Split split, int batchSize, int blockSize, Generator generator) {
    return batchAt(split, offsets(split, batchSize, blockSize, generator), blockSize);
  }

  /**
   * The random window starts of one batch, {@code torch.randint(len(data) - block_size, (batch_size,))}:
   * the only random draw of nanoGPT's {@code get_batch}.
   *
   * @param split which part
   * @param batchSize B, positive
   * @param blockSize T, positive
   * @param generator the random source
   * @return B offsets in {@code [0, size - blockSize)}
   * @throws IllegalArgumentException if the split is not longer than the block size
   */
  public long[] offsets(Split split, int batchSize, int blockSize, Generator generator) {
    int n = size(split);
    if (n <= blockSize || batchSize <= 0 || blockSize <= 0) {
      throw new IllegalArgumentException("getBatch: the " + split.name().toLowerCase(Locale.ROOT) + " split has "
          + n + " tokens; need more than block_size " + blockSize + " (and batch_size " + batchSize + " > 0)");
    }
    long[] ix = new long[batchSize];
    generator.randint(ix, 0, batchSize, 0, n - blockSize);
    return ix;
  }

  /**
   * The batch whose rows start at {@code offsets}: inputs {@code data[i : i+T]}, targets
   * {@code data[i+1 : i+1+T]}.
   *
   * @param split which part
   * @param offsets window starts, each in {@code [0, size - blockSize)}
   * @param blockSize T, positive
   * @return the (B, T) batch
   * @throws IllegalArgumentException if an offset leaves no room for a window
   */
  public Batch batchAt(Split split, long[] offsets, int blockSize) {
    int[] data = split == Split.TRAIN ? train : val;
    int batchSize = offsets.length;
    long[] x = new long[batchSize * blockSize];
    long[] y = new long[batchSize * blockSize];
    for (int b = 0; b < batchSize; b++) {
      long o = offsets[b];
      if (o < 0 || o + blockSize >= data.length || blockSize <= 0) {
        throw new IllegalArgumentException("batchAt: offset " + o + " with block_size " + blockSize + " does not fit the "
            + split.name().toLowerCase(Locale.ROOT) + " split of " + data.length + " tokens");
      }
      for (int t = 0; t < blockSize; t++) {
        x[b * blockSize + t] = data[(int) o + t];
        y[b * blockSize + t] = data[(int) o + t + 1];
      }
    }
    return new Batch(Tensor.fromArray(x, batchSize, blockSize), Tensor.fromArray(y, batchSize, blockSize));
  }
}
