package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import io.github.zth.data.Batch;
import io.github.zth.data.TokenFile;
import io.github.zth.data.tokenizer.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

  static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(40)
      + "pack my box with five dozen liquor jugs! ".repeat(40);
  static final CharTokenizer TOK = CharTokenizer.fromText(TEXT);
  static final GPTConfig CONFIG = new GPTConfig(16, TOK.vocabSize(), 2, 2, 16, 0.1, false); // dropout on: its RNG must resume too
  static final TrainerConfig TRAIN = new TrainerConfig(4, 12, 3e-3, 3e-4, 2, 12, 0.1, 0.9, 0.99, 1.0, 2, 5, 2);

  static Trainer fresh() {
    return new Trainer(new GPT(CONFIG, new Generator(42)), new TokenData(TOK.encode(TEXT)), TRAIN, new Generator(7));
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
    first.save(tmp.resolve("ckpt"), TOK);
    Trainer resumed = Trainer.resume(tmp.resolve("ckpt"), new TokenData(TOK.encode(TEXT)), TRAIN);
    assertEquals(4, resumed.iter());
    for (int i = 0; i < 3; i++) {
      resumed.step();
    }
    Map<String, Tensor> a = full.model().stateDict();
    Map<String, Tensor> b = resumed.model().stateDict();
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
    }
    assertEquals(full.step(), resumed.step(), 0.0);
  }

  @Test
  void runResumedFromAnEstimateCheckpointEqualsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    TrainerConfig ten = new TrainerConfig(4, 10, 3e-3, 3e-4, 2, 12, 0.1, 0.9, 0.99, 1.0, 2, 5, 2);
    TrainerConfig five = new TrainerConfig(4, 5, 3e-3, 3e-4, 2, 12, 0.1, 0.9, 0.99, 1.0, 2, 5, 2);
    GPT m1 = new GPT(CONFIG, new Generator(42));
    double[] full = new Trainer(m1, new TokenData(TOK.encode(TEXT)), ten, m1.generator()).train(null, TOK);
    GPT m2 = new GPT(CONFIG, new Generator(42));
    new Trainer(m2, new TokenData(TOK.encode(TEXT)), five, m2.generator()).train(tmp, TOK); // saves at 5: val fell
    Trainer resumed = Trainer.resume(tmp, new TokenData(TOK.encode(TEXT)), ten);
    assertEquals(5, resumed.iter());
    List<Integer> evalSteps = new ArrayList<>();
    resumed.addListener(new TrainingListener() {
      @Override
      public void onEval(int step, double trainLoss, double valLoss) {
        evalSteps.add(step);
      }
    });
    assertArrayEquals(full, resumed.train(null, TOK), 0.0); // the estimate at 5 is not drawn twice
    assertEquals(List.of(10), evalSteps);
    Map<String, Tensor> a = m1.stateDict();
    Map<String, Tensor> b = resumed.model().stateDict();
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
    }
  }

  @Test
  void trainingLowersTheLossAndSavesTheBestCheckpoint(@TempDir Path tmp) throws Exception {
    Trainer t = fresh();
    List<double[]> evals = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    t.addListener(new TrainingListener() {
      @Override
      public void onStep(int step, double loss, double lr, double millis) {
        losses.add(loss);
      }

      @Override
      public void onEval(int step, double trainLoss, double valLoss) {
        evals.add(new double[] {step, trainLoss, valLoss});
      }
    });
    double[] last = t.train(tmp.resolve("out"), TOK);
    assertEquals(12, losses.size());
    assertEquals(4, evals.size()); // steps 0, 5, 10 and the end (12), as nanoGPT
    assertEquals(0, evals.get(0)[0]);
    assertEquals(12, evals.get(3)[0]);
    assertTrue(last[0] < losses.get(0), "train loss should fall: " + losses.get(0) + " -> " + last[0]);
    assertTrue(Files.isRegularFile(tmp.resolve("out/model.safetensors")));
    assertEquals(TOK.itos(), Checkpoint.loadTokenizer(tmp.resolve("out")).itos());
    GPT loaded = Checkpoint.loadModel(tmp.resolve("out"));
    assertEquals(CONFIG, loaded.config());
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
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
