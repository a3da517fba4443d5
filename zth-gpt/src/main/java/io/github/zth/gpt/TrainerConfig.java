package io.github.zth.gpt;

/**
 * Training settings, named after nanoGPT's {@code train.py} globals; {@link #shakespeareChar()} holds
 * the values of its {@code config/train_shakespeare_char.py}.
 *
 * @param batchSize sequences per micro-batch
 * @param maxIters optimizer steps in total
 * @param learningRate peak learning rate
 * @param minLr final learning rate of the cosine decay
 * @param warmupIters linear warmup steps
 * @param lrDecayIters step at which the decay reaches {@code minLr}
 * @param weightDecay AdamW decay on ≥2-D weights (others get 0)
 * @param beta1 AdamW β1
 * @param beta2 AdamW β2
 * @param gradClip clip the gradient norm to this (0 = off)
 * @param gradAccum micro-batches per step
 * @param evalInterval steps between loss estimates
 * @param evalIters batches per split in each estimate
 */
public record TrainerConfig(int batchSize, int maxIters, double learningRate, double minLr, int warmupIters,
    int lrDecayIters, double weightDecay, double beta1, double beta2, double gradClip, int gradAccum,
    int evalInterval, int evalIters) {

  /**
   * Checks the settings.
   *
   * @param batchSize see the record description
   * @param maxIters see the record description
   * @param learningRate see the record description
   * @param minLr see the record description
   * @param warmupIters see the record description
   * @param lrDecayIters see the record description
   * @param weightDecay see the record description
   * @param beta1 see the record description
   * @param beta2 see the record description
   * @param gradClip see the record description
   * @param gradAccum see the record description
   * @param evalInterval see the record description
   * @param evalIters see the record description
   * @throws IllegalArgumentException if a count is not positive or a rate is negative
   */
  public TrainerConfig {
    if (batchSize <= 0 || maxIters < 0 || gradAccum <= 0 || evalInterval <= 0 || evalIters <= 0 || warmupIters < 0
        || lrDecayIters <= warmupIters) {
      throw new IllegalArgumentException("TrainerConfig: need positive batch_size, grad_accum, eval_interval, eval_iters,"
          + " max_iters >= 0 and 0 <= warmup_iters < lr_decay_iters; got batch_size " + batchSize + ", max_iters " + maxIters
          + ", grad_accum " + gradAccum + ", eval_interval " + evalInterval + ", eval_iters " + evalIters + ", warmup_iters "
          + warmupIters + ", lr_decay_iters " + lrDecayIters);
    }
    if (!(learningRate >= 0) || !(minLr >= 0) || minLr > learningRate || !(weightDecay >= 0) || !(gradClip >= 0)
        || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("TrainerConfig: need 0 <= min_lr <= learning_rate, weight_decay >= 0, grad_clip >= 0,"
          + " betas in [0, 1); got lr " + learningRate + ", min_lr " + minLr + ", weight_decay " + weightDecay + ", grad_clip "
          + gradClip + ", betas (" + beta1 + ", " + beta2 + ")");
    }
  }

  /**
   * nanoGPT's shakespeare_char settings: batch 64, 5000 iters, lr 1e-3 → 1e-4, warmup 100, decay 0.1,
   * betas (0.9, 0.99), clip 1.0, eval every 250 steps over 200 batches.
   *
   * @return the settings
   */
  public static TrainerConfig shakespeareChar() {
    return new TrainerConfig(64, 5000, 1e-3, 1e-4, 100, 5000, 0.1, 0.9, 0.99, 1.0, 1, 250, 200);
  }
}
