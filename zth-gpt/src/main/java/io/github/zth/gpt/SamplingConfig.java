package io.github.zth.gpt;

import io.github.zth.autograd.LogitFilter;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.ValuesIndices;
import io.github.zth.autograd.random.Generator;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How a next token is drawn from logits, the one convention of {@link Sampler} and {@link
 * LanguageModel#generate}: divide by the temperature, keep the {@code topK} likeliest and the
 * smallest set of the likeliest whose probability reaches {@code topP}, draw one with {@code
 * multinomial}. A temperature of 0 picks the likeliest token (greedy) and draws nothing; top-k and
 * top-p are off when absent.
 *
 * <p><b>Where the draw happens.</b> nanoGPT and makemore set everything outside the top-k to {@code
 * -inf} and draw from the whole vocabulary; build-nanogpt's GPT-2 loop instead takes {@code
 * topk(softmax(logits), k)} and draws among those k probabilities, in descending order, then maps
 * the pick back through the top-k indices. The two give the same distribution but consume a
 * generator differently ({@code multinomial} draws one exponential per candidate), so seeded
 * samples agree with only one of them: {@link #withDrawAmongTopK} picks build-nanogpt's.
 *
 * <pre>{@code
 * SamplingConfig s = SamplingConfig.DEFAULT.withTemperature(0.8).withTopK(200);
 * Tensor words = model.generate(Tensor.zeros(DType.INT64, 10, 1), 15, s, g);
 * }</pre>
 *
 * @param temperature 0 for greedy, or at least {@link #MIN_TEMPERATURE} and finite
 * @param topK keep only this many likeliest tokens (at least 1; more than the vocabulary keeps all)
 * @param topP nucleus mass in (0, 1]
 * @param drawAmongTopK draw among the top-k probabilities (build-nanogpt) rather than from the
 *     filtered vocabulary (nanoGPT, makemore); no effect without a top-k
 */
public record SamplingConfig(
    double temperature, OptionalInt topK, OptionalDouble topP, boolean drawAmongTopK) {

  /**
   * The smallest positive temperature: the smallest normal float. Float logits divided by less
   * overflow to infinity and softmax to NaN; such a temperature means greedy, which is 0.
   */
  public static final double MIN_TEMPERATURE = Float.MIN_NORMAL;

  /** Temperature 1, no top-k, no top-p: the model's own distribution. */
  public static final SamplingConfig DEFAULT =
      new SamplingConfig(1.0, OptionalInt.empty(), OptionalDouble.empty(), false);

  /**
   * Checks the settings.
   *
   * @param temperature the temperature
   * @param topK the top-k, if any
   * @param topP the top-p, if any
   * @param drawAmongTopK build-nanogpt's draw among the top-k (see the class description)
   * @throws IllegalArgumentException if a setting is out of range
   */
  public SamplingConfig {
    checkTemperature("SamplingConfig", temperature);
    if (topK == null || topP == null) {
      throw new IllegalArgumentException(
          "SamplingConfig: top_k and top_p must be present or empty, not null");
    }
    topK.ifPresent(k -> checkTopK("SamplingConfig", k));
    topP.ifPresent(p -> checkTopP("SamplingConfig", p));
  }

  /**
   * Settings that draw from the filtered vocabulary, nanoGPT's and makemore's convention.
   *
   * @param temperature the temperature
   * @param topK the top-k, if any
   * @param topP the top-p, if any
   * @throws IllegalArgumentException if a setting is out of range
   */
  public SamplingConfig(double temperature, OptionalInt topK, OptionalDouble topP) {
    this(temperature, topK, topP, false);
  }

  static void checkTemperature(String who, double t) {
    if (!(t == 0 || (t >= MIN_TEMPERATURE && t < Double.POSITIVE_INFINITY))) {
      throw new IllegalArgumentException(
          who
              + ": temperature "
              + t
              + ": expected 0 (greedy) or a finite value >= "
              + MIN_TEMPERATURE
              + " (float logits divided by less overflow to NaN probabilities)");
    }
  }

  static void checkTopK(String who, int k) {
    if (k < 1) {
      throw new IllegalArgumentException(
          who + ": top_k " + k + ": expected at least 1 (leave it out for no top-k)");
    }
  }

  static void checkTopP(String who, double p) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException(
          who + ": top_p " + p + ": expected a value in (0, 1] (leave it out for none)");
    }
  }

  /**
   * Returns a copy with a new temperature.
   *
   * @param t 0 for greedy, or at least {@link #MIN_TEMPERATURE} and finite
   * @return the new settings
   */
  public SamplingConfig withTemperature(double t) {
    return new SamplingConfig(t, topK, topP, drawAmongTopK);
  }

  /**
   * Returns a copy that keeps only the {@code k} likeliest tokens.
   *
   * @param k at least 1
   * @return the new settings
   */
  public SamplingConfig withTopK(int k) {
    return new SamplingConfig(temperature, OptionalInt.of(k), topP, drawAmongTopK);
  }

  /**
   * Returns a copy that keeps the smallest set of likeliest tokens whose probability reaches {@code
   * p}.
   *
   * @param p in (0, 1]
   * @return the new settings
   */
  public SamplingConfig withTopP(double p) {
    return new SamplingConfig(temperature, topK, OptionalDouble.of(p), drawAmongTopK);
  }

  /**
   * Returns a copy that draws among the top-k probabilities as build-nanogpt's GPT-2 loop does
   * ({@code multinomial(topk(softmax(logits), k).values)}), so its seeded samples match that
   * loop's.
   *
   * @param on whether to draw among the top-k rather than from the filtered vocabulary
   * @return the new settings
   */
  public SamplingConfig withDrawAmongTopK(boolean on) {
    return new SamplingConfig(temperature, topK, topP, on);
  }

  /**
   * Draws the next token of every row.
   *
   * @param logits (B, vocab) logits of the last position
   * @param g the generator the draws come from (unused when greedy)
   * @return (B, 1) INT64 token ids
   */
  public Tensor next(Tensor logits, Generator g) {
    if (temperature == 0) {
      return logits.argmax(-1, true);
    }
    if (drawAmongTopK && topK.isPresent()) {
      Tensor probs =
          temperature == 1 && topP.isEmpty()
              ? logits.softmax(-1) // build-nanogpt's F.softmax(logits, dim=-1)
              : LogitFilter.apply(logits, temperature, 0, topP.orElse(1.0)).softmax(-1);
      ValuesIndices top = probs.topk(Math.min(topK.getAsInt(), probs.size(-1)), -1);
      return top.indices().gather(-1, top.values().multinomial(1, false, g));
    }
    Tensor probs =
        temperature == 1 && topK.isEmpty() && topP.isEmpty()
            ? logits.softmax(-1) // exactly the lectures' F.softmax(logits)
            : LogitFilter.apply(logits, temperature, topK.orElse(0), topP.orElse(1.0)).softmax(-1);
    return probs.multinomial(1, false, g);
  }
}
