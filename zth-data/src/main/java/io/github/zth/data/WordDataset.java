package io.github.zth.data;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.PythonRandom;
import io.github.zth.data.tokenizer.CharTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * makemore's word data sets (lectures 3–6): context windows over a word list, and the lectures'
 * shuffled 80/10/10 split.
 *
 * <pre>{@code
 * CharTokenizer stoi = CharTokenizer.forNames(words);            // '.' = 0, a..z = 1..26
 * WordDataset.Splits s = WordDataset.splits(words, stoi, 3, 42); // random.seed(42); random.shuffle(words)
 * Tensor x = s.train().x();                                      // (182625, 3) INT64 on names.txt
 * }</pre>
 */
public final class WordDataset {
  private WordDataset() {}

  /**
   * Examples of a word data set.
   *
   * @param x contexts, INT64 (n, blockSize)
   * @param y targets, INT64 (n)
   */
  public record Examples(Tensor x, Tensor y) {
    /**
     * @return the number of examples
     */
    public int size() {
      return y.numel();
    }
  }

  /**
   * The lectures' 80/10/10 split of the shuffled words.
   *
   * @param train examples from the first 80% of the words
   * @param val examples from the next 10% (the lectures' dev split)
   * @param test examples from the last 10%
   */
  public record Splits(Examples train, Examples val, Examples test) {}

  /**
   * The lectures' {@code build_dataset}: for each word, every character of {@code word + '.'} is a
   * target and the {@code blockSize} characters before it (padded with '.') its context.
   *
   * @param tokenizer the vocabulary, with '.' as id 0
   * @param blockSize the context length
   * @return X (n, blockSize) and Y (n), n = total characters + number of words
   */
  public static Examples buildDataset(List<String> words, CharTokenizer tokenizer, int blockSize) {
    if (tokenizer.vocabSize() == 0 || !tokenizer.itos(0).equals(".")) {
      throw new IllegalArgumentException(
          "buildDataset: the tokenizer's id 0 is "
              + (tokenizer.vocabSize() == 0 ? "missing" : "'" + tokenizer.itos(0) + "'")
              + "; expected '.' (use CharTokenizer.forNames)");
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException(
          "buildDataset: blockSize " + blockSize + ": expected at least 1");
    }
    List<int[]> encoded = new ArrayList<>(words.size());
    int n = 0;
    for (String w : words) {
      int[] ids = tokenizer.encode(w);
      encoded.add(ids);
      n += ids.length + 1;
    }
    long[] x = new long[n * blockSize];
    long[] y = new long[n];
    int row = 0;
    int[] context = new int[blockSize];
    for (int[] ids : encoded) {
      Arrays.fill(context, 0);
      for (int i = 0; i <= ids.length; i++) {
        int ix = i < ids.length ? ids[i] : 0;
        for (int j = 0; j < blockSize; j++) {
          x[row * blockSize + j] = context[j];
        }
        y[row++] = ix;
        System.arraycopy(context, 1, context, 0, blockSize - 1); // crop and append
        context[blockSize - 1] = ix;
      }
    }
    return new Examples(Tensor.fromArray(x, n, blockSize), Tensor.fromArray(y, n));
  }

  /**
   * The lectures' split: a copy of {@code words} is shuffled with CPython's {@code
   * random.seed(seed); random.shuffle(words)}, then cut at {@code int(0.8*n)} and {@code
   * int(0.9*n)}.
   *
   * @param words the words (not modified)
   * @param tokenizer the vocabulary, with '.' as id 0
   * @param blockSize the context length
   * @param seed the shuffle seed (the lectures' 42)
   * @return train, val and test examples
   */
  public static Splits splits(
      List<String> words, CharTokenizer tokenizer, int blockSize, long seed) {
    List<String> shuffled = new ArrayList<>(words);
    new PythonRandom(seed).shuffle(shuffled);
    int n1 = (int) (0.8 * shuffled.size());
    int n2 = (int) (0.9 * shuffled.size());
    return new Splits(
        buildDataset(shuffled.subList(0, n1), tokenizer, blockSize),
        buildDataset(shuffled.subList(n1, n2), tokenizer, blockSize),
        buildDataset(shuffled.subList(n2, shuffled.size()), tokenizer, blockSize));
  }
}
