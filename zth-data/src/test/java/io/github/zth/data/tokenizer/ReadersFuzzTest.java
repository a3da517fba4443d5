package io.github.zth.data.tokenizer;

import io.github.zth.testing.FileFuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes zth-data's readers of outside files: {@code .tiktoken} ranks and tokenizer {@code .model}
 * files (minbpe's basic and regex models, zth's char model), by mutating valid files; replays the
 * committed regression corpus. {@code -Pfuzz} raises the tries.
 */
class ReadersFuzzTest {
  private static Path dir;
  private static List<byte[]> models;
  private static byte[] ranks;

  @BeforeContainer
  static void seeds() throws Exception {
    dir = Files.createTempDirectory("zth-fuzz-data");
    String text = "hello hello world, the the theme of them; 123 456 hello!\n";
    RegexTokenizer.train(text, 270).save(dir.resolve("regex"));
    BasicTokenizer.train(text, 265).save(dir.resolve("basic"));
    CharTokenizer.fromText(text + "é€😀").save(dir.resolve("char"));
    models =
        List.of(
            Files.readAllBytes(dir.resolve("regex.model")),
            Files.readAllBytes(dir.resolve("basic.model")),
            Files.readAllBytes(dir.resolve("char.model")));
    StringBuilder sb = new StringBuilder();
    Base64.Encoder b64 = Base64.getEncoder();
    for (int b = 0; b < 256; b++) {
      sb.append(b64.encodeToString(new byte[] {(byte) b})).append(' ').append(b).append('\n');
    }
    String[] merges = {"he", "ll", "hell", "hello", "wo", "wor", "world"};
    for (int i = 0; i < merges.length; i++) {
      sb.append(b64.encodeToString(merges[i].getBytes(StandardCharsets.UTF_8)))
          .append(' ')
          .append(256 + i)
          .append('\n');
    }
    ranks = sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @AfterContainer
  static void removeDir() throws Exception {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void readModel(Path f) throws Exception {
    Tokenizer t = Tokenizer.load(f);
    if (t
        instanceof
        BpeTokenizer) { // byte-level: any text encodes, so a loaded model must round-trip it
      t.decode(t.encode("hello world"));
    }
  }

  private static void readRanks(Path f) throws Exception {
    TiktokenEncoding t =
        TiktokenEncoding.load(f, SplitPattern.GPT4, Map.of("<|endoftext|>", 100257));
    t.decode(t.encode("hello world"));
  }

  @Provide
  Arbitrary<byte[]> modelFiles() {
    return Arbitraries.of(models)
        .flatMap(seed -> FileFuzz.mutations().map(m -> FileFuzz.apply(seed, m)));
  }

  @Provide
  Arbitrary<byte[]> rankFiles() {
    return FileFuzz.mutations().map(m -> FileFuzz.apply(ranks, m));
  }

  @Property
  void tokenizerModelReaderKeepsItsContract(@ForAll("modelFiles") byte[] input) throws Exception {
    FileFuzz.check(
        "tokenizer-model", dir.resolve("fuzzed.model"), input, ReadersFuzzTest::readModel, 4 << 20);
  }

  @Property
  void tiktokenReaderKeepsItsContract(@ForAll("rankFiles") byte[] input) throws Exception {
    FileFuzz.check(
        "tiktoken", dir.resolve("fuzzed.tiktoken"), input, ReadersFuzzTest::readRanks, 4 << 20);
  }

  @Example
  void corpusReplays() throws Exception {
    for (Path p : FileFuzz.corpus("tokenizer-model")) {
      FileFuzz.check(
          "tokenizer-model",
          dir.resolve("corpus.model"),
          Files.readAllBytes(p),
          ReadersFuzzTest::readModel,
          4 << 20);
    }
    for (Path p : FileFuzz.corpus("tiktoken")) {
      FileFuzz.check(
          "tiktoken",
          dir.resolve("corpus.tiktoken"),
          Files.readAllBytes(p),
          ReadersFuzzTest::readRanks,
          4 << 20);
    }
  }
}
