package io.github.zth.gpt;

import static io.github.zth.testing.TinyNames.WORDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import io.github.zth.data.CharDataset;
import io.github.zth.gpt.makemore.BigramLM;
import io.github.zth.gpt.makemore.MakemoreConfig;
import io.github.zth.nn.TensorFiles;
import io.github.zth.nn.optim.AdamW;
import io.github.zth.nn.optim.ParamGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * makemore's dataset and model ladder. Goldens from tools/golden/makemore_models.py (PyTorch 1.13
 * restating makemore.py's models, built after {@code torch.manual_seed(3407)} and the randperm
 * split).
 */
@SuppressWarnings("try")
class MakemoreModelsTest {
  @TempDir Path dir;

  private static MakemoreConfig tiny(String type, CharDataset d) {
    return new MakemoreConfig(type, d.vocabSize(), d.outputLength(), 2, 2, 8, 8);
  }

  @Test
  void encodesExamplesAsMakemoreDoes() {
    CharDataset d = new CharDataset(List.of("abc", "ba"), new int[] {'a', 'b', 'c'}, 4);
    assertEquals(4, d.vocabSize());
    assertEquals(5, d.outputLength());
    Batch b = d.batch(new long[] {0, 1});
    assertArrayEquals(new long[] {0, 1, 2, 3, 0, 0, 2, 1, 0, 0}, b.x().toLongArray());
    assertArrayEquals(new long[] {1, 2, 3, 0, -1, 2, 1, 0, -1, -1}, b.y().toLongArray());
    assertEquals("cab", d.decode(d.encode("cab")));
    assertArrayEquals(new int[] {'a', 'b', 'c', 'z'}, CharDataset.vocabulary(List.of("zab", "ca")));
  }

  @Test
  void refusesBadWordsAndIndices() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CharDataset(List.of("abcde"), new int[] {'a', 'b', 'c', 'd', 'e'}, 4));
    assertThrows(
        IllegalArgumentException.class, () -> new CharDataset(List.of("ax"), new int[] {'a'}, 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CharDataset(List.of("a"), new int[] {'b', 'a'}, 4));
    CharDataset d = new CharDataset(List.of("ab"), new int[] {'a', 'b'}, 2);
    assertThrows(IllegalArgumentException.class, () -> d.batch(new long[] {1}));
    assertThrows(IllegalArgumentException.class, () -> d.decode(new long[] {3}));
    assertThrows(
        IllegalArgumentException.class,
        () -> CharDataset.split(WORDS.subList(0, 9), new Generator(1)));
  }

  @Test
  void splitsTenPercentUpToAThousand() {
    assertEquals(1, CharDataset.testSetSize(10));
    assertEquals(1, CharDataset.testSetSize(19));
    assertEquals(1000, CharDataset.testSetSize(32033));
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 57; i++) {
      words.add("w" + (char) ('a' + i % 26) + (char) ('a' + i / 26));
    }
    CharDataset.Split s = CharDataset.split(words, new Generator(7));
    assertEquals(5, s.test().size());
    assertEquals(52, s.train().size());
    Set<String> all = new HashSet<>(s.train().words());
    all.addAll(s.test().words());
    assertEquals(new HashSet<>(words), all);
  }

  /**
   * Golden from tools/golden/makemore_loader.py: torch's DataLoader seeding of makemore's samplers.
   */
  @Test
  void drawsBatchesAndEvaluationOrdersAsMakemoresDataLoadersDo() throws Exception {
    Map<String, Tensor> g =
        TensorFiles.load(
            Path.of(getClass().getResource("/golden/makemore/loader.safetensors").toURI()));
    Generator global = new Generator(3407);
    Generator batches = CharDataset.loaderGenerator(global);
    assertArrayEquals(
        g.get("train0").toLongArray(), Tensor.randint(batches, 0, 31033, 3 * 32).toLongArray());
    assertArrayEquals(
        g.get("eval").toLongArray(), CharDataset.loaderGenerator(global).randperm(1000));
    assertArrayEquals(
        g.get("train1").toLongArray(), Tensor.randint(batches, 0, 31033, 2 * 32).toLongArray());
    assertArrayEquals(
        g.get("global").toLongArray(), Tensor.randint(global, 0, 1000, 4).toLongArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bigram", "mlp", "rnn", "gru", "transformer"})
  void matchesPytorchAtInitialisation(String type) throws Exception {
    Map<String, Tensor> g =
        TensorFiles.load(
            Path.of(getClass().getResource("/golden/makemore/" + type + ".safetensors").toURI()));
    Generator gen = new Generator(3407);
    CharDataset.Split s = CharDataset.split(WORDS, gen);
    long[] perm = g.get("perm").toLongArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(WORDS.get((int) perm[i]), s.train().words().get(i));
    }
    assertEquals(WORDS.get((int) perm[perm.length - 1]), s.test().words().get(s.test().size() - 1));
    Batch b = s.train().batch(new long[] {0, 1, 2});
    assertArrayEquals(g.get("x").toLongArray(), b.x().toLongArray());
    assertArrayEquals(g.get("y").toLongArray(), b.y().toLongArray());
    LanguageModel m = tiny(type, s.train()).create(gen);
    try (var off = GradMode.disabled()) {
      float[] want = g.get("logits").toFloatArray();
      float[] got = m.forward(b.x()).contiguous().toFloatArray();
      assertEquals(want.length, got.length);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 2e-5, type + " logit " + i);
      }
      assertEquals(g.get("loss").item(), m.loss(b.x(), b.y()).item(), 2e-5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bigram", "mlp", "cnn", "rnn", "gru", "lstm", "transformer"})
  void trainingLowersTheLossAndACheckpointReloadsExactly(String type) throws Exception {
    Generator g = new Generator(3407);
    CharDataset.Split s = CharDataset.split(WORDS, g);
    MakemoreConfig cfg = tiny(type, s.train());
    LanguageModel m = cfg.create(g);
    AdamW opt = new AdamW(List.of(new ParamGroup(m.parameters(), 0.01)), 1e-2, 0.9, 0.99, 1e-8);
    Batch b = s.train().batch(new long[] {0, 1, 2, 3, 4, 5});
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 25; step++) {
      Tensor loss = m.loss(b.x(), b.y());
      opt.zeroGrad();
      loss.backward();
      opt.step();
      last = loss.item();
      first = step == 0 ? last : first;
    }
    assertTrue(last < first - 0.3, type + ": loss " + first + " -> " + last);
    double eval = m.evaluate(s.train(), 4, 1, g).loss();
    assertTrue(Double.isFinite(eval) && eval > 0, type + ": evaluate gave " + eval);

    Path file = dir.resolve(type + ".safetensors");
    TensorFiles.save(m.stateDict(), file);
    LanguageModel fresh = MakemoreConfig.fromJson(cfg.toJson()).create(new Generator(99));
    fresh.loadStateDict(TensorFiles.load(file), true);
    m.train(false);
    fresh.train(false);
    try (var off = GradMode.disabled()) {
      assertArrayEquals(
          m.forward(b.x()).contiguous().toFloatArray(),
          fresh.forward(b.x()).contiguous().toFloatArray());
    }
  }

  @Test
  void generatesWithinTheVocabularyAndHonoursTopK() {
    Generator g = new Generator(5);
    CharDataset.Split s = CharDataset.split(WORDS, g);
    LanguageModel m = tiny("transformer", s.train()).create(g);
    Tensor out = m.generate(Tensor.zeros(DType.INT64, 4, 1), s.train().outputLength() + 3, g);
    assertArrayEquals(new int[] {4, s.train().outputLength() + 4}, out.shape());
    for (long id : out.toLongArray()) {
      assertTrue(id >= 0 && id < s.train().vocabSize());
    }
    BigramLM bigram = new BigramLM(5);
    try (var off = GradMode.disabled()) {
      bigram
          .parameters()
          .get(0)
          .copy_(
              Tensor.fromArray(
                  new float[] {
                    0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4
                  },
                  5,
                  5));
    }
    for (long id :
        bigram
            .generate(Tensor.zeros(DType.INT64, 8, 1), 10, SamplingConfig.DEFAULT.withTopK(2), g)
            .toLongArray()) {
      assertTrue(id == 0 || id >= 3, "top-2 keeps ids 3 and 4, got " + id);
    }
    assertThrows(
        IllegalArgumentException.class, () -> m.generate(Tensor.zeros(DType.INT64, 1, 2, 1), 3, g));
    assertThrows(
        IllegalArgumentException.class, () -> m.generate(Tensor.zeros(DType.INT64, 1, 1), -1, g));
  }

  @Test
  void configRefusesUnknownTypesAndBadSizes() {
    assertThrows(IllegalArgumentException.class, () -> new MakemoreConfig("bow", 27, 16));
    assertThrows(
        IllegalArgumentException.class,
        () -> new MakemoreConfig("transformer", 27, 16, 4, 3, 64, 64));
    assertThrows(IllegalArgumentException.class, () -> new MakemoreConfig("rnn", 0, 16));
    assertThrows(
        IllegalArgumentException.class, () -> MakemoreConfig.fromJson("{\"type\": \"rnn\"}"));
    MakemoreConfig c = new MakemoreConfig("gru", 27, 16);
    assertEquals(c, MakemoreConfig.fromJson(c.toJson()));
    LanguageModel t = new MakemoreConfig("transformer", 27, 16).create(new Generator(1));
    assertThrows(IllegalArgumentException.class, () -> t.forward(Tensor.zeros(DType.INT64, 1, 17)));
    assertThrows(
        IllegalArgumentException.class,
        () -> t.loss(Tensor.zeros(DType.INT64, 1, 4), Tensor.zeros(DType.INT64, 1, 5)));
  }
}
