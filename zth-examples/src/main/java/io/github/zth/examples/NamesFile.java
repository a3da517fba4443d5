package io.github.zth.examples;

import io.github.zth.autograd.io.TextFiles;
import io.github.zth.data.Datasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --data} option of the makemore lectures (2–6), as a picocli mixin: a word list, or
 * names.txt from the data cache when the option is absent.
 */
final class NamesFile {
  @Option(
      names = "--data",
      description =
          "word list, one word per line: a path, or a name looked up in ZTH_DATA_DIR, then ~/.cache/zth,"
              + " where names.txt is downloaded once (default: names.txt)")
  private Path data;

  private Path resolved;

  /**
   * The file to read: {@code --data}, or names.txt fetched once into the data cache.
   *
   * @return its path
   * @throws IOException when the default cannot be fetched (the message says where to put it)
   */
  Path path() throws IOException {
    if (resolved == null) {
      resolved =
          DataOption.resolve("--data", data != null ? data.toString() : Datasets.NAMES.fileName());
    }
    return resolved;
  }

  /**
   * The words of {@link #path()}; see {@link #words(Path, int)}.
   *
   * @param minWords the fewest words the command can work with
   * @return the words, in file order
   * @throws IOException when the file cannot be read or fetched
   */
  List<String> words(int minWords) throws IOException {
    return words(path(), minWords);
  }

  /**
   * The words of {@code data} — or of makemore's names.txt, fetched once into the data cache, when
   * {@code data} is null — one per line as Python's {@code read().splitlines()}, blank lines
   * skipped.
   *
   * @param data the file given with {@code --data}, or null for the default
   * @param minWords the fewest words the command can work with
   * @return the words, in file order
   * @throws IllegalArgumentException when the file is nowhere (the message names where it looked)
   *     or has fewer than {@code minWords} words
   * @throws IOException when the file cannot be read, or the default cannot be fetched (the message
   *     says where to put it)
   */
  static List<String> words(Path data, int minWords) throws IOException {
    Path file =
        DataOption.resolve("--data", data != null ? data.toString() : Datasets.NAMES.fileName());
    List<String> words = new ArrayList<>();
    String text;
    try {
      text = TextFiles.readCorpus(file).text(); // a folder: every text file in it, in sorted order
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--data " + e.getMessage(), e);
    }
    for (String line : TextFiles.lines(text)) {
      String word = line.strip();
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "--data " + file + ": no words in the file (expected one word per line)");
    }
    if (words.size() < minWords) {
      throw new IllegalArgumentException(
          "--data "
              + file
              + ": "
              + words.size()
              + " words, expected at least "
              + minWords
              + " (one word per line)");
    }
    return words;
  }
}
