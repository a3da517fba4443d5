package io.github.zth.gpt;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import java.util.Arrays;

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
   * Draws a batch of random windows.
   *
   * @param split which part
   * @param batchSize B, positive
   * @param blockSize T, positive
   * @param generator the random source for the offsets
   * @return the batch
   * @throws IllegalArgumentException if the split is not longer than the block size
   */
  public Batch getBatch(Split split, int batchSize, int blockSize, Generator generator) {
    int[] data = split == Split.TRAIN ? train : val;
    if (data.length <= blockSize || batchSize <= 0) {
      throw new IllegalArgumentException("getBatch: the " + split.name().toLowerCase(java.util.Locale.ROOT) + " split has "
          + data.length + " tokens; need more than block_size " + blockSize + " (and batch_size " + batchSize + " > 0)");
    }
    long[] ix = new long[batchSize];
    generator.randint(ix, 0, batchSize, 0, data.length - blockSize);
    long[] x = new long[batchSize * blockSize];
    long[] y = new long[batchSize * blockSize];
    for (int b = 0; b < batchSize; b++) {
      int o = (int) ix[b];
      for (int t = 0; t < blockSize; t++) {
        x[b * blockSize + t] = data[o + t];
        y[b * blockSize + t] = data[o + t + 1];
      }
    }
    return new Batch(Tensor.fromArray(x, batchSize, blockSize), Tensor.fromArray(y, batchSize, blockSize));
  }
}
