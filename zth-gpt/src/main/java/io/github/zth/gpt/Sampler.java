package io.github.zth.gpt;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.KVCache;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Generates text from a {@link GPT}, nanoGPT's {@code generate}: scale the last position's logits
 * by {@code 1/temperature}, keep the {@code topK} largest and the smallest set whose probability
 * reaches {@code topP}, sample one token with {@code torch.multinomial} semantics from a seeded
 * {@link Generator}, append, repeat.
 *
 * <pre>{@code
 * int[] out = new Sampler(model).withTemperature(0.8).withTopK(200)
 *     .generate(prompt, 500, new Generator(1337), tok -> System.out.print(tokenizer.decode(new int[] {tok})));
 * int[] quiet = new Sampler(model).withTemperature(0).generate(prompt, 100, new Generator(1)); // greedy
 * }</pre>
 *
 * <p><b>KV cache.</b> By default each layer keeps the keys and values it has computed ({@link
 * KVCache}), so a new token costs one position's work, O(T), instead of re-running the context.
 * Both paths give the same tokens up to float rounding.
 *
 * <p><b>Cropping past the block size.</b> The model sees at most {@code blockSize} tokens, at
 * positions 0.. of its window. When the next token would make the window longer than that, the
 * oldest {@code cropStride} tokens of the window are dropped at once (precisely: the window becomes
 * the last {@code blockSize - cropStride + 1} tokens), and it grows again from there. The default
 * stride is {@code blockSize / 2}: the window is re-run (re-prefilled) once every {@code blockSize
 * / 2} tokens and cached in between, so a token costs O(T) amortised however long the text, at the
 * price of a context between half and all of the block (the policy of llama.cpp's context shift).
 * Stride 1 is nanoGPT's per-token crop ({@code idx[:, -block_size:]}) and gives nanoGPT's tokens
 * exactly, but with absolute positions every token then shifts every position: the cache cannot be
 * kept, and each token past the block re-runs the whole window. Cached and uncached generation
 * follow the same policy, so they produce the same tokens.
 *
 * <p><b>Batches.</b> {@link #generate(int[][], int, Generator)} continues several prompts of one
 * length together, one batched forward and one batched cache per token, the way build-nanogpt
 * samples its {@code num_return_sequences} rows; with {@link SamplingConfig#withDrawAmongTopK} the
 * draws are that loop's.
 *
 * <p>Temperature, top-k and top-p follow {@link SamplingConfig}, the convention {@link
 * LanguageModel#generate} shares: a temperature of 0 picks the most likely token (greedy) and draws
 * nothing from the generator; top-k and top-p are off unless set.
 */
public final class Sampler {

  private final GPT model;
  private final SamplingConfig sampling;
  private final boolean useCache;
  private final int cropStride;

  /**
   * A sampler with temperature 1, no top-k or top-p filtering, the KV cache on and a crop stride of
   * half the block size (see the class description; {@code withCropStride(1)} for nanoGPT's crop).
   *
   * @param model the model; it is switched to eval mode while generating
   */
  public Sampler(GPT model) {
    this(model, SamplingConfig.DEFAULT, true, Math.max(1, model.config().blockSize() / 2));
  }

  private Sampler(GPT model, SamplingConfig sampling, boolean useCache, int cropStride) {
    this.model = model;
    this.sampling = sampling;
    if (cropStride < 1 || cropStride > model.config().blockSize()) {
      throw new IllegalArgumentException(
          "Sampler: crop_stride must be in [1, block_size "
              + model.config().blockSize()
              + "], got "
              + cropStride);
    }
    this.useCache = useCache;
    this.cropStride = cropStride;
  }

  /**
   * Returns a copy with a new temperature.
   *
   * @param t softmax temperature: 0 for greedy, otherwise finite and at least {@link
   *     SamplingConfig#MIN_TEMPERATURE}
   * @return a copy with it
   * @throws IllegalArgumentException if the temperature is negative, not finite or so small that
   *     the logits would overflow
   */
  public Sampler withTemperature(double t) {
    SamplingConfig.checkTemperature("Sampler.withTemperature", t);
    return new Sampler(model, sampling.withTemperature(t), useCache, cropStride);
  }

  /**
   * Returns a copy that keeps only the {@code k} most likely tokens (a {@code k} beyond the
   * vocabulary keeps all, as nanoGPT's {@code min(top_k, vocab)}).
   *
   * @param k at least 1
   * @return a copy with it
   */
  public Sampler withTopK(int k) {
    SamplingConfig.checkTopK("Sampler.withTopK", k);
    return new Sampler(model, sampling.withTopK(k), useCache, cropStride);
  }

  /**
   * Returns a copy with nucleus sampling.
   *
   * @param p the probability mass to keep, in (0, 1]
   * @return a copy with it
   */
  public Sampler withTopP(double p) {
    SamplingConfig.checkTopP("Sampler.withTopP", p);
    return new Sampler(model, sampling.withTopP(p), useCache, cropStride);
  }

  /**
   * Returns a copy with all three sampling settings at once.
   *
   * @param s temperature, top-k and top-p
   * @return a copy with them
   */
  public Sampler withSampling(SamplingConfig s) {
    return new Sampler(
        model, java.util.Objects.requireNonNull(s, "Sampler.withSampling"), useCache, cropStride);
  }

  /**
   * Returns the sampling settings.
   *
   * @return temperature, top-k and top-p
   */
  public SamplingConfig sampling() {
    return sampling;
  }

  /**
   * Returns a copy with a new setting.
   *
   * @param on whether to use the KV cache
   * @return a copy with it
   */
  public Sampler withCache(boolean on) {
    return new Sampler(model, sampling, on, cropStride);
  }

  /**
   * Returns a copy with a new crop stride (see the class description).
   *
   * @param stride how many of the oldest tokens to drop when the window outgrows the block size: 1
   *     for nanoGPT's per-token crop, {@code blockSize / 2} for mostly cached generation
   * @return a copy with it
   * @throws IllegalArgumentException if the stride is not in {@code [1, blockSize]}
   */
  public Sampler withCropStride(int stride) {
    return new Sampler(model, sampling, useCache, stride);
  }

  /**
   * Returns the crop stride this sampler uses past the block size.
   *
   * @return the number of oldest tokens dropped at once (see the class description)
   */
  public int cropStride() {
    return cropStride;
  }

  /**
   * Continues {@code prompt} by {@code maxNewTokens} tokens.
   *
   * @param prompt the context, at least one token id in {@code [0, vocab)}
   * @param maxNewTokens how many tokens to add, non-negative
   * @param generator the random source for sampling
   * @return the new tokens (without the prompt)
   * @throws IllegalArgumentException if the prompt is empty or has an id out of range
   */
  public int[] generate(int[] prompt, int maxNewTokens, Generator generator) {
    return generate(prompt, maxNewTokens, generator, tok -> {});
  }

  /**
   * Continues {@code prompt} by {@code maxNewTokens} tokens, streaming each one as it is chosen.
   *
   * @param prompt the context, at least one token id in {@code [0, vocab)}
   * @param maxNewTokens how many tokens to add, non-negative
   * @param generator the random source for sampling
   * @param onToken called with each new token as soon as it is chosen
   * @return the new tokens (without the prompt)
   * @throws IllegalArgumentException if the prompt is empty or has an id out of range
   */
  public int[] generate(int[] prompt, int maxNewTokens, Generator generator, IntConsumer onToken) {
    java.util.Objects.requireNonNull(
        onToken, "Sampler.generate: onToken (use the overload without it)");
    return run(new int[][] {prompt}, maxNewTokens, generator, (row, tok) -> onToken.accept(tok))[0];
  }

  /**
   * Continues {@code rows} prompts of equal length at once, one batched forward per token (and one
   * batched KV cache), as build-nanogpt's loop samples its {@code num_return_sequences} rows: each
   * step draws row 0's token first, then row 1's, from the one generator, as {@code multinomial}
   * does on a (B, V) tensor.
   *
   * @param prompts the contexts, at least one, all of the same non-zero length, ids in {@code [0,
   *     vocab)}
   * @param maxNewTokens how many tokens to add to each, non-negative
   * @param generator the random source for sampling
   * @return the new tokens of each row (without the prompt)
   * @throws IllegalArgumentException if there is no prompt, the lengths differ, or an id is out of
   *     range
   */
  public int[][] generate(int[][] prompts, int maxNewTokens, Generator generator) {
    return run(prompts, maxNewTokens, generator, (row, tok) -> {});
  }

  /** Receives each new token of each row as soon as it is chosen. */
  private interface RowTokens {
    void accept(int row, int token);
  }

  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  private int[][] run(int[][] prompts, int maxNewTokens, Generator generator, RowTokens onToken) {
    int vocab = model.config().vocabSize();
    int block = model.config().blockSize();
    int rows = prompts.length;
    if (rows == 0 || prompts[0].length == 0 || maxNewTokens < 0) {
      throw new IllegalArgumentException(
          "Sampler.generate: need a non-empty prompt and max_new_tokens >= 0, got "
              + rows
              + " prompts of "
              + (rows == 0 ? 0 : prompts[0].length)
              + " tokens, "
              + maxNewTokens);
    }
    int plen = prompts[0].length;
    int[][] seq = new int[rows][];
    for (int r = 0; r < rows; r++) {
      if (prompts[r].length != plen) {
        throw new IllegalArgumentException(
            "Sampler.generate: prompt "
                + r
                + " has "
                + prompts[r].length
                + " tokens, prompt 0 has "
                + plen
                + ": a batch needs prompts of equal length");
      }
      for (int t : prompts[r]) {
        if (t < 0 || t >= vocab) {
          throw new IllegalArgumentException(
              "Sampler.generate: token " + t + " out of range for vocab " + vocab);
        }
      }
      seq[r] = Arrays.copyOf(prompts[r], plen + maxNewTokens);
    }
    boolean wasTraining = model.isTraining();
    model.eval();
    int len = plen;
    List<KVCache> caches = useCache ? model.newCaches(rows) : null;
    int start = 0; // the window the model sees is seq[r][start, len)
    try (var off = GradMode.disabled()) {
      for (int step = 0; step < maxNewTokens; step++) {
        if (len - start > block) {
          start = len - (block - cropStride + 1);
          if (useCache) {
            for (KVCache c : caches) {
              c.clear(); // every position moved: re-prefill the window below
            }
          }
        }
        Tensor logits; // (rows, vocab)
        // A full window filled from scratch is cropped again by the next token, so caching it buys
        // nothing (stride 1 past the block): run it plainly, which is also the faster kernel path.
        boolean refillFull = useCache && caches.get(0).length() == 0 && len - start == block;
        if (useCache && !refillFull) {
          int from = start + caches.get(0).length();
          logits =
              model
                  .forward(Tensor.fromArray(window(seq, from, len), rows, len - from), caches)
                  .reshape(rows, vocab);
        } else {
          Tensor all =
              model.forward(
                  Tensor.fromArray(window(seq, start, len), rows, len - start)); // (B, T, vocab)
          logits = all.select(1, len - start - 1);
        }
        long[] next = sampling.next(logits, generator).toLongArray();
        for (int r = 0; r < rows; r++) {
          seq[r][len] = (int) next[r];
          onToken.accept(r, (int) next[r]);
        }
        len++;
      }
    } finally {
      model.train(wasTraining);
    }
    int[][] out = new int[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(seq[r], plen, len);
    }
    return out;
  }

  private static long[] window(int[][] seq, int from, int to) {
    int n = to - from;
    long[] out = new long[seq.length * n];
    for (int r = 0; r < seq.length; r++) {
      for (int i = from; i < to; i++) {
        out[r * n + i - from] = seq[r][i];
      }
    }
    return out;
  }
}
