package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import io.github.zth.data.CharDataset;
import io.github.zth.data.TokenData;
import io.github.zth.data.TokenFile;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.makemore.MakemoreConfig;
import io.github.zth.testing.TinyNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

  static final String TEXT =
      "the quick brown fox jumps over the lazy dog. ".repeat(40)
          + "pack my box with five dozen liquor jugs! ".repeat(40);
  static final CharTokenizer TOK = CharTokenizer.fromText(TEXT);
  static final GPTConfig CONFIG =
      new GPTConfig(
          16, TOK.vocabSize(), 2, 2, 16, 0.1, false); // dropout on: its RNG must resume too
  static final TrainerConfig TRAIN =
      new TrainerConfig(4, 12, 3e-3, 3e-4, 2, 12, 0.1, 0.9, 0.99, 1.0, 2, 5, 2);

  static Trainer fresh() {
    return new Trainer(new GPT(CONFIG, new Generator(42)), windows(new Generator(7)), TRAIN);
  }

  static RandomWindows windows(Generator g) {
    return new RandomWindows(new TokenData(TOK.encode(TEXT)), g);
  }

  static Checkpoint target(Path dir, GPT model) {
    return Checkpoint.of(dir, model).withTokenizer(TOK);
  }

  static void assertSameWeights(LanguageModel a, LanguageModel b) {
    Map<String, Tensor> x = a.stateDict();
    Map<String, Tensor> y = b.stateDict();
    assertEquals(x.keySet(), y.keySet());
    for (String k : x.keySet()) {
      assertArrayEquals(x.get(k).toFloatArray(), y.get(k).toFloatArray(), 0f, k);
    }
  }

  @Test
  void resumedRunIsBitIdenticalToAnUninterruptedOne(@TempDir Path tmp) throws Exception {
    Trainer full = fresh();
    for (int i = 0; i < 7; i++) {
      full.step();
    }
    Trainer first = fresh();
    for (int i = 0; i < 4; i++) {
      first.step();
    }
    first.save(target(tmp.resolve("ckpt"), (GPT) first.model()));
    // separate generators for batches (7) and dropout (42): both must come back
    Trainer resumed =
        Trainer.resume(
            tmp.resolve("ckpt"),
            new GPT(CONFIG, new Generator(0)),
            windows(new Generator(0)),
            TRAIN);
    assertEquals(4, resumed.iter());
    for (int i = 0; i < 3; i++) {
      resumed.step();
    }
    assertSameWeights(full.model(), resumed.model());
    assertEquals(full.step(), resumed.step(), 0.0);
  }

  @Test
  void aGptRunInterruptedAtAnEvaluationContinuesBitForBit(@TempDir Path tmp) throws Exception {
    TrainerConfig ten = TRAIN.withMaxIters(10);
    GPT m1 = new GPT(CONFIG, new Generator(42));
    TrainResult full = new Trainer(m1, windows(m1.generator()), ten).train();
    GPT m2 = new GPT(CONFIG, new Generator(42));
    new Trainer(m2, windows(m2.generator()), ten.withMaxIters(5))
        .train(target(tmp, m2)); // saves at 5: val fell
    GPT m3 = Checkpoint.loadModel(tmp); // as gpt train --resume: one stream for batches and dropout
    Trainer resumed = Trainer.resume(tmp, m3, windows(m3.generator()), ten);
    assertEquals(5, resumed.iter());
    List<Integer> evalSteps = new ArrayList<>();
    resumed.addListener(
        new TrainingListener() {
          @Override
          public void onEval(Estimate e) {
            evalSteps.add(e.step());
          }
        });
    TrainResult rest = resumed.train();
    assertEquals(full.last(), rest.last()); // the estimate at 5 is not drawn twice
    assertEquals(full.best(), rest.best());
    assertEquals(full.lastLoss(), rest.lastLoss(), 0.0);
    assertEquals(List.of(10), evalSteps);
    assertSameWeights(m1, resumed.model());
  }

  /**
   * makemore's policy through the same Trainer: its own batch generator, evaluations after step 4
   * and 8.
   */
  @Test
  void aMakemoreRunInterruptedAndResumedEqualsTheUninterruptedRun(@TempDir Path tmp)
      throws Exception {
    List<String> words = TinyNames.WORDS;
    TrainerConfig tc =
        TrainerConfig.makemore().withBatchSize(4).withLearningRate(1e-2).withEvalInterval(4);
    List<String> fullLog = new ArrayList<>();
    Trainer full = makemore(words, tc.withMaxIters(11), fullLog);
    TrainResult whole = full.train();

    MakemoreConfig mc = makemoreConfig(CharDataset.split(words, new Generator(3407)));
    List<String> firstLog = new ArrayList<>();
    Trainer first = makemore(words, tc.withMaxIters(6), firstLog);
    first.train(Checkpoint.of(tmp, mc.toJson())); // evaluates at 5 (after step 4) and 6 (the end)
    TrainState saved =
        TrainState.fromJson("trainer.json", Files.readString(tmp.resolve(Checkpoint.TRAINER)));
    int at = saved.step();
    assertTrue(at == 5 || at == 6, "saved at an evaluation: " + at);

    Generator g = new Generator(3407);
    CharDataset.Split split = CharDataset.split(words, g);
    LanguageModel model = makemoreConfig(split).create(g);
    List<String> restLog = new ArrayList<>();
    Trainer resumed = Trainer.resume(tmp, model, new WordBatches(split, g), tc.withMaxIters(11));
    resumed.addListener(logger(restLog));
    TrainResult rest = resumed.train();
    assertEquals(whole, rest);
    assertEquals(fullLog.subList(fullLog.indexOf("step " + (at + 1)), fullLog.size()), restLog);
    assertSameWeights(full.model(), resumed.model());
  }

  private static Trainer makemore(List<String> words, TrainerConfig tc, List<String> log) {
    Generator g = new Generator(3407);
    CharDataset.Split split = CharDataset.split(words, g);
    LanguageModel model = makemoreConfig(split).create(g);
    Trainer t = new Trainer(model, new WordBatches(split, g), tc);
    t.addListener(logger(log));
    return t;
  }

  private static MakemoreConfig makemoreConfig(CharDataset.Split split) {
    return new MakemoreConfig(
        "transformer", split.train().vocabSize(), split.train().outputLength(), 1, 2, 8, 8);
  }

  /** Records the steps' losses and the evaluations. */
  private static TrainingListener logger(List<String> log) {
    return new TrainingListener() {
      @Override
      public void onStep(int step, double loss, double lr, double millis) {
        log.add("step " + (step + 1));
        log.add("loss " + loss);
      }

      @Override
      public void onEval(Estimate e) {
        log.add("eval " + e);
      }
    };
  }

  @Test
  void trainingLowersTheLossAndSavesTheBestCheckpoint(@TempDir Path tmp) throws Exception {
    Trainer t = fresh();
    List<Estimate> evals = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    t.addListener(
        new TrainingListener() {
          @Override
          public void onStep(int step, double loss, double lr, double millis) {
            losses.add(loss);
          }

          @Override
          public void onEval(Estimate e) {
            evals.add(e);
          }
        });
    TrainResult r = t.train(target(tmp.resolve("out"), (GPT) t.model()));
    assertEquals(12, losses.size());
    assertEquals(12, r.steps());
    assertEquals(losses.get(11), r.lastLoss(), 0.0);
    assertEquals(4, evals.size()); // steps 0, 5, 10 and the end (12), as nanoGPT
    assertEquals(0, evals.get(0).step());
    assertEquals(evals.get(3), r.last());
    assertEquals(
        evals.stream().min(java.util.Comparator.comparingDouble(e -> e.val().loss())).orElseThrow(),
        r.best());
    assertTrue(
        r.last().train().loss() < losses.get(0),
        "train loss should fall: " + losses.get(0) + " -> " + r.last());
    for (Estimate e : evals) { // equal-sized batches: perplexity is exp of the reported loss
      assertEquals(Math.exp(e.val().loss()), e.val().perplexity(), 0.0);
      assertEquals(2L * 4 * 16, e.val().tokens()); // eval_iters x batch x block
    }
    assertTrue(Files.isRegularFile(tmp.resolve("out/model.safetensors")));
    assertEquals(TOK.itos(), Checkpoint.loadTokenizer(tmp.resolve("out")).itos());
    GPT loaded = Checkpoint.loadModel(tmp.resolve("out"));
    assertEquals(CONFIG, loaded.config());
  }

  @Test
  void aDamagedOrForeignTrainStateIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
    Trainer t = fresh();
    t.step();
    Path dir = tmp.resolve("ckpt");
    t.save(target(dir, (GPT) t.model()));
    TrainState st = TrainState.fromJson("x", Files.readString(dir.resolve(Checkpoint.TRAINER)));
    assertEquals(1, st.step());
    assertEquals(List.of("batches", "model"), List.copyOf(st.generators().keySet()));
    // a GPT checkpoint resumed under makemore's policy: the generator roles differ
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Trainer.resume(
                    dir,
                    new GPT(CONFIG, new Generator(0)),
                    new WordBatches(
                        CharDataset.split(TinyNames.WORDS, new Generator(1)), new Generator(1)),
                    TRAIN));
    assertTrue(
        e.getMessage().contains("generators") && e.getMessage().contains("trainer.json"),
        e.getMessage());
    Files.writeString(
        dir.resolve(Checkpoint.TRAINER),
        Files.readString(dir.resolve(Checkpoint.TRAINER))
            .replace("\"step\": 1", "\"step\": \"one\""));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Trainer.resume(
                    dir, new GPT(CONFIG, new Generator(0)), windows(new Generator(0)), TRAIN));
    assertTrue(
        e.getMessage().contains("trainer.json") && e.getMessage().contains("\"step\""),
        e.getMessage());
  }

  @Test
  void aDivergedRunsStateSavesAndLoadsBackExactly() {
    Estimate diverged =
        new Estimate(
            3,
            new Evaluation(Double.NaN, 40, Double.NaN),
            new Evaluation(1e300, 40, Double.POSITIVE_INFINITY));
    TrainState st =
        new TrainState(
            4,
            4,
            new long[] {7, 0},
            Optional.of(diverged),
            Optional.of(
                new Estimate(1, Evaluation.ofMeanNll(2.5, 40), Evaluation.ofMeanNll(-0.0, 40))),
            Map.of("batches", new byte[] {1, 2}));
    TrainState back = TrainState.fromJson("trainer.json", st.toJson());
    assertEquals(st.last(), back.last());
    assertEquals(st.best(), back.best());
    assertEquals(st.toJson(), back.toJson());
  }

  @Test
  void configHasNanoGptsDefaultsAndWithMethods() {
    TrainerConfig d = new TrainerConfig();
    assertEquals(12, d.batchSize());
    assertEquals(600000, d.maxIters());
    assertEquals(6e-4, d.learningRate());
    assertEquals(6e-5, d.minLr());
    assertEquals(2000, d.warmupIters());
    assertEquals(0.95, d.beta2());
    assertEquals(40, d.gradAccum());
    assertTrue(d.decayLr() && !d.decayAllParams());
    TrainerConfig c =
        d.withBatchSize(4)
            .withMaxIters(10)
            .withWarmupIters(2)
            .withLrDecayIters(10)
            .withEvalIters(3);
    assertEquals(
        List.of(4, 10, 10, 2, 3),
        List.of(c.batchSize(), c.maxIters(), c.lrDecayIters(), c.warmupIters(), c.evalIters()));
    assertEquals(d.learningRate(), c.learningRate());
    assertEquals(
        TrainerConfig.shakespeareChar(),
        new TrainerConfig()
            .withBatchSize(64)
            .withMaxIters(5000)
            .withLearningRate(1e-3)
            .withMinLr(1e-4)
            .withWarmupIters(100)
            .withLrDecayIters(5000)
            .withBeta2(0.99)
            .withGradAccum(1)
            .withEvalInterval(250));
    assertThrows(IllegalArgumentException.class, () -> d.withBatchSize(0));
    assertThrows(IllegalArgumentException.class, () -> d.withWarmupIters(600000));
    assertTrue(TrainerConfig.makemore().decayAllParams() && !TrainerConfig.makemore().decayLr());
  }

  @Test
  void getBatchShiftsTargetsByOne() {
    int[] tokens = new int[100];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = i;
    }
    TokenData d = new TokenData(tokens);
    assertEquals(90L, d.size(TokenData.Split.TRAIN));
    Batch b = d.getBatch(TokenData.Split.VAL, 3, 4, new Generator(1));
    long[] x = b.x().toLongArray();
    long[] y = b.y().toLongArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i] + 1, y[i]);
      assertTrue(x[i] >= 90);
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> d.getBatch(TokenData.Split.VAL, 3, 10, new Generator(1)));
    assertTrue(e.getMessage().contains("the val split has 10 tokens"), e.getMessage());
  }

  @Test
  void tokenFilesGiveTheSameBatchesAsTheInMemorySplit(@TempDir Path tmp) throws Exception {
    int[] tokens = TOK.encode(TEXT);
    int n = (int) (0.9 * tokens.length);
    Path train = tmp.resolve("train.bin");
    Path val = tmp.resolve("val.bin");
    TokenFile.write(train, java.util.Arrays.copyOfRange(tokens, 0, n));
    TokenFile.write(val, java.util.Arrays.copyOfRange(tokens, n, tokens.length));
    TokenData files = TokenData.of(TokenFile.open(train), TokenFile.open(val));
    TokenData memory = new TokenData(tokens);
    for (TokenData.Split split : TokenData.Split.values()) {
      assertEquals(memory.size(split), files.size(split));
      Batch a = memory.getBatch(split, 4, 8, new Generator(7));
      Batch b = files.getBatch(split, 4, 8, new Generator(7));
      assertArrayEquals(a.x().toLongArray(), b.x().toLongArray());
      assertArrayEquals(a.y().toLongArray(), b.y().toLongArray());
    }
  }
}
