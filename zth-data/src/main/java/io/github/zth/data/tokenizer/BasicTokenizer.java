package io.github.zth.data.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * minbpe's {@code BasicTokenizer}: byte-level BPE over the whole text, no split pattern.
 *
 * <pre>{@code
 * BasicTokenizer tok = BasicTokenizer.train("aaabdaaabac", 256 + 3);
 * tok.encode("aaabdaaabac");  // [258, 100, 258, 97, 99]
 * }</pre>
 */
public final class BasicTokenizer extends BpeTokenizer {
  BasicTokenizer(int[][] merges, Map<String, Integer> specials) {
    super(null, merges, specials);
  }

  /**
   * Learns {@code vocabSize - 256} merges exactly as minbpe does (the most frequent pair wins, the
   * earliest-seen pair wins a tie), but in time proportional to the changes rather than the text.
   *
   * @param text the training text
   * @param vocabSize the vocabulary size, at least 256
   * @return the trained tokenizer
   * @throws IllegalArgumentException when {@code vocabSize < 256} or the text runs out of pairs
   */
  public static BasicTokenizer train(String text, int vocabSize) {
    return new BasicTokenizer(learn(text, vocabSize, null), Map.of());
  }

  /**
   * A tokenizer from known merges.
   *
   * @param merges {left, right} pairs; merge {@code i} creates id {@code 256+i}
   * @return the tokenizer
   */
  public static BasicTokenizer fromMerges(int[][] merges) {
    return new BasicTokenizer(merges, Map.of());
  }

  /**
   * Loads a minbpe {@code .model} with an empty pattern line.
   *
   * @param modelFile the file
   * @return the tokenizer
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is malformed or has a split pattern
   */
  public static BasicTokenizer load(Path modelFile) throws IOException {
    BpeTokenizer t = BpeTokenizer.load(modelFile);
    if (!(t instanceof BasicTokenizer)) {
      throw new IllegalArgumentException(
          modelFile
              + ":2: expected an empty pattern line for a BasicTokenizer, got '"
              + t.pattern()
              + "'");
    }
    return (BasicTokenizer) t;
  }
}
