package io.github.zth.gpt;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import io.github.zth.data.TokenData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nanoGPT's batches: {@code get_batch(split)}'s random windows of a token stream, and {@code
 * estimate_loss}, the mean loss over {@code evalIters} random batches of each split, all drawn from
 * one generator. Given the model's own generator ({@code GPT.generator()}), batches, estimates and
 * dropout share one stream as they share torch's default generator in {@code train.py}, so a run
 * reproduces nanoGPT's batches.
 *
 * <pre>{@code
 * GPT model = new GPT(config, new Generator(1337));
 * Trainer t = new Trainer(model, new RandomWindows(new TokenData(tokens), model.generator()), new TrainerConfig());
 * }</pre>
 */
public final class RandomWindows implements BatchSource {

  private final TokenData data;
  private final Generator generator;

  /**
   * Windows of {@code data}, drawn from {@code generator}.
   *
   * @param data the train and val token streams
   * @param generator the random source of every window
   */
  public RandomWindows(TokenData data, Generator generator) {
    this.data = data;
    this.generator = generator;
  }

  @Override
  public long[] draw(int batchSize, int blockSize) {
    return data.offsets(TokenData.Split.TRAIN, batchSize, blockSize, generator);
  }

  @Override
  public Batch batch(long[] rows, int blockSize) {
    return data.batchAt(TokenData.Split.TRAIN, rows, blockSize);
  }

  @Override
  public Estimate estimate(LanguageModel model, TrainerConfig config, int step) {
    Evaluation[] out = new Evaluation[2];
    for (TokenData.Split split : TokenData.Split.values()) {
      double sum = 0;
      long tokens = 0;
      for (int k = 0; k < config.evalIters(); k++) {
        Batch b = data.getBatch(split, config.batchSize(), model.blockSize(), generator);
        sum += model.loss(b.x(), b.y()).item();
        tokens += b.y().numel();
      }
      out[split.ordinal()] =
          Evaluation.ofMeanNll(sum / config.evalIters(), tokens); // equal-sized batches
    }
    return new Estimate(step, out[0], out[1]);
  }

  @Override
  public Map<String, Generator> generators() {
    Map<String, Generator> m = new LinkedHashMap<>();
    m.put("batches", generator);
    return m;
  }
}
