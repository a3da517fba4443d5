package io.github.zth.gpt.lectures;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.*;
import io.github.zth.gpt.internal.Contexts;
import io.github.zth.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * The bigram count model of makemore part 1 (lecture 2): how often each character follows each
 * other one, turned into next-character probabilities.
 *
 * <pre>{@code
 * CharTokenizer stoi = CharTokenizer.forNames(words);      // '.' = 0, 'a'..'z' = 1..26
 * Bigram model = Bigram.fit(words, stoi, 1);               // N, then P = (N+1).float() row-normalised
 * model.nll(words);                                        // 2.4544 on names.txt
 * model.sample(new Generator(2147483647));                 // "mor."
 * }</pre>
 *
 * <p>Every word is read as {@code '.' + word + '.'}: the first bigram starts at the start token and
 * the last one ends at the end token, the same token 0.
 *
 * <p>As a {@link LanguageModel} its logits are {@code log P} (so their softmax is {@code P}), its
 * context is one token, and it has no parameters: the counts are a buffer, saved in the state dict,
 * and {@code P} is derived from them whenever it is needed, so loading counts changes the model.
 */
public final class Bigram extends Module implements LanguageModel {
  private final CharTokenizer tokenizer;
  private final long smoothing;

  private Bigram(CharTokenizer tokenizer, Tensor counts, long smoothing) {
    this.tokenizer = tokenizer;
    this.smoothing = smoothing;
    registerBuffer("counts", counts); // (V, V) INT64: counts[a, b] = how often b follows a
  }

  /**
   * Counts the bigrams of {@code words} and normalises the smoothed counts.
   *
   * @param words the training words (without the '.' token)
   * @param tokenizer the character vocabulary, with '.' as id 0
   * @param smoothing the fake count added to every cell (the lecture's +1; 0 for none)
   * @return the model
   * @throws IllegalArgumentException when smoothing is negative, a word holds a character outside
   *     the vocabulary, or some row would have no counts at all (its probabilities are undefined)
   */
  public static Bigram fit(List<String> words, CharTokenizer tokenizer, long smoothing) {
    if (smoothing < 0) {
      throw new IllegalArgumentException(
          "Bigram.fit: smoothing " + smoothing + ": expected 0 or more");
    }
    int v = tokenizer.vocabSize();
    long[] n = new long[v * v];
    Pairs pairs = pairs(words, tokenizer);
    long[] xs = pairs.xs().toLongArray();
    long[] ys = pairs.ys().toLongArray();
    for (int i = 0; i < xs.length; i++) {
      n[(int) xs[i] * v + (int) ys[i]]++;
    }
    if (smoothing == 0) {
      for (int r = 0; r < v; r++) {
        long s = 0;
        for (int c = 0; c < v; c++) {
          s += n[r * v + c];
        }
        if (s == 0) {
          throw new IllegalArgumentException(
              "Bigram.fit: character '"
                  + tokenizer.itos(r)
                  + "' is never followed by anything and smoothing is 0: its row of P would be 0/0; use smoothing >= 1");
        }
      }
    }
    return new Bigram(tokenizer, Tensor.fromArray(n, v, v), smoothing);
  }

  /**
   * The bigrams of {@code words} as two INT64 vectors, the lecture's {@code xs} (first character)
   * and {@code ys} (the character that follows), in word order.
   *
   * @param xs (n) INT64 inputs
   * @param ys (n) INT64 targets
   */
  public record Pairs(Tensor xs, Tensor ys) {
    /**
     * @return the number of bigrams
     */
    public int size() {
      return xs.numel();
    }
  }

  /**
   * Every bigram of every word, start and end token included.
   *
   * @param tokenizer the vocabulary, with '.' as id 0
   * @return the pairs
   * @throws IllegalArgumentException when a word holds a character outside the vocabulary, or is
   *     empty
   */
  public static Pairs pairs(List<String> words, CharTokenizer tokenizer) {
    checkDotIsZero(tokenizer);
    int total = 0;
    List<int[]> encoded = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.isEmpty()) {
        throw new IllegalArgumentException(
            "Bigram.pairs: word " + i + " is empty; expected at least one character");
      }
      int[] ids = tokenizer.encode(w);
      encoded.add(ids);
      total += ids.length + 1;
    }
    long[] xs = new long[total];
    long[] ys = new long[total];
    int k = 0;
    for (int[] ids : encoded) {
      int prev = 0;
      for (int id : ids) {
        xs[k] = prev;
        ys[k++] = id;
        prev = id;
      }
      xs[k] = prev;
      ys[k++] = 0;
    }
    return new Pairs(Tensor.fromArray(xs, total), Tensor.fromArray(ys, total));
  }

  static void checkDotIsZero(CharTokenizer tokenizer) {
    if (tokenizer.vocabSize() == 0 || !tokenizer.itos(0).equals(".")) {
      throw new IllegalArgumentException(
          "makemore vocabulary: id 0 must be '.', got "
              + (tokenizer.vocabSize() == 0 ? "an empty vocabulary" : "'" + tokenizer.itos(0) + "'")
              + "; build it with CharTokenizer.forNames");
    }
  }

  /**
   * @return the (V, V) INT64 count table N
   */
  public Tensor counts() {
    return buffer("counts");
  }

  /**
   * @return the (V, V) FLOAT32 probabilities P, each row summing to 1
   */
  public Tensor probs() {
    // P = (N + smoothing).float(); P /= P.sum(1, keepdims=True). Adding after the cast is the same
    // number: the counts are integers far below 2^24, exact in float.
    Tensor p = counts().to(DType.FLOAT32).add(smoothing);
    return p.div(p.sum(1, true));
  }

  /** Returns 1: only the previous character matters. */
  @Override
  public int blockSize() {
    return 1;
  }

  @Override
  public int vocabSize() {
    return tokenizer.vocabSize();
  }

  /**
   * The log-probabilities of the next character after each one, {@code log(P)[idx]}; {@code -inf}
   * where smoothing 0 leaves a bigram unseen.
   *
   * @param idx (B, T) INT64 character ids
   * @return (B, T, V) FLOAT32
   * @throws IllegalArgumentException if idx is not (B, T) INT64
   */
  @Override
  public Tensor forward(Tensor idx) {
    Contexts.requireBatch("Bigram.forward", idx);
    return probs().log().index(idx); // (B, T, V)
  }

  /**
   * @return the fake count added to each cell before normalising
   */
  public long smoothing() {
    return smoothing;
  }

  /**
   * @return the vocabulary
   */
  public CharTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * The average negative log-likelihood of all bigrams of {@code words}, computed as the lecture
   * does: {@code log_likelihood += torch.log(P[ix1, ix2])} in a float32 scalar, bigram by bigram,
   * then {@code -log_likelihood / n} in float32. It is infinite when an unseen bigram has
   * probability 0 (smoothing 0).
   *
   * @param words the words to score
   * @return the average NLL
   */
  public double nll(List<String> words) {
    Pairs pairs = pairs(words, tokenizer);
    float[] p = probs().toFloatArray();
    long[] xs = pairs.xs().toLongArray();
    long[] ys = pairs.ys().toLongArray();
    int v = tokenizer.vocabSize();
    float logLikelihood = 0f;
    for (int i = 0; i < xs.length; i++) {
      logLikelihood += (float) Math.log(p[(int) xs[i] * v + (int) ys[i]]);
    }
    return -logLikelihood / (float) xs.length;
  }

  /**
   * One name: starting at '.', draws the next character with {@code torch.multinomial(P[ix], 1,
   * replacement=True, generator=g)} until '.' comes out.
   *
   * @param g the generator
   * @return the characters drawn, the final '.' included (e.g. {@code "mor."})
   */
  public String sample(Generator g) {
    return sample(probs(), g);
  }

  private String sample(Tensor probs, Generator g) {
    StringBuilder out = new StringBuilder();
    int ix = 0;
    do {
      ix = (int) probs.select(0, ix).multinomial(1, true, g).item();
      out.append(tokenizer.itos(ix));
    } while (ix != 0);
    return out.toString();
  }

  /**
   * {@code n} names in a row from the same generator.
   *
   * @param n how many
   * @param g the generator
   * @return the names, each ending in '.'
   */
  public List<String> sample(int n, Generator g) {
    List<String> out = new ArrayList<>(n);
    Tensor probs = probs();
    for (int i = 0; i < n; i++) {
      out.add(sample(probs, g));
    }
    return out;
  }
}
