package io.github.zth.gpt;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import java.util.Map;

/**
 * Where a {@link Trainer}'s batches and evaluations come from: the part in which nanoGPT's {@code
 * train.py} ({@link RandomWindows}) and makemore.py ({@link WordBatches}) differ. The trainer owns
 * the loop, the optimizer, the schedule, the checkpoints and resume; a source only draws.
 *
 * <p>A batch is named by its row indices (window offsets, word indices) so that the trainer can
 * keep the already drawn next batch in its {@link TrainState} and resume exactly; every random draw
 * comes from the generators {@link #generators()} names, whose states the checkpoint keeps.
 */
public interface BatchSource {

  /**
   * Draws the row indices of the next training batch.
   *
   * @param batchSize rows per batch, positive
   * @param blockSize the model's longest context
   * @return the row indices
   */
  long[] draw(int batchSize, int blockSize);

  /**
   * The training batch those indices name.
   *
   * @param rows row indices from {@link #draw} (or from a saved state)
   * @param blockSize the model's longest context
   * @return inputs and targets
   * @throws IllegalArgumentException if an index does not fit the data
   */
  Batch batch(long[] rows, int blockSize);

  /**
   * Evaluates the model on the training and the held-out data. The trainer has already put the
   * model in evaluation mode and switched gradients off.
   *
   * @param config the run's settings ({@code batchSize}, {@code evalIters})
   * @param step the optimizer steps taken, recorded in the estimate
   * @return both evaluations
   */
  Estimate estimate(LanguageModel model, TrainerConfig config, int step);

  /**
   * Whether an evaluation is due once {@code step} optimizer steps have been taken. nanoGPT's rule
   * by default: at every multiple of {@code evalInterval}, step 0 included, and at the end.
   *
   * @param step the optimizer steps taken
   * @param config the run's settings
   * @return whether to evaluate now
   */
  default boolean evaluationDue(int step, TrainerConfig config) {
    return step % config.evalInterval() == 0 || step >= config.maxIters();
  }

  /**
   * The generators this source draws from, by role, in a fixed order. A checkpoint saves their
   * states and {@link Trainer#resume} restores them into the generators of a source built as the
   * original was; two roles may share one generator.
   *
   * @return the generators by role
   */
  Map<String, Generator> generators();
}
