package io.github.zth.gpt;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.data.tokenizer.Tokenizer;
import io.github.zth.nn.TensorFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint directory: {@code config.json} and {@code model.safetensors} (nanoGPT/GPT-2 names,
 * readable by {@link GPT#fromPretrained}), plus, when given, {@code tokenizer.model},
 * {@code optimizer.safetensors} and {@code trainer.json} (written by {@link Trainer#save}).
 *
 * <p>Writes are atomic at the directory level ({@link AtomicFiles#replaceDirectory}): a crash at any
 * moment leaves the previous checkpoint or the new one, never a mix of files from two saves; the
 * loaders read through {@link AtomicFiles#readableDirectory}, which finds the previous one in the
 * instant between the save's two renames.
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
  /** Step, best loss and random-generator states. */
  public static final String TRAINER = "trainer.json";

  private Checkpoint() {}

  /**
   * Saves a model (and its tokenizer, if not null) for sampling.
   *
   * @param dir the checkpoint directory (replaced atomically)
   * @param model the model
   * @param tokenizer the tokenizer, or null
   * @throws IOException if writing fails
   */
  public static void save(Path dir, GPT model, Tokenizer tokenizer) throws IOException {
    write(dir, model, tokenizer, null, null);
  }

  static void write(Path dir, GPT model, Tokenizer tokenizer, Map<String, io.github.zth.autograd.Tensor> optimizer,
      String trainerJson) throws IOException {
    AtomicFiles.replaceDirectory(dir, tmp -> {
      Files.writeString(tmp.resolve(CONFIG), model.config().toJson(), StandardCharsets.UTF_8);
      TensorFiles.save(model.stateDict(), tmp.resolve(MODEL));
      if (tokenizer != null) {
        tokenizer.save(tmp.resolve("tokenizer"));
      }
      if (optimizer != null) {
        TensorFiles.save(optimizer, tmp.resolve(OPTIMIZER));
      }
      if (trainerJson != null) {
        Files.writeString(tmp.resolve(TRAINER), trainerJson, StandardCharsets.UTF_8);
      }
    });
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
      throw new IllegalArgumentException("Checkpoint.loadTokenizer: " + dir + " has no " + TOKENIZER);
    }
    return CharTokenizer.load(f);
  }

}
