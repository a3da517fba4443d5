package io.github.zth.gpt;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.data.tokenizer.Tokenizer;
import io.github.zth.gpt.makemore.MakemoreConfig;
import io.github.zth.nn.TensorFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A checkpoint folder, the one format every {@link LanguageModel} and every {@link Trainer} run is
 * saved in: {@code config.json} (the model's shape: a {@link GPTConfig} or a {@link
 * MakemoreConfig}), {@code model.safetensors} (its state dict; a GPT's has nanoGPT/GPT-2 names,
 * readable by {@link GPT#fromPretrained}), and when given {@code tokenizer.model}, plus, for a
 * training run, {@code optimizer.safetensors} (AdamW's moments) and {@code trainer.json} (a {@link
 * TrainState}).
 *
 * <p>An instance names the folder and what is saved with the weights; {@link
 * Trainer#train(Checkpoint)} saves the best model there.
 *
 * <pre>{@code
 * Checkpoint.of(Path.of("out/gpt/checkpoint"), model).withTokenizer(tokenizer).save(model);
 * Checkpoint.of(Path.of("out/makemore"), makemoreConfig.toJson()).save(model);
 * }</pre>
 *
 * <p>Writes are atomic at the directory level ({@link AtomicFiles#replaceDirectory}): a crash at
 * any moment leaves the previous checkpoint or the new one, never a mix of files from two saves;
 * the loaders read through {@link AtomicFiles#readableDirectory}, which finds the previous one in
 * the instant between the save's two renames. A folder that holds files a checkpoint does not write
 * is refused rather than replaced.
 */
public final class Checkpoint {

  /** The weights file. */
  public static final String MODEL = "model.safetensors";

  /** The model shape. */
  public static final String CONFIG = "config.json";

  /** The optional tokenizer (a {@link CharTokenizer} model file). */
  public static final String TOKENIZER = "tokenizer.model";

  /** AdamW's moments. */
  public static final String OPTIMIZER = "optimizer.safetensors";

  /** The run's {@link TrainState}. */
  public static final String TRAINER = "trainer.json";

  private final Path dir;
  private final String configJson;
  private final Tokenizer tokenizer; // null: none saved

  private Checkpoint(Path dir, String configJson, Tokenizer tokenizer) {
    this.dir = dir;
    this.configJson = configJson;
    this.tokenizer = tokenizer;
  }

  /**
   * A checkpoint folder for a GPT, its {@code config.json} from the model's {@link GPTConfig}.
   *
   * @param dir the folder
   * @param model the model whose shape is saved
   * @return the checkpoint, without a tokenizer
   */
  public static Checkpoint of(Path dir, GPT model) {
    return new Checkpoint(dir, model.config().toJson(), null);
  }

  /**
   * A checkpoint folder for any model, with the given {@code config.json} text (for example {@link
   * MakemoreConfig#toJson()}), which the loader of that model reads back.
   *
   * @param dir the folder
   * @param configJson the model's shape as JSON
   * @return the checkpoint, without a tokenizer
   */
  public static Checkpoint of(Path dir, String configJson) {
    return new Checkpoint(dir, configJson, null);
  }

  /**
   * Returns a copy that also saves {@code tokenizer}.
   *
   * @param t the tokenizer
   * @return the new checkpoint
   */
  public Checkpoint withTokenizer(Tokenizer t) {
    return new Checkpoint(
        dir, configJson, java.util.Objects.requireNonNull(t, "Checkpoint.withTokenizer"));
  }

  /**
   * The checkpoint folder, which holds {@code config.json}, the weights and {@code trainer.json}.
   */
  public Path dir() {
    return dir;
  }

  /**
   * Saves a model (config, weights and the tokenizer, if any) for sampling or evaluation.
   *
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if the folder holds files a checkpoint does not write
   */
  public void save(LanguageModel model) throws IOException {
    write(model, null, null);
  }

  /**
   * Saves a GPT for sampling: {@code of(dir, model).save(model)}.
   *
   * @param dir the checkpoint folder (replaced atomically)
   * @throws IOException if writing fails
   */
  public static void save(Path dir, GPT model) throws IOException {
    of(dir, model).save(model);
  }

  /**
   * Saves a GPT (and its tokenizer, if not null) for sampling: {@code of(dir, model)} then {@link
   * #save(LanguageModel)}.
   *
   * @param dir the checkpoint folder (replaced atomically)
   * @param tokenizer the tokenizer, or null
   * @throws IOException if writing fails
   */
  public static void save(Path dir, GPT model, Tokenizer tokenizer) throws IOException {
    Checkpoint c = of(dir, model);
    (tokenizer == null ? c : c.withTokenizer(tokenizer)).save(model);
  }

  void write(LanguageModel model, Map<String, Tensor> optimizer, TrainState state)
      throws IOException {
    refuseForeignFiles(dir.toAbsolutePath());
    AtomicFiles.replaceDirectory(
        dir,
        tmp -> {
          Files.writeString(tmp.resolve(CONFIG), configJson, StandardCharsets.UTF_8);
          TensorFiles.save(model.stateDict(), tmp.resolve(MODEL));
          if (tokenizer != null) {
            tokenizer.save(tmp.resolve("tokenizer"));
          }
          if (optimizer != null) {
            TensorFiles.save(optimizer, tmp.resolve(OPTIMIZER));
          }
          if (state != null) {
            Files.writeString(tmp.resolve(TRAINER), state.toJson(), StandardCharsets.UTF_8);
          }
        });
  }

  /** Replacing the folder deletes what is in it: only a checkpoint's own files may be. */
  private static void refuseForeignFiles(Path abs) throws IOException {
    if (!Files.exists(abs)) {
      return;
    }
    if (!Files.isDirectory(abs)) {
      throw new IllegalArgumentException(
          "Checkpoint: " + abs + " is a file, expected a checkpoint folder");
    }
    Set<String> ours = Set.of(MODEL, CONFIG, OPTIMIZER, TRAINER);
    try (Stream<Path> s = Files.list(abs)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (!ours.contains(name) && !name.startsWith("tokenizer.")) {
          throw new IllegalArgumentException(
              "Checkpoint: "
                  + abs
                  + " holds "
                  + name
                  + ", which a checkpoint does not"
                  + " write; expected an empty or checkpoint folder (saving replaces the whole folder)");
        }
      }
    }
  }

  /**
   * Loads the model of a checkpoint, see {@link GPT#fromPretrained}.
   *
   * @param dir the directory
   * @return the model, in eval mode
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the checkpoint is missing files or malformed
   */
  public static GPT loadModel(Path dir) throws IOException {
    return GPT.fromPretrained(AtomicFiles.readableDirectory(dir));
  }

  /**
   * Loads the checkpoint's character tokenizer.
   *
   * @param dir the directory
   * @return the tokenizer
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the checkpoint has no tokenizer or it is malformed
   */
  public static CharTokenizer loadTokenizer(Path dir) throws IOException {
    Path f = AtomicFiles.readableDirectory(dir).resolve(TOKENIZER);
    if (!Files.isRegularFile(f)) {
      throw new IllegalArgumentException(
          "Checkpoint.loadTokenizer: " + dir + " has no " + TOKENIZER);
    }
    return CharTokenizer.load(f);
  }
}
