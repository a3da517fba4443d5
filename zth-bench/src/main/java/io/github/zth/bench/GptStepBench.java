package io.github.zth.bench;

import io.github.zth.gpt.GPTConfig;
import io.github.zth.gpt.Trainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One GPT training step (forward, backward, clip 1.0, AdamW) of nanoGPT's CPU configuration: 4
 * layers, 4 heads, n_embd 128, block 64, batch 12, vocab 65, no bias, tied head. The PyTorch
 * counterpart is {@code tools/torchref/gpt_step.py}; {@code zth bench gpt-step} is the CLI form.
 *
 * <pre>
 * java -jar zth-bench/target/benchmarks.jar GptStepBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GptStepBench {

  private Trainer trainer;

  /** Builds the model, random tokens and the trainer as {@code zth bench gpt-step} does. */
  @Setup
  public void setup() {
    trainer =
        io.github.zth.examples.bench.GptStepBench.trainer(
            new GPTConfig(64, 65, 4, 4, 128, 0.0, false), 12);
  }

  /**
   * @return the step's loss, so the work is not eliminated
   */
  @Benchmark
  public double step() {
    return trainer.step();
  }
}
