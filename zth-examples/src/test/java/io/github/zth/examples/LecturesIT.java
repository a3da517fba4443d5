package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JShell lecture runs with {@code bin/zth jshell --run NN} and prints the notebook's numbers:
 * the same PyTorch 1.13 goldens the lecture commands are held to ({@code
 * zth-gpt/src/test/resources/golden}), so a change that breaks a lecture, or drifts its numbers,
 * fails the build.
 */
class LecturesIT {
  // JUnit deletes it after the class, so runs leave nothing in the system temp folder
  @TempDir static Path tmp;

  private static Map<String, String> golden(String file) throws IOException {
    Path p = RepoPaths.root().resolve("zth-gpt/src/test/resources/golden/lectures").resolve(file);
    Map<String, String> m = new HashMap<>();
    for (String line : Files.readAllLines(p)) {
      int i = line.indexOf(": ");
      if (i > 0) {
        m.put(line.substring(0, i), line.substring(i + 2));
      } else if (line.indexOf(' ') > 0) {
        m.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
      }
    }
    return m;
  }

  private static String first(String numbers) {
    return String.format(Locale.ROOT, "%.4f", Double.parseDouble(numbers.split(" ")[0]));
  }

  private static String run(String lecture) throws Exception {
    Path data = RepoPaths.dataDir();
    Path scratch = Files.createTempDirectory(tmp, "lecture");
    ProcessBuilder pb =
        new ProcessBuilder(
                RepoPaths.root().resolve("bin/zth").toString(), "jshell", "--run", lecture)
            .directory(scratch.toFile());
    pb.environment().put("ZTH_DATA_DIR", data.toString());
    Path err = scratch.resolve("stderr.txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), lecture + " did not finish");
    assertEquals(0, p.exitValue(), lecture + " failed: " + Files.readString(err) + "\n" + out);
    return out;
  }

  private static void printed(String out, String... lines) {
    List<String> got = out.lines().map(String::strip).toList();
    List<String> missing = new ArrayList<>();
    for (String l : lines) {
      if (!got.contains(l)) {
        missing.add(l);
      }
    }
    assertEquals(List.of(), missing, "lines the lecture should print; it printed:\n" + out);
  }

  @Test
  void micrograd() throws Exception {
    printed(
        run("01-micrograd"),
        "slope at x=3: 14.0003",
        "L -8.0000; dL/da 6.0000, dL/db -4.0000, dL/dc -2.0000, dL/df 4.0000",
        "o 0.7071; x1.grad -1.5000, w1.grad 1.0000, x2.grad 0.5000, w2.grad 0.0000",
        "torch-style o 0.7071; x1.grad -1.5000, w1.grad 1.0000",
        "parameters: 41");
  }

  @Test
  void bigram() throws Exception {
    Map<String, String> g = golden("bigram.txt");
    List<String> want = new ArrayList<>(List.of(g.get("samples").split(" ")));
    want.add(String.format(Locale.ROOT, "nll: %.4f", Double.parseDouble(g.get("nll"))));
    want.add("step 0 loss " + first(g.get("neural_losses")));
    printed(run("02-bigram"), want.toArray(String[]::new));
  }

  @Test
  void mlp() throws Exception {
    printed(
        run("03-mlp"),
        "parameters: " + golden("mlp.txt").get("parameters"),
        "first minibatch loss: " + first(golden("mlp.txt").get("losses")));
  }

  @Test
  void batchnorm() throws Exception {
    Map<String, String> g =
        golden("../../../../../../zth-examples/src/test/resources/golden/lecture4_batchnorm.txt");
    String out = run("04-batchnorm");
    // the at-init statistics are the ones `bin/zth batchnorm` prints (and the README quotes)
    printed(
        out,
        "parameters: " + g.get("params"),
        "0/   1000: " + first(g.get("step0_loss")),
        "layer 2 (Tanh): mean -0.01, std 0.63, saturated 3.69%");
  }

  @Test
  void backprop() throws Exception {
    String out = run("05-backprop");
    long rows = out.lines().filter(l -> l.contains("| exact:")).count();
    assertEquals(28, rows, out);
    assertTrue(
        out.lines()
            .filter(l -> l.contains("| exact:"))
            .allMatch(l -> l.contains("approximate: true")),
        out);
  }

  @Test
  void wavenet() throws Exception {
    Map<String, String> g = golden("wavenet.txt");
    printed(
        run("06-wavenet"),
        "parameters: " + g.get("params"),
        "0/   1000: " + first(g.get("step0_loss")));
  }

  @Test
  void gpt() throws Exception {
    Map<String, String> g = golden("gpt_bigram.txt");
    printed(
        run("07-gpt"),
        "logits [4, 8, 65], loss " + g.get("loss") + " (a uniform guess is -ln(1/65) = 4.1744)",
        "untrained sample: " + g.get("untrained"),
        "loss after " + g.get("steps") + " steps: " + g.get("trained_loss"),
        "trained sample: " + g.get("trained"));
  }

  @Test
  void tokenizer() throws Exception {
    String out = run("08-tokenizer");
    printed(
        out,
        "[5, 6, 99, 9, 1]",
        "round trip of the whole text: true",
        "cl100k_base: [15339, 1917, 12340, 30]");
  }
}
