package io.github.zth.gpt;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.TokenData;
import io.github.zth.data.tokenizer.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of {@link CheckpointCrashTest}: trains a tiny GPT (resuming the checkpoint when
 * there is one) and saves after every step, forever, until it is killed. It prints {@code begin N}
 * before the save of iteration N and {@code saved N <sha-256 of model.safetensors>} after it, and
 * alternates the tokenizer file between two alphabets ({@code tok A} / {@code tok B}).
 */
public final class CrashSaverMain {
  static final String TEXT =
      "first citizen: before we proceed any further, hear me speak. all: speak, speak.\n"
          .repeat(20);
  static final TrainerConfig CONFIG =
      new TrainerConfig(
          4, 1_000_000, 1e-3, 1e-4, 1, 1_000_000, 0.1, 0.9, 0.99, 1.0, 1, 1_000_000, 1);
  static final CharTokenizer ALPHABET_A = CharTokenizer.fromText("abcdefgh");
  static final CharTokenizer ALPHABET_B = CharTokenizer.fromText("0123456789");

  private CrashSaverMain() {}

  static TokenData data() {
    return new TokenData(CharTokenizer.fromText(TEXT).encode(TEXT));
  }

  /**
   * Runs until killed.
   *
   * @param args the work folder
   * @throws Exception never expected
   */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path ckpt = work.resolve("checkpoint");
    CharTokenizer tok = CharTokenizer.fromText(TEXT);
    Trainer trainer;
    if (Files.exists(ckpt)
        || Files.exists(io.github.zth.autograd.io.AtomicFiles.readableDirectory(ckpt))) {
      GPT model = Checkpoint.loadModel(ckpt);
      trainer = Trainer.resume(ckpt, model, new RandomWindows(data(), model.generator()), CONFIG);
    } else {
      GPT model =
          new GPT(new GPTConfig(16, tok.vocabSize(), 2, 2, 48, 0.0, false), new Generator(7));
      trainer = new Trainer(model, new RandomWindows(data(), model.generator()), CONFIG);
    }
    System.out.println("ready " + trainer.iter());
    for (int k = 0; ; k++) {
      trainer.step();
      System.out.println("begin " + trainer.iter());
      trainer.save(Checkpoint.of(ckpt, (GPT) trainer.model()).withTokenizer(tok));
      System.out.println(
          "saved "
              + trainer.iter()
              + " "
              + CheckpointCrashTest.sha256(ckpt.resolve(Checkpoint.MODEL)));
      boolean a = k % 2 == 0;
      (a ? ALPHABET_A : ALPHABET_B).save(work.resolve("alphabet"));
      System.out.println("tok " + (a ? "A" : "B"));
    }
  }
}
