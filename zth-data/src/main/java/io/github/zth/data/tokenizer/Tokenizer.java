package io.github.zth.data.tokenizer;

import io.github.zth.data.tokenizer.internal.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Text to token ids and back, as minbpe's base {@code Tokenizer}: {@code encode}, {@code decode},
 * {@code vocabSize}, {@code save}, {@code load}.
 */
public interface Tokenizer {
  /**
   * Encodes text into token ids.
   *
   * @param text the text (valid Unicode)
   * @return the ids
   * @throws IllegalArgumentException when the text cannot be encoded (e.g. an unknown character or
   *     a special token that was not allowed)
   */
  int[] encode(String text);

  /**
   * Decodes token ids into text; byte sequences that are not valid UTF-8 become U+FFFD.
   *
   * @return the text
   * @throws IllegalArgumentException on an id outside the vocabulary
   */
  String decode(int[] ids);

  /** The number of token ids (for tiktoken: the largest id plus one). */
  int vocabSize();

  /**
   * Writes the tokenizer next to {@code prefix}, each file through a temporary file moved into
   * place: {@code prefix.model} for a char or BPE tokenizer (plus minbpe's readable {@code
   * prefix.vocab} for BPE), {@code prefix.tiktoken} for a tiktoken encoding.
   *
   * @param prefix the path without extension
   * @throws IOException when writing fails
   */
  void save(Path prefix) throws IOException;

  /**
   * Loads a {@code .model} written by {@link #save} or by minbpe: a minbpe model gives a {@link
   * BasicTokenizer} (empty pattern) or a {@link RegexTokenizer}, a char model a {@link
   * CharTokenizer}.
   *
   * @param modelFile the {@code .model} file
   * @return the tokenizer
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is malformed (the message names file and line)
   */
  static Tokenizer load(Path modelFile) throws IOException {
    String header = ModelFiles.firstLine(modelFile);
    if (header.equals(CharTokenizer.HEADER)) {
      return CharTokenizer.load(modelFile);
    }
    return BpeTokenizer.load(modelFile);
  }
}
