package io.github.zth.gpt.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import java.util.Arrays;

/** The checks and context windows shared by the language models that read fixed-size contexts. */
public final class Contexts {
  private Contexts() {}

  /**
   * Refuses anything but a (B, T) INT64 batch of token ids with T at least 1.
   *
   * @param op the operation, for the message (e.g. {@code "MlpLM.forward"})
   * @param idx the batch
   * @throws IllegalArgumentException naming {@code op}, the dtype and the shape it got
   */
  public static void requireBatch(String op, Tensor idx) {
    if (idx.dtype() != DType.INT64 || idx.dim() != 2 || idx.size(1) < 1) {
      throw new IllegalArgumentException(
          op
              + ": expected (B, T) INT64 token ids with T >= 1, got "
              + idx.dtype()
              + " "
              + Arrays.toString(idx.shape()));
    }
  }

  /**
   * The context each position of {@code idx} reads: row {@code b * T + t} holds the {@code
   * blockSize} tokens ending at {@code idx[b, t]}, with {@code pad} standing in for positions
   * before the start.
   *
   * @param idx (B, T) INT64
   * @param blockSize the context length
   * @param pad the id that fills positions before the sequence start
   * @param newestFirst true for {@code idx[b, t], idx[b, t - 1], ...} (makemore.py), false for
   *     oldest first, ending at {@code idx[b, t]} (lecture 3's sliding window)
   * @return (B * T, blockSize) INT64
   */
  public static Tensor windows(Tensor idx, int blockSize, long pad, boolean newestFirst) {
    int b = idx.size(0);
    int t = idx.size(1);
    long[] ids = idx.contiguous().toLongArray();
    long[] ctx = new long[b * t * blockSize];
    for (int row = 0; row < b * t; row++) {
      int ti = row % t;
      for (int j = 0; j < blockSize; j++) { // j: oldest first
        int src = ti - (blockSize - 1) + j;
        int col = newestFirst ? blockSize - 1 - j : j;
        ctx[row * blockSize + col] = src >= 0 ? ids[row - ti + src] : pad;
      }
    }
    return Tensor.fromArray(ctx, b * t, blockSize); // (B*T, block)
  }
}
