package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.testing.TinyNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 20's rule, table-driven: every bad input (a file in any encoding, an option at its limits)
 * ends with one line on stderr naming the option or the file, a non-zero exit, no stack trace,
 * within 10 s. Rows marked OK are limits that must work instead (a prompt longer than the block,
 * zero new tokens). File names in the rows are placeholders: {@code BAD} (invalid UTF-8), {@code
 * UTF16}, {@code EMPTY}, {@code SHORT} (100 characters), {@code ONECHAR} (a vocabulary of one
 * character), {@code RANDOM} (random bytes), {@code WORDS} (a small word list), {@code CKPT} (a
 * trained tiny GPT), {@code MISSING}.
 */
class CliBadInputTest {
  private static final String OK = "(exit 0)";

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    Files.write(
        dir.resolve("bad.txt"), new byte[] {'a', 'b', 'c', (byte) 0xFF, (byte) 0xFE, 'd', '\n'});
    Files.write(dir.resolve("utf16.txt"), "emma\nava\n".getBytes(StandardCharsets.UTF_16LE));
    Files.write(
        dir.resolve("utf16.txt"),
        concat(
            new byte[] {(byte) 0xFF, (byte) 0xFE}, Files.readAllBytes(dir.resolve("utf16.txt"))));
    Files.write(dir.resolve("empty.txt"), new byte[0]);
    Files.writeString(dir.resolve("short.txt"), "abcdefghij".repeat(10));
    Files.writeString(dir.resolve("onechar.txt"), "a".repeat(400));
    Files.write(
        dir.resolve("random.bin"),
        new java.util.Random(3)
            .ints(300, 0, 256)
            .collect(
                java.io.ByteArrayOutputStream::new,
                (b, i) -> b.write(i),
                (a, b) -> a.writeBytes(b.toByteArray()))
            .toByteArray());
    Files.writeString(dir.resolve("words.txt"), String.join("\n", TinyNames.WORDS) + "\n");
    Files.writeString(
        dir.resolve("text.txt"),
        "first citizen: before we proceed any further, hear me speak.\n".repeat(12));
    CliRun r =
        CliRun.of(
            "gpt",
            "train",
            "--data",
            dir.resolve("text.txt").toString(),
            "--out",
            dir.resolve("ckpt").toString(),
            "--n-layer",
            "1",
            "--n-head",
            "1",
            "--n-embd",
            "8",
            "--block-size",
            "8",
            "--batch-size",
            "2",
            "--max-iters",
            "1",
            "--eval-interval",
            "1",
            "--eval-iters",
            "1",
            "--warmup-iters",
            "0",
            "--lr-decay-iters",
            "1");
    assertEquals(0, r.code(), r.err());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static final String TINY =
      "--n-layer 1 --n-head 1 --n-embd 8 --batch-size 2 --max-iters 1 --eval-iters 1 --warmup-iters 0"
          + " --lr-decay-iters 1";

  static Stream<Arguments> rows() {
    return Stream.of(
        // the four cases of issue 20
        row("bigram --data BAD", "bad.txt"),
        row("tokenizer encode --model RANDOM --text hi", "random.bin"),
        row("gpt train --data EMPTY", "empty.txt"),
        row("gpt train --data SHORT --block-size 64", "--block-size 64"),
        // data files of any encoding, on every command that reads one
        row("bigram --data UTF16", "UTF-16"),
        row("bigram --data EMPTY", "empty.txt"),
        row("mlp --data BAD", "bad.txt"),
        row("batchnorm --data BAD", "bad.txt"),
        row("backprop --data BAD", "bad.txt"),
        row("wavenet --data BAD", "bad.txt"),
        row("makemore --data BAD", "bad.txt"),
        row("makemore --data RANDOM", "random.bin"),
        row("gpt train --data BAD", "bad.txt"),
        row("gpt train --data RANDOM", "random.bin"),
        row("tokenizer train --data BAD --vocab-size 260", "bad.txt"),
        row("tokenizer encode --model RANDOM --file BAD", "bad.txt"),
        row("tokenizer encode --model BAD --text hi", "bad.txt"),
        row("gpt train --data MISSING", "missing.txt"),
        // options at their limits
        row("gpt train --data SHORT --block-size 0", "--block-size"),
        row("gpt train --data SHORT --block-size -3", "--block-size"),
        row("gpt train --data SHORT --n-layer 0", "--n-layer"),
        row("gpt train --data SHORT --n-layer -1", "--n-layer"),
        row("gpt train --data SHORT --n-head 0", "--n-head"),
        row("gpt train --data SHORT --n-embd 10 --n-head 3", "--n-head"),
        row("gpt train --data SHORT --n-embd 0", "--n-embd"),
        row("gpt train --data SHORT --batch-size 0", "--batch-size"),
        row("gpt train --data SHORT --max-iters -1", "--max-iters"),
        row("gpt train --data SHORT --dropout 1.5", "--dropout"),
        row("gpt train --data SHORT --dropout -0.1", "--dropout"),
        row("gpt train --data SHORT --lr -1", "--lr"),
        row("gpt train --data SHORT --min-lr 1", "--min-lr"),
        row("gpt train --data SHORT --eval-interval 0", "--eval-interval"),
        row("gpt train --data SHORT --eval-iters 0", "--eval-iters"),
        row("gpt train --data SHORT --grad-accum 0", "--grad-accum"),
        row("gpt train --data SHORT --warmup-iters -1", "--warmup-iters"),
        row("gpt train --data SHORT --lr-decay-iters 10 --warmup-iters 20", "--lr-decay-iters"),
        row("gpt train --data SHORT --block-size 2147483647", "--block-size"),
        row("gpt train --data SHORT --n-embd 2147483647 --n-head 1", "--n-embd"),
        row(
            "gpt train --data SHORT --block-size 8 --attention-prompt zzzzzzzzzzzz " + TINY,
            "--attention-prompt"),
        row("gpt train --data ONECHAR --block-size 8 " + TINY, OK),
        row("gpt sample --checkpoint CKPT --max-new-tokens 0", OK),
        row(
            "gpt sample --checkpoint CKPT --max-new-tokens 5 --prompt first_citizen_before_we_proceed",
            OK),
        row("gpt sample --checkpoint CKPT --max-new-tokens -1", "--max-new-tokens"),
        row("gpt sample --checkpoint CKPT --prompt Z", "--prompt"),
        row("gpt sample --checkpoint CKPT --temperature 0 --max-new-tokens 5", OK),
        row("gpt sample --checkpoint CKPT --temperature -1", "--temperature"),
        row("gpt sample --checkpoint CKPT --top-k 0 --max-new-tokens 5", OK),
        row("gpt sample --checkpoint CKPT --top-k -5", "--top-k"),
        row("gpt sample --checkpoint CKPT --top-p 0", "--top-p"),
        row("gpt sample --checkpoint CKPT --top-p 1.5", "--top-p"),
        row("gpt sample --checkpoint CKPT --crop-stride 0", "--crop-stride"),
        row("gpt sample --checkpoint CKPT --crop-stride 100", "--crop-stride"),
        row("gpt sample --checkpoint MISSING", "missing.txt"),
        row("makemore --data WORDS --max-steps 0", "--max-steps"),
        row("makemore --data WORDS --type nope", "--type"),
        row("makemore --data WORDS --batch-size -1", "--batch-size"),
        row("makemore --data WORDS --n-embd 10 --n-head 3", "--n-head"),
        row("makemore --data WORDS --top-k 0", "--top-k"),
        row("makemore --data EMPTY", "empty.txt"),
        row("makemore --data WORDS --out EMPTY --resume", "--out"),
        row("tokenizer train --data WORDS --vocab-size 100", "--vocab-size"),
        row("tokenizer train --data WORDS --vocab-size -1", "--vocab-size"),
        row("tokenizer train --data WORDS --vocab-size 260 --type nope", "--type"),
        row("tokenizer train --data WORDS --vocab-size 260 --pattern nope", "--pattern"),
        row("tokenizer decode --model RANDOM --ids 1,2", "random.bin"),
        row("bigram --data WORDS --steps 0", "--steps"),
        row("bigram --data WORDS --samples -1", "--samples"),
        row("mlp --data WORDS --block-size 0", "--block-size"),
        row("mlp --data WORDS --steps -1", "--steps"),
        row("batchnorm --data WORDS --steps 0", "--steps"),
        row("wavenet --data WORDS --steps 0", "--steps"),
        row("micrograd --steps -1", "--steps"));
  }

  private static Arguments row(String args, String expected) {
    return Arguments.of(args, expected);
  }

  private String[] expand(String args) {
    List<String> out = new ArrayList<>();
    for (String a : args.split(" ")) {
      out.add(
          switch (a) {
            case "BAD" -> dir.resolve("bad.txt").toString();
            case "UTF16" -> dir.resolve("utf16.txt").toString();
            case "EMPTY" -> dir.resolve("empty.txt").toString();
            case "SHORT" -> dir.resolve("short.txt").toString();
            case "ONECHAR" -> dir.resolve("onechar.txt").toString();
            case "RANDOM" -> dir.resolve("random.bin").toString();
            case "WORDS" -> dir.resolve("words.txt").toString();
            case "CKPT" -> dir.resolve("ckpt").toString();
            case "MISSING" -> dir.resolve("missing.txt").toString();
            default -> a.replace('_', ' ');
          });
    }
    if (!args.contains("--out")
        && (args.startsWith("gpt train")
            || args.startsWith("makemore")
            || args.startsWith("bigram")
            || args.startsWith("mlp")
            || args.startsWith("batchnorm")
            || args.startsWith("backprop")
            || args.startsWith("wavenet")
            || args.startsWith("micrograd"))) {
      out.add("--out");
      out.add(dir.resolve("out-" + Math.abs(args.hashCode())).toString());
    }
    if (args.startsWith("tokenizer train")) {
      out.add("--out");
      out.add(dir.resolve("tok-" + Math.abs(args.hashCode())).toString());
    }
    return out.toArray(new String[0]);
  }

  @ParameterizedTest(name = "zth {0}")
  @MethodSource("rows")
  void badInputIsOneLineNamingTheOptionOrFile(String args, String expected) {
    CliRun r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> CliRun.of(expand(args)),
            "zth " + args + " took over 10 s");
    if (expected.equals(OK)) {
      assertEquals(0, r.code(), "zth " + args + ": " + r.err());
      return;
    }
    String err = r.err().strip();
    assertNotEquals(0, r.code(), "zth " + args + " succeeded: " + r.out());
    assertEquals(
        1, err.lines().count(), "zth " + args + ": expected one line on stderr, got:\n" + err);
    assertFalse(
        err.contains("Exception") || err.contains("\tat "),
        "zth " + args + ": a stack trace: " + err);
    assertTrue(
        err.contains(expected),
        "zth " + args + ": expected the line to name " + expected + ", got: " + err);
  }
}
