package io.github.zth.gpt;

import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.data.tokenizer.Tokenizer;
import io.github.zth.nn.TensorFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A checkpoint directory: {@code config.json} and {@code model.safetensors} (nanoGPT/GPT-2 names,
 * readable by {@link GPT#fromPretrained}), plus, when given, {@code tokenizer.model},
 * {@code optimizer.safetensors} and {@code trainer.json} (written by {@link Trainer#save}).
 *
 * <p>Writes are atomic at the directory level: everything goes into a fresh sibling directory,
 * then the old directory is renamed aside, the new one renamed into place and the old one deleted.
 * A crash while writing leaves the previous checkpoint untouched (at worst under
 * {@code <name>.old-*} if it happens between the two renames).
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
    Path abs = dir.toAbsolutePath();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, abs.getFileName() + ".tmp-");
    try {
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) { // temp dirs are owner-only; a checkpoint is not
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
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
      Path old = null;
      if (Files.exists(abs)) {
        old = parent.resolve(abs.getFileName() + ".old-" + System.nanoTime());
        Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      if (old != null) {
        deleteTree(old);
      }
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
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
    return GPT.fromPretrained(dir);
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
    Path f = dir.resolve(TOKENIZER);
    if (!Files.isRegularFile(f)) {
      throw new IllegalArgumentException("Checkpoint.loadTokenizer: " + dir + " has no " + TOKENIZER);
    }
    return CharTokenizer.load(f);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
