package io.github.zth.gpt;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import io.github.zth.data.CharDataset;
import io.github.zth.nn.LoadResult;
import io.github.zth.nn.Module;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A character- or token-level language model as makemore.py sees one: it maps a batch of contexts
 * {@code idx} (B, T) to next-token logits at every position (B, T, vocab), and optionally to the
 * mean cross-entropy against targets where {@code -1} marks positions to ignore.
 *
 * <p>Implementations are {@link Module}s: the module methods declared here ({@link #parameters()},
 * {@link #stateDict()}, ...) are the ones every {@code Module} already has.
 *
 * <pre>{@code
 * LanguageModel m = new MakemoreConfig("transformer", 27, 16).create(new Generator(3407));
 * Tensor loss = m.loss(batch.x(), batch.y());        // ignores the -1 padding
 * Tensor words = m.generate(Tensor.zeros(DType.INT64, 10, 1), 15, g);
 * }</pre>
 */
public interface LanguageModel {

  /**
   * Logits for every position.
   *
   * @param idx (B, T) INT64 token ids, T at most {@link #blockSize()}
   * @return (B, T, vocab)
   */
  Tensor forward(Tensor idx);

  /**
   * Returns the longest context the model reads; {@link #generate} crops to it.
   *
   * @return the longest context the model reads
   */
  int blockSize();

  /** How many token ids there are: the last dimension of {@link #forward}'s logits. */
  int vocabSize();

  /**
   * Returns the trainable parameters (as {@link Module#parameters()}).
   *
   * @return the trainable parameters
   */
  List<Tensor> parameters();

  /**
   * Returns the number of parameter elements (as {@link Module#numParameters()}).
   *
   * @return the number of parameter elements
   */
  long numParameters();

  /**
   * Returns the state dict (as {@link Module#stateDict()}).
   *
   * @return the parameters and buffers by dotted name
   */
  Map<String, Tensor> stateDict();

  /**
   * Loads a state dict (as {@link Module#loadStateDict}).
   *
   * @param state tensors by dotted name
   * @param strict whether missing and unexpected keys are errors
   * @return the keys missing and in excess
   */
  LoadResult loadStateDict(Map<String, Tensor> state, boolean strict);

  /**
   * Switches training mode (as {@link Module#train(boolean)}).
   *
   * @param mode true for training, false for evaluation
   * @return the module
   */
  Module train(boolean mode);

  /**
   * Whether dropout (and batch norm's batch statistics) are on, torch's {@code module.training}.
   */
  boolean isTraining();

  /**
   * The mean cross-entropy of the next-token predictions over the positions whose target is not
   * {@code -1}, as makemore's {@code F.cross_entropy(..., ignore_index=-1)}.
   *
   * @param idx (B, T) INT64 inputs
   * @param targets (B, T) INT64 next tokens, -1 where the loss ignores a position
   * @return a scalar loss
   * @throws IllegalArgumentException if the targets are not INT64 of the inputs' shape
   */
  default Tensor loss(Tensor idx, Tensor targets) {
    if (!Arrays.equals(idx.shape(), targets.shape()) || targets.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          "LanguageModel.loss: targets must be INT64 of the inputs' shape "
              + Arrays.toString(idx.shape())
              + ", got "
              + targets.dtype()
              + " "
              + Arrays.toString(targets.shape()));
    }
    Tensor logits = forward(idx); // (B, T, vocab)
    return logits.reshape(-1, vocabSize()).crossEntropy(targets.reshape(-1), Reduction.MEAN, -1);
  }

  /**
   * makemore's {@code evaluate}: the mean of the batch losses over a shuffled pass through {@code
   * data} in batches of {@code batchSize}, stopping after batch number {@code maxBatches} (counted
   * from 0, so at most {@code maxBatches + 1} batches, as makemore's loop does). Runs without
   * gradients and in evaluation mode (restored afterwards).
   *
   * @param data the examples
   * @param batchSize examples per batch, positive
   * @param maxBatches the index of the last batch, or -1 for a whole pass
   * @param g the generator the shuffle comes from
   * @return makemore's mean batch loss, and the perplexity over every predicted token
   * @throws IllegalArgumentException on a non-positive batch size
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  default Evaluation evaluate(CharDataset data, int batchSize, int maxBatches, Generator g) {
    if (batchSize < 1 || maxBatches < -1) {
      throw new IllegalArgumentException(
          "LanguageModel.evaluate: batch size "
              + batchSize
              + ", max batches "
              + maxBatches
              + ": expected batch size >= 1 and max batches >= -1");
    }
    boolean wasTraining = isTraining();
    train(false);
    try (var off = GradMode.disabled()) {
      long[] order = g.randperm(data.size());
      double sum = 0;
      double nll = 0; // token-weighted, for the perplexity
      long tokens = 0;
      int n = 0;
      for (int from = 0; from < order.length; from += batchSize) {
        long[] ix = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
        Batch b = data.batch(ix);
        double loss = loss(b.x(), b.y()).item();
        long counted = Arrays.stream(b.y().toLongArray()).filter(t -> t != -1).count();
        sum += loss;
        nll += loss * counted;
        tokens += counted;
        n++;
        if (maxBatches != -1 && n > maxBatches) {
          break;
        }
      }
      return new Evaluation(sum / n, tokens, Math.exp(nll / tokens));
    } finally {
      train(wasTraining);
    }
  }

  /**
   * The mean next-token NLL of a token stream and its perplexity, as {@code gpt eval} reports them:
   * the stream is cut into consecutive windows of {@link #blockSize()} predictions (the last one
   * shorter), each predicted from the context inside its window, and every one of the {@code
   * tokens.length - 1} predictions counts once. Runs without gradients and in evaluation mode
   * (restored afterwards).
   *
   * @param tokens the token ids, at least 2, each in {@code [0, vocabSize)}
   * @param batchSize windows per forward pass, positive
   * @return the mean NLL per token and its exp
   * @throws IllegalArgumentException if there are fewer than 2 tokens, an id is out of range or the
   *     batch size is not positive
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  default Evaluation evaluate(int[] tokens, int batchSize) {
    if (tokens.length < 2 || batchSize < 1) {
      throw new IllegalArgumentException(
          "LanguageModel.evaluate: "
              + tokens.length
              + " tokens, batch size "
              + batchSize
              + ": expected at least 2 tokens (one prediction) and a positive batch size");
    }
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabSize()) {
        throw new IllegalArgumentException(
            "LanguageModel.evaluate: token "
                + tokens[i]
                + " at offset "
                + i
                + " is outside the vocabulary [0, "
                + vocabSize()
                + ")");
      }
    }
    int t = blockSize();
    long predictions = tokens.length - 1;
    long full = predictions / t;
    boolean wasTraining = isTraining();
    train(false);
    try (var off = GradMode.disabled()) {
      double sum = 0;
      for (long w = 0; w < full; w += batchSize) {
        int rows = (int) Math.min(batchSize, full - w);
        sum += windowNll(tokens, w * t, rows, t);
      }
      int rest = (int) (predictions - full * t);
      if (rest > 0) {
        sum += windowNll(tokens, full * t, 1, rest);
      }
      return Evaluation.ofMeanNll(sum / predictions, predictions);
    } finally {
      train(wasTraining);
    }
  }

  /**
   * The summed NLL of {@code rows} consecutive windows of {@code len} predictions from {@code
   * start}.
   */
  private double windowNll(int[] tokens, long start, int rows, int len) {
    long[] x = new long[rows * len];
    long[] y = new long[rows * len];
    for (int i = 0; i < x.length; i++) {
      x[i] = tokens[(int) (start + i)];
      y[i] = tokens[(int) (start + i + 1)];
    }
    Tensor logits = forward(Tensor.fromArray(x, rows, len));
    return logits
        .reshape(-1, vocabSize())
        .crossEntropy(Tensor.fromArray(y, rows * len), Reduction.SUM, -1)
        .item();
  }

  /**
   * The generator the model draws from while training (dropout), if it has one. A {@link Trainer}
   * saves its state with a checkpoint so that a resumed run draws the same dropout masks.
   *
   * @return the dropout generator, or empty for a model that draws nothing while training
   */
  default Optional<Generator> dropoutGenerator() {
    return Optional.empty();
  }

  /**
   * makemore's {@code generate} with the model's own distribution: temperature 1, no top-k or
   * top-p.
   *
   * @param idx (B, T) INT64 prompts, T at least 1
   * @param maxNewTokens how many tokens to append
   * @param g the generator the draws come from
   * @return (B, T + maxNewTokens) INT64
   * @throws IllegalArgumentException on a bad prompt or a negative count
   */
  default Tensor generate(Tensor idx, int maxNewTokens, Generator g) {
    return generate(idx, maxNewTokens, SamplingConfig.DEFAULT, g);
  }

  /**
   * makemore's {@code generate}: extends each row of {@code idx} by {@code maxNewTokens} tokens,
   * each drawn from the last position's logits as {@code sampling} says (the {@link Sampler}'s
   * convention: temperature 0 is greedy, top-k and top-p off when absent). The context is cropped
   * to {@link #blockSize()}. Runs without gradients and in evaluation mode (restored afterwards).
   *
   * @param idx (B, T) INT64 prompts, T at least 1
   * @param maxNewTokens how many tokens to append
   * @param sampling temperature, top-k and top-p
   * @param g the generator the draws come from
   * @return (B, T + maxNewTokens) INT64
   * @throws IllegalArgumentException on a bad prompt or a negative count
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  default Tensor generate(Tensor idx, int maxNewTokens, SamplingConfig sampling, Generator g) {
    if (idx.dtype() != DType.INT64 || idx.dim() != 2 || idx.size(1) < 1 || maxNewTokens < 0) {
      throw new IllegalArgumentException(
          "LanguageModel.generate: expected (B, T) INT64 prompts with T >= 1 and"
              + " max_new_tokens >= 0, got "
              + idx.dtype()
              + " "
              + Arrays.toString(idx.shape())
              + ", "
              + maxNewTokens);
    }
    boolean wasTraining = isTraining();
    train(false);
    try (var off = GradMode.disabled()) {
      for (int s = 0; s < maxNewTokens; s++) {
        int t = idx.size(1);
        Tensor cond = t <= blockSize() ? idx : idx.narrow(1, t - blockSize(), blockSize());
        Tensor logits = forward(cond).select(1, cond.size(1) - 1); // (B, vocab)
        idx = Tensor.cat(List.of(idx, sampling.next(logits, g)), 1);
      }
    } finally {
      train(wasTraining);
    }
    return idx;
  }
}
