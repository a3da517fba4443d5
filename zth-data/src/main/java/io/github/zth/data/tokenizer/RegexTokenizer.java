package io.github.zth.data.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * minbpe's {@code RegexTokenizer}: the text is first cut into chunks by a {@link SplitPattern}
 * (GPT-4's by default), BPE never merges across chunks, and special tokens can be registered.
 *
 * <pre>{@code
 * RegexTokenizer tok = RegexTokenizer.train(text, 512, SplitPattern.GPT4)
 *     .withSpecialTokens(Map.of("<|endoftext|>", 100257));
 * int[] ids = tok.encode("hello<|endoftext|>", AllowedSpecial.ALL);
 * }</pre>
 */
public final class RegexTokenizer extends BpeTokenizer {
  RegexTokenizer(SplitPattern pattern, int[][] merges, Map<String, Integer> specials) {
    super(Objects.requireNonNull(pattern, "pattern"), merges, specials);
  }

  /**
   * Learns merges with GPT-4's split pattern.
   *
   * @param text the training text
   * @param vocabSize the vocabulary size, at least 256
   * @return the trained tokenizer
   */
  public static RegexTokenizer train(String text, int vocabSize) {
    return train(text, vocabSize, SplitPattern.GPT4);
  }

  /**
   * Learns {@code vocabSize - 256} merges exactly as minbpe does, counting each distinct chunk once
   * with its multiplicity.
   *
   * @param text the training text
   * @param vocabSize the vocabulary size, at least 256
   * @param pattern the split pattern
   * @return the trained tokenizer
   * @throws IllegalArgumentException when {@code vocabSize < 256} or the text runs out of pairs
   */
  public static RegexTokenizer train(String text, int vocabSize, SplitPattern pattern) {
    return new RegexTokenizer(pattern, learn(text, vocabSize, pattern), Map.of());
  }

  /**
   * A tokenizer from known merges.
   *
   * @param pattern the split pattern
   * @param merges {left, right} pairs; merge {@code i} creates id {@code 256+i}
   * @return the tokenizer
   */
  public static RegexTokenizer fromMerges(SplitPattern pattern, int[][] merges) {
    return new RegexTokenizer(pattern, merges, Map.of());
  }

  /**
   * This tokenizer with the given special tokens (minbpe's {@code register_special_tokens}).
   *
   * @param specialTokens token text to id, in priority order; ids must lie beyond the merges
   * @return a new tokenizer
   */
  public RegexTokenizer withSpecialTokens(Map<String, Integer> specialTokens) {
    return new RegexTokenizer(pattern(), merges(), specialTokens);
  }

  /**
   * Loads a minbpe {@code .model} with a split pattern.
   *
   * @param modelFile the file
   * @return the tokenizer
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is malformed or has no pattern
   */
  public static RegexTokenizer load(Path modelFile) throws IOException {
    BpeTokenizer t = BpeTokenizer.load(modelFile);
    if (!(t instanceof RegexTokenizer)) {
      throw new IllegalArgumentException(
          modelFile + ":2: expected a split pattern for a RegexTokenizer, got an empty line");
    }
    return (RegexTokenizer) t;
  }
}
