package io.github.zth.gpt;

import io.github.zth.autograd.io.JsonObject;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a {@link Trainer}'s run stands, saved as a checkpoint's {@code trainer.json} so that {@link
 * Trainer#resume} continues bit for bit as if the run had not stopped: the steps taken, the
 * optimizer's own step count (to check its saved moments belong to this state), the already drawn
 * next batch (nanoGPT draws it ahead, between forward and backward), the last and the best
 * evaluations, and the state of every random generator the run draws from, by role (see {@link
 * BatchSource#generators()} and {@link LanguageModel#dropoutGenerator()}).
 *
 * @param step optimizer steps taken; the next step is number {@code step} (0-based)
 * @param optimizerSteps the optimizer's step count at that point
 * @param nextBatch the row indices (window offsets, word indices) of the next training batch
 * @param last the last evaluation, if one was made
 * @param best the evaluation with the lowest held-out loss, if one was made
 * @param generators each generator's state by role, in a fixed order
 */
public record TrainState(
    int step,
    long optimizerSteps,
    long[] nextBatch,
    Optional<Estimate> last,
    Optional<Estimate> best,
    Map<String, byte[]> generators) {

  /**
   * Checks and copies the values.
   *
   * @throws IllegalArgumentException on a negative count, a missing part or an evaluation after
   *     {@code step}
   */
  public TrainState {
    if (step < 0
        || optimizerSteps < 0
        || nextBatch == null
        || nextBatch.length == 0
        || last == null
        || best == null
        || generators == null
        || last.map(e -> e.step() > step).orElse(false)
        || best.map(e -> e.step() > step).orElse(false)) {
      throw new IllegalArgumentException(
          "TrainState: step "
              + step
              + ", optimizer steps "
              + optimizerSteps
              + ", last "
              + last
              + ", best "
              + best
              + ": expected non-negative counts, a next batch, generator states and"
              + " evaluations made at or before the step");
    }
    nextBatch = nextBatch.clone();
    Map<String, byte[]> copy = new LinkedHashMap<>();
    generators.forEach((k, v) -> copy.put(k, v.clone()));
    generators = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the next batch's row indices.
   *
   * @return a copy of the indices
   */
  @Override
  public long[] nextBatch() {
    return nextBatch.clone();
  }

  /**
   * Serialises to a flat JSON object: generator states in base64 under {@code generator.<role>},
   * evaluations as {@code last_*} and {@code best_*} numbers.
   *
   * @return the JSON text
   */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("optimizer_steps", optimizerSteps);
    StringBuilder sb = new StringBuilder();
    for (long i : nextBatch) {
      sb.append(sb.length() == 0 ? "" : ",").append(i);
    }
    m.put("next_batch", sb.toString());
    last.ifPresent(e -> putEstimate(m, "last_", e));
    best.ifPresent(e -> putEstimate(m, "best_", e));
    generators.forEach((k, v) -> m.put("generator." + k, Base64.getEncoder().encodeToString(v)));
    return JsonObject.write(m);
  }

  private static void putEstimate(Map<String, Object> m, String prefix, Estimate e) {
    m.put(prefix + "step", e.step());
    putEval(m, prefix + "train_", e.train());
    putEval(m, prefix + "val_", e.val());
  }

  private static void putEval(Map<String, Object> m, String prefix, Evaluation e) {
    m.put(prefix + "loss", e.loss());
    m.put(prefix + "tokens", e.tokens());
    m.put(prefix + "perplexity", e.perplexity());
  }

  /**
   * Parses {@link #toJson()}'s output.
   *
   * @param what the file name, for errors
   * @param json the text
   * @return the state
   * @throws IllegalArgumentException if the text is malformed or a key is missing or of the wrong
   *     type
   */
  public static TrainState fromJson(String what, String json) {
    JsonObject m = JsonObject.parse(what, json);
    String s = m.getString("next_batch");
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          what + ": \"next_batch\" must be a string of comma-separated offsets, got \"\"");
    }
    String[] parts = s.split(",");
    long[] next = new long[parts.length];
    try {
      for (int i = 0; i < next.length; i++) {
        next[i] = Long.parseLong(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + ": bad \"next_batch\" offset: " + e.getMessage(), e);
    }
    Map<String, byte[]> gens = new LinkedHashMap<>();
    for (String key : m.asMap().keySet()) {
      if (key.startsWith("generator.")) {
        String b64 = m.getString(key);
        try {
          gens.put(key.substring("generator.".length()), Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException(
              what + ": \"" + key + "\" is not base64: " + x.getMessage(), x);
        }
      }
    }
    try {
      return new TrainState(
          m.getInt("step"),
          m.getLong("optimizer_steps"),
          next,
          estimate(m, "last_"),
          estimate(m, "best_"),
          gens);
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(what)
          ? e
          : new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Estimate> estimate(JsonObject m, String prefix) {
    if (!m.has(prefix + "step")) {
      return Optional.empty();
    }
    return Optional.of(
        new Estimate(
            m.getInt(prefix + "step"), eval(m, prefix + "train_"), eval(m, prefix + "val_")));
  }

  private static Evaluation eval(JsonObject m, String prefix) {
    return new Evaluation(
        m.getDouble(prefix + "loss"),
        m.getLong(prefix + "tokens"),
        m.getDouble(prefix + "perplexity"));
  }
}
