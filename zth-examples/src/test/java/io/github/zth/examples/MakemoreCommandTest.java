package io.github.zth.examples;

import static io.github.zth.testing.TinyNames.WORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.nn.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zth makemore} on a tiny word list: train, checkpoint, sample-only, and refused options.
 */
class MakemoreCommandTest {
  @TempDir Path dir;

  /** The lines between "samples:" and the summary. */
  private static List<String> samples(CliRun r) {
    List<String> s = new ArrayList<>();
    boolean in = false;
    for (String line : r.out().split("\n")) {
      if (line.equals("samples:")) {
        in = true;
      } else if (in && line.matches("[a-z0-9_.]+: .*")) {
        break;
      } else if (in) {
        s.add(line);
      }
    }
    return s;
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private String words() throws IOException {
    return Files.write(dir.resolve("names.txt"), WORDS).toString();
  }

  private static final String[] TINY = {
    "--n-layer",
    "1",
    "--n-head",
    "2",
    "--n-embd",
    "8",
    "--n-embd2",
    "8",
    "--batch-size",
    "4",
    "--learning-rate",
    "1e-2"
  };

  private CliRun train(String type, String out, int steps) throws IOException {
    List<String> a =
        new ArrayList<>(
            List.of(
                "makemore",
                "--data",
                words(),
                "--type",
                type,
                "--max-steps",
                String.valueOf(steps),
                "--eval-interval",
                "4",
                "--out",
                dir.resolve(out).toString()));
    a.addAll(List.of(TINY));
    return run(a.toArray(String[]::new));
  }

  @Test
  void trainsSavesTheBestModelAndSamplesFromIt() throws IOException {
    CliRun r = train("transformer", "tf", 9);
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.summary();
    assertEquals("transformer", s.get("type"));
    assertEquals("9", s.get("steps"));
    assertTrue(
        Double.parseDouble(s.get("test_loss")) > 0 && Double.parseDouble(s.get("train_loss")) > 0,
        r.out());
    assertTrue(List.of("4", "8").contains(s.get("best_step")), r.out());
    assertTrue(
        r.out().contains("split up the dataset into 18 training examples and 2 test examples"),
        r.out());
    assertTrue(r.out().contains("step 0 | loss "), r.out());
    assertEquals(10, samples(r).size(), r.out());
    Path ckpt = Path.of(s.get("checkpoint"));
    assertTrue(
        Files.isRegularFile(ckpt) && Files.isRegularFile(ckpt.resolveSibling("config.json")),
        r.out());
    assertEquals(s.get("params"), String.valueOf(Long.parseLong(s.get("params"))));

    List<String> a =
        new ArrayList<>(
            List.of(
                "makemore",
                "--data",
                words(),
                "--sample-only",
                "--out",
                dir.resolve("tf").toString()));
    a.addAll(List.of(TINY));
    CliRun s1 = run(a.toArray(String[]::new));
    CliRun s2 = run(a.toArray(String[]::new));
    assertEquals(0, s1.code(), s1.err());
    assertEquals(50, samples(s1).size(), s1.out());
    assertEquals(samples(s1), samples(s2), "the same seed and checkpoint give the same samples");
    for (String w : samples(s1)) {
      assertTrue(w.chars().allMatch(c -> String.join("", WORDS).indexOf(c) >= 0), w);
    }
    assertEquals(s.get("params"), s1.summary().get("params"));
  }

  /** The "step k | loss x" lines (without the step time) and the evaluation lines of a run. */
  private static List<String> trajectory(CliRun r) {
    List<String> t = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      if (line.matches("step \\d+ \\| loss .*")) {
        t.add(line.substring(0, line.indexOf(" | step time")));
      } else if (line.matches("step \\d+ (train loss|samples): .*")) {
        t.add(line);
      }
    }
    return t;
  }

  /**
   * Golden from tools/golden/makemore_train.py: makemore.py's loop in PyTorch 1.13 (same split,
   * init, AdamW, DataLoader batches, evaluations and sampling draws) prints the same losses, to the
   * 4 decimals both print.
   */
  @Test
  void printsMakemoresLossesStepByStep() throws Exception {
    Map<String, Tensor> g =
        TensorFiles.load(
            Path.of(getClass().getResource("/golden/makemore_train.safetensors").toURI()));
    CliRun r =
        run(
            "makemore",
            "--data",
            words(),
            "--max-steps",
            "9",
            "--eval-interval",
            "4",
            "--log-interval",
            "1",
            "--sample-interval",
            "2",
            "--n-layer",
            "2",
            "--n-head",
            "2",
            "--n-embd",
            "8",
            "--batch-size",
            "4",
            "--learning-rate",
            "1e-2",
            "--out",
            dir.resolve("golden").toString());
    assertEquals(0, r.code(), r.err());
    List<String> want = new ArrayList<>();
    float[] loss = g.get("loss").toFloatArray();
    float[] eval = g.get("eval").toFloatArray();
    for (int step = 0; step < loss.length; step++) {
      want.add(String.format(Locale.ROOT, "step %d | loss %.4f", step, loss[step]));
      if (step == 4 || step == 8) {
        int e = step / 4 - 1;
        want.add(
            String.format(
                Locale.ROOT,
                "step %d train loss: %.4f test loss: %.4f",
                step,
                eval[2 * e],
                eval[2 * e + 1]));
      }
    }
    List<String> got = trajectory(r).stream().filter(line -> !line.contains("samples: ")).toList();
    assertEquals(want, got);
  }

  @Test
  void resumeContinuesExactlyAsTheUninterruptedRun() throws IOException {
    String[] every = {"--log-interval", "1", "--sample-interval", "2", "--eval-interval", "4"};
    List<String> a =
        new ArrayList<>(
            List.of(
                "makemore",
                "--data",
                words(),
                "--max-steps",
                "5",
                "--out",
                dir.resolve("part").toString()));
    a.addAll(List.of(TINY));
    a.addAll(List.of(every));
    CliRun first =
        run(a.toArray(String[]::new)); // stops after step 4, its first evaluation, which it saves
    assertEquals(0, first.code(), first.err());
    assertTrue(
        Files.isRegularFile(dir.resolve("part").resolve(MakemoreCommand.TRAINER)), first.out());

    a.set(a.indexOf("5"), "13");
    List<String> resumed = new ArrayList<>(a);
    resumed.add("--resume");
    a.set(a.indexOf(dir.resolve("part").toString()), dir.resolve("whole").toString());
    CliRun whole = run(a.toArray(String[]::new));
    CliRun rest = run(resumed.toArray(String[]::new));
    assertEquals(0, rest.code(), rest.err());
    assertTrue(
        rest.out().contains("resuming the run in " + dir.resolve("part") + " after step 4"),
        rest.out());
    assertEquals("5", rest.summary().get("first_step"));

    List<String> want = trajectory(whole);
    int from = want.indexOf(trajectory(rest).get(0));
    assertTrue(
        from > 0 && trajectory(rest).get(0).startsWith("step 5 | loss"),
        want + " vs " + trajectory(rest));
    assertEquals(
        want.subList(from, want.size()),
        trajectory(rest),
        "the resumed run repeats the uninterrupted one");
    for (String key : List.of("best_step", "train_loss", "test_loss", "last_loss", "samples_new")) {
      assertEquals(whole.summary().get(key), rest.summary().get(key), key);
    }
    assertEquals(samples(whole), samples(rest));

    resumed.set(
        resumed.indexOf("13"),
        "5"); // the saved run is at step 4 or later: nothing left to do is refused
    CliRun again = run(resumed.toArray(String[]::new));
    assertEquals(1, again.code(), again.out());
    assertTrue(again.err().contains("--max-steps 5"), again.err());
  }

  @Test
  void resumeRefusesAModelSavedWithoutItsTrainingState() throws IOException {
    CliRun r = train("transformer", "old", 5);
    assertEquals(0, r.code(), r.err());
    Files.delete(dir.resolve("old").resolve(MakemoreCommand.OPTIMIZER));
    List<String> a =
        new ArrayList<>(
            List.of(
                "makemore",
                "--data",
                words(),
                "--max-steps",
                "9",
                "--resume",
                "--out",
                dir.resolve("old").toString()));
    a.addAll(List.of(TINY));
    CliRun resumed = run(a.toArray(String[]::new));
    assertEquals(1, resumed.code(), resumed.out());
    assertTrue(
        resumed
            .err()
            .contains("no " + MakemoreCommand.TRAINER + " and " + MakemoreCommand.OPTIMIZER),
        resumed.err());
  }

  @Test
  void everyTypeRunsThroughTheCommand() throws IOException {
    for (String type : List.of("bigram", "mlp", "cnn", "rnn", "gru", "lstm")) {
      CliRun r = train(type, type, 2);
      assertEquals(0, r.code(), type + ": " + r.err());
      assertEquals(type, r.summary().get("type"));
      assertTrue(Double.parseDouble(r.summary().get("test_loss")) > 0, r.out());
    }
  }

  @Test
  void badOptionsAndMissingModelsAreOneLineErrors() throws IOException {
    String data = words();
    List<String[]> bad =
        List.of(
            new String[] {"makemore", "--data", data, "--type", "bow"},
            new String[] {"makemore", "--data", data, "--max-steps", "0"},
            new String[] {"makemore", "--data", data, "--n-head", "3"},
            new String[] {"makemore", "--data", data, "--top-k", "0"},
            new String[] {
              "makemore", "--data", data, "--sample-only", "--out", dir.resolve("none").toString()
            },
            new String[] {"makemore", "--data", dir.resolve("missing.txt").toString()});
    for (String[] args : bad) {
      CliRun r = run(args);
      assertEquals(1, r.code(), String.join(" ", args) + ": " + r.out());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    assertTrue(run(bad.get(0)).err().contains("--type bow"));
    assertTrue(run(bad.get(4)).err().contains("no saved model"));

    CliRun t = train("bigram", "bg", 1);
    assertEquals(0, t.code(), t.err());
    CliRun mismatch =
        run(
            "makemore",
            "--data",
            data,
            "--type",
            "mlp",
            "--sample-only",
            "--out",
            dir.resolve("bg").toString());
    assertEquals(1, mismatch.code());
    assertTrue(mismatch.err().contains("the saved model is"), mismatch.err());
  }
}
