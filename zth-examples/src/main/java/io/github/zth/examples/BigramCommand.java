package io.github.zth.examples;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.lectures.Bigram;
import io.github.zth.gpt.lectures.BigramNet;
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
 * {@code zth bigram}: lecture 2 (makemore part 1). Counts the bigrams of a word list, plots the
 * count table, scores and samples the smoothed count model, then trains the one-layer neural
 * version with the lecture's loop and samples it too.
 *
 * <p>With names.txt and the default options it prints the lecture's numbers: {@code nll: 2.4544}
 * and the samples {@code mor.}, {@code axx.}, {@code minaymoryles.}, ... The neural net's weights
 * come from the LECTURE normal path (torch's non-AVX2 kernels, which made the notebooks).
 */
@Command(
    name = "bigram",
    mixinStandardHelpOptions = true,
    description = {
      "Lecture 2, makemore part 1: the bigram character model.",
      "Builds it as a count table and as a one-layer neural net trained by gradient descent;",
      "plots the counts and samples names from both."
    })
public final class BigramCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin NamesFile wordFile;

  @Option(
      names = "--seed",
      defaultValue = "2147483647",
      description = "seed of the weights and of sampling (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--samples",
      defaultValue = "5",
      description = "names sampled from each model (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(
      names = "--steps",
      defaultValue = "100",
      description = "gradient descent steps of the neural net (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--lr",
      defaultValue = "50",
      description = "learning rate of the neural net (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(
      names = "--smoothing",
      defaultValue = "1",
      description = "fake count added to every bigram (default: ${DEFAULT-VALUE})")
  long smoothing;

  @CommandLine.Mixin NormalPathOption normalPath;

  @Option(
      names = "--out",
      defaultValue = "out/bigram",
      description = "folder for counts.png (default: ${DEFAULT-VALUE})")
  Path out;

  /** Creates the command; picocli fills in the options. */
  public BigramCommand() {}

  @Override
  public Integer call() throws IOException {
    CommandLine cl = spec.commandLine();
    if (samples < 0) {
      throw new CommandLine.ParameterException(cl, "--samples " + samples + ": expected 0 or more");
    }
    if (steps < 1) {
      throw new CommandLine.ParameterException(cl, "--steps " + steps + ": expected at least 1");
    }
    if (smoothing < 0) {
      throw new CommandLine.ParameterException(
          cl, "--smoothing " + smoothing + ": expected 0 or more");
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new CommandLine.ParameterException(cl, "--lr " + lr + ": expected a positive number");
    }
    List<String> words = wordFile.words(1);
    Charts.headless();
    PrintWriter w = cl.getOut();
    CharTokenizer stoi = CharTokenizer.forNames(words);

    Bigram model = Bigram.fit(words, stoi, smoothing);
    Path png =
        CountsHeatmap.save(
            model.counts().toLongArray(),
            stoi.itos(),
            String.format(
                Locale.ROOT,
                "Bigram counts of %s (%d words)",
                wordFile.path().getFileName(),
                words.size()),
            out.resolve("counts.png"));
    double nll = model.nll(words);
    w.printf(Locale.ROOT, "count model (smoothing %d): nll: %.4f%n", smoothing, nll);
    w.println("count model samples:");
    Generator g = new Generator(seed);
    for (String s : model.sample(samples, g)) {
      w.println(s);
    }
    w.flush();

    Bigram.Pairs pairs = Bigram.pairs(words, stoi);
    Generator init = normalPath.generator(seed);
    BigramNet net = new BigramNet(stoi.vocabSize(), init);
    w.printf(
        Locale.ROOT,
        "neural net: W (%d, %d), %d bigrams, lr %s, %d steps%n",
        stoi.vocabSize(),
        stoi.vocabSize(),
        pairs.size(),
        fmt(lr),
        steps);
    double loss = Double.NaN;
    long t0 = System.nanoTime();
    try (Progress progress = Progress.start("bigram", steps, w, cl.getErr())) {
      for (int k = 0; k < steps; k++) {
        loss = net.step(pairs.xs(), pairs.ys(), lr);
        if (k % 10 == 0 || k == steps - 1) {
          progress.println(String.format(Locale.ROOT, "step %d loss %.4f", k, loss));
        }
        progress.stepTo(k + 1, String.format(Locale.ROOT, "loss %.4f", loss));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    w.println("neural net samples:");
    List<String> neural = net.sample(samples, stoi, new Generator(seed));
    for (String s : neural) {
      w.println(s);
    }

    new Summary()
        .put("words", words.size())
        .put("bigrams", pairs.size())
        .put("vocab", stoi.vocabSize())
        .put("smoothing", smoothing)
        .put("nll", nll, 4)
        .put("normal_path", normalPath.name())
        .put("neural_steps", steps)
        .put("neural_loss", loss, 4)
        .put("neural_seconds", seconds, 1)
        .put("samples", samples)
        .put("counts_png", png.toString())
        .print(w);
    return 0;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
