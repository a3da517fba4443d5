package io.github.zth.gpt;

import io.github.zth.autograd.LogitFilter;
import io.github.zth.autograd.Tensor;
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
 * <pre>{@code
 * SamplingConfig s = SamplingConfig.DEFAULT.withTemperature(0.8).withTopK(200);
 * Tensor words = model.generate(Tensor.zeros(DType.INT64, 10, 1), 15, s, g);
 * }</pre>
 *
 * @param temperature 0 for greedy, or at least {@link #MIN_TEMPERATURE} and finite
 * @param topK keep only this many likeliest tokens (at least 1; more than the vocabulary keeps all)
 * @param topP nucleus mass in (0, 1]
 */
public record SamplingConfig(double temperature, OptionalInt topK, OptionalDouble topP) {

  /**
   * The smallest positive temperature: the smallest normal float. Float logits divided by less
   * overflow to infinity and softmax to NaN; such a temperature means greedy, which is 0.
   */
  public static final double MIN_TEMPERATURE = Float.MIN_NORMAL;

  /** Temperature 1, no top-k, no top-p: the model's own distribution. */
  public static final SamplingConfig DEFAULT =
      new SamplingConfig(1.0, OptionalInt.empty(), OptionalDouble.empty());

  /**
   * Checks the settings.
   *
   * @param temperature the temperature
   * @param topK the top-k, if any
   * @param topP the top-p, if any
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
    return new SamplingConfig(t, topK, topP);
  }

  /**
   * Returns a copy that keeps only the {@code k} likeliest tokens.
   *
   * @param k at least 1
   * @return the new settings
   */
  public SamplingConfig withTopK(int k) {
    return new SamplingConfig(temperature, OptionalInt.of(k), topP);
  }

  /**
   * Returns a copy that keeps the smallest set of likeliest tokens whose probability reaches {@code
   * p}.
   *
   * @param p in (0, 1]
   * @return the new settings
   */
  public SamplingConfig withTopP(double p) {
    return new SamplingConfig(temperature, topK, OptionalDouble.of(p));
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
    Tensor probs =
        temperature == 1 && topK.isEmpty() && topP.isEmpty()
            ? logits.softmax(-1) // exactly the lectures' F.softmax(logits)
            : LogitFilter.apply(logits, temperature, topK.orElse(0), topP.orElse(1.0)).softmax(-1);
    return probs.multinomial(1, false, g);
  }
}
