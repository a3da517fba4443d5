package io.github.zth.gpt;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.io.Json;
import io.github.zth.data.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HellaSwag scored in completion style, as build-nanogpt's {@code hellaswag.py} does: each of the
 * four endings is appended to the context ({@code ctx + " " + ending}, the space because GPT-2's
 * tokens carry their leading space), the model's cross-entropy is taken over the ending's tokens
 * only, and the ending with the lowest loss is the prediction. {@code acc} ranks by the summed
 * loss, {@code acc_norm} by the mean loss per ending token (which does not favour short endings);
 * GPT-2 124M scores acc 0.2859, acc_norm 0.2955 on the 10,042 validation examples.
 *
 * <pre>{@code
 * for (HellaSwag.Example e : HellaSwag.read(Path.of("hellaswag_val.jsonl"), 100)) {
 *   HellaSwag.Score s = HellaSwag.score(model, gpt2Tokenizer, e);
 *   correctNorm += s.predNorm() == e.label() ? 1 : 0;
 * }
 * }</pre>
 */
public final class HellaSwag {

  private HellaSwag() {}

  /**
   * One HellaSwag item, the fields the scoring reads.
   *
   * @param ctx the context the endings continue
   * @param label the index of the right ending, 0 to 3
   * @param endings the four candidate endings
   */
  public record Example(String ctx, int label, List<String> endings) {
    /** Copies the endings. */
    public Example {
      endings = List.copyOf(endings);
    }
  }

  /**
   * The losses of one example's endings and the two predictions.
   *
   * @param sumLoss each ending's summed token cross-entropy
   * @param meanLoss each ending's mean token cross-entropy
   * @param pred the ending with the lowest summed loss (first on a tie, as {@code argmin})
   * @param predNorm the ending with the lowest mean loss
   */
  public record Score(double[] sumLoss, double[] meanLoss, int pred, int predNorm) {}

  /**
   * Reads a HellaSwag {@code .jsonl} file (one JSON object per line with {@code ctx}, {@code label}
   * and four {@code endings}; other fields ignored, blank lines skipped).
   *
   * @param file the file, e.g. {@code hellaswag_val.jsonl}
   * @param limit read at most this many examples, or {@code <= 0} for all
   * @return the examples in file order
   * @throws IOException if reading fails
   * @throws IllegalArgumentException for a malformed line, naming the file, the line and the fault
   */
  public static List<Example> read(Path file, int limit) throws IOException {
    List<Example> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null && (limit <= 0 || out.size() < limit)) {
        n++;
        if (!line.isBlank()) {
          out.add(parse(file, n, line));
        }
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text (" + e + ")", e);
    }
    return out;
  }

  private static Example parse(Path file, int n, String line) {
    String at = file + ":" + n + ": ";
    Object v;
    try {
      v = Json.parse(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + "not JSON: " + e.getMessage(), e);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(at + "expected a JSON object per line");
    }
    if (!(m.get("ctx") instanceof String ctx)) {
      throw new IllegalArgumentException(at + "expected a string \"ctx\"");
    }
    if (!(m.get("label") instanceof Long label) || label < 0 || label > 3) {
      throw new IllegalArgumentException(
          at + "expected an integer \"label\" from 0 to 3, got " + m.get("label"));
    }
    if (!(m.get("endings") instanceof List<?> list)
        || list.size() != 4
        || !list.stream().allMatch(s -> s instanceof String)) {
      throw new IllegalArgumentException(at + "expected \"endings\": a list of 4 strings");
    }
    List<String> endings = new ArrayList<>();
    list.forEach(s -> endings.add((String) s));
    return new Example(ctx, label.intValue(), endings);
  }

  /**
   * Scores one example, rendering it with {@code tokenizer} as build-nanogpt does.
   *
   * @param model the language model
   * @param tokenizer GPT-2's tokenizer (any whose ids fit the model)
   * @param e the example
   * @return the endings' losses and the predictions
   * @throws IllegalArgumentException if a rendered row is longer than the block size or an id does
   *     not fit the model
   */
  public static Score score(GPT model, Tokenizer tokenizer, Example e) {
    int[][] endings = new int[e.endings().size()][];
    for (int i = 0; i < endings.length; i++) {
      endings[i] = tokenizer.encode(" " + e.endings().get(i));
    }
    return score(model, tokenizer.encode(e.ctx()), endings);
  }

  /**
   * Scores a context's candidate endings, given as token ids: one batched forward of the rows
   * {@code ctx + ending}, zero-padded on the right (the causal mask keeps padding from reaching the
   * scored positions).
   *
   * @param model the language model
   * @param ctx the context's tokens, at least one
   * @param endings each candidate's tokens, each at least one
   * @return the endings' losses and the predictions
   * @throws IllegalArgumentException if a row is longer than the block size or an id does not fit
   *     the model
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public static Score score(GPT model, int[] ctx, int[][] endings) {
    if (ctx.length == 0 || endings.length == 0) {
      throw new IllegalArgumentException(
          "HellaSwag.score: need a non-empty context and at least one ending");
    }
    int rows = endings.length;
    int len = 0;
    for (int[] end : endings) {
      if (end.length == 0) {
        throw new IllegalArgumentException("HellaSwag.score: an ending has no tokens");
      }
      len = Math.max(len, ctx.length + end.length);
    }
    if (len > model.config().blockSize()) {
      throw new IllegalArgumentException(
          "HellaSwag.score: context and ending take "
              + len
              + " tokens, the model's block size is "
              + model.config().blockSize());
    }
    long[] tokens = new long[rows * len];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < ctx.length; i++) {
        tokens[r * len + i] = ctx[i];
      }
      for (int i = 0; i < endings[r].length; i++) {
        tokens[r * len + ctx.length + i] = endings[r][i];
      }
    }
    int vocab = model.config().vocabSize();
    for (long t : tokens) {
      if (t < 0 || t >= vocab) {
        throw new IllegalArgumentException(
            "HellaSwag.score: token " + t + " out of range for the model's vocabulary " + vocab);
      }
    }
    float[] losses; // (rows, len - 1): position i predicts token i + 1
    boolean wasTraining = model.isTraining();
    model.eval();
    try (var off = GradMode.disabled()) {
      Tensor idx = Tensor.fromArray(tokens, rows, len);
      Tensor logits = model.forward(idx).narrow(1, 0, len - 1).reshape(rows * (len - 1), vocab);
      Tensor targets = idx.narrow(1, 1, len - 1).reshape(rows * (len - 1));
      losses = logits.crossEntropy(targets, Reduction.NONE, -100).toFloatArray();
    } finally {
      model.train(wasTraining);
    }
    double[] sum = new double[rows];
    double[] mean = new double[rows];
    int pred = 0;
    int predNorm = 0;
    for (int r = 0; r < rows; r++) {
      float s = 0; // float, as torch sums the masked float32 losses
      for (int i = 0; i < endings[r].length; i++) {
        s += losses[r * (len - 1) + ctx.length - 1 + i];
      }
      sum[r] = s;
      mean[r] = s / (float) endings[r].length;
      pred = sum[r] < sum[pred] ? r : pred;
      predNorm = mean[r] < mean[predNorm] ? r : predNorm;
    }
    return new Score(sum, mean, pred, predNorm);
  }
}
