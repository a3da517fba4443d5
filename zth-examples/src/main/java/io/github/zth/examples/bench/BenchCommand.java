package io.github.zth.examples.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code zth bench}: groups the kernel benchmarks. {@code zth bench matmul} times GEMM on square
 * matrices and on the shapes a GPT training step multiplies.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure kernel speed (GFLOP/s) as key: value lines.",
    subcommands = {MatmulBench.class, GptStepBench.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
