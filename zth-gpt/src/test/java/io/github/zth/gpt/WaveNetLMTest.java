package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.gpt.lectures.WaveNetLM;
import io.github.zth.nn.ModuleGradCheck;
import io.github.zth.nn.Sequential;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Lecture 6's WaveNet: shapes per layer, the lecture's parameter count, eval determinism,
 * gradients.
 */
class WaveNetLMTest {

  @Test
  void shapesThroughEachLayerMatchTheLecture() {
    WaveNetLM m = new WaveNetLM(WaveNetLM.Config.LECTURE, new Generator(42));
    assertEquals(76579, m.parameterCount());
    Tensor x = Tensor.randint(new Generator(1), 0, 27, 4, 8);
    int[][] expected = {
      {4, 8, 24},
      {4, 4, 48},
      {4, 4, 128},
      {4, 4, 128},
      {4, 4, 128},
      {4, 2, 256},
      {4, 2, 128},
      {4, 2, 128},
      {4, 2, 128},
      {4, 256},
      {4, 128},
      {4, 128},
      {4, 128},
      {4, 27}
    };
    Sequential layers = m.model();
    assertEquals(expected.length, layers.size());
    Tensor h = x;
    for (int i = 0; i < layers.size(); i++) {
      h = layers.get(i).forward(h);
      assertArrayEquals(expected[i], h.shape(), "layer " + i + " " + layers.get(i));
    }
    assertArrayEquals(new int[] {4, 27}, m.logits(x).shape());
    assertThrows(
        IllegalArgumentException.class,
        () -> m.logits(Tensor.zeros(io.github.zth.autograd.DType.INT64, 4, 3)));
  }

  @Test
  void evalForwardIsDeterministicAndIndependentOfTheBatch() {
    WaveNetLM m = new WaveNetLM(new WaveNetLM.Config(7, 4, 3, 5), new Generator(3));
    Tensor x = Tensor.randint(new Generator(2), 0, 7, 6, 4);
    m.model().eval();
    Tensor a = m.logits(x);
    Tensor b = m.logits(x);
    assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
    // Running statistics, not batch statistics: a single row gives the same logits as within the
    // batch.
    Tensor row = m.logits(x.slice(0, 2, 3));
    double[] all = a.toDoubleArray();
    double[] one = row.toDoubleArray();
    for (int j = 0; j < 7; j++) {
      assertEquals(all[2 * 7 + j], one[j], 1e-5);
    }
  }

  @Test
  void trainingLowersTheLossOnATinyCorpus() {
    java.util.List<String> words =
        java.util.List.of("ab", "ba", "abba", "baab", "aab", "bba", "a", "b", "abab", "bab");
    var tok = io.github.zth.data.tokenizer.CharTokenizer.forNames(words);
    WordDataset.Examples d = WordDataset.buildDataset(words, tok, 4);
    WaveNetLM m = new WaveNetLM(new WaveNetLM.Config(tok.vocabSize(), 4, 4, 8), new Generator(42));
    Generator g = new Generator(5);
    double before = m.loss(d);
    for (int i = 0; i < 200; i++) {
      m.trainStep(d, 8, 0.1, g);
    }
    assertTrue(m.loss(d) < before, "loss " + before + " -> " + m.loss(d));
    assertEquals(5, m.sample(5, tok, g).size());
  }

  @Test
  void firstMinibatchLossOnNamesMatchesTorch() throws java.io.IOException {
    java.nio.file.Path names = io.github.zth.testing.SharedData.file("names.txt");
    java.util.Map<String, Double> golden = new java.util.HashMap<>();
    try (var in = WaveNetLMTest.class.getResourceAsStream("/golden/lectures/wavenet.txt")) {
      for (String line :
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String[] kv = line.trim().split(" ");
        golden.put(kv[0], Double.parseDouble(kv[1]));
      }
    }
    java.util.List<String> words = java.nio.file.Files.readAllLines(names);
    var tok = io.github.zth.data.tokenizer.CharTokenizer.forNames(words);
    WordDataset.Splits sp = WordDataset.splits(words, tok, 8, 42);
    Generator g = new Generator(42);
    WaveNetLM m = new WaveNetLM(WaveNetLM.Config.LECTURE, g);
    assertEquals(golden.get("params"), (double) m.parameterCount());
    assertEquals(golden.get("step0_loss"), m.trainStep(sp.train(), 32, 0.1, g), 1e-4);
  }

  @Property(tries = 5)
  void gradientsThroughFlattenConsecutiveMatchFiniteDifferences(
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    WaveNetLM m = new WaveNetLM(new WaveNetLM.Config(5, 4, 2, 3), new Generator(seed));
    Tensor x = Tensor.randint(new Generator(seed + 1), 0, 5, 3, 4);
    GradCheck.Result r = ModuleGradCheck.assertGradients(m.model(), x);
    assertTrue(r.passed(), r.toString());
  }
}
