package io.github.zth.examples.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code zth bench}: groups the benchmarks. {@code zth bench matmul} times GEMM on square matrices
 * and on the shapes a GPT training step multiplies, {@code gpt-step} a GPT training step, {@code
 * value} a step of micrograd's scalar engine, {@code bpe} BPE training and encoding.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure speed (medians after warm-up) as key: value lines.",
    subcommands = {
      MatmulBench.class,
      GptStepBench.class,
      Gpt2GenerateBench.class,
      ValueBench.class,
      BpeBench.class
    })
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
