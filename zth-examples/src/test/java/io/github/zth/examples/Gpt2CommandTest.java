package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.testing.GoldenJson;
import io.github.zth.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zth gpt2} on the small random GPT-2 of tools/golden/gpt2_small.py (vocab 500, so prompts
 * go in as ids), against torch 1.13's build-nanogpt samples and greedy tokens.
 */
class Gpt2CommandTest {
  @TempDir Path tmp;

  static Path golden() {
    return RepoPaths.root().resolve("zth-gpt/src/test/resources/golden/gpt2_small");
  }

  /** The ids under {@code key} in the golden file, flattened. */
  static List<Long> ids(String json, String key) {
    return Arrays.stream(GoldenJson.longs(json, key)).boxed().toList();
  }

  static List<Long> printedIds(String out) {
    List<Long> got = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("ids: ")) {
        for (String id : line.substring(5).split(" ")) {
          got.add(Long.parseLong(id));
        }
      }
    }
    return got;
  }

  static String promptIds(String exp) {
    return String.join(" ", ids(exp, "prompt").stream().map(String::valueOf).toList());
  }

  @Test
  void topKSamplesAndGreedyMatchTorch() throws Exception {
    SharedData.file("gpt2/encoder.json"); // the GPT-2 tokenizer decodes the samples
    String exp = Files.readString(golden().resolve("expected.json"));
    for (String model : List.of("hf", "llmc.bin")) {
      CliRun run =
          CliRun.of(
              "gpt2",
              "sample",
              "--model",
              golden().resolve(model).toString(),
              "--prompt-ids",
              promptIds(exp),
              "--num-samples",
              "5",
              "--max-length",
              "30",
              "--top-k",
              "50",
              "--seed",
              "42",
              "--print-ids");
      assertEquals(0, run.code(), run.err());
      assertEquals(ids(exp, "topk"), printedIds(run.out()), model);
      assertEquals("110", run.trailingSummary().get("new_tokens"), run.out()); // 5 x (30 - 8)
    }
    CliRun greedy =
        CliRun.of(
            "gpt2",
            "sample",
            "--model",
            golden().resolve("hf").toString(),
            "--prompt-ids",
            promptIds(exp),
            "--num-samples",
            "2",
            "--max-length",
            "28",
            "--greedy",
            "--print-ids");
    assertEquals(0, greedy.code(), greedy.err());
    List<Long> want = new ArrayList<>(ids(exp, "prompt"));
    want.addAll(ids(exp, "greedy"));
    want.addAll(want);
    assertEquals(want, printedIds(greedy.out()));
  }

  @Test
  void badSampleOptionsAreOneLine() throws Exception {
    String hf = golden().resolve("hf").toString();
    for (String[] args :
        List.of(
            new String[] {"gpt2", "sample", "--model", tmp.resolve("none").toString()},
            new String[] {"gpt2", "sample", "--model", hf, "--prompt-ids", "1 x"},
            new String[] {"gpt2", "sample", "--model", hf, "--prompt-ids", "500"},
            new String[] {
              "gpt2", "sample", "--model", hf, "--prompt-ids", "1 2", "--max-length", "1"
            },
            new String[] {"gpt2", "sample", "--model", hf, "--top-p", "1.5"},
            new String[] {"gpt2", "sample", "--model", hf, "--num-samples", "0"})) {
      CliRun run = CliRun.of(args);
      run.assertRefused(1);
      assertTrue(run.err().contains("--"), run.err());
    }
  }

  @Test
  void hellaswagCountsTorchsPredictions() throws Exception {
    SharedData.file("gpt2/encoder.json");
    Object[] want =
        ((java.util.List<?>)
                io.github.zth.autograd.io.Json.parse(
                    Files.readString(golden().resolve("hellaswag_expected.json"))))
            .toArray();
    int acc = 0;
    int accNorm = 0;
    for (Object o : want) {
      java.util.Map<?, ?> w = (java.util.Map<?, ?>) o;
      acc += w.get("pred").equals(w.get("label")) ? 1 : 0;
      accNorm += w.get("pred_norm").equals(w.get("label")) ? 1 : 0;
    }
    CliRun run =
        CliRun.of(
            "gpt2",
            "hellaswag",
            "--model",
            golden().resolve("llmc.bin").toString(),
            "--data",
            golden().resolve("hellaswag.jsonl").toString());
    assertEquals(0, run.code(), run.err());
    java.util.Map<String, String> s = run.trailingSummary();
    assertEquals(String.valueOf(want.length), s.get("examples"));
    assertEquals(
        String.format(java.util.Locale.ROOT, "%.4f", acc / (double) want.length), s.get("acc"));
    assertEquals(
        String.format(java.util.Locale.ROOT, "%.4f", accNorm / (double) want.length),
        s.get("acc_norm"));
    CliRun two =
        CliRun.of(
            "gpt2",
            "hellaswag",
            "--model",
            golden().resolve("hf").toString(),
            "--data",
            golden().resolve("hellaswag.jsonl").toString(),
            "--limit",
            "2");
    assertEquals("2", two.trailingSummary().get("examples"), two.out() + two.err());
  }

  @Test
  void hellaswagBadInputIsOneLine() throws Exception {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"ctx\": \"x\", \"label\": 0, \"endings\": [\"a\"]}\n");
    String hf = golden().resolve("hf").toString();
    for (String[] args :
        List.of(
            new String[] {"gpt2", "hellaswag", "--model", hf, "--data", bad.toString()},
            new String[] {
              "gpt2", "hellaswag", "--model", hf, "--data", tmp.resolve("no").toString()
            },
            new String[] {
              "gpt2", "hellaswag", "--model", hf, "--data", bad.toString(), "--limit", "0"
            })) {
      CliRun run = CliRun.of(args);
      run.assertRefused(1);
    }
    CliRun run = CliRun.of("gpt2", "hellaswag", "--model", hf, "--data", bad.toString());
    assertTrue(run.err().contains(bad + ":1: "), run.err());
  }
}
