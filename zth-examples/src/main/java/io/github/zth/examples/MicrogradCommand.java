package io.github.zth.examples;

import io.github.zth.autograd.micrograd.MLP;
import io.github.zth.autograd.micrograd.Neuron;
import io.github.zth.autograd.micrograd.Value;
import io.github.zth.autograd.micrograd.ValueGraph;
import io.github.zth.autograd.random.PythonRandom;
import io.github.zth.examples.MicrogradDemo.Moons;
import io.github.zth.examples.MicrogradDemo.Run;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth micrograd}: lecture 1. Trains micrograd's {@code MLP(2, [16, 16, 1])} on 100 "moons"
 * points, then saves the decision boundary and the computation graph of one neuron.
 */
@Command(
    name = "micrograd",
    mixinStandardHelpOptions = true,
    description = {
      "Lecture 1, micrograd: train an MLP of scalar Values on two moons.",
      "Uses micrograd's max-margin loss, plots the decision boundary and draws one neuron's graph."
    })
public final class MicrogradCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--steps",
      defaultValue = "100",
      description = "gradient descent steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--seed",
      defaultValue = "1337",
      description =
          "seed of the data noise and of the initial weights, drawn as micrograd draws them after Python's random.seed(SEED) (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "out/micrograd",
      description = "folder for the pictures (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--warmup",
      defaultValue = "0",
      description =
          "untimed trainings run first, so train_seconds is measured after JIT warm-up (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--plain-ops",
      description =
          "build micrograd's exact graph (one node per * and +) instead of fused dot/sum nodes")
  boolean plainOps;

  /** Creates the command; picocli fills in the options. */
  public MicrogradCommand() {}

  @Override
  public Integer call() throws Exception {
    if (steps < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--steps " + steps + ": expected at least 1");
    }
    if (warmup < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--warmup " + warmup + ": expected 0 or more");
    }
    Charts.headless();
    PrintWriter w = spec.commandLine().getOut();
    Moons data = MicrogradDemo.makeMoons(100, 0.1, seed);
    List<Integer> sizes = List.of(16, 16, 1);
    for (int i = 0; i < warmup; i++) {
      MicrogradDemo.train(new MLP(2, sizes, new PythonRandom(seed)), data, steps, plainOps);
    }
    MLP model = new MLP(2, sizes, new PythonRandom(seed));
    Run run = MicrogradDemo.train(model, data, steps, plainOps);
    for (int k = 0; k < steps; k++) {
      if (k % 10 == 0 || k == steps - 1) {
        w.printf(
            Locale.ROOT,
            "step %d loss %.6f accuracy %.1f%%%n",
            k,
            run.loss()[k],
            100 * run.accuracy()[k]);
      }
    }
    w.flush();

    Files.createDirectories(out);
    Path png = out.resolve("decision_boundary.png");
    XYChart chart =
        Charts.decisionBoundary(
            String.format(
                Locale.ROOT, "micrograd MLP(2, [16, 16, 1]) on moons after %d steps", steps),
            data.x(),
            data.y(),
            (x, y) -> model.applyScalar(List.of(Value.of(x), Value.of(y))).data());
    Charts.savePng(chart, png);

    ValueGraph graph =
        ValueGraph.trace(neuronGraph(model.layers().get(0).neurons().get(0), data.x()[0]));
    Path dot = graph.writeDot(out.resolve("graph.dot"));
    String svg;
    if (ValueGraph.findDot().isPresent()) {
      svg = graph.render(out.resolve("graph.svg")).toString();
    } else {
      svg = "not written (Graphviz 'dot' is not on the PATH)";
    }

    int last = steps - 1;
    new Summary()
        .put("model", "MLP(2, " + sizes + ")")
        .put("parameters", model.parameters().size())
        .put("graph", plainOps ? "plain" : "fused")
        .put("steps", steps)
        .put("warmup", warmup)
        .put("loss", run.loss()[last], 6)
        .put("accuracy", run.accuracy()[last], 2)
        .put("train_seconds", run.seconds(), 4)
        .put("decision_boundary", png.toString())
        .put("graph_dot", dot.toString())
        .put("graph_svg", svg)
        .print(w);
    return 0;
  }

  /**
   * One first-layer neuron applied to one point, built with micrograd's operations and the
   * lecture's labels, then backpropagated: the picture the lecture draws. Copies of the trained
   * weights keep the model untouched.
   */
  private static Value neuronGraph(Neuron neuron, double[] point) {
    Value x1 = Value.of(point[0], "x1");
    Value x2 = Value.of(point[1], "x2");
    Value w1 = Value.of(neuron.weights().get(0).data(), "w1");
    Value w2 = Value.of(neuron.weights().get(1).data(), "w2");
    Value b = Value.of(neuron.bias().data(), "b");
    Value x1w1 = x1.mul(w1).setLabel("x1*w1");
    Value x2w2 = x2.mul(w2).setLabel("x2*w2");
    Value n = b.add(x1w1).setLabel("b + x1*w1").add(x2w2).setLabel("n");
    Value o = n.relu().setLabel("o");
    o.backward();
    return o;
  }
}
