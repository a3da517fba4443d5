package io.github.zth.gpt;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import io.github.zth.data.CharDataset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * makemore.py's batches: training words drawn with replacement by an {@code InfiniteDataLoader}
 * whose sampler has its own generator ({@link CharDataset#loaderGenerator}), and every evaluation a
 * fresh shuffled pass of {@value #EVAL_BATCH} words per batch over the training and the test words.
 * makemore evaluates after step {@code s} when {@code s > 0 && s % evalInterval == 0}, and after
 * the last step; as a {@link Trainer} counts steps taken, that is at {@code s + 1} steps.
 *
 * <pre>{@code
 * Generator g = new Generator(3407);
 * CharDataset.Split split = CharDataset.split(words, g);
 * LanguageModel model = new MakemoreConfig("transformer", vocab, block).create(g);
 * Trainer t = new Trainer(model, new WordBatches(split, g), TrainerConfig.makemore());
 * }</pre>
 */
public final class WordBatches implements BatchSource {

  /** makemore's evaluation batch size. */
  public static final int EVAL_BATCH = 100;

  private final CharDataset train;
  private final CharDataset test;
  private final Generator global;
  private final Generator loader;

  /**
   * Batches of {@code split}; draws the training loader's seed from {@code global} now, as
   * makemore's {@code InfiniteDataLoader} does when it is built.
   *
   * @param split the training and test words
   * @param global makemore's global generator: evaluation shuffles come from it
   */
  public WordBatches(CharDataset.Split split, Generator global) {
    this.train = split.train();
    this.test = split.test();
    this.global = global;
    this.loader = CharDataset.loaderGenerator(global);
  }

  @Override
  public long[] draw(int batchSize, int blockSize) {
    return Tensor.randint(loader, 0, train.size(), batchSize).toLongArray();
  }

  @Override
  public Batch batch(long[] rows, int blockSize) {
    return train.batch(rows);
  }

  /**
   * makemore's {@code evaluate(model, dataset, batch_size=100, max_batches=10)}: {@code evalIters}
   * batches.
   */
  @Override
  public Estimate estimate(LanguageModel model, TrainerConfig config, int step) {
    Evaluation tr =
        model.evaluate(
            train, EVAL_BATCH, config.evalIters() - 1, CharDataset.loaderGenerator(global));
    Evaluation te =
        model.evaluate(
            test, EVAL_BATCH, config.evalIters() - 1, CharDataset.loaderGenerator(global));
    return new Estimate(step, tr, te);
  }

  @Override
  public boolean evaluationDue(int step, TrainerConfig config) {
    return step >= config.maxIters() || (step > 1 && (step - 1) % config.evalInterval() == 0);
  }

  @Override
  public Map<String, Generator> generators() {
    Map<String, Generator> m = new LinkedHashMap<>();
    m.put("batches", loader);
    m.put("global", global);
    return m;
  }
}
