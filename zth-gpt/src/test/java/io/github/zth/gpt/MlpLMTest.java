package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.lectures.MlpLM;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lecture 3's MLP: build_dataset on a tiny word list, and names.txt against PyTorch 1.13. */
class MlpLMTest {

  @Test
  void buildDatasetSlidesAPaddedContextOverEachWord() {
    List<String> words = List.of("emma", "bo");
    CharTokenizer stoi = CharTokenizer.forNames(words); // . a b e m o
    WordDataset.Examples d = WordDataset.buildDataset(words, stoi, 3);
    assertArrayEquals(new int[] {8, 3}, d.x().shape());
    assertArrayEquals(new int[] {8}, d.y().shape());
    int a = stoi.stoi("a");
    int b = stoi.stoi("b");
    int e = stoi.stoi("e");
    int m = stoi.stoi("m");
    int o = stoi.stoi("o");
    // ... ---> e, ..e ---> m, .em ---> m, emm ---> a, mma ---> ., then a fresh context for "bo"
    assertArrayEquals(
        new long[] {0, 0, 0, 0, 0, e, 0, e, m, e, m, m, m, m, a, 0, 0, 0, 0, 0, b, 0, b, o},
        d.x().toLongArray());
    assertArrayEquals(new long[] {e, m, m, a, 0, b, o, 0}, d.y().toLongArray());
    WordDataset.Examples one = WordDataset.buildDataset(List.of("bo"), stoi, 1);
    assertArrayEquals(new long[] {0, b, o}, one.x().toLongArray());
    assertArrayEquals(new int[] {3, 1}, one.x().shape());
  }

  @Test
  void splitsShuffleLikeCPythonAndCutAt80And90Percent() {
    List<String> words = List.of("ab", "ba", "aab", "bba", "a", "b", "abab", "baba", "aa", "bb");
    CharTokenizer stoi = CharTokenizer.forNames(words);
    WordDataset.Splits s = WordDataset.splits(words, stoi, 2, 42);
    int total = words.stream().mapToInt(w -> w.length() + 1).sum();
    assertEquals(total, s.train().size() + s.val().size() + s.test().size());
    List<String> shuffled = new java.util.ArrayList<>(words);
    new io.github.zth.autograd.random.PythonRandom(42).shuffle(shuffled);
    assertEquals(shuffled.get(8).length() + 1, s.val().size());
    assertEquals(shuffled.get(9).length() + 1, s.test().size());
    assertEquals("ab", words.get(0), "the caller's list is not shuffled");
  }

  @Test
  void trainsOnATinyCorpusAndSamplesWellFormedNames() {
    List<String> words = List.of("emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia");
    CharTokenizer stoi = CharTokenizer.forNames(words);
    MlpLM.Config cfg = new MlpLM.Config(3, 4, 32, stoi.vocabSize());
    Generator g = new Generator(5);
    MlpLM model = new MlpLM(cfg, g);
    assertEquals(
        stoi.vocabSize() * 4 + 12 * 32 + 32 + 32 * stoi.vocabSize() + stoi.vocabSize(),
        model.numParameters());
    WordDataset.Examples d = WordDataset.buildDataset(words, stoi, 3);
    double before = model.loss(d);
    for (int i = 0; i < 300; i++) {
      model.trainStep(d, 16, 0.1, g);
    }
    double after = model.loss(d);
    assertTrue(after < before / 2, before + " -> " + after);
    for (String s : model.sample(5, stoi, new Generator(9))) {
      assertTrue(s.endsWith(".") && s.indexOf('.') == s.length() - 1, s);
    }
  }

  @Test
  void refusesBadShapesAndSizes() {
    CharTokenizer stoi = CharTokenizer.forNames(List.of("ab"));
    MlpLM model = new MlpLM(new MlpLM.Config(3, 2, 4, 3), new Generator(1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.logits(Tensor.zeros(io.github.zth.autograd.DType.INT64, 4, 2)));
    assertTrue(
        e.getMessage().contains("[4, 2]") && e.getMessage().contains("(B, 3)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MlpLM.Config(0, 2, 4, 3));
    assertThrows(
        IllegalArgumentException.class, () -> WordDataset.buildDataset(List.of("ab"), stoi, 0));
    assertThrows(
        IllegalArgumentException.class, () -> WordDataset.buildDataset(List.of("abc"), stoi, 3));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            model.trainStep(
                WordDataset.buildDataset(List.of("ab"), stoi, 3), 0, 0.1, new Generator(1)));
  }

  /** tools/golden/lecture_mlp.py: the lecture's code, 10 steps, on names.txt. */
  @Test
  void namesTxtFirstStepsMatchTorch() throws IOException {
    List<String> words = BigramTest.names();
    Map<String, String> gold = BigramTest.golden("mlp.txt");
    CharTokenizer stoi = CharTokenizer.forNames(words);
    WordDataset.Splits s = WordDataset.splits(words, stoi, 3, 42);
    assertEquals(
        gold.get("sizes"), s.train().size() + " " + s.val().size() + " " + s.test().size());
    long[] x = s.train().x().toLongArray();
    StringBuilder head = new StringBuilder();
    for (int r = 0; r < 8; r++) {
      head.append(r == 0 ? "" : " ")
          .append(x[3 * r])
          .append(',')
          .append(x[3 * r + 1])
          .append(',')
          .append(x[3 * r + 2]);
    }
    assertEquals(gold.get("xtr_head"), head.toString());
    assertEquals(
        gold.get("ytr_head"),
        String.join(
            " ",
            Arrays.stream(s.train().y().toLongArray(), 0, 8).mapToObj(Long::toString).toList()));

    Generator g = new Generator(2147483647).normalPath(Generator.NormalPath.LECTURE);
    MlpLM model = new MlpLM(MlpLM.Config.LECTURE, g);
    assertEquals(Long.parseLong(gold.get("parameters")), model.numParameters());
    Generator peek = new Generator(0);
    peek.setState(g.getState());
    assertEquals(
        gold.get("first_batch"),
        String.join(
            " ",
            Arrays.stream(Tensor.randint(peek, 0, s.train().size(), 32).toLongArray())
                .mapToObj(Long::toString)
                .toList()));
    double[] torch = BigramTest.doubles(gold.get("losses"));
    double[] ours = new double[torch.length];
    for (int i = 0; i < ours.length; i++) {
      ours[i] = model.trainStep(s.train(), 32, 0.1, g);
    }
    assertArrayEquals(torch, ours, 1e-3);
    // the whole training split takes long to evaluate on a busy machine; val and test cover loss()
    assertEquals(Double.parseDouble(gold.get("val_loss")), model.loss(s.val()), 1e-3);
    assertEquals(Double.parseDouble(gold.get("test_loss")), model.loss(s.test()), 1e-3);
    assertEquals(
        gold.get("samples"),
        String.join(" ", model.sample(20, stoi, new Generator(2147483647L + 10))));
  }
}
