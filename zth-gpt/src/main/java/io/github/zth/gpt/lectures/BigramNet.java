package io.github.zth.gpt.lectures;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.*;
import io.github.zth.gpt.internal.Contexts;
import io.github.zth.gpt.makemore.BigramLM;
import io.github.zth.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * The bigram model of makemore part 1 as a neural net: one linear layer without bias, {@code W} (V,
 * V), read through a softmax. Trained by gradient descent it learns the count model's probabilities
 * ({@code W.exp()} plays the role of the counts).
 *
 * <pre>{@code
 * Generator g = new Generator(2147483647).normalPath(Generator.NormalPath.LECTURE);
 * BigramNet net = new BigramNet(27, g);                    // W = torch.randn((27, 27), generator=g)
 * Bigram.Pairs data = Bigram.pairs(words, stoi);
 * for (int k = 0; k < 100; k++) {
 *   double loss = net.step(data.xs(), data.ys(), 50);     // forward, backward, W.data += -50 * W.grad
 * }
 * }</pre>
 *
 * <p>The forward pass is the lecture's, op for op: {@code xenc = one_hot(xs, V).float(); logits =
 * xenc @ W; counts = logits.exp(); probs = counts / counts.sum(1, keepdim=True)}.
 *
 * <p>As a {@link LanguageModel} its logits are {@code xenc @ W} at every position (context one
 * token), its one parameter is {@code W}, and {@link LanguageModel#loss} is the plain
 * cross-entropy, without the regularisation of {@link #loss(Tensor, Tensor, double)}. makemore.py's
 * version of the same table is {@link BigramLM} (see there why both exist).
 */
@SuppressWarnings("try") // GradMode guards are used for their scope, like torch.no_grad()
public final class BigramNet extends Module implements LanguageModel {
  /** The lecture's regularisation strength, the weight of {@code (W**2).mean()} in the loss. */
  public static final double REGULARIZATION = 0.01;

  private final int vocab;

  /**
   * A net with weights drawn from {@code g}, like {@code torch.randn((V, V), generator=g,
   * requires_grad=True)}. Use {@link Generator.NormalPath#LECTURE} to get the notebook's weights.
   *
   * @param vocab the vocabulary size V
   * @param g the generator
   */
  public BigramNet(int vocab, Generator g) {
    if (vocab < 1) {
      throw new IllegalArgumentException("BigramNet: vocab " + vocab + ": expected at least 1");
    }
    this.vocab = vocab;
    registerParameter("W", Tensor.randn(g, vocab, vocab)); // (V, V)
  }

  /**
   * @return the weights W (V, V), a leaf that requires grad
   */
  public Tensor weight() {
    return parameter("W");
  }

  /** Returns 1: only the previous character matters. */
  @Override
  public int blockSize() {
    return 1;
  }

  @Override
  public int vocabSize() {
    return vocab;
  }

  /**
   * The lecture's logits at every position: {@code one_hot(idx, V).float() @ W}.
   *
   * @param idx (B, T) INT64 character ids
   * @return (B, T, V) log-counts
   * @throws IllegalArgumentException if idx is not (B, T) INT64
   */
  @Override
  public Tensor forward(Tensor idx) {
    Contexts.requireBatch("BigramNet.forward", idx);
    return logits(idx.reshape(-1)).view(idx.size(0), idx.size(1), vocab); // (B, T, V)
  }

  private Tensor logits(Tensor xs) {
    Tensor xenc = Tensor.oneHot(xs, vocab).to(DType.FLOAT32); // (n, V)
    return xenc.matmul(weight()); // (n, V) log-counts
  }

  /**
   * Next-character probabilities for a batch of characters.
   *
   * @param xs (n) INT64 character ids
   * @return (n, V) probabilities, each row summing to 1
   */
  public Tensor probs(Tensor xs) {
    Tensor counts = logits(xs).exp(); // (n, V)
    return counts.div(counts.sum(1, true)); // (n, V)
  }

  /**
   * The lecture's loss: the mean negative log-probability of the targets plus {@code regularization
   * * (W**2).mean()}.
   *
   * @param xs (n) INT64 inputs
   * @param ys (n) INT64 targets
   * @param regularization the weight of the squared-weights penalty ({@link #REGULARIZATION})
   * @return a scalar that requires grad
   */
  public Tensor loss(Tensor xs, Tensor ys, double regularization) {
    if (xs.numel() != ys.numel() || xs.dim() != 1 || ys.dim() != 1) {
      throw new IllegalArgumentException(
          "BigramNet.loss: xs "
              + java.util.Arrays.toString(xs.shape())
              + " and ys "
              + java.util.Arrays.toString(ys.shape())
              + ": expected two 1-D tensors of the same length");
    }
    Tensor probs = probs(xs);
    Tensor picked = probs.index(Tensor.arange(xs.numel()), ys); // (n) probability of each target
    return picked.log().mean().neg().add(weight().pow(2).mean().mul(regularization));
  }

  /**
   * One step of the lecture's training loop: forward, {@code W.grad = None}, backward, {@code
   * W.data += -lr * W.grad}, with {@link #REGULARIZATION}.
   *
   * @param xs (n) INT64 inputs
   * @param ys (n) INT64 targets
   * @param lr the learning rate (the lecture uses 50)
   * @return the loss before the update
   */
  public double step(Tensor xs, Tensor ys, double lr) {
    Tensor loss = loss(xs, ys, REGULARIZATION);
    Tensor w = weight();
    w.zeroGrad();
    loss.backward();
    try (var off = GradMode.disabled()) {
      w.detach().add_(w.grad().mul(-lr));
    }
    return loss.item();
  }

  /**
   * One name, drawn as the lecture does from the net: starting at '.', the probabilities of the
   * next character are computed for {@code [ix]} and sampled with {@code multinomial(p, 1,
   * replacement=True, generator=g)} until '.' comes out.
   *
   * @param tokenizer the vocabulary, with '.' as id 0
   * @param g the generator
   * @return the characters drawn, the final '.' included
   */
  public String sample(CharTokenizer tokenizer, Generator g) {
    Bigram.checkDotIsZero(tokenizer);
    if (tokenizer.vocabSize() != vocab) {
      throw new IllegalArgumentException(
          "BigramNet.sample: tokenizer has "
              + tokenizer.vocabSize()
              + " characters, the net "
              + vocab);
    }
    StringBuilder out = new StringBuilder();
    try (var off = GradMode.disabled()) {
      int ix = 0;
      do {
        Tensor p = probs(Tensor.of((long) ix)); // (1, V)
        ix = (int) p.multinomial(1, true, g).item();
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
