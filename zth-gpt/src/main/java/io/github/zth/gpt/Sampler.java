package io.github.zth.gpt;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
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
 * }</pre>
 *
 * <p><b>KV cache.</b> By default each layer keeps the keys and values it has computed
 * ({@link KVCache}), so a new token costs one position's work, O(T), instead of re-running the
 * context. Both paths give the same tokens up to float rounding.
 *
 * <p><b>Cropping past the block size.</b> The model sees at most {@code blockSize} tokens, at
 * positions 0.. of its window. When the next token would make the window longer than that, the
 * oldest {@code cropStride} tokens of the window are dropped at once (precisely: the window becomes
 * the last {@code blockSize - cropStride + 1} tokens), and it grows again from there. The default
 * stride is {@code blockSize / 2}: the window is re-run (re-prefilled) once every
 * {@code blockSize / 2} tokens and cached in between, so a token costs O(T) amortised however long
 * the text, at the price of a context between half and all of the block (the policy of llama.cpp's
 * context shift). Stride 1 is nanoGPT's per-token crop ({@code idx[:, -block_size:]}) and gives
 * nanoGPT's tokens exactly, but with absolute positions every token then shifts every position: the
 * cache cannot be kept, and each token past the block re-runs the whole window. Cached and uncached
 * generation follow the same policy, so they produce the same tokens.
 *
 * <p>A temperature of 0 picks the most likely token (greedy) and draws nothing from the generator.
 */
public final class Sampler {

  private final GPT model;
  private final double temperature;
  private final int topK;
  private final double topP;
  private final boolean useCache;
  private final int cropStride;

  /**
   * A sampler with temperature 1, no top-k or top-p filtering, the KV cache on and a crop stride of
   * half the block size (see the class description; {@code withCropStride(1)} for nanoGPT's crop).
   *
   * @param model the model; it is switched to eval mode while generating
   */
  public Sampler(GPT model) {
    this(model, 1.0, 0, 1.0, true, Math.max(1, model.config().blockSize() / 2));
  }

  private Sampler(GPT model, double temperature, int topK, double topP, boolean useCache, int cropStride) {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("Sampler: temperature must be finite and >= 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("Sampler: top_k must be >= 0 (0 = off), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("Sampler: top_p must be in (0, 1], got " + topP);
    }
    this.model = model;
    this.temperature = temperature;
    this.topK = topK;
    this.topP = topP;
    if (cropStride < 1 || cropStride > model.config().blockSize()) {
      throw new IllegalArgumentException("Sampler: crop_stride must be in [1, block_size " + model.config().blockSize()
          + "], got " + cropStride);
    }
    this.useCache = useCache;
    this.cropStride = cropStride;
  }

  /**
   * Returns a copy with a new setting.
   *
   * @param t softmax temperature, 0 for greedy
   * @return a copy with it
   */
  public Sampler withTemperature(double t) {
    return new Sampler(model, t, topK, topP, useCache, cropStride);
  }

  /**
   * Returns a copy with a new setting.
   *
   * @param k keep only the k most likely tokens, 0 for all
   * @return a copy with it
   */
  public Sampler withTopK(int k) {
    return new Sampler(model, temperature, k, topP, useCache, cropStride);
  }

  /**
   * Returns a copy with a new setting.
   *
   * @param p nucleus sampling threshold in (0, 1], 1 for off
   * @return a copy with it
   */
  public Sampler withTopP(double p) {
    return new Sampler(model, temperature, topK, p, useCache, cropStride);
  }

  /**
   * Returns a copy with a new setting.
   *
   * @param on whether to use the KV cache
   * @return a copy with it
   */
  public Sampler withCache(boolean on) {
    return new Sampler(model, temperature, topK, topP, on, cropStride);
  }

  /**
   * Returns a copy with a new crop stride (see the class description).
   *
   * @param stride how many of the oldest tokens to drop when the window outgrows the block size: 1 for
   *     nanoGPT's per-token crop, {@code blockSize / 2} for mostly cached generation
   * @return a copy with it
   * @throws IllegalArgumentException if the stride is not in {@code [1, blockSize]}
   */
  public Sampler withCropStride(int stride) {
    return new Sampler(model, temperature, topK, topP, useCache, stride);
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
   * @param onToken called with each new token as soon as it is chosen (may be null)
   * @return the new tokens (without the prompt)
   * @throws IllegalArgumentException if the prompt is empty or has an id out of range
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public int[] generate(int[] prompt, int maxNewTokens, Generator generator, IntConsumer onToken) {
    int vocab = model.config().vocabSize();
    int block = model.config().blockSize();
    if (prompt.length == 0 || maxNewTokens < 0) {
      throw new IllegalArgumentException("Sampler.generate: need a non-empty prompt and max_new_tokens >= 0, got "
          + prompt.length + " tokens, " + maxNewTokens);
    }
    for (int t : prompt) {
      if (t < 0 || t >= vocab) {
        throw new IllegalArgumentException("Sampler.generate: token " + t + " out of range for vocab " + vocab);
      }
    }
    boolean wasTraining = model.isTraining();
    model.eval();
    int[] seq = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
    int len = prompt.length;
    List<KVCache> caches = useCache ? model.newCaches(1) : null;
    int start = 0; // the window the model sees is seq[start, len)
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
        float[] logits;
        // A full window filled from scratch is cropped again by the next token, so caching it buys
        // nothing (stride 1 past the block): run it plainly, which is also the faster kernel path.
        boolean refillFull = useCache && caches.get(0).length() == 0 && len - start == block;
        if (useCache && !refillFull) {
          int from = start + caches.get(0).length();
          logits = model.forward(Tensor.fromArray(window(seq, from, len), 1, len - from), caches).toFloatArray();
        } else {
          Tensor all = model.forward(Tensor.fromArray(window(seq, start, len), 1, len - start)); // (1, T, vocab)
          logits = all.select(1, len - start - 1).toFloatArray();
        }
        int next = pick(logits, generator);
        seq[len++] = next;
        if (onToken != null) {
          onToken.accept(next);
        }
      }
    } finally {
      model.train(wasTraining);
    }
    return Arrays.copyOfRange(seq, prompt.length, len);
  }

  private static long[] window(int[] seq, int from, int to) {
    long[] out = new long[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = seq[i];
    }
    return out;
  }

  /** Temperature, top-k, top-p, then one multinomial draw. */
  private int pick(float[] logits, Generator generator) {
    int v = logits.length;
    if (temperature == 0) {
      int best = 0;
      for (int i = 1; i < v; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      return best;
    }
    float[] z = new float[v];
    for (int i = 0; i < v; i++) {
      z[i] = (float) (logits[i] / temperature);
    }
    if (topK > 0 && topK < v) {
      float[] sorted = z.clone();
      Arrays.sort(sorted);
      float kth = sorted[v - topK];
      for (int i = 0; i < v; i++) {
        if (z[i] < kth) {
          z[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    float max = Float.NEGATIVE_INFINITY;
    for (float x : z) {
      max = Math.max(max, x);
    }
    double sum = 0;
    double[] e = new double[v];
    for (int i = 0; i < v; i++) {
      e[i] = Math.exp(z[i] - max);
      sum += e[i];
    }
    float[] probs = new float[v];
    for (int i = 0; i < v; i++) {
      probs[i] = (float) (e[i] / sum);
    }
    if (topP < 1) {
      Integer[] order = new Integer[v];
      for (int i = 0; i < v; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Float.compare(probs[b], probs[a]));
      double cum = 0;
      boolean cut = false;
      for (Integer i : order) {
        if (cut) {
          probs[i] = 0f;
        } else {
          cum += probs[i];
          cut = cum >= topP; // keep the token that crosses p, drop the rest
        }
      }
    }
    return (int) generator.multinomial(probs, 1, v, 1, false)[0];
  }
}
