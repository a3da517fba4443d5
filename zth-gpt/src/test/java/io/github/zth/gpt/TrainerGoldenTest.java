package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.TokenData;
import io.github.zth.data.tokenizer.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * zth's Trainer against nanoGPT's train.py loop in PyTorch 1.13 (tools/golden/gpt_train_trace.py),
 * step by step from the same seed: batch offsets exactly, learning rates, losses, gradient norms
 * and estimates to 1e-4 relative. Covers the random stream's order (init, first batch, estimate at
 * 0, prefetch after forward), dropout draws and gradient accumulation.
 */
class TrainerGoldenTest {

  @ParameterizedTest
  @CsvSource({"nodropout, 0.0, 1", "dropout_accum, 0.1, 2"})
  void firstStepsMatchNanoGpt(String name, double dropout, int gradAccum) throws Exception {
    List<String> golden =
        Files.readAllLines(
            Path.of(
                TrainerGoldenTest.class.getResource("/golden/gpt_train/" + name + ".txt").toURI()));
    CharTokenizer tok = CharTokenizer.fromText(TrainerTest.TEXT);
    GPTConfig c = new GPTConfig(16, tok.vocabSize(), 2, 2, 32, dropout, false);
    TrainerConfig tc =
        new TrainerConfig(4, 12, 3e-3, 3e-4, 2, 12, 0.1, 0.9, 0.99, 1.0, gradAccum, 5, 2);
    GPT model = new GPT(c, new Generator(1337));
    Trainer t =
        new Trainer(
            model,
            new RandomWindows(new TokenData(tok.encode(TrainerTest.TEXT)), model.generator()),
            tc);
    List<String> trace = new ArrayList<>();
    long[][] next = {t.nextBatchOffsets()};
    t.addListener(
        new TrainingListener() {
          @Override
          public void onStep(int step, double loss, double lr, double millis) {
            trace.add(
                "step "
                    + step
                    + " "
                    + lr
                    + " "
                    + loss
                    + " "
                    + t.lastGradNorm()
                    + " "
                    + join(next[0]));
            next[0] = t.nextBatchOffsets();
          }

          @Override
          public void onEval(Estimate e) {
            trace.add("eval " + e.step() + " " + e.train().loss() + " " + e.val().loss());
          }
        });
    t.train();
    List<String> expected = golden.stream().filter(l -> !l.startsWith("#")).toList();
    assertEquals(expected.size(), trace.size(), () -> "events: " + trace);
    for (int i = 0; i < expected.size(); i++) {
      String[] e = expected.get(i).split(" ");
      String[] a = trace.get(i).split(" ");
      assertEquals(e[0] + " " + e[1], a[0] + " " + a[1], "event " + i);
      int numbers = e[0].equals("step") ? 3 : 2;
      for (int k = 2; k < 2 + numbers; k++) {
        double want = Double.parseDouble(e[k]);
        assertEquals(
            want,
            Double.parseDouble(a[k]),
            1e-4 * Math.abs(want),
            expected.get(i) + " vs " + trace.get(i));
      }
      if (e[0].equals("step")) {
        assertArrayEquals(e[5].split(","), a[5].split(","), "batch offsets of " + expected.get(i));
      }
    }
  }

  private static String join(long[] ix) {
    return String.join(",", Arrays.stream(ix).mapToObj(Long::toString).toList());
  }
}
