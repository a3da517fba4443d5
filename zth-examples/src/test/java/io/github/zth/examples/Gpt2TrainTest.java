package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zth gpt2 train} on a tiny from-scratch GPT-2-vocabulary model and a slice of text. */
class Gpt2TrainTest {
  @TempDir Path tmp;

  private Path text() throws Exception {
    SharedData.file("gpt2/encoder.json"); // the GPT-2 tokenizer
    String all = Files.readString(SharedData.file("tinyshakespeare.txt"), StandardCharsets.UTF_8);
    Path f = tmp.resolve("shakespeare.txt");
    Files.writeString(f, all.substring(0, 6000), StandardCharsets.UTF_8);
    return f;
  }

  private static List<String> args(Path data, Path out, int maxSteps, String... extra) {
    List<String> a =
        CliArgs.of(
            List.of(
                "gpt2",
                "train",
                "--from-scratch",
                "--data",
                data.toString(),
                "--out",
                out.toString()),
            CliArgs.tinyGpt(8, 16),
            List.of(
                "--batch-size",
                "2",
                "--total-batch-size",
                "64",
                "--max-steps",
                String.valueOf(maxSteps),
                "--lr-decay-steps",
                "6",
                "--warmup-steps",
                "2",
                "--max-lr",
                "1e-2",
                "--eval-interval",
                "3",
                "--eval-iters",
                "2",
                "--sample-interval",
                "3"));
    return CliArgs.with(a, extra);
  }

  /** The lines "step N: loss ..." without their timing. */
  private static List<String> losses(String out) {
    List<String> l = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.matches("step \\d+: loss .*")) {
        l.add(line.substring(0, line.indexOf(", dt ")));
      }
    }
    return l;
  }

  @Test
  void trainsAndResumesExactly() throws Exception {
    Path data = text();
    CliRun whole = CliRun.of(args(data, tmp.resolve("whole"), 6));
    assertEquals(0, whole.code(), whole.err());
    assertEquals("6", whole.trailingSummary().get("steps"), whole.out());
    assertEquals("2", whole.trailingSummary().get("grad_accum"), whole.out());
    assertEquals("64", whole.trailingSummary().get("tokens_per_step"), whole.out());
    assertTrue(whole.out().contains("step 3: train loss "), whole.out());
    assertTrue(whole.out().contains("val perplexity "), whole.out());
    assertTrue(whole.out().contains("sample 3: Hello, I'm a language model,"), whole.out());
    assertEquals(6, losses(whole.out()).size(), whole.out());

    Path split = tmp.resolve("split");
    CliRun first = CliRun.of(args(data, split, 3));
    assertEquals(0, first.code(), first.err());
    CliRun rest = CliRun.of(args(data, split, 6, "--resume"));
    assertEquals(0, rest.code(), rest.err());
    List<String> resumed = new ArrayList<>(losses(first.out()));
    resumed.addAll(losses(rest.out()));
    assertEquals(losses(whole.out()), resumed);
    assertEquals(whole.trailingSummary().get("val_loss"), rest.trailingSummary().get("val_loss"));
    assertArrayEquals(
        Files.readAllBytes(tmp.resolve("whole/checkpoint/model.safetensors")),
        Files.readAllBytes(split.resolve("checkpoint/model.safetensors")),
        "the best checkpoints of both runs hold the same weights");

    // gpt eval reads the GPT-2 checkpoint with GPT-2's tokenizer, found or named
    CliRun eval =
        CliRun.of("gpt", "eval", "--checkpoint", split.toString(), "--data", data.toString());
    assertEquals(0, eval.code(), eval.err());
    double loss = Double.parseDouble(eval.trailingSummary().get("val_loss"));
    assertTrue(loss > 3 && loss < Math.log(50257) + 1, eval.out());
    CliRun named =
        CliRun.of(
            "gpt",
            "eval",
            "--checkpoint",
            split.toString(),
            "--data",
            data.toString(),
            "--encoding",
            "gpt2",
            "--split",
            "val");
    assertEquals(eval.trailingSummary(), named.trailingSummary());
    CliRun small =
        CliRun.of(
            "gpt",
            "eval",
            "--checkpoint",
            Gpt2CommandTest.golden().resolve("llmc.bin").toString(),
            "--data",
            data.toString());
    assertEquals(1, small.code(), small.out());
    assertTrue(small.err().contains("--data") && small.err().contains("vocabulary"), small.err());
  }

  @Test
  void badOptionsAreOneLine() throws Exception {
    Path data = text();
    List<List<String>> bad =
        List.of(
            args(data, tmp.resolve("a"), 6, "--total-batch-size", "50"),
            args(data, tmp.resolve("b"), 6, "--model", tmp.resolve("m").toString()),
            args(data, tmp.resolve("c"), 6, "--warmup-steps", "6"),
            args(data, tmp.resolve("d"), 6, "--block-size", "4000"),
            args(data, tmp.resolve("e"), 6, "--resume"));
    for (List<String> a : bad) {
      CliRun.of(a).assertRefused(1);
    }
  }
}
