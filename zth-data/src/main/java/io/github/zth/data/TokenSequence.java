package io.github.zth.data;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.Objects;

/**
 * A random-access sequence of token ids (an {@code int[]} in memory, or a mapped {@link TokenFile})
 * and nanoGPT's {@code get_batch} over it. nanoGPT draws the offsets and slices the windows in one
 * function; here they are two steps, so a trainer can draw a batch's offsets ahead (nanoGPT's
 * prefetch) and save them in a checkpoint.
 */
public interface TokenSequence {

  /**
   * The number of tokens, {@code len(data)}.
   *
   * @return the length
   */
  long length();

  /**
   * The token at {@code i}.
   *
   * @param i an index in {@code 0..length()-1}
   * @return the token id
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  int get(long i);

  /**
   * What this sequence is, for error messages: a file path, or a split's name.
   *
   * @return a short description
   */
  String describe();

  /**
   * A sequence over {@code tokens} (not copied).
   *
   * @param tokens the token ids
   * @param description what they are, for error messages (e.g. "the val split")
   * @return the sequence
   */
  static TokenSequence of(int[] tokens, String description) {
    Objects.requireNonNull(tokens, "TokenSequence.of: tokens");
    Objects.requireNonNull(description, "TokenSequence.of: description");
    return new TokenSequence() {
      @Override
      public long length() {
        return tokens.length;
      }

      @Override
      public int get(long i) {
        if (i < 0 || i >= tokens.length) {
          throw new IndexOutOfBoundsException(
              "TokenSequence.get: "
                  + description
                  + ": index "
                  + i
                  + " out of range 0.."
                  + (tokens.length - 1));
        }
        return tokens[(int) i];
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /**
   * The random window starts of one batch, {@code torch.randint(len(data) - block_size,
   * (batch_size,))}: the only random draw of nanoGPT's {@code get_batch}.
   *
   * @param g the generator (torch-compatible stream)
   * @param batchSize B, positive
   * @param blockSize T, positive
   * @return B offsets in {@code [0, length - blockSize)}
   * @throws IllegalArgumentException if a size is not positive or the data is not longer than T
   */
  default long[] offsets(Generator g, int batchSize, int blockSize) {
    Objects.requireNonNull(g, "getBatch: g");
    if (batchSize <= 0 || blockSize <= 0) {
      throw new IllegalArgumentException(
          "getBatch: batchSize "
              + batchSize
              + ", blockSize "
              + blockSize
              + ": expected both positive");
    }
    if (length() <= blockSize) {
      throw new IllegalArgumentException(
          "getBatch: "
              + describe()
              + " has "
              + length()
              + " tokens, expected more than blockSize "
              + blockSize
              + " (a window plus its target)");
    }
    if ((long) batchSize * blockSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "getBatch: batchSize "
              + batchSize
              + " * blockSize "
              + blockSize
              + " elements, expected at most "
              + Integer.MAX_VALUE);
    }
    long[] ix = new long[batchSize];
    g.randint(ix, 0, batchSize, 0, length() - blockSize);
    return ix;
  }

  /**
   * The batch whose rows start at {@code offsets}: {@code x[b] = data[o : o+T]}, {@code y[b] =
   * data[o+1 : o+1+T]}.
   *
   * @param offsets window starts, each in {@code [0, length - blockSize)}
   * @param blockSize T, positive
   * @return (X, Y), both INT64 of shape (B, T)
   * @throws IllegalArgumentException if an offset leaves no room for a window and its target
   */
  default Batch batchAt(long[] offsets, int blockSize) {
    int batchSize = offsets.length;
    if (blockSize <= 0 || (long) batchSize * blockSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "batchAt: "
              + batchSize
              + " offsets with blockSize "
              + blockSize
              + ": expected a positive blockSize and at most "
              + Integer.MAX_VALUE
              + " elements");
    }
    long[] x = new long[batchSize * blockSize];
    long[] y = new long[batchSize * blockSize];
    for (int b = 0; b < batchSize; b++) {
      long o = offsets[b];
      if (o < 0 || o + blockSize >= length()) {
        throw new IllegalArgumentException(
            "batchAt: offset "
                + o
                + " with blockSize "
                + blockSize
                + " does not fit "
                + describe()
                + " of "
                + length()
                + " tokens");
      }
      int row = b * blockSize;
      for (int t = 0; t < blockSize; t++) {
        x[row + t] = get(o + t);
        y[row + t] = get(o + t + 1);
      }
    }
    return new Batch(
        Tensor.fromArray(x, batchSize, blockSize), Tensor.fromArray(y, batchSize, blockSize));
  }

  /**
   * A random batch of next-token windows, exactly like nanoGPT's {@code get_batch}: {@link
   * #offsets} then {@link #batchAt}.
   *
   * @param g the generator the offsets are drawn from
   * @param batchSize B, positive
   * @param blockSize T, positive and less than {@link #length()}
   * @return (X, Y), both INT64 of shape (B, T)
   * @throws IllegalArgumentException if the sizes are not positive or the data is not longer than T
   */
  default Batch getBatch(Generator g, int batchSize, int blockSize) {
    return batchAt(offsets(g, batchSize, blockSize), blockSize);
  }
}
