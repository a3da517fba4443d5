package io.github.zth.bench;

import io.github.zth.autograd.micrograd.MLP;
import io.github.zth.autograd.random.PythonRandom;
import io.github.zth.examples.MicrogradDemo;
import io.github.zth.examples.MicrogradDemo.Moons;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The micrograd demo's training: 100 full-batch steps of {@code MLP(2, [16, 16, 1])} on 100 moons
 * points, the work Karpathy's Python micrograd does in {@code demo.ipynb}. One operation is a whole
 * 100-step training from a fresh model. {@code plainOps=true} builds micrograd's exact graph (one
 * node per multiplication and addition); {@code false} uses the fused dot/sum nodes that {@code zth
 * micrograd} uses.
 *
 * <pre>
 * java -jar zth-bench/target/benchmarks.jar MicrogradBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class MicrogradBench {
  @Param({"false", "true"})
  public boolean plainOps;

  private Moons data;

  /** Makes the data set once; each operation trains a new model. */
  @Setup
  public void setUp() {
    data = MicrogradDemo.makeMoons(100, 0.1, 1337);
  }

  /**
   * Trains a fresh model for 100 steps.
   *
   * @return the last loss, so the work cannot be optimised away
   */
  @Benchmark
  public double train100Steps() {
    MLP model = new MLP(2, List.of(16, 16, 1), new PythonRandom(1337));
    return MicrogradDemo.train(model, data, 100, plainOps).loss()[99];
  }
}
