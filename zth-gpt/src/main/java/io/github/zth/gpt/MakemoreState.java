package io.github.zth.gpt;

import io.github.zth.autograd.Generator;
import io.github.zth.gpt.internal.FlatJson;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a makemore run stands, saved next to its best model ({@code trainer.json}) so that
 * {@code --resume} continues exactly as the run would have: the step just finished, how many steps
 * the optimizer has taken (to check its saved moments belong to this state), the best losses so far,
 * and the states of the global generator (evaluation shuffles, samples) and of the training-batch
 * sampler's own generator ({@link CharDataset#loaderGenerator}).
 *
 * <pre>{@code
 * var st = new MakemoreState(step, optimizer.steps(), step, trainLoss, testLoss, g.getState(), batches.getState());
 * Files.writeString(dir.resolve("trainer.json"), st.toJson());
 * }</pre>
 *
 * @param step the last step completed (counted from 0); training resumes at {@code step + 1}
 * @param optimizerSteps the optimizer's step count at that point
 * @param bestStep the step of the best test loss
 * @param bestTrainLoss the training loss evaluated at {@code bestStep}
 * @param bestTestLoss the best test loss so far
 * @param generator the global generator's state
 * @param batchGenerator the training sampler's generator state
 */
public record MakemoreState(int step, long optimizerSteps, int bestStep, double bestTrainLoss, double bestTestLoss,
    byte[] generator, byte[] batchGenerator) {

  /**
   * Checks the values.
   *
   * @param step the last step completed
   * @param optimizerSteps the optimizer's step count
   * @param bestStep the step of the best test loss
   * @param bestTrainLoss the training loss at the best step
   * @param bestTestLoss the best test loss
   * @param generator the global generator's state
   * @param batchGenerator the sampler generator's state
   * @throws IllegalArgumentException on a negative step or count, a best step after {@code step},
   *     a missing generator state or a non-finite loss
   */
  public MakemoreState {
    if (step < 0 || optimizerSteps < 0 || bestStep < 0 || bestStep > step || generator == null || batchGenerator == null
        || !Double.isFinite(bestTrainLoss) || !Double.isFinite(bestTestLoss)) {
      throw new IllegalArgumentException("MakemoreState: step " + step + ", optimizer steps " + optimizerSteps
          + ", best step " + bestStep + ", best losses " + bestTrainLoss + "/" + bestTestLoss
          + ": expected non-negative counts, best step <= step, finite losses and both generator states");
    }
    generator = generator.clone();
    batchGenerator = batchGenerator.clone();
  }

  /** @return a copy of the global generator's state */
  @Override
  public byte[] generator() {
    return generator.clone();
  }

  /** @return a copy of the sampler generator's state */
  @Override
  public byte[] batchGenerator() {
    return batchGenerator.clone();
  }

  /**
   * Returns a generator in the saved sampler state.
   *
   * @return a new generator
   */
  public Generator newBatchGenerator() {
    return new Generator().setState(batchGenerator);
  }

  /**
   * Serialises to a flat JSON object, the generator states in base64.
   *
   * @return the JSON text
   */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("optimizer_steps", optimizerSteps);
    m.put("best_step", bestStep);
    m.put("best_train_loss", bestTrainLoss);
    m.put("best_test_loss", bestTestLoss);
    m.put("generator_state", Base64.getEncoder().encodeToString(generator));
    m.put("batch_generator_state", Base64.getEncoder().encodeToString(batchGenerator));
    return FlatJson.write(m);
  }

  /**
   * Parses {@link #toJson()}'s output; every key is required.
   *
   * @param what the file name, for errors
   * @param json the text
   * @return the state
   * @throws IllegalArgumentException if the text is malformed or a key is missing or of the wrong type
   */
  public static MakemoreState fromJson(String what, String json) {
    Map<String, Object> m = FlatJson.parse(what, json);
    int step = intOf(what, m, "step");
    long optimizerSteps = longOf(what, m, "optimizer_steps");
    int bestStep = intOf(what, m, "best_step");
    double bestTrain = doubleOf(what, m, "best_train_loss");
    double bestTest = doubleOf(what, m, "best_test_loss");
    byte[] generator = bytesOf(what, m, "generator_state");
    byte[] batchGenerator = bytesOf(what, m, "batch_generator_state");
    try {
      return new MakemoreState(step, optimizerSteps, bestStep, bestTrain, bestTest, generator, batchGenerator);
    } catch (IllegalArgumentException e) { // name the file (issue 20): the record's check sees only values
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static long longOf(String what, Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Long l)) {
      throw new IllegalArgumentException(what + ": \"" + key + "\" must be an integer, got " + m.get(key));
    }
    return l;
  }

  private static int intOf(String what, Map<String, Object> m, String key) {
    long l = longOf(what, m, key);
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + ": \"" + key + "\" must fit an int, got " + l);
    }
    return (int) l;
  }

  private static double doubleOf(String what, Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Number n)) {
      throw new IllegalArgumentException(what + ": \"" + key + "\" must be a number, got " + m.get(key));
    }
    return n.doubleValue();
  }

  private static byte[] bytesOf(String what, Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof String s)) {
      throw new IllegalArgumentException(what + ": \"" + key + "\" must be a base64 string, got " + m.get(key));
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": \"" + key + "\" is not base64: " + e.getMessage(), e);
    }
  }
}
