package io.github.zth.examples;

import io.github.zth.testing.FileFuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the text data files the commands read ({@code --data} word lists and training text): any
 * bytes, invalid UTF-8, UTF-16, empty, one line, huge lines. They load or are refused with a
 * message naming the file and the byte offset; replays the committed regression corpus.
 */
class TextDataFuzzTest {
  private static final byte[] NAMES =
      "emma\nolivia\r\nava\n\nisabella\nsophia\nzoë\n李\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PROSE =
      "First Citizen:\nBefore we proceed any further, hear me speak.\n\u00e9\u20ac\ud83d\ude00"
          .getBytes(StandardCharsets.UTF_8);
  private static Path dir;

  @BeforeContainer
  static void makeDir() throws Exception {
    dir = Files.createTempDirectory("zth-fuzz-text");
  }

  @AfterContainer
  static void removeDir() throws Exception {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void read(Path f) throws Exception {
    NamesFile.words(f, 1);
    GptCommand.trainingText(f, new java.io.PrintWriter(java.io.Writer.nullWriter()));
  }

  @Provide
  Arbitrary<byte[]> texts() {
    Arbitrary<byte[]> mutated =
        Arbitraries.of(NAMES, PROSE)
            .flatMap(s -> FileFuzz.mutations().map(m -> FileFuzz.apply(s, m)));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.oneOf(mutated, random);
  }

  @Property
  void textFilesLoadOrAreRefused(@ForAll("texts") byte[] input) throws Exception {
    FileFuzz.check("text", dir.resolve("fuzzed.txt"), input, TextDataFuzzTest::read, 1 << 20);
  }

  @Example
  void corpusReplays() throws Exception {
    for (Path p : FileFuzz.corpus("text")) {
      FileFuzz.check(
          "text",
          dir.resolve("corpus.txt"),
          Files.readAllBytes(p),
          TextDataFuzzTest::read,
          1 << 20);
    }
    // Generated rather than committed: one 8 MB line, and 8 MB of line ends.
    FileFuzz.check(
        "text",
        dir.resolve("huge-line.txt"),
        "a".repeat(8 << 20).getBytes(StandardCharsets.US_ASCII),
        TextDataFuzzTest::read,
        1 << 20);
    FileFuzz.check(
        "text",
        dir.resolve("only-newlines.txt"),
        "\n".repeat(8 << 20).getBytes(StandardCharsets.US_ASCII),
        TextDataFuzzTest::read,
        1 << 20);
  }
}
