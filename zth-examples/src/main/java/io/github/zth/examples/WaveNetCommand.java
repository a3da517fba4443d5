package io.github.zth.examples;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.lectures.WaveNetLM;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth wavenet}: lecture 6 (makemore part 5), the WaveNet-style hierarchical model trained
 * with the lecture's loop (batch 32, lr 0.1 then 0.01) on names.
 */
@Command(
    name = "wavenet",
    mixinStandardHelpOptions = true,
    description =
        "Lecture 6: train makemore's WaveNet on a names file; prints losses, samples and a key: value summary.")
public final class WaveNetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin NamesFile wordFile;

  @CommandLine.Mixin StepDecay schedule;

  @Option(
      names = "--out",
      defaultValue = "out/wavenet",
      description = "directory for the plots (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "torch.manual_seed of the lecture (default: ${DEFAULT-VALUE})")
  long seed;

  /** Creates the command; picocli fills in the options. */
  public WaveNetCommand() {}

  @Override
  public Integer call() throws IOException {
    List<String> words = wordFile.words(10);
    int steps = schedule.steps(spec.commandLine());
    CharTokenizer tok = CharTokenizer.forNames(words);
    WaveNetLM.Config cfg = new WaveNetLM.Config(tok.vocabSize(), 8, 24, 128);
    WordDataset.Splits sp = WordDataset.splits(words, tok, cfg.blockSize(), 42);
    Generator g = new Generator(seed);
    WaveNetLM model = new WaveNetLM(cfg, g);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT,
        "examples: train %d, val %d, test %d; params %d%n",
        sp.train().size(),
        sp.val().size(),
        sp.test().size(),
        model.parameterCount());
    double[] lossi = new double[steps];
    long t0 = System.nanoTime();
    try (Progress progress = Progress.start("wavenet", steps, w, spec.commandLine().getErr())) {
      for (int i = 0; i < steps; i++) {
        double lr = schedule.lr(i);
        lossi[i] = model.trainStep(sp.train(), 32, lr, g);
        progress.lectureStep(i, steps, 10000, lossi[i]);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double train = model.loss(sp.train());
    double val = model.loss(sp.val());
    double test = model.loss(sp.test());
    w.printf(Locale.ROOT, "train %.4f%nval %.4f%n", train, val);
    for (String s : model.sample(20, tok, g)) {
      w.println(s);
    }
    Path png = saveLossCurve(out.resolve("loss.png"), "WaveNet training loss", lossi);
    new Summary()
        .put("steps", steps)
        .put("train_seconds", seconds, 1)
        .put("ms_per_step", 1000 * seconds / steps, 3)
        .put("loss_curve", png.toString())
        .put("train_loss", train, 4)
        .put("val_loss", val, 4)
        .put("test_loss", test, 4)
        .put("params", model.parameterCount())
        .print(w);
    return 0;
  }

  /**
   * The lecture's {@code plt.plot(torch.tensor(lossi).view(-1, 1000).mean(1))}: the mean loss of
   * each chunk of 1000 steps (fewer for short runs, so there are at least 10 points).
   */
  static Path saveLossCurve(Path file, String title, double[] lossi) throws IOException {
    int chunk = Math.max(1, Math.min(1000, lossi.length / 10));
    int n = lossi.length / chunk;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int c = 0; c < n; c++) {
      double s = 0;
      for (int i = c * chunk; i < (c + 1) * chunk; i++) {
        s += lossi[i];
      }
      xs[c] = (c + 1.0) * chunk;
      ys[c] = s / chunk;
    }
    Charts.headless();
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle("step")
            .yAxisTitle("mean loss over " + chunk + " steps")
            .build();
    chart
        .addSeries("train (minibatch mean)", xs, ys)
        .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Charts.savePng(chart, file);
  }
}
