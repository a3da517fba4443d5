package io.github.zth.examples;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.nn.BatchNorm1d;
import io.github.zth.nn.Diagnostics;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import io.github.zth.nn.Tanh;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth batchnorm}: lecture 4 (makemore part 3), the 6-layer tanh MLP with BatchNorm, trained
 * with the lecture's loop, with its activation, gradient and update-to-data diagnostics.
 */
@Command(
    name = "batchnorm",
    mixinStandardHelpOptions = true,
    description =
        "Lecture 4: a deep tanh MLP with BatchNorm on names, with activation/gradient diagnostics and plots.")
@SuppressWarnings("try") // GradMode guards are used for their scope, like torch.no_grad()
public final class BatchNormCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin NamesFile wordFile;

  @CommandLine.Mixin StepDecay schedule;

  @Option(
      names = "--out",
      defaultValue = "out/batchnorm",
      description = "directory for the plots (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "2147483647",
      description = "generator seed (default: ${DEFAULT-VALUE})")
  long seed;

  /** Creates the command; picocli fills in the options. */
  public BatchNormCommand() {}

  private static final int UD_STEPS =
      1000; // the lecture tracks update:data over its first 1000 steps

  @Override
  public Integer call() throws IOException {
    List<String> words = wordFile.words(10);
    int steps = schedule.steps(spec.commandLine());
    CharTokenizer tok = CharTokenizer.forNames(words);
    int block = 3;
    WordDataset.Splits sp = WordDataset.splits(words, tok, block, 42);
    Generator g = new Generator(seed);
    int vocab = tok.vocabSize();
    Tensor c = Tensor.randn(g, vocab, 10).requiresGrad(true);
    List<Module> layers = lectureLayers(g, 10 * block, 100, vocab);
    List<Tensor> params = new ArrayList<>(List.of(c));
    layers.forEach(l -> params.addAll(l.parameters()));
    PrintWriter w = spec.commandLine().getOut();
    long nParams = params.stream().mapToLong(Tensor::numel).sum();
    w.printf(Locale.ROOT, "params %d%n", nParams);

    double[] lossi = new double[steps];
    List<double[]> ud = new ArrayList<>(); // per step, log10 update:data of each 2-D parameter
    List<Tensor> outsAtInit = null;
    long t0 = System.nanoTime();
    try (Progress progress = Progress.start("batchnorm", steps, w, spec.commandLine().getErr())) {
      for (int i = 0; i < steps; i++) {
        Tensor ix = Tensor.randint(g, 0, sp.train().size(), 32);
        Tensor x = c.index(sp.train().x().index(ix)).view(32, -1); // (32, 30)
        List<Tensor> outs = new ArrayList<>();
        for (Module l : layers) {
          x = l.forward(x);
          outs.add(i == 0 ? x.retainGrad() : x);
        }
        Tensor loss = x.crossEntropy(sp.train().y().index(ix));
        params.forEach(Tensor::zeroGrad);
        loss.backward();
        double lr = schedule.lr(i);
        if (i < UD_STEPS) {
          ud.add(
              params.stream()
                  .filter(p -> p.dim() == 2)
                  .mapToDouble(p -> Diagnostics.updateToData(p, lr))
                  .toArray());
        }
        if (i == 0) {
          outsAtInit = outs;
        }
        try (var off = GradMode.disabled()) {
          for (Tensor p : params) {
            p.add_(p.grad().mul(-lr));
          }
        }
        lossi[i] = loss.item();
        progress.lectureStep(i, steps, 10000, lossi[i]);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    layers.forEach(Module::eval);
    double[] split = new double[3];
    List<WordDataset.Examples> sets = List.of(sp.train(), sp.val(), sp.test());
    try (var off = GradMode.disabled()) {
      for (int s = 0; s < 3; s++) {
        Tensor x = c.index(sets.get(s).x()).view(sets.get(s).size(), -1);
        for (Module l : layers) {
          x = l.forward(x);
        }
        split[s] = x.crossEntropy(sets.get(s).y()).item();
      }
    }
    Files.createDirectories(out);
    Path acts =
        histograms(
            out.resolve("activations.png"),
            "activation distribution (at init)",
            layers,
            outsAtInit,
            false);
    Path grads =
        histograms(
            out.resolve("gradients.png"),
            "gradient distribution (at init)",
            layers,
            outsAtInit,
            true);
    Path udPng = updateRatios(out.resolve("update_ratio.png"), params, ud);
    Path lossPng =
        WaveNetCommand.saveLossCurve(
            out.resolve("loss.png"), "6-layer tanh MLP with BatchNorm: training loss", lossi);
    Summary sum = new Summary();
    for (int k = 0; k < layers.size(); k++) {
      if (layers.get(k) instanceof Tanh) {
        Diagnostics.Stats a = Diagnostics.stats(outsAtInit.get(k), 0.97);
        Diagnostics.Stats gr = Diagnostics.stats(outsAtInit.get(k).grad(), 0);
        w.printf(
            Locale.ROOT,
            "layer %d (Tanh): mean %+.2f, std %.2f, saturated %.2f%%; grad mean %+.6f, grad std %.6e%n",
            k,
            a.mean(),
            a.std(),
            100 * a.saturated(),
            gr.mean(),
            gr.std());
      }
    }
    sum.put("steps", steps)
        .put("train_seconds", seconds, 1)
        .put("params", nParams)
        .put("activations_png", acts.toString())
        .put("gradients_png", grads.toString())
        .put("update_ratio_png", udPng.toString())
        .put("loss_curve", lossPng.toString())
        .put("train_loss", split[0], 4)
        .put("val_loss", split[1], 4)
        .put("test_loss", split[2], 4)
        .print(w);
    return 0;
  }

  /**
   * The lecture's layers: (Linear without bias, BatchNorm1d, Tanh) × 5, then Linear and
   * BatchNorm1d; weights {@code randn(fan_in, fan_out) / fan_in**0.5} drawn in order from {@code
   * g}, times the tanh gain 5/3 except the last, whose BatchNorm gamma is scaled by 0.1.
   */
  static List<Module> lectureLayers(Generator g, int in, int hidden, int vocab) {
    Generator scratch = new Generator(0); // the layers' own init is overwritten below
    List<Module> layers = new ArrayList<>();
    int fanIn = in;
    for (int k = 0; k < 6; k++) {
      boolean last = k == 5;
      int fanOut = last ? vocab : hidden;
      Linear lin = new Linear(fanIn, fanOut, false, scratch);
      Tensor w = Tensor.randn(g, fanIn, fanOut).div(Math.sqrt(fanIn)).mul(last ? 1.0 : 5.0 / 3).T();
      BatchNorm1d bn = new BatchNorm1d(fanOut, 1e-5, 0.1, BatchNorm1d.Layout.MAKEMORE);
      try (var off = GradMode.disabled()) {
        lin.weight().copy_(w);
        if (last) {
          bn.namedParameters().get("weight").mul_(0.1);
        }
      }
      layers.add(lin);
      layers.add(bn);
      if (!last) {
        layers.add(new Tanh());
      }
      fanIn = hidden;
    }
    return layers;
  }

  private static Path histograms(
      Path file, String title, List<Module> layers, List<Tensor> outs, boolean grads)
      throws IOException {
    Charts.headless();
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(450)
            .title(title)
            .xAxisTitle(grads ? "gradient of the Tanh output" : "Tanh output")
            .yAxisTitle("density")
            .build();
    for (int k = 0; k < layers.size(); k++) {
      if (layers.get(k) instanceof Tanh) {
        Tensor t = grads ? outs.get(k).grad() : outs.get(k);
        Diagnostics.Histogram h = Diagnostics.histogram(t, 100, true);
        double[] mids = new double[h.values().length];
        for (int b = 0; b < mids.length; b++) {
          mids[b] = (h.edges()[b] + h.edges()[b + 1]) / 2;
        }
        Diagnostics.Stats s = Diagnostics.stats(t, 0.97);
        String label =
            grads
                ? String.format(Locale.ROOT, "layer %d (Tanh): std %.2e", k, s.std())
                : String.format(
                    Locale.ROOT,
                    "layer %d (Tanh): std %.2f, sat %.1f%%",
                    k,
                    s.std(),
                    100 * s.saturated());
        chart.addSeries(label, mids, h.values()).setMarker(SeriesMarkers.NONE);
      }
    }
    return Charts.savePng(chart, file);
  }

  private static Path updateRatios(Path file, List<Tensor> params, List<double[]> ud)
      throws IOException {
    Charts.headless();
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(450)
            .title("update:data ratio per 2-D parameter")
            .xAxisTitle("step")
            .yAxisTitle("log10(std(lr * grad) / std(data))")
            .build();
    double[] xs = new double[ud.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i;
    }
    int j = 0;
    for (int pi = 0; pi < params.size(); pi++) {
      if (params.get(pi).dim() != 2) {
        continue;
      }
      double[] ys = new double[ud.size()];
      for (int i = 0; i < ys.length; i++) {
        ys[i] = ud.get(i)[j];
      }
      chart
          .addSeries(pi == 0 ? "param 0 (C, embedding)" : "param " + pi + " (weight)", xs, ys)
          .setMarker(SeriesMarkers.NONE);
      j++;
    }
    double[] guide = {-3, -3};
    chart
        .addSeries("-3 (guide)", new double[] {0, Math.max(1, xs.length - 1)}, guide)
        .setMarker(SeriesMarkers.NONE)
        .setLineColor(java.awt.Color.BLACK);
    return Charts.savePng(chart, file);
  }
}
