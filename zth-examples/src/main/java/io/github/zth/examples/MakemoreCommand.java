package io.github.zth.examples;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.CharDataset;
import io.github.zth.gpt.Checkpoint;
import io.github.zth.gpt.Estimate;
import io.github.zth.gpt.LanguageModel;
import io.github.zth.gpt.SamplingConfig;
import io.github.zth.gpt.TrainResult;
import io.github.zth.gpt.Trainer;
import io.github.zth.gpt.TrainerConfig;
import io.github.zth.gpt.TrainingListener;
import io.github.zth.gpt.WordBatches;
import io.github.zth.gpt.makemore.MakemoreConfig;
import io.github.zth.nn.TensorFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth makemore}: makemore.py's program. It splits a word list into training and test words,
 * trains a character-level model with AdamW, evaluates both sets every {@code --eval-interval}
 * steps, keeps the best model (by test loss) in {@code --out}, and samples new words; {@code
 * --sample-only} loads that model and only samples. Its random draws are makemore.py's: the split,
 * the initialisation, the batches (from a generator seeded as torch's {@code DataLoader} seeds its
 * sampler), the evaluation shuffles and the samples, so with the same seed it prints the losses
 * makemore.py prints. With the best model it saves the optimizer's moments and the generators, so
 * {@code --resume} continues the run from that step as if it had not stopped there. The loop, the
 * saving and the resume are the library's {@link Trainer} with makemore's {@link WordBatches}; this
 * class holds the options and the printing.
 */
@Command(
    name = "makemore",
    mixinStandardHelpOptions = true,
    description = {
      "makemore.py: train a character-level model on a word list (one per line), report train/test loss,"
          + " save the best model to --out and sample new words; --sample-only loads it and samples.",
      "--type cnn trains lecture 6's WaveNet (makemore.py has no cnn); lstm is an LSTM in makemore's RNN style."
    })
public final class MakemoreCommand implements Callable<Integer> {
  /** The optimizer's moments, saved with the best model. */
  static final String OPTIMIZER = Checkpoint.OPTIMIZER;

  /** The run's step, evaluations and generator states ({@link io.github.zth.gpt.TrainState}). */
  static final String TRAINER = Checkpoint.TRAINER;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin NamesFile wordFile;

  @Option(
      names = "--type",
      defaultValue = "transformer",
      description = "bigram|mlp|cnn|rnn|gru|lstm|transformer (default: ${DEFAULT-VALUE})")
  String type;

  @Option(
      names = "--max-steps",
      defaultValue = "5000",
      description =
          "optimisation steps (default: ${DEFAULT-VALUE}; makemore.py runs until stopped)")
  int maxSteps;

  @Option(
      names = "--out",
      defaultValue = "out/makemore",
      description =
          "work directory for config.json and model.safetensors (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "3407",
      description = "seed of the split, the init and the batches (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--sample-only",
      description = "load the model from --out, print 50 samples and quit")
  boolean sampleOnly;

  @Option(
      names = "--resume",
      description =
          "continue the run saved in --out (its best model, optimizer state, step and"
              + " random generators) exactly where it was saved; --max-steps counts from the start of the run")
  boolean resume;

  @Option(
      names = "--sample-interval",
      defaultValue = "200",
      description =
          "steps between 10 printed samples, as makemore.py; 0 for none (default: ${DEFAULT-VALUE})")
  int sampleInterval;

  @Option(
      names = "--top-k",
      defaultValue = "-1",
      description =
          "sample from the k likeliest characters only, -1 for all (default: ${DEFAULT-VALUE})")
  int topK;

  @Option(
      names = "--n-layer",
      defaultValue = "4",
      description = "transformer layers (default: ${DEFAULT-VALUE})")
  int nLayer;

  @Option(
      names = "--n-head",
      defaultValue = "4",
      description = "transformer heads (default: ${DEFAULT-VALUE})")
  int nHead;

  @Option(
      names = "--n-embd",
      defaultValue = "64",
      description = "embedding width (default: ${DEFAULT-VALUE})")
  int nEmbd;

  @Option(
      names = "--n-embd2",
      defaultValue = "64",
      description = "hidden width of mlp and rnn/gru/lstm (default: ${DEFAULT-VALUE})")
  int nEmbd2;

  @Option(names = "--batch-size", defaultValue = "32", description = "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "5e-4",
      description = "AdamW learning rate (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.01",
      description = "AdamW weight decay (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(
      names = "--eval-interval",
      defaultValue = "500",
      description = "steps between evaluations (default: ${DEFAULT-VALUE})")
  int evalInterval;

  @Option(
      names = "--log-interval",
      defaultValue = "100",
      description = "steps between loss lines (default: ${DEFAULT-VALUE})")
  int logInterval;

  /** Creates the command; picocli fills in the options. */
  public MakemoreCommand() {}

  @Override
  public Integer call() throws IOException {
    checkOptions();
    PrintWriter w = spec.commandLine().getOut();
    List<String> words = wordFile.words(10);
    Generator g = new Generator(seed);
    CharDataset.Split split = CharDataset.split(words, g);
    CharDataset train = split.train();
    int[] chars = train.chars();
    w.printf(Locale.ROOT, "number of examples in the dataset: %d%n", words.size());
    w.printf(Locale.ROOT, "max word length: %d%n", train.outputLength() - 1);
    w.printf(
        Locale.ROOT,
        "vocabulary (%d characters): %s%n",
        chars.length,
        new String(chars, 0, chars.length));
    w.printf(
        Locale.ROOT,
        "split up the dataset into %d training examples and %d test examples%n",
        train.size(),
        split.test().size());
    MakemoreConfig config =
        new MakemoreConfig(
            type, train.vocabSize(), train.outputLength(), nLayer, nHead, nEmbd, nEmbd2);
    LanguageModel model = config.create(g);
    w.printf(Locale.ROOT, "model #params: %d%n", model.numParameters());
    // A save killed between its two renames leaves the previous folder aside: read that one (issue
    // 20).
    Path saved = io.github.zth.autograd.io.AtomicFiles.readableDirectory(out);
    Path weights = saved.resolve("model.safetensors");
    Path configFile = saved.resolve("config.json");
    if (sampleOnly) {
      load(model, config, configFile, weights);
      w.println("resuming from the model in " + out);
      List<String> samples = printSamples(model, split, 50, g, w);
      new Summary()
          .put("type", type)
          .put("params", model.numParameters())
          .put("checkpoint", weights.toString())
          .put("samples_new", newCount(samples, split) + "/" + samples.size())
          .print(w);
      return 0;
    }
    TrainerConfig tc =
        TrainerConfig.makemore()
            .withBatchSize(batchSize)
            .withMaxIters(maxSteps)
            .withLearningRate(learningRate)
            .withWeightDecay(weightDecay)
            .withEvalInterval(evalInterval);
    WordBatches batches =
        new WordBatches(split, g); // makemore's InfiniteDataLoader, seeded from g after the init
    Trainer trainer;
    if (resume) {
      checkSaved(config, configFile, weights);
      trainer = Trainer.resume(out, model, batches, tc);
      Estimate best =
          trainer
              .best()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--resume: "
                              + out
                              + " holds no evaluation; expected a run saved by makemore"));
      if (trainer.iter() >= maxSteps) {
        throw new IllegalArgumentException(
            "--max-steps "
                + maxSteps
                + ": the run in "
                + out
                + " has already finished step "
                + (trainer.iter() - 1)
                + "; expected more steps (--max-steps counts from the start of the run)");
      }
      w.printf(
          Locale.ROOT,
          "resuming the run in %s after step %d (best test loss %.4f at step %d)%n",
          out,
          trainer.iter() - 1,
          best.val().loss(),
          best.step() - 1);
    } else {
      trainer = new Trainer(model, batches, tc);
    }
    int first = trainer.iter();
    long t0 = System.nanoTime();
    TrainResult result;
    try (Progress progress = Progress.start("makemore", maxSteps, w, spec.commandLine().getErr())) {
      progress.stepTo(first, "");
      trainer.addListener(
          new TrainingListener() {
            @Override
            public void onStep(int step, double loss, double lr, double millis) {
              if (step % logInterval == 0) {
                progress.println(
                    String.format(
                        Locale.ROOT, "step %d | loss %.4f | step time %.2fms", step, loss, millis));
              }
              progress.stepTo(step + 1, String.format(Locale.ROOT, "loss %.4f", loss));
            }

            @Override
            public void onEval(
                Estimate e) { // makemore names a step by its index, one less than the steps taken
              progress.println(
                  String.format(
                      Locale.ROOT,
                      "step %d train loss: %.4f test loss: %.4f",
                      e.step() - 1,
                      e.train().loss(),
                      e.val().loss()));
            }

            @Override
            public void onStepEnd(int steps) {
              int step = steps - 1;
              if (sampleInterval > 0 && step > 0 && step % sampleInterval == 0) {
                progress.println(
                    "step " + step + " samples: " + String.join(" ", sample(model, split, 10, g)));
              }
              Estimate best = trainer.best().orElse(null);
              if (best != null
                  && best.step() == steps
                  && steps > first) { // the trainer saves it next
                progress.println(
                    String.format(
                        Locale.ROOT,
                        "test loss %.4f is the best so far, saved the run to %s",
                        best.val().loss(),
                        out));
              }
              w.flush();
            }
          });
      result = trainer.train(Checkpoint.of(out, config.toJson()));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<String> samples = printSamples(model, split, 10, g, w);
    Estimate best = result.best();
    new Summary()
        .put("type", type)
        .put("params", model.numParameters())
        .put("first_step", first)
        .put("steps", maxSteps)
        .put("last_loss", result.lastLoss(), 4)
        .put("best_step", best.step() - 1)
        .put("train_loss", best.train().loss(), 4)
        .put("test_loss", best.val().loss(), 4)
        .put("val_perplexity", best.val().perplexity(), 4)
        .put("train_seconds", seconds, 1)
        .put("ms_per_step", 1000 * seconds / (maxSteps - first), 2)
        .put("samples_new", newCount(samples, split) + "/" + samples.size())
        .put("checkpoint", weights.toString())
        .print(w);
    return 0;
  }

  private void checkOptions() {
    if (!MakemoreConfig.TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "--type " + type + ": expected one of " + String.join("|", MakemoreConfig.TYPES));
    }
    if (sampleInterval < 0) {
      throw new IllegalArgumentException(
          "--sample-interval " + sampleInterval + ": expected 0 (none) or a positive count");
    }
    if (maxSteps < 1 || batchSize < 1 || evalInterval < 1 || logInterval < 1) {
      throw new IllegalArgumentException(
          "--max-steps "
              + maxSteps
              + ", --batch-size "
              + batchSize
              + ", --eval-interval "
              + evalInterval
              + ", --log-interval "
              + logInterval
              + ": expected each to be at least 1");
    }
    if (nLayer < 1 || nHead < 1 || nEmbd < 1 || nEmbd2 < 1 || nEmbd % nHead != 0) {
      throw new IllegalArgumentException(
          "--n-layer "
              + nLayer
              + ", --n-head "
              + nHead
              + ", --n-embd "
              + nEmbd
              + ", --n-embd2 "
              + nEmbd2
              + ": expected positive sizes with --n-head dividing --n-embd");
    }
    if (!(learningRate > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "--learning-rate "
              + learningRate
              + ", --weight-decay "
              + weightDecay
              + ": expected a positive learning rate and a non-negative decay");
    }
    if (topK == 0 || topK < -1) {
      throw new IllegalArgumentException(
          "--top-k " + topK + ": expected -1 (all) or a positive count");
    }
    if (sampleOnly && resume) {
      throw new IllegalArgumentException("--sample-only and --resume: choose one");
    }
  }

  private void load(LanguageModel model, MakemoreConfig config, Path configFile, Path weights)
      throws IOException {
    checkSaved(config, configFile, weights);
    model.loadStateDict(TensorFiles.load(weights), true);
  }

  private void checkSaved(MakemoreConfig config, Path configFile, Path weights) throws IOException {
    if (!Files.isRegularFile(configFile) || !Files.isRegularFile(weights)) {
      throw new IllegalArgumentException(
          "--out "
              + out
              + ": no saved model (expected config.json and model.safetensors;"
              + " train one first)");
    }
    MakemoreConfig saved;
    try {
      saved = MakemoreConfig.fromJson(io.github.zth.autograd.io.TextFiles.readUtf8(configFile));
    } catch (IllegalArgumentException e) { // name the file (issue 20): fromJson sees only the text
      throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
    }
    if (!saved.equals(config)) {
      throw new IllegalArgumentException(
          "--out "
              + out
              + ": the saved model is "
              + saved
              + ", but the options and data give "
              + config);
    }
  }

  /**
   * makemore's {@code print_samples}: {@code num} words generated from the start token, each cut at
   * the first end token.
   */
  private List<String> sample(LanguageModel model, CharDataset.Split split, int num, Generator g) {
    int steps = split.train().outputLength() - 1;
    SamplingConfig sampling =
        topK == -1 ? SamplingConfig.DEFAULT : SamplingConfig.DEFAULT.withTopK(topK);
    Tensor samp = model.generate(Tensor.zeros(DType.INT64, num, 1), steps, sampling, g);
    long[] all = samp.contiguous().toLongArray();
    List<String> words = new ArrayList<>(num);
    for (int i = 0; i < num; i++) {
      long[] row = Arrays.copyOfRange(all, i * (steps + 1) + 1, (i + 1) * (steps + 1));
      int end = 0;
      while (end < row.length && row[end] != 0) {
        end++;
      }
      String word = split.train().decode(Arrays.copyOf(row, end));
      words.add(word);
    }
    return words;
  }

  /** Samples {@code num} words and prints them under a "samples:" line, one per line. */
  private List<String> printSamples(
      LanguageModel model, CharDataset.Split split, int num, Generator g, PrintWriter w) {
    List<String> words = sample(model, split, num, g);
    w.println("samples:");
    words.forEach(w::println);
    w.flush();
    return words;
  }

  private static long newCount(List<String> samples, CharDataset.Split split) {
    return samples.stream()
        .filter(s -> !split.train().contains(s) && !split.test().contains(s))
        .count();
  }
}
