package io.github.zth.examples;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Datasets;
import io.github.zth.data.TokenData;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.gpt.Checkpoint;
import io.github.zth.gpt.Estimate;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import io.github.zth.gpt.RandomWindows;
import io.github.zth.gpt.Sampler;
import io.github.zth.gpt.SamplingConfig;
import io.github.zth.gpt.TrainResult;
import io.github.zth.gpt.Trainer;
import io.github.zth.gpt.TrainerConfig;
import io.github.zth.gpt.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth gpt2 train}: build-nanogpt's fine-tuning settings (B, T, a total batch reached by
 * gradient accumulation, AdamW with decay on 2-D weights, warmup and cosine to a tenth of the peak,
 * clipping at 1.0) on a text file tokenized with GPT-2's tokenizer, split 90/10 as nanoGPT's
 * prepare.py. The loop, evaluation, checkpoint and exact resume are the library's one {@link
 * Trainer}; windows are nanoGPT's random ones ({@link RandomWindows}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Fine-tune GPT-2 (or train one from scratch) on a text file with build-nanogpt's options;"
            + " prints 'step N: train loss X, val loss Y, val perplexity Z' and a key: value summary.")
public final class Gpt2Train implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      description =
          "pretrained weights: Hugging Face's gpt2 folder, llm.c's .bin or a zth checkpoint")
  Path model;

  @Option(
      names = "--from-scratch",
      description =
          "a new GPT-2-shaped model (see --n-layer, --n-head, --n-embd) instead of --model")
  boolean fromScratch;

  @Option(
      names = "--data",
      required = true,
      description = "UTF-8 text to train on, e.g. tinyshakespeare.txt (a path or a data-set name)")
  String data;

  @Option(names = "--batch-size", defaultValue = "4", description = "B (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--block-size",
      defaultValue = "64",
      description = "T; a pretrained model is cropped to it (default: ${DEFAULT-VALUE})")
  int blockSize;

  @Option(
      names = "--total-batch-size",
      description = "tokens per optimizer step, a multiple of B*T (default: B*T, no accumulation)")
  Integer totalBatchSize;

  @Option(names = "--max-steps", defaultValue = "50", description = "(default: ${DEFAULT-VALUE})")
  int maxSteps;

  @Option(
      names = "--lr-decay-steps",
      description =
          "step at which the cosine reaches its floor (default: --max-steps); keep it when a run"
              + " is stopped early and resumed with a larger --max-steps")
  Integer lrDecaySteps;

  @Option(
      names = "--warmup-steps",
      defaultValue = "10",
      description = "(default: ${DEFAULT-VALUE})")
  int warmupSteps;

  @Option(
      names = "--max-lr",
      defaultValue = "6e-4",
      description =
          "peak learning rate; the cosine ends at a tenth of it (default: ${DEFAULT-VALUE})")
  double maxLr;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.1",
      description = "on 2-D weights only (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(
      names = "--eval-interval",
      defaultValue = "25",
      description = "steps between val loss estimates (default: ${DEFAULT-VALUE})")
  int evalInterval;

  @Option(
      names = "--eval-iters",
      defaultValue = "20",
      description = "batches per split in an estimate (default: ${DEFAULT-VALUE})")
  int evalIters;

  @Option(
      names = "--sample-interval",
      defaultValue = "0",
      description = "print samples every N steps, 0 for never (default: ${DEFAULT-VALUE})")
  int sampleInterval;

  @Option(names = "--n-layer", defaultValue = "12", description = "with --from-scratch")
  int nLayer;

  @Option(names = "--n-head", defaultValue = "12", description = "with --from-scratch")
  int nHead;

  @Option(names = "--n-embd", defaultValue = "768", description = "with --from-scratch")
  int nEmbd;

  @Option(
      names = "--out",
      defaultValue = "out/gpt2",
      description = "folder for the checkpoint, OUT/checkpoint (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--resume", description = "continue the run saved in --out, exactly")
  boolean resume;

  @Option(names = "--seed", defaultValue = "1337", description = "(default: ${DEFAULT-VALUE})")
  long seed;

  /** Creates the command; picocli fills in the options. */
  public Gpt2Train() {}

  private int gradAccum() {
    long bt = (long) batchSize * blockSize;
    long total = totalBatchSize == null ? bt : totalBatchSize;
    GptCommand.require(
        total > 0 && total % bt == 0 && total / bt <= Integer.MAX_VALUE,
        "--total-batch-size",
        total,
        "a positive multiple of --batch-size x --block-size = " + bt);
    return (int) (total / bt);
  }

  private void checkOptions() {
    GptCommand.require(
        fromScratch != (model != null),
        "--model",
        model,
        "exactly one of --model or --from-scratch");
    GptCommand.require(batchSize >= 1, "--batch-size", batchSize, "at least 1");
    GptCommand.require(blockSize >= 1, "--block-size", blockSize, "at least 1");
    GptCommand.require(maxSteps >= 1, "--max-steps", maxSteps, "at least 1");
    GptCommand.require(
        lrDecaySteps == null || lrDecaySteps >= 1, "--lr-decay-steps", lrDecaySteps, "at least 1");
    int decay = lrDecaySteps == null ? maxSteps : lrDecaySteps;
    GptCommand.require(
        warmupSteps >= 0 && warmupSteps < decay,
        "--warmup-steps",
        warmupSteps,
        "0 or more and less than the decay's end " + decay);
    GptCommand.require(maxLr > 0 && Double.isFinite(maxLr), "--max-lr", maxLr, "a positive number");
    GptCommand.require(
        weightDecay >= 0 && Double.isFinite(weightDecay),
        "--weight-decay",
        weightDecay,
        "0 or more");
    GptCommand.require(evalInterval >= 1, "--eval-interval", evalInterval, "at least 1");
    GptCommand.require(evalIters >= 1, "--eval-iters", evalIters, "at least 1");
    GptCommand.require(sampleInterval >= 0, "--sample-interval", sampleInterval, "0 or more");
    GptCommand.require(nLayer >= 1, "--n-layer", nLayer, "at least 1");
    GptCommand.require(
        nHead >= 1 && nEmbd % nHead == 0, "--n-head", nHead, "a divisor of --n-embd " + nEmbd);
    GptCommand.require(
        (long) batchSize * blockSize * 50257 <= Integer.MAX_VALUE,
        "--batch-size",
        batchSize,
        "B x T x 50257 logits within 2^31 - 1 (with --block-size " + blockSize + ")");
  }

  @Override
  public Integer call() throws Exception {
    checkOptions();
    int accum = gradAccum();
    Path text = DataOption.resolve("--data", data);
    PrintWriter w = spec.commandLine().getOut();
    String corpus = GptCommand.trainingText(text, w);
    Path ckpt = out.resolve(GptCommand.CHECKPOINT);
    if (resume && !Files.isDirectory(AtomicFiles.readableDirectory(ckpt))) {
      throw new IllegalArgumentException(
          "--resume: " + ckpt + ": no checkpoint (expected the --out of an earlier gpt2 train)");
    }
    TiktokenEncoding tok =
        model != null
            ? Gpt2Command.tokenizer(model)
            : TiktokenEncoding.named("gpt2", Datasets.defaults());
    TokenData tokens = new TokenData(tok.encodeOrdinary(corpus));
    GptCommand.requireWindows(text, tokens, blockSize, "GPT-2 tokens");
    GPT m;
    if (resume) {
      m = GPT.fromPretrained(AtomicFiles.readableDirectory(ckpt));
    } else if (fromScratch) {
      m =
          new GPT(
              GPTConfig.gpt2()
                  .withBlockSize(blockSize)
                  .withNLayer(nLayer)
                  .withNHead(nHead)
                  .withNEmbd(nEmbd),
              new Generator(seed));
    } else {
      m = Gpt2Command.loadModel(model);
      GptCommand.require(
          blockSize <= m.config().blockSize(),
          "--block-size",
          blockSize,
          "at most the model's context " + m.config().blockSize());
      m = m.cropBlockSize(blockSize);
    }
    GptCommand.require(
        m.config().blockSize() == blockSize,
        "--block-size",
        blockSize,
        "the checkpoint's " + m.config().blockSize() + " (resume with the run's options)");
    GptCommand.require(
        m.config().vocabSize() >= tok.vocabSize(),
        "--model",
        model,
        "a model with GPT-2's vocabulary ("
            + tok.vocabSize()
            + " ids), not "
            + m.config().vocabSize());
    TrainerConfig tc =
        new TrainerConfig(
            batchSize,
            maxSteps,
            maxLr,
            maxLr * 0.1,
            warmupSteps,
            lrDecaySteps == null ? maxSteps : lrDecaySteps,
            true,
            weightDecay,
            false,
            0.9,
            0.95,
            1.0,
            accum,
            evalInterval,
            evalIters);
    RandomWindows windows = new RandomWindows(tokens, new Generator(seed));
    Trainer trainer = resume ? Trainer.resume(ckpt, m, windows, tc) : new Trainer(m, windows, tc);
    GPT trained = m;
    int startStep = trainer.iter();
    trainer.addListener(
        new TrainingListener() {
          @Override
          public void onStep(int step, double loss, double lr, double millis) {
            w.printf(
                Locale.ROOT,
                "step %d: loss %.6f, lr %.4e, norm %.4f, dt %.0fms%n",
                step,
                loss,
                lr,
                trainer.lastGradNorm(),
                millis);
            w.flush();
          }

          @Override
          public void onEval(Estimate e) {
            w.printf(
                Locale.ROOT,
                "step %d: train loss %.4f, val loss %.4f, val perplexity %.2f%n",
                e.step(),
                e.train().loss(),
                e.val().loss(),
                e.val().perplexity());
            w.flush();
          }

          @Override
          public void onStepEnd(int step) {
            if (sampleInterval > 0 && step > 0 && step % sampleInterval == 0) {
              sample(trained, tok, w);
            }
          }
        });
    long t0 = System.nanoTime();
    TrainResult result = trainer.train(Checkpoint.of(ckpt, m));
    double seconds = (System.nanoTime() - t0) / 1e9;
    int steps = trainer.iter() - startStep;
    new Summary()
        .put("val_loss", result.last().val().loss(), 4)
        .put("val_perplexity", result.last().val().perplexity(), 4)
        .put("train_loss", result.last().train().loss(), 4)
        .put("best_val_loss", result.best().val().loss(), 4)
        .put("steps", trainer.iter())
        .put("grad_accum", accum)
        .put("tokens_per_step", (long) accum * batchSize * blockSize)
        .put("train_tokens", tokens.size(TokenData.Split.TRAIN))
        .put("ms_per_step", steps == 0 ? 0 : 1000 * seconds / steps, 1)
        .put("params", m.numParameters(false))
        .put("checkpoint", ckpt.toString())
        .print(w);
    return 0;
  }

  /**
   * build-nanogpt's periodic samples: 4 rows of its prompt to 32 tokens, top-k 50, its own
   * generator seeded 42, so sampling never moves the training stream.
   */
  private static void sample(GPT m, TiktokenEncoding tok, PrintWriter w) {
    int[] prompt = tok.encode("Hello, I'm a language model,");
    int len = Math.min(32, m.config().blockSize());
    if (prompt.length >= len) {
      return;
    }
    int[][] rows =
        Gpt2Command.continueRows(
            new Sampler(m)
                .withSampling(SamplingConfig.DEFAULT.withTopK(50).withDrawAmongTopK(true)),
            prompt,
            4,
            len,
            42);
    for (int r = 0; r < rows.length; r++) {
      w.println("sample " + r + ": " + tok.decode(rows[r]).replace("\n", "\\n"));
    }
    w.flush();
  }
}
