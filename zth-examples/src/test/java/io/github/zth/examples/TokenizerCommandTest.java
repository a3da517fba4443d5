package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenizerCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = ZthCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void trainEncodeDecode() throws IOException {
    Path data = tmp.resolve("data.txt");
    Files.writeString(data, "aaabdaaabac hello hello world, the world says hello! ".repeat(20));
    String prefix = tmp.resolve("toy").toString();
    Run train = run("tokenizer", "train", "--data", data.toString(), "--vocab-size", "270", "--type", "regex", "--out", prefix);
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().contains("vocab_size: 270\n") && train.out().contains("merges: 14\n"), train.out());
    assertTrue(train.out().contains("train_seconds: "), train.out());
    assertTrue(Files.isRegularFile(Path.of(prefix + ".vocab")));

    Run enc = run("tokenizer", "encode", "--model", prefix + ".model", "--text", "hello world");
    assertEquals(0, enc.code(), enc.err());
    String[] lines = enc.out().split("\n");
    int n = lines[0].split(" ").length;
    assertEquals("tokens: " + n, lines[1]);

    Run dec = run("tokenizer", "decode", "--model", prefix + ".model", "--ids", lines[0]);
    assertEquals(0, dec.code(), dec.err());
    assertEquals("hello world", dec.out().split("\n")[0]);
  }

  @Test
  void badInputIsOneLineAndNonZero() {
    Run missing = run("tokenizer", "encode", "--model", tmp.resolve("none.model").toString(), "--text", "x");
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().contains("none.model"), missing.err());
    Run usage = run("tokenizer", "train", "--data", "x.txt");
    assertEquals(2, usage.code());
    Run badType = run("tokenizer", "train", "--data", "x.txt", "--vocab-size", "300", "--type", "bpe", "--out", "p");
    assertEquals(1, badType.code());
    assertTrue(badType.err().contains("--type"), badType.err());
  }
}
