package io.github.zth.gpt.lectures;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.*;
import io.github.zth.nn.BatchNorm1d;
import io.github.zth.nn.Embedding;
import io.github.zth.nn.FlattenConsecutive;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Sequential;
import io.github.zth.nn.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The WaveNet-style character model of makemore part 5 (lecture 6): characters are embedded and
 * fused two at a time, {@code log2(blockSize)} times, by FlattenConsecutive → Linear (no bias) →
 * BatchNorm1d → Tanh, then a Linear head gives the next-character logits.
 *
 * <pre>{@code
 * var model = new WaveNetLM(WaveNetLM.Config.LECTURE, new Generator(42));
 * double loss = model.trainStep(splits.train(), 32, 0.1, g);
 * }</pre>
 *
 * <p>Parameters are drawn as the lecture's own layers draw them, in the same order from one
 * generator: the embedding {@code randn(vocab, nEmbd)}, each Linear {@code randn(fanIn, fanOut) /
 * fanIn**0.5} (stored transposed, as {@code nn.Linear} does), the head's bias zero and its weight
 * then scaled by 0.1. BatchNorm uses the lecture's statistics over (0, 1) for (B, T, C) inputs and
 * the unbiased variance ({@link BatchNorm1d.Layout#MAKEMORE}).
 */
@SuppressWarnings("try") // GradMode guards are used for their scope, like torch.no_grad()
public final class WaveNetLM {

  /**
   * Sizes of the model.
   *
   * @param vocab the number of characters (27 for names)
   * @param blockSize the context length, a power of two of at least 2
   * @param nEmbd the embedding width (the lecture's 24)
   * @param nHidden the width of every hidden level (the lecture's 128)
   */
  public record Config(int vocab, int blockSize, int nEmbd, int nHidden) {
    /** The lecture's sizes: vocab 27, block 8, embedding 24, hidden 128 (76579 parameters). */
    public static final Config LECTURE = new Config(27, 8, 24, 128);

    /** Checks the sizes. */
    public Config {
      if (vocab < 1
          || nEmbd < 1
          || nHidden < 1
          || blockSize < 2
          || Integer.bitCount(blockSize) != 1) {
        throw new IllegalArgumentException(
            "WaveNetLM.Config: vocab "
                + vocab
                + ", blockSize "
                + blockSize
                + ", nEmbd "
                + nEmbd
                + ", nHidden "
                + nHidden
                + ": expected positive sizes and a power-of-two blockSize >= 2");
      }
    }

    /**
     * @return the number of fusing levels, log2(blockSize)
     */
    public int levels() {
      return Integer.numberOfTrailingZeros(blockSize);
    }
  }

  private final Config config;
  private final Sequential model;

  /**
   * A model initialised as the lecture does, drawing from {@code g}.
   *
   * @param config the sizes
   * @param g the generator (the lecture seeds torch with 42)
   */
  public WaveNetLM(Config config, Generator g) {
    this.config = config;
    // The layers' own initialisation draws from a throwaway generator; the lecture's values follow.
    Generator scratch = new Generator(0);
    Embedding emb = new Embedding(config.vocab(), config.nEmbd(), scratch);
    setFrom(emb.weight(), Tensor.randn(g, config.vocab(), config.nEmbd()));
    model = new Sequential(emb);
    int in = config.nEmbd() * 2;
    for (int level = 0; level < config.levels(); level++) {
      Linear lin = new Linear(in, config.nHidden(), false, scratch);
      lectureInit(lin, g);
      model
          .append(new FlattenConsecutive(2))
          .append(lin)
          .append(new BatchNorm1d(config.nHidden(), 1e-5, 0.1, BatchNorm1d.Layout.MAKEMORE))
          .append(new Tanh());
      in = config.nHidden() * 2;
    }
    Linear head = new Linear(config.nHidden(), config.vocab(), true, scratch);
    lectureInit(head, g);
    try (var off = GradMode.disabled()) {
      head.bias().zero_();
      head.weight().mul_(0.1); // the lecture makes the last layer less confident at init
    }
    model.append(head);
  }

  private static void lectureInit(Linear lin, Generator g) {
    int fanIn = lin.weight().size(1);
    int fanOut = lin.weight().size(0);
    setFrom(lin.weight(), Tensor.randn(g, fanIn, fanOut).div(Math.sqrt(fanIn)).T());
  }

  private static void setFrom(Tensor param, Tensor values) {
    try (var off = GradMode.disabled()) {
      param.copy_(values);
    }
  }

  /**
   * @return the sizes
   */
  public Config config() {
    return config;
  }

  /**
   * @return the layers: Embedding, then (FlattenConsecutive, Linear, BatchNorm1d, Tanh) per level,
   *     then the head
   */
  public Sequential model() {
    return model;
  }

  /**
   * @return every parameter, in the lecture's order
   */
  public List<Tensor> parameters() {
    return model.parameters();
  }

  /**
   * @return the number of parameter elements (the lecture's model: 76579)
   */
  public long parameterCount() {
    return model.numParameters();
  }

  /**
   * The next-character logits.
   *
   * @param x (B, blockSize) INT64 contexts
   * @return (B, vocab) logits
   */
  public Tensor logits(Tensor x) {
    if (x.dim() != 2 || x.size(1) != config.blockSize()) {
      throw new IllegalArgumentException(
          "WaveNetLM.logits: contexts of shape "
              + Arrays.toString(x.shape())
              + ": expected (B, "
              + config.blockSize()
              + ")");
    }
    return model.forward(x);
  }

  /**
   * The mean cross-entropy of a whole split in eval mode (BatchNorm uses its running statistics),
   * without building a graph; the model is put back in training mode afterwards.
   *
   * @param d the examples
   * @return the loss
   */
  public double loss(WordDataset.Examples d) {
    model.eval();
    try (var off = GradMode.disabled()) {
      return logits(d.x()).crossEntropy(d.y()).item();
    } finally {
      model.train();
    }
  }

  /**
   * One step of the lecture's loop: {@code ix = torch.randint(0, n, (batch,), generator=g)},
   * forward in training mode, cross-entropy, backward and {@code p.data += -lr * p.grad}.
   *
   * @param d the training examples
   * @param batch the minibatch size (the lecture's 32), at least 2 for BatchNorm
   * @param lr the learning rate
   * @param g the generator the minibatch indices come from
   * @return the minibatch loss before the update
   */
  public double trainStep(WordDataset.Examples d, int batch, double lr, Generator g) {
    if (batch < 2) {
      throw new IllegalArgumentException(
          "WaveNetLM.trainStep: batch " + batch + ": expected at least 2 (BatchNorm)");
    }
    Tensor ix = Tensor.randint(g, 0, d.size(), batch); // (batch)
    Tensor loss = logits(d.x().index(ix)).crossEntropy(d.y().index(ix));
    model.zeroGrad();
    loss.backward();
    try (var off = GradMode.disabled()) {
      for (Tensor p : model.parameters()) {
        p.add_(p.grad().mul(-lr));
      }
    }
    return loss.item();
  }

  /**
   * {@code n} names sampled in eval mode as the lecture does: the context starts as all '.', each
   * next character is {@code torch.multinomial(softmax(logits), 1, generator=g)}, until '.'.
   *
   * @param n how many names
   * @param tokenizer the vocabulary, with '.' as id 0
   * @param g the generator
   * @return the names, each ending in '.'
   */
  public List<String> sample(int n, CharTokenizer tokenizer, Generator g) {
    if (tokenizer.vocabSize() != config.vocab()) {
      throw new IllegalArgumentException(
          "WaveNetLM.sample: tokenizer has "
              + tokenizer.vocabSize()
              + " characters, the model "
              + config.vocab());
    }
    List<String> out = new ArrayList<>(n);
    model.eval();
    try (var off = GradMode.disabled()) {
      for (int i = 0; i < n; i++) {
        StringBuilder name = new StringBuilder();
        long[] context = new long[config.blockSize()];
        int ix;
        do {
          Tensor probs =
              model.forward(Tensor.fromArray(context, 1, context.length)).softmax(1); // (1, vocab)
          ix = (int) probs.multinomial(1, false, g).item();
          System.arraycopy(context, 1, context, 0, context.length - 1);
          context[context.length - 1] = ix;
          name.append(tokenizer.itos(ix));
        } while (ix != 0);
        out.add(name.toString());
      }
    } finally {
      model.train();
    }
    return out;
  }
}
