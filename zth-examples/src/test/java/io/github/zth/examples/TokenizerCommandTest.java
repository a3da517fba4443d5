package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerCommandTest {
  @TempDir Path tmp;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void trainEncodeDecode() throws IOException {
    Path data = tmp.resolve("data.txt");
    Files.writeString(data, "aaabdaaabac hello hello world, the world says hello! ".repeat(20));
    String prefix = tmp.resolve("toy").toString();
    CliRun train =
        run(
            "tokenizer",
            "train",
            "--data",
            data.toString(),
            "--vocab-size",
            "270",
            "--type",
            "regex",
            "--out",
            prefix);
    assertEquals(0, train.code(), train.err());
    assertTrue(
        train.out().contains("vocab_size: 270\n") && train.out().contains("merges: 14\n"),
        train.out());
    assertTrue(train.out().contains("train_seconds: "), train.out());
    assertTrue(Files.isRegularFile(Path.of(prefix + ".vocab")));

    CliRun enc = run("tokenizer", "encode", "--model", prefix + ".model", "--text", "hello world");
    assertEquals(0, enc.code(), enc.err());
    String[] lines = enc.out().split("\n");
    int n = lines[0].split(" ").length;
    assertEquals("tokens: " + n, lines[1]);

    CliRun dec = run("tokenizer", "decode", "--model", prefix + ".model", "--ids", lines[0]);
    assertEquals(0, dec.code(), dec.err());
    assertEquals("hello world", dec.out().split("\n")[0]);
  }

  @Test
  void badInputIsOneLineAndNonZero() {
    CliRun missing =
        run("tokenizer", "encode", "--model", tmp.resolve("none.model").toString(), "--text", "x");
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().contains("none.model"), missing.err());
    CliRun usage = run("tokenizer", "train", "--data", "x.txt");
    assertEquals(2, usage.code());
    CliRun badType =
        run(
            "tokenizer",
            "train",
            "--data",
            "x.txt",
            "--vocab-size",
            "300",
            "--type",
            "bpe",
            "--out",
            "p");
    assertEquals(1, badType.code());
    assertTrue(badType.err().contains("--type"), badType.err());
  }

  /**
   * The GPT-2 vectors through the CLI, from either form of GPT-2's files, found by name.
   */
  @Test
  void encodeAndDecodeWithOpenAiEncodingsByName() {
    io.github.zth.testing.SharedData.file("gpt2/encoder.json");
    io.github.zth.testing.SharedData.file("r50k_base.tiktoken");
    for (String name : new String[] {"gpt2", "r50k_base"}) {
      CliRun enc =
          run("tokenizer", "encode", "--encoding", name, "--text", "Hello, I'm a language model,");
      assertEquals(0, enc.code(), enc.err());
      assertTrue(
          enc.out().startsWith("15496 11 314 1101 257 3303 2746 11\ntokens: 8\n"), enc.out());
      CliRun special =
          run(
              "tokenizer",
              "encode",
              "--encoding",
              name,
              "--special",
              "all",
              "--text",
              "hello <|endoftext|>");
      assertTrue(special.out().startsWith("31373 220 50256\n"), special.out() + special.err());
      CliRun dec = run("tokenizer", "decode", "--encoding", name, "--ids", "31373 995");
      assertEquals("hello world\ntokens: 2\n", dec.out());
    }
    CliRun byFile =
        run("tokenizer", "encode", "--tiktoken", "r50k_base.tiktoken", "--text", "hello world");
    assertTrue(byFile.out().startsWith("31373 995\n"), byFile.out() + byFile.err());
  }

  @Test
  void anUnknownEncodingOrMissingFileIsOneLine() {
    CliRun bad = run("tokenizer", "encode", "--encoding", "p50k_base", "--text", "x");
    assertEquals(1, bad.code());
    assertEquals(
        "zth tokenizer encode: --encoding p50k_base: expected one of gpt2, r50k_base, cl100k_base, o200k_base",
        bad.err().strip());
    CliRun missing =
        run(
            "tokenizer",
            "train",
            "--data",
            "no-such-corpus.txt",
            "--vocab-size",
            "300",
            "--out",
            tmp.resolve("p").toString());
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(
        missing.err().contains("--data no-such-corpus.txt: no such file; looked at "),
        missing.err());
  }
}
