package io.github.zth.gpt.lectures;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.*;
import io.github.zth.gpt.internal.Contexts;
import io.github.zth.gpt.makemore.MakemoreMLP;
import io.github.zth.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The MLP language model of makemore part 2 (lecture 3), after Bengio et al. 2003: the previous
 * {@code blockSize} characters are looked up in an embedding table {@code C}, concatenated, passed
 * through one tanh hidden layer and a linear output layer that gives the next character's logits.
 *
 * <p>The parameters are raw tensors drawn in the lecture's order from one generator, so seeded runs
 * follow the lecture's numbers:
 *
 * <pre>{@code
 * Generator g = new Generator(2147483647).normalPath(Generator.NormalPath.LECTURE);
 * MlpLM model = new MlpLM(MlpLM.Config.LECTURE, g);         // C, W1, b1, W2, b2 = randn(..., generator=g)
 * WordDataset.Splits s = WordDataset.splits(words, stoi, 3, 42);         // random.seed(42); random.shuffle(words)
 * for (int i = 0; i < 200_000; i++) {
 *   model.trainStep(s.train(), 32, i < 100_000 ? 0.1 : 0.01, g);
 * }
 * model.loss(s.val());                                       // about 2.17
 * }</pre>
 *
 * <p>As a {@link LanguageModel} it reads sequences: at every position of a (B, T) batch the context
 * is the {@code blockSize} tokens ending there, oldest first, with '.' (id 0) before the start, the
 * lecture's sliding window. So makemore's examples {@code x = [0, w...]} give at each position the
 * lecture's {@code build_dataset} context, and {@link LanguageModel#generate} from {@code [[0]]}
 * draws the same characters as {@link #sample}. makemore.py's {@link MakemoreMLP} is a different
 * model (a {@code <BLANK>} id of its own, newest token first, PyTorch's default initialisation);
 * the two share the window code.
 */
@SuppressWarnings("try") // GradMode guards are used for their scope, like torch.no_grad()
public final class MlpLM extends Module implements LanguageModel {

  /**
   * The model's sizes.
   *
   * @param blockSize how many previous characters are the context
   * @param embDim the size of each character's embedding (rows of C)
   * @param hidden the width of the tanh layer
   * @param vocab the number of characters
   */
  public record Config(int blockSize, int embDim, int hidden, int vocab) {
    /**
     * Lecture 3's final model: context 3, 10-dimensional embeddings, 200 hidden units, 27
     * characters.
     */
    public static final Config LECTURE = new Config(3, 10, 200, 27);

    /** Checks every size is positive. */
    public Config {
      if (blockSize < 1 || embDim < 1 || hidden < 1 || vocab < 1) {
        throw new IllegalArgumentException(
            "MlpLM.Config: blockSize="
                + blockSize
                + " embDim="
                + embDim
                + " hidden="
                + hidden
                + " vocab="
                + vocab
                + ": expected every size >= 1");
      }
    }

    /**
     * @return a copy with another embedding size
     */
    public Config withEmbDim(int embDim) {
      return new Config(blockSize, embDim, hidden, vocab);
    }

    /**
     * @return a copy with another hidden width
     */
    public Config withHidden(int hidden) {
      return new Config(blockSize, embDim, hidden, vocab);
    }
  }

  private final Config config;

  /**
   * A model with standard normal parameters drawn from {@code g} in the lecture's order: {@code C},
   * {@code W1}, {@code b1}, {@code W2}, {@code b2}, all requiring grad and registered under those
   * names.
   *
   * @param config the sizes
   * @param g the generator
   */
  public MlpLM(Config config, Generator g) {
    this.config = config;
    int in = config.blockSize() * config.embDim();
    registerParameter("C", Tensor.randn(g, config.vocab(), config.embDim())); // (vocab, embDim)
    registerParameter("W1", Tensor.randn(g, in, config.hidden())); // (blockSize*embDim, hidden)
    registerParameter("b1", Tensor.randn(g, config.hidden())); // (hidden)
    registerParameter("W2", Tensor.randn(g, config.hidden(), config.vocab())); // (hidden, vocab)
    registerParameter("b2", Tensor.randn(g, config.vocab())); // (vocab)
  }

  /**
   * @return the sizes
   */
  public Config config() {
    return config;
  }

  @Override
  public int blockSize() {
    return config.blockSize();
  }

  @Override
  public int vocabSize() {
    return config.vocab();
  }

  /**
   * @return the embedding table C (vocab, embDim)
   */
  public Tensor embedding() {
    return parameter("C");
  }

  /**
   * The next-character logits at every position, each read from its sliding window.
   *
   * @param idx (B, T) INT64 character ids
   * @return (B, T, vocab)
   * @throws IllegalArgumentException if idx is not (B, T) INT64
   */
  @Override
  public Tensor forward(Tensor idx) {
    Contexts.requireBatch("MlpLM.forward", idx);
    Tensor windows = Contexts.windows(idx, config.blockSize(), 0, false); // (B*T, blockSize)
    return logits(windows).view(idx.size(0), idx.size(1), config.vocab()); // (B, T, vocab)
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
          "MlpLM.logits: contexts of shape "
              + Arrays.toString(x.shape())
              + ": expected (B, "
              + config.blockSize()
              + ")");
    }
    Tensor emb = parameter("C").index(x); // (B, blockSize, embDim)
    Tensor h =
        emb.view(-1, config.blockSize() * config.embDim())
            .matmul(parameter("W1"))
            .add(parameter("b1"))
            .tanh(); // (B, hidden)
    return h.matmul(parameter("W2")).add(parameter("b2")); // (B, vocab)
  }

  /**
   * The mean cross-entropy of a whole split, without building a graph.
   *
   * @param d the examples
   * @return the loss
   */
  public double loss(WordDataset.Examples d) {
    try (var off = GradMode.disabled()) {
      return logits(d.x()).crossEntropy(d.y()).item();
    }
  }

  /**
   * One step of the lecture's loop: a minibatch {@code ix = torch.randint(0, n, (batch,),
   * generator=g)}, forward, cross-entropy, {@code p.grad = None}, backward and {@code p.data += -lr
   * * p.grad} for every parameter.
   *
   * @param d the training examples
   * @param batch the minibatch size (the lecture's 32)
   * @param lr the learning rate
   * @param g the generator the minibatch indices are drawn from
   * @return the minibatch loss before the update
   */
  public double trainStep(WordDataset.Examples d, int batch, double lr, Generator g) {
    if (batch < 1) {
      throw new IllegalArgumentException(
          "MlpLM.trainStep: batch " + batch + ": expected at least 1");
    }
    Tensor ix = Tensor.randint(g, 0, d.size(), batch); // (batch)
    Tensor loss = logits(d.x().index(ix)).crossEntropy(d.y().index(ix));
    List<Tensor> parameters = parameters(); // C, W1, b1, W2, b2
    for (Tensor p : parameters) {
      p.zeroGrad();
    }
    loss.backward();
    try (var off = GradMode.disabled()) {
      for (Tensor p : parameters) {
        p.detach().add_(p.grad().mul(-lr));
      }
    }
    return loss.item();
  }

  /**
   * One name, sampled as the lecture does: the context starts as all '.', the next character is
   * drawn with {@code torch.multinomial(softmax(logits), 1, generator=g)} (without replacement,
   * torch's default) and shifted in, until '.' comes out.
   *
   * @param tokenizer the vocabulary, with '.' as id 0
   * @param g the generator
   * @return the characters drawn, the final '.' included
   */
  public String sample(CharTokenizer tokenizer, Generator g) {
    Bigram.checkDotIsZero(tokenizer);
    if (tokenizer.vocabSize() != config.vocab()) {
      throw new IllegalArgumentException(
          "MlpLM.sample: tokenizer has "
              + tokenizer.vocabSize()
              + " characters, the model "
              + config.vocab());
    }
    StringBuilder out = new StringBuilder();
    long[] context = new long[config.blockSize()];
    try (var off = GradMode.disabled()) {
      int ix;
      do {
        Tensor probs =
            logits(Tensor.fromArray(context, 1, context.length)).softmax(1); // (1, vocab)
        ix = (int) probs.multinomial(1, false, g).item();
        System.arraycopy(context, 1, context, 0, context.length - 1);
        context[context.length - 1] = ix;
        out.append(tokenizer.itos(ix));
      } while (ix != 0);
    }
    return out.toString();
  }

  /**
   * {@code n} names in a row from the same generator.
   *
   * @param n how many
   * @param tokenizer the vocabulary
   * @param g the generator
   * @return the names, each ending in '.'
   */
  public List<String> sample(int n, CharTokenizer tokenizer, Generator g) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sample(tokenizer, g));
    }
    return out;
  }
}
