package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import io.github.zth.data.CharDataset;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.lectures.Bigram;
import io.github.zth.gpt.lectures.BigramNet;
import io.github.zth.gpt.lectures.MlpLM;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Lecture 2's {@link Bigram} and {@link BigramNet} and lecture 3's {@link MlpLM} behind makemore's
 * {@link LanguageModel}: the interface's contract, agreement with the lecture APIs they also offer,
 * and tools/golden/lm_interface.py's values from PyTorch 1.13.
 */
class LectureLanguageModelsTest {
  /** The golden script's words: all 26 letters, so the vocabulary is 27. */
  private static final List<String> WORDS =
      List.of(
          "emma",
          "olivia",
          "ava",
          "isabella",
          "sophia",
          "quinn",
          "zoey",
          "jude",
          "ryker",
          "wyatt",
          "faye",
          "xander",
          "gwen",
          "kade",
          "cora");

  private static final CharTokenizer STOI = CharTokenizer.forNames(WORDS);
  private static final MlpLM.Config MLP = new MlpLM.Config(3, 4, 20, 27);

  private static Generator lecture() {
    return new Generator(2147483647).normalPath(Generator.NormalPath.LECTURE);
  }

  /** The three models as the golden script builds them, by golden-file prefix. */
  private static final Map<String, Supplier<LanguageModel>> MODELS =
      Map.of(
          "bigram", () -> Bigram.fit(WORDS, STOI, 1),
          "bigram_net", () -> new BigramNet(27, lecture()),
          "mlp", () -> new MlpLM(MLP, lecture()));

  private static CharDataset dataset() {
    return new CharDataset(
        WORDS,
        CharDataset.vocabulary(WORDS),
        WORDS.stream().mapToInt(String::length).max().orElseThrow());
  }

  private static Batch all() {
    long[] ix = new long[WORDS.size()];
    Arrays.setAll(ix, i -> i);
    return dataset().batch(ix);
  }

  @Test
  void logitsAndLossMatchTorch() throws IOException {
    Map<String, String> gold = BigramTest.golden("lm_interface.txt");
    Batch b = all();
    for (var e : MODELS.entrySet()) {
      LanguageModel m = e.getValue().get();
      Tensor logits = m.forward(b.x());
      assertArrayEquals(new int[] {15, 9, 27}, logits.shape(), e.getKey());
      float[] row = logits.select(0, 1).select(0, 2).toFloatArray();
      double[] torch = BigramTest.doubles(gold.get(e.getKey() + "_logits_1_2"));
      for (int i = 0; i < torch.length; i++) {
        assertEquals(torch[i], row[i], 1e-4, e.getKey() + " logit " + i);
      }
      assertEquals(
          Double.parseDouble(gold.get(e.getKey() + "_loss")),
          m.loss(b.x(), b.y()).item(),
          1e-5,
          e.getKey());
    }
  }

  /** The loss is the mean cross-entropy of the logits over the positions whose target is not -1. */
  @Test
  void lossIsTheCrossEntropyOfTheLogits() {
    Batch b = all();
    long[] y = b.y().toLongArray();
    for (var e : MODELS.entrySet()) {
      LanguageModel m = e.getValue().get();
      float[] logits = m.forward(b.x()).toFloatArray();
      double sum = 0;
      int n = 0;
      for (int p = 0; p < y.length; p++) {
        if (y[p] == -1) {
          continue;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < 27; v++) {
          max = Math.max(max, logits[p * 27 + v]);
        }
        double z = 0;
        for (int v = 0; v < 27; v++) {
          z += Math.exp(logits[p * 27 + v] - max);
        }
        sum += max + Math.log(z) - logits[p * 27 + (int) y[p]];
        n++;
      }
      assertEquals(sum / n, m.loss(b.x(), b.y()).item(), 1e-5 * (1 + sum / n), e.getKey());
      // evaluate's shuffled single batch covers the same positions
      Evaluation ev = m.evaluate(dataset(), 100, -1, new Generator(1));
      assertEquals(sum / n, ev.loss(), 1e-5 * (1 + sum / n), e.getKey());
      assertEquals(n, ev.tokens(), e.getKey());
      assertEquals(
          Math.exp(sum / n),
          ev.perplexity(),
          1e-5 * Math.exp(sum / n),
          e.getKey()); // one batch: exp(loss)
    }
  }

  @Test
  void generateWithASeedIsReproducibleAndCropsToTheBlock() {
    for (var e : MODELS.entrySet()) {
      LanguageModel m = e.getValue().get();
      Tensor prompt = Tensor.fromArray(new long[] {0, 5, 0, 1}, 2, 2);
      Tensor first =
          m.generate(prompt, 12, SamplingConfig.DEFAULT.withTemperature(0.8), new Generator(7));
      Tensor again =
          m.generate(prompt, 12, SamplingConfig.DEFAULT.withTemperature(0.8), new Generator(7));
      assertArrayEquals(new int[] {2, 14}, first.shape(), e.getKey());
      assertArrayEquals(first.toLongArray(), again.toLongArray(), e.getKey());
      assertArrayEquals(
          new long[] {0, 5},
          Arrays.copyOf(first.toLongArray(), 2),
          e.getKey() + ": the prompt stays");
      assertTrue(Arrays.stream(first.toLongArray()).allMatch(t -> t >= 0 && t < 27), e.getKey());
      assertArrayEquals(
          m.generate(prompt, 6, SamplingConfig.DEFAULT.withTopK(3), new Generator(8)).toLongArray(),
          m.generate(prompt, 6, SamplingConfig.DEFAULT.withTopK(3), new Generator(8)).toLongArray(),
          e.getKey() + ": top_k 3");
      assertTrue(m.isTraining(), e.getKey() + ": generate restores the training mode");
    }
  }

  @Test
  void badContextsAreRefusedNamingTheOperation() {
    Map<String, String> names =
        Map.of(
            "bigram", "Bigram.forward", "bigram_net", "BigramNet.forward", "mlp", "MlpLM.forward");
    for (var e : MODELS.entrySet()) {
      LanguageModel m = e.getValue().get();
      IllegalArgumentException flat =
          assertThrows(
              IllegalArgumentException.class, () -> m.forward(Tensor.zeros(DType.INT64, 5)));
      assertTrue(
          flat.getMessage().contains(names.get(e.getKey())) && flat.getMessage().contains("[5]"),
          flat.getMessage());
      IllegalArgumentException floats =
          assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 3)));
      assertTrue(
          floats.getMessage().contains(names.get(e.getKey()))
              && floats.getMessage().contains("FLOAT32"),
          floats.getMessage());
      IllegalArgumentException targets =
          assertThrows(
              IllegalArgumentException.class,
              () -> m.loss(Tensor.zeros(DType.INT64, 2, 3), Tensor.zeros(DType.INT64, 2, 4)));
      assertTrue(targets.getMessage().contains("LanguageModel.loss"), targets.getMessage());
    }
  }

  @Test
  void bigramLogitsAreLogPAndItsLossIsTheLecturesNll() {
    Bigram m = Bigram.fit(WORDS, STOI, 1);
    Bigram.Pairs p = Bigram.pairs(WORDS, STOI);
    Tensor loss = m.loss(p.xs().view(-1, 1), p.ys().view(-1, 1));
    assertEquals(m.nll(WORDS), loss.item(), 1e-5);
    assertEquals(0, m.numParameters());
    assertEquals(List.of("counts"), List.copyOf(m.stateDict().keySet()));
    // the counts are the state (smoothing is set at fit): loading another fit's counts gives its
    // predictions
    Bigram other =
        Bigram.fit(
            List.of("bob", "quiz", "jax", "wendy", "gracefully", "kip", "vera", "thom"), STOI, 1);
    Tensor idx = Tensor.fromArray(new long[] {0, 3, 7}, 1, 3);
    assertFalse(Arrays.equals(other.forward(idx).toFloatArray(), m.forward(idx).toFloatArray()));
    m.loadStateDict(other.stateDict(), true);
    assertArrayEquals(other.forward(idx).toFloatArray(), m.forward(idx).toFloatArray());
  }

  @Test
  void bigramNetLogitsAreRowsOfW() {
    BigramNet net = new BigramNet(27, lecture());
    Bigram.Pairs p = Bigram.pairs(WORDS, STOI);
    float[] w = net.weight().toFloatArray();
    float[] logits = net.forward(p.xs().view(1, -1)).toFloatArray();
    long[] xs = p.xs().toLongArray();
    for (int i = 0; i < xs.length; i++) {
      assertArrayEquals(
          Arrays.copyOfRange(w, (int) xs[i] * 27, (int) xs[i] * 27 + 27),
          Arrays.copyOfRange(logits, i * 27, i * 27 + 27));
    }
    assertEquals(
        net.loss(p.xs(), p.ys(), 0).item(),
        net.loss(p.xs().view(-1, 1), p.ys().view(-1, 1)).item(),
        1e-5);
    assertEquals(List.of("W"), List.copyOf(net.stateDict().keySet()));
  }

  @Test
  void mlpReadsTheLecturesWindowsAndGeneratesItsSamples() {
    MlpLM m = new MlpLM(MLP, lecture());
    Batch b = all();
    // makemore's examples hold exactly the lecture's build_dataset contexts
    assertEquals(
        m.loss(WordDataset.buildDataset(WORDS, STOI, 3)), m.loss(b.x(), b.y()).item(), 1e-5);
    assertEquals(List.of("C", "W1", "b1", "W2", "b2"), List.copyOf(m.stateDict().keySet()));
    for (long seed = 1; seed <= 3; seed++) {
      String name = m.sample(STOI, new Generator(seed));
      long[] ids =
          m.generate(Tensor.zeros(DType.INT64, 1, 1), name.length(), new Generator(seed))
              .toLongArray();
      StringBuilder s = new StringBuilder();
      for (int i = 1; i < ids.length; i++) {
        s.append(STOI.itos((int) ids[i]));
      }
      assertEquals(name, s.toString(), "seed " + seed);
    }
  }
}
