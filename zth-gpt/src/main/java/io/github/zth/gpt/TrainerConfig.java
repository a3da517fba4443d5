package io.github.zth.gpt;

/**
 * Training settings, named after nanoGPT's {@code train.py} globals. {@code new TrainerConfig()}
 * holds train.py's own defaults, {@link #shakespeareChar()} its {@code
 * config/train_shakespeare_char.py} and {@link #makemore()} makemore.py's; change one setting with
 * a {@code with...} method, as with {@link GPTConfig}:
 *
 * <pre>{@code
 * TrainerConfig c = TrainerConfig.shakespeareChar().withMaxIters(2000).withLrDecayIters(2000).withBatchSize(12);
 * }</pre>
 *
 * @param batchSize sequences per micro-batch
 * @param maxIters optimizer steps in total
 * @param learningRate peak learning rate (the constant one when {@code decayLr} is off)
 * @param minLr final learning rate of the cosine decay
 * @param warmupIters linear warmup steps
 * @param lrDecayIters step at which the decay reaches {@code minLr}
 * @param decayLr whether the learning rate follows warmup and cosine decay (nanoGPT's {@code
 *     decay_lr}); off keeps it constant
 * @param weightDecay AdamW's weight decay
 * @param decayAllParams whether every parameter gets the weight decay (makemore's one AdamW group)
 *     rather than the ≥2-D weights only (nanoGPT's {@code configure_optimizers})
 * @param beta1 AdamW β1
 * @param beta2 AdamW β2
 * @param gradClip clip the gradient norm to this (0 = off)
 * @param gradAccum micro-batches per step
 * @param evalInterval steps between evaluations
 * @param evalIters batches per split in each evaluation
 */
public record TrainerConfig(
    int batchSize,
    int maxIters,
    double learningRate,
    double minLr,
    int warmupIters,
    int lrDecayIters,
    boolean decayLr,
    double weightDecay,
    boolean decayAllParams,
    double beta1,
    double beta2,
    double gradClip,
    int gradAccum,
    int evalInterval,
    int evalIters) {

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if a count is not positive, a rate is negative or the
   *     schedule's steps are out of order
   */
  public TrainerConfig {
    if (batchSize <= 0
        || maxIters < 0
        || gradAccum <= 0
        || evalInterval <= 0
        || evalIters <= 0
        || warmupIters < 0
        || lrDecayIters <= warmupIters) {
      throw new IllegalArgumentException(
          "TrainerConfig: need positive batch_size, grad_accum, eval_interval, eval_iters,"
              + " max_iters >= 0 and 0 <= warmup_iters < lr_decay_iters; got batch_size "
              + batchSize
              + ", max_iters "
              + maxIters
              + ", grad_accum "
              + gradAccum
              + ", eval_interval "
              + evalInterval
              + ", eval_iters "
              + evalIters
              + ", warmup_iters "
              + warmupIters
              + ", lr_decay_iters "
              + lrDecayIters);
    }
    if (!(learningRate >= 0)
        || !(minLr >= 0)
        || (decayLr && minLr > learningRate)
        || !(weightDecay >= 0)
        || !(gradClip >= 0)
        || !(beta1 >= 0 && beta1 < 1)
        || !(beta2 >= 0 && beta2 < 1)
        || Double.isInfinite(learningRate)
        || Double.isInfinite(weightDecay)
        || Double.isInfinite(gradClip)) {
      throw new IllegalArgumentException(
          "TrainerConfig: need finite 0 <= min_lr <= learning_rate (with decay_lr),"
              + " weight_decay >= 0, grad_clip >= 0, betas in [0, 1); got lr "
              + learningRate
              + ", min_lr "
              + minLr
              + ", weight_decay "
              + weightDecay
              + ", grad_clip "
              + gradClip
              + ", betas ("
              + beta1
              + ", "
              + beta2
              + ")");
    }
  }

  /**
   * nanoGPT's {@code train.py} defaults: batch 12, 600000 iters, lr 6e-4 → 6e-5 with warmup 2000
   * and decay to 600000, weight decay 0.1 on ≥2-D weights, betas (0.9, 0.95), clip 1.0, 40
   * micro-batches per step (5 × 8, its single-process count), evaluation every 2000 steps over 200
   * batches.
   */
  public TrainerConfig() {
    this(12, 600000, 6e-4, 6e-5, 2000, 600000, true, 0.1, false, 0.9, 0.95, 1.0, 40, 2000, 200);
  }

  /**
   * The settings without the two switches, for nanoGPT-style runs: the learning rate decays and
   * weight decay applies to ≥2-D weights only.
   */
  public TrainerConfig(
      int batchSize,
      int maxIters,
      double learningRate,
      double minLr,
      int warmupIters,
      int lrDecayIters,
      double weightDecay,
      double beta1,
      double beta2,
      double gradClip,
      int gradAccum,
      int evalInterval,
      int evalIters) {
    this(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        true,
        weightDecay,
        false,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * nanoGPT's shakespeare_char settings: batch 64, 5000 iters, lr 1e-3 → 1e-4, warmup 100, decay
   * 0.1, betas (0.9, 0.99), clip 1.0, one micro-batch, eval every 250 steps over 200 batches.
   *
   * @return the settings
   */
  public static TrainerConfig shakespeareChar() {
    return new TrainerConfig(64, 5000, 1e-3, 1e-4, 100, 5000, 0.1, 0.9, 0.99, 1.0, 1, 250, 200);
  }

  /**
   * makemore.py's settings: batch 32, a constant lr 5e-4, AdamW with weight decay 0.01 on every
   * parameter and betas (0.9, 0.99), no clipping, a test evaluation every 500 steps over 11 batches
   * (its {@code evaluate(max_batches=10)} reads batches 0 to 10). makemore runs until stopped; 5000
   * steps here.
   *
   * @return the settings
   */
  public static TrainerConfig makemore() {
    return new TrainerConfig(
        32, 5000, 5e-4, 0, 0, 5000, false, 0.01, true, 0.9, 0.99, 0, 1, 500, 11);
  }

  /**
   * Returns a copy with a new {@code batch_size}.
   *
   * @param v sequences per micro-batch
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withBatchSize(int v) {
    return new TrainerConfig(
        v,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code max_iters}.
   *
   * @param v optimizer steps in total
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withMaxIters(int v) {
    return new TrainerConfig(
        batchSize,
        v,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code learning_rate}.
   *
   * @param v peak learning rate (the constant one when {@code decayLr} is off)
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withLearningRate(double v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        v,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code min_lr}.
   *
   * @param v final learning rate of the cosine decay
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withMinLr(double v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        v,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code warmup_iters}.
   *
   * @param v linear warmup steps
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withWarmupIters(int v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        v,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code lr_decay_iters}.
   *
   * @param v step at which the decay reaches {@code minLr}
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withLrDecayIters(int v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        v,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code decay_lr}.
   *
   * @param v whether the learning rate follows warmup and cosine decay (nanoGPT's {@code
   *     decay_lr}); off keeps it constant
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withDecayLr(boolean v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        v,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code weight_decay}.
   *
   * @param v AdamW's weight decay
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withWeightDecay(double v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        v,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code decay_all_params}.
   *
   * @param v whether every parameter gets the weight decay (makemore's one AdamW group) rather than
   *     the ≥2-D weights only (nanoGPT's {@code configure_optimizers})
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withDecayAllParams(boolean v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        v,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code beta1}.
   *
   * @param v AdamW β1
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withBeta1(double v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        v,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code beta2}.
   *
   * @param v AdamW β2
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withBeta2(double v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        v,
        gradClip,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code grad_clip}.
   *
   * @param v clip the gradient norm to this (0 = off)
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withGradClip(double v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        v,
        gradAccum,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code gradient_accumulation_steps}.
   *
   * @param v micro-batches per step
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withGradAccum(int v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        v,
        evalInterval,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code eval_interval}.
   *
   * @param v steps between evaluations
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withEvalInterval(int v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        v,
        evalIters);
  }

  /**
   * Returns a copy with a new {@code eval_iters}.
   *
   * @param v batches per split in each evaluation
   * @return the new settings
   * @throws IllegalArgumentException if the result is invalid
   */
  public TrainerConfig withEvalIters(int v) {
    return new TrainerConfig(
        batchSize,
        maxIters,
        learningRate,
        minLr,
        warmupIters,
        lrDecayIters,
        decayLr,
        weightDecay,
        decayAllParams,
        beta1,
        beta2,
        gradClip,
        gradAccum,
        evalInterval,
        v);
  }
}
