package io.github.zth.gpt.makemore;

import io.github.zth.autograd.Tensor;
import io.github.zth.gpt.*;
import io.github.zth.gpt.internal.Contexts;
import io.github.zth.gpt.lectures.BigramNet;
import io.github.zth.nn.Module;

/**
 * makemore.py's {@code Bigram}: a (vocab, vocab) table of next-token logits, trained by gradient
 * descent, starting at zero (a uniform prediction). Its context is one token.
 *
 * <p>Lecture 2's {@link BigramNet} is the same function of its table; both exist because they are
 * two programs' models: this one is makemore.py's (zero start, parameter {@code logits}, so its
 * checkpoints keep makemore's names; a row gather), {@code BigramNet} the notebook's (the
 * notebook's random start, parameter {@code W}, the one-hot matmul whose backward is {@code xencᵀ ·
 * dlogits}).
 *
 * <pre>{@code
 * var m = new BigramLM(27);
 * Tensor logits = m.forward(idx);   // (B, T) -> (B, T, 27): row idx[b, t] of the table
 * }</pre>
 */
public final class BigramLM extends Module implements LanguageModel {

  private final Tensor logits;

  /**
   * A table of zeros.
   *
   * @param vocabSize number of token ids, positive
   * @throws IllegalArgumentException if vocabSize is not positive
   */
  public BigramLM(int vocabSize) {
    if (vocabSize < 1) {
      throw new IllegalArgumentException(
          "BigramLM: vocab size " + vocabSize + ": expected at least 1");
    }
    logits = registerParameter("logits", Tensor.zeros(vocabSize, vocabSize));
  }

  /** Returns 1: only the previous token matters. */
  @Override
  public int blockSize() {
    return 1;
  }

  @Override
  public int vocabSize() {
    return logits.size(0);
  }

  /**
   * The table's rows for each token.
   *
   * @param idx (B, T) INT64
   * @return (B, T, vocab)
   */
  @Override
  public Tensor forward(Tensor idx) {
    Contexts.requireBatch("BigramLM.forward", idx);
    return logits.index(idx); // (B, T, vocab)
  }
}
