package io.github.zth.examples;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.lectures.MlpLM;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth mlp}: lecture 3 (makemore part 2). Bengio et al.'s MLP language model trained on a
 * word list with the lecture's code: shuffle with {@code random.seed(42)}, 80/10/10 split,
 * parameters {@code C, W1, b1, W2, b2} from {@code Generator(2147483647)}, minibatches of 32, lr
 * 0.1 then 0.01. Saves the loss curve, the learning-rate sweep and the embedding picture, and
 * samples 20 names.
 */
@Command(
    name = "mlp",
    mixinStandardHelpOptions = true,
    description = {
      "Lecture 3, makemore part 2: a character-level MLP language model.",
      "Bengio et al. 2003: trains it, plots the loss, the learning-rate sweep and the",
      "embeddings, and samples names."
    })
public final class MlpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin NamesFile wordFile;

  @Option(
      names = "--steps",
      defaultValue = "200000",
      description = "training steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--decay-at",
      description =
          "step from which lr drops to lr/10 (default: steps/2, the lecture's 100000 of 200000)")
  Integer decayAt;

  @Option(
      names = "--lr",
      defaultValue = "0.1",
      description = "learning rate before the decay (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "minibatch size (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--block-size",
      defaultValue = "3",
      description = "context length in characters (default: ${DEFAULT-VALUE})")
  int blockSize;

  @Option(
      names = "--emb-dim",
      defaultValue = "10",
      description =
          "embedding size; 2 plots the embedding as it is, more is projected by PCA (default: ${DEFAULT-VALUE})")
  int embDim;

  @Option(
      names = "--hidden",
      defaultValue = "200",
      description = "tanh hidden units (default: ${DEFAULT-VALUE})")
  int hidden;

  @Option(
      names = "--seed",
      defaultValue = "2147483647",
      description =
          "seed of the parameters and minibatches; sampling uses seed+10 (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--shuffle-seed",
      defaultValue = "42",
      description = "Python random.seed of the word shuffle (default: ${DEFAULT-VALUE})")
  long shuffleSeed;

  @Option(
      names = "--sweep-steps",
      defaultValue = "1000",
      description = "steps of the learning-rate sweep, 0 to skip it (default: ${DEFAULT-VALUE})")
  int sweepSteps;

  @Option(
      names = "--samples",
      defaultValue = "20",
      description = "names to sample (default: ${DEFAULT-VALUE})")
  int samples;

  @CommandLine.Mixin NormalPathOption normalPath;

  @Option(
      names = "--out",
      defaultValue = "out/mlp",
      description = "folder for the pictures (default: ${DEFAULT-VALUE})")
  Path out;

  /** Creates the command; picocli fills in the options. */
  public MlpCommand() {}

  @Override
  public Integer call() throws IOException {
    CommandLine cl = spec.commandLine();
    positive(cl, "--steps", steps);
    positive(cl, "--batch", batch);
    positive(cl, "--block-size", blockSize);
    positive(cl, "--emb-dim", embDim);
    positive(cl, "--hidden", hidden);
    if (sweepSteps < 0 || sweepSteps == 1) {
      throw new CommandLine.ParameterException(
          cl, "--sweep-steps " + sweepSteps + ": expected 0 or at least 2");
    }
    if (samples < 0) {
      throw new CommandLine.ParameterException(cl, "--samples " + samples + ": expected 0 or more");
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new CommandLine.ParameterException(cl, "--lr " + lr + ": expected a positive number");
    }
    int decay = decayAt == null ? steps / 2 : decayAt;
    if (decay < 0) {
      throw new CommandLine.ParameterException(cl, "--decay-at " + decay + ": expected 0 or more");
    }
    List<String> words = wordFile.words(1);
    Charts.headless();
    PrintWriter w = cl.getOut();
    CharTokenizer stoi = CharTokenizer.forNames(words);
    MlpLM.Config cfg = new MlpLM.Config(blockSize, embDim, hidden, stoi.vocabSize());
    WordDataset.Splits split = WordDataset.splits(words, stoi, blockSize, shuffleSeed);
    w.printf(
        Locale.ROOT,
        "data: %d words, vocab %d; examples train %d, val %d, test %d%n",
        words.size(),
        stoi.vocabSize(),
        split.train().size(),
        split.val().size(),
        split.test().size());

    Path sweepPng = null;
    double bestExponent = Double.NaN;
    if (sweepSteps > 0) {
      // lre = torch.linspace(-3, 0, n); lrs = 10**lre; one step per learning rate on a fresh model
      float[] lre = Tensor.linspace(-3, 0, sweepSteps).toFloatArray();
      Generator sg = generator();
      MlpLM probe = new MlpLM(cfg, sg);
      double[] x = new double[sweepSteps];
      double[] y = new double[sweepSteps];
      for (int i = 0; i < sweepSteps; i++) {
        x[i] = lre[i];
        y[i] = probe.trainStep(split.train(), batch, Math.pow(10, lre[i]), sg);
      }
      bestExponent = x[argminSmoothed(y)];
      sweepPng =
          MlpPlots.line(
              "Learning-rate sweep: one step per lr = 10^exponent",
              "lr exponent",
              "minibatch loss",
              x,
              y,
              out.resolve("lr_sweep.png"));
      w.printf(
          Locale.ROOT,
          "lr sweep: %d steps, lowest (smoothed) loss at exponent %.2f (lr %.3f)%n",
          sweepSteps,
          bestExponent,
          Math.pow(10, bestExponent));
    }

    Generator g = generator();
    MlpLM model = new MlpLM(cfg, g);
    w.printf(
        Locale.ROOT,
        "model: C (%d, %d), W1 (%d, %d), b1 (%d), W2 (%d, %d), b2 (%d): %d parameters%n",
        cfg.vocab(),
        embDim,
        blockSize * embDim,
        hidden,
        hidden,
        hidden,
        cfg.vocab(),
        cfg.vocab(),
        model.numParameters());
    w.flush();
    double[] stepi = new double[steps];
    double[] lossi = new double[steps];
    int every = Math.max(1, steps >= 200 ? steps / 20 : 10);
    long start = System.nanoTime();
    try (Progress progress = Progress.start("mlp", steps, w, cl.getErr())) {
      for (int i = 0; i < steps; i++) {
        double loss = model.trainStep(split.train(), batch, i < decay ? lr : lr / 10, g);
        stepi[i] = i;
        lossi[i] = Math.log10(loss);
        progress.lectureStep(i, steps, every, loss);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Path lossPng =
        MlpPlots.line(
            "Training loss (minibatches of " + batch + ")",
            "step",
            "log10(loss)",
            stepi,
            lossi,
            out.resolve("loss.png"));

    double[][] xy = MlpPlots.project2d(model.embedding().toFloatArray(), cfg.vocab(), embDim);
    boolean pca = embDim > 2;
    Path embPng =
        MlpPlots.embedding(
            pca
                ? "Character embeddings C (" + embDim + "-D), first two principal components"
                : "Character embeddings C",
            pca ? "PC 1" : "C[:, 0]",
            pca ? "PC 2" : (embDim == 2 ? "C[:, 1]" : "0"),
            xy,
            stoi.itos(),
            out.resolve("embedding.png"));

    double train = model.loss(split.train());
    double val = model.loss(split.val());
    double test = model.loss(split.test());
    w.println("sampled names:");
    List<String> names = model.sample(samples, stoi, new Generator(seed + 10));
    for (String s : names) {
      w.println(s);
    }

    Summary summary =
        new Summary()
            .put("words", words.size())
            .put("train_examples", split.train().size())
            .put("parameters", model.numParameters())
            .put("emb_dim", embDim)
            .put("hidden", hidden)
            .put("steps", steps)
            .put("decay_at", decay)
            .put("normal_path", normalPath.name())
            .put("train_seconds", seconds, 1)
            .put("train_loss", train, 4)
            .put("val_loss", val, 4)
            .put("test_loss", test, 4)
            .put("samples", names.size())
            .put("loss_png", lossPng.toString())
            .put("embedding_png", embPng.toString());
    if (sweepPng != null) {
      summary
          .put("lr_sweep_png", sweepPng.toString())
          .put("lr_sweep_best_exponent", bestExponent, 2);
    }
    summary.print(w);
    return 0;
  }

  private Generator generator() {
    return normalPath.generator(seed);
  }

  private static void positive(CommandLine cl, String name, int value) {
    if (value < 1) {
      throw new CommandLine.ParameterException(cl, name + " " + value + ": expected at least 1");
    }
  }

  /** The index of the lowest loss after a centred moving average over 5% of the sweep (noise). */
  private static int argminSmoothed(double[] y) {
    int half = Math.max(1, y.length / 40);
    int best = 0;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int i = 0; i < y.length; i++) {
      double s = 0;
      int n = 0;
      for (int j = Math.max(0, i - half); j <= Math.min(y.length - 1, i + half); j++) {
        if (Double.isFinite(y[j])) {
          s += y[j];
          n++;
        }
      }
      if (n > 0 && s / n < bestValue) {
        bestValue = s / n;
        best = i;
      }
    }
    return best;
  }
}
