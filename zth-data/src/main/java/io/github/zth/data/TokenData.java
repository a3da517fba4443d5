package io.github.zth.data;

import io.github.zth.autograd.random.Generator;
import java.util.Arrays;
import java.util.Objects;

/**
 * A training corpus as nanoGPT's {@code train.py} sees it: a train and a val {@link TokenSequence},
 * with {@code get_batch(split)} over each. Built from tokens in memory (split 90/10 as {@code
 * prepare.py} does) or from the {@code train.bin}/{@code val.bin} files {@code prepare.py} writes
 * ({@link #of}).
 */
public final class TokenData {

  /** Which part of the data. */
  public enum Split {
    /** The training part. */
    TRAIN,
    /** The validation part. */
    VAL
  }

  private final TokenSequence train;
  private final TokenSequence val;

  private TokenData(TokenSequence train, TokenSequence val) {
    this.train = Objects.requireNonNull(train, "TokenData: train");
    this.val = Objects.requireNonNull(val, "TokenData: val");
  }

  /**
   * Splits {@code tokens} 90/10 as nanoGPT's {@code prepare.py} does ({@code n = int(0.9 * len)}).
   *
   * @param tokens the token ids
   */
  public TokenData(int[] tokens) {
    this(
        TokenSequence.of(
            Arrays.copyOfRange(tokens, 0, (int) (0.9 * tokens.length)), "the train split"),
        TokenSequence.of(
            Arrays.copyOfRange(tokens, (int) (0.9 * tokens.length), tokens.length),
            "the val split"));
  }

  /**
   * Train and val from separate sequences, e.g. nanoGPT's {@code train.bin} and {@code val.bin}
   * opened with {@link TokenFile#open}.
   *
   * @param train the training tokens
   * @param val the validation tokens
   * @return the corpus
   */
  public static TokenData of(TokenSequence train, TokenSequence val) {
    return new TokenData(train, val);
  }

  private TokenSequence part(Split split) {
    return split == Split.TRAIN ? train : val;
  }

  /**
   * @param split which part
   * @return its length in tokens
   */
  public long size(Split split) {
    return part(split).length();
  }

  /**
   * Draws a batch of random windows, nanoGPT's {@code get_batch(split)}: {@link #offsets} then
   * {@link #batchAt}.
   *
   * @param split which part
   * @param batchSize B, positive
   * @param blockSize T, positive
   * @param generator the random source for the offsets
   * @return the (B, T) inputs and targets
   * @throws IllegalArgumentException if the split is not longer than the block size
   */
  public Batch getBatch(Split split, int batchSize, int blockSize, Generator generator) {
    return part(split).getBatch(generator, batchSize, blockSize);
  }

  /**
   * The random window starts of one batch (see {@link TokenSequence#offsets}).
   *
   * @param split which part
   * @param batchSize B, positive
   * @param blockSize T, positive
   * @param generator the random source
   * @return B offsets in {@code [0, size - blockSize)}
   * @throws IllegalArgumentException if the split is not longer than the block size
   */
  public long[] offsets(Split split, int batchSize, int blockSize, Generator generator) {
    return part(split).offsets(generator, batchSize, blockSize);
  }

  /**
   * The batch whose rows start at {@code offsets} (see {@link TokenSequence#batchAt}).
   *
   * @param split which part
   * @param offsets window starts, each in {@code [0, size - blockSize)}
   * @param blockSize T, positive
   * @return the (B, T) inputs and targets
   * @throws IllegalArgumentException if an offset leaves no room for a window
   */
  public Batch batchAt(Split split, long[] offsets, int blockSize) {
    return part(split).batchAt(offsets, blockSize);
  }
}
