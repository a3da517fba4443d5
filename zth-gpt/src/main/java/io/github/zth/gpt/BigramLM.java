package io.github.zth.gpt;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.Module;
import java.util.Arrays;

/**
 * makemore.py's {@code Bigram}: a (vocab, vocab) table of next-token logits, trained by gradient
 * descent, starting at zero (a uniform prediction). Its context is one token.
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
      throw new IllegalArgumentException("BigramLM: vocab size " + vocabSize + ": expected at least 1");
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
    if (idx.dtype() != DType.INT64 || idx.dim() != 2) {
      throw new IllegalArgumentException("BigramLM.forward: expected (B, T) INT64, got " + idx.dtype() + " "
          + Arrays.toString(idx.shape()));
    }
    return logits.index(idx); // (B, T, vocab)
  }
}
