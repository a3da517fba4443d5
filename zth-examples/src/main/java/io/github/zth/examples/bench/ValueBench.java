package io.github.zth.examples.bench;

import io.github.zth.autograd.micrograd.MLP;
import io.github.zth.autograd.micrograd.ValueGraph;
import io.github.zth.autograd.random.PythonRandom;
import io.github.zth.examples.MicrogradDemo;
import io.github.zth.examples.MicrogradDemo.Moons;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zth bench value}: the median time of one step of micrograd's demo (lecture 1) on the
 * scalar {@code Value} engine: build the loss of {@code MLP(2, [16, 16, 1])} over the moons points
 * (max-margin loss plus L2), backpropagate, update. The step is {@link MicrogradDemo#step}, the one
 * {@code zth micrograd} and zth-bench's {@code MicrogradBench} run; the steps follow the demo's
 * 100-step schedule, starting again from a fresh model every 100 steps, so the weights stay those
 * of a real run.
 */
@Command(
    name = "value",
    mixinStandardHelpOptions = true,
    description =
        "Time one step of micrograd's demo (MLP(2, [16, 16, 1]) on moons): forward, backward, update.")
public final class ValueBench implements Runnable {
  /** The demo's training length; the learning-rate schedule and the fresh model repeat with it. */
  private static final int DEMO_STEPS = 100;

  /** The demo's seed, for the moons noise and the initial weights. */
  private static final long SEED = 1337;

  @Spec CommandSpec spec;

  @Option(
      names = "--steps",
      defaultValue = "200",
      description = "timed steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--warmup",
      defaultValue = "300",
      description = "untimed steps first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--points",
      defaultValue = "100",
      description = "moons points in the full batch (default: ${DEFAULT-VALUE})")
  int points;

  @Option(
      names = "--plain-ops",
      description =
          "build micrograd's exact graph (one node per * and +) instead of fused dot/sum nodes")
  boolean plainOps;

  /** Creates the command; picocli fills in the options. */
  public ValueBench() {}

  @Override
  public void run() {
    if (steps < 1 || warmup < 0 || points < 2) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--steps "
              + steps
              + " --warmup "
              + warmup
              + " --points "
              + points
              + ": expected steps >= 1, warmup >= 0 and points >= 2");
    }
    Moons data = MicrogradDemo.makeMoons(points, 0.1, SEED);
    List<Integer> sizes = List.of(16, 16, 1);
    MLP model = new MLP(2, sizes, new PythonRandom(SEED));
    int nodes = ValueGraph.trace(MicrogradDemo.loss(model, data, plainOps).loss()).nodes().size();
    double[] ms = new double[steps];
    for (int i = 0; i < warmup + steps; i++) {
      int k = i % DEMO_STEPS;
      if (k == 0 && i > 0) {
        model = new MLP(2, sizes, new PythonRandom(SEED)); // untimed: a new run of the demo
      }
      long t0 = System.nanoTime();
      MicrogradDemo.step(model, data, 1.0 - 0.9 * k / DEMO_STEPS, plainOps);
      long t1 = System.nanoTime();
      if (i >= warmup) {
        ms[i - warmup] = (t1 - t0) / 1e6;
      }
    }
    double median = Medians.of(ms);
    PrintWriter out = spec.commandLine().getOut();
    out.println("model: MLP(2, " + sizes + ")");
    out.println("parameters: " + model.parameters().size());
    out.println("points: " + points);
    out.println("graph: " + (plainOps ? "plain" : "fused"));
    out.println("steps: " + steps);
    out.println("warmup: " + warmup);
    out.println("nodes_per_step: " + nodes);
    out.printf(Locale.ROOT, "ms_per_step: %.3f%n", median);
    out.printf(Locale.ROOT, "min_ms: %.3f%n", Medians.min(ms));
    out.printf(Locale.ROOT, "ns_per_node: %.1f%n", median * 1e6 / nodes);
    out.println("java: " + Runtime.version());
    out.flush();
  }
}
