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
    CliRun train = run("tokenizer", "train", "--data", data.toString(), "--vocab-size", "270", "--type", "regex", "--out", prefix);
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().contains("vocab_size: 270\n") && train.out().contains("merges: 14\n"), train.out());
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
    CliRun missing = run("tokenizer", "encode", "--model", tmp.resolve("none.model").toString(), "--text", "x");
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().contains("none.model"), missing.err());
    CliRun usage = run("tokenizer", "train", "--data", "x.txt");
    assertEquals(2, usage.code());
    CliRun badType = run("tokenizer", "train", "--data", "x.txt", "--vocab-size", "300", "--type", "bpe", "--out", "p");
    assertEquals(1, badType.code());
    assertTrue(badType.err().contains("--type"), badType.err());
  }
}
