package io.github.zth.examples.bench;

import io.github.zth.autograd.KernelSettings;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.TokenData;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import io.github.zth.gpt.RandomWindows;
import io.github.zth.gpt.Trainer;
import io.github.zth.gpt.TrainerConfig;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zth bench gpt-step}: the median time of one training step (forward, backward, clip 1.0,
 * AdamW), by default of nanoGPT's CPU configuration, the counterpart of {@code
 * tools/torchref/gpt_step.py}, which takes the same size options, so both sides can be timed at any
 * model size (GPT-2 124M: {@code --vocab-size 50257 --n-layer 12 --n-head 12 --n-embd 768 --bias}).
 * {@code allocated_bytes_per_step:} is the median step's heap allocation summed over all threads
 * (the kernel pool's too), measured with the JVM's per-thread counters, not estimated. {@code
 * params:} is counted as {@code gpt train} and nanoGPT count it (the position embedding left out).
 */
@Command(
    name = "gpt-step",
    mixinStandardHelpOptions = true,
    description =
        "Time one GPT training step (default: 4 layers, 4 heads, n_embd 128, block 64, batch 12, vocab 65).")
public final class GptStepBench implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--steps",
      defaultValue = "30",
      description = "timed steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "untimed steps first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--batch-size",
      defaultValue = "12",
      description = "batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--n-layer",
      defaultValue = "4",
      description = "transformer blocks (default: ${DEFAULT-VALUE})")
  int nLayer;

  @Option(
      names = "--n-head",
      defaultValue = "4",
      description = "attention heads (default: ${DEFAULT-VALUE})")
  int nHead;

  @Option(
      names = "--n-embd",
      defaultValue = "128",
      description = "embedding width (default: ${DEFAULT-VALUE})")
  int nEmbd;

  @Option(
      names = "--block-size",
      defaultValue = "64",
      description = "context length (default: ${DEFAULT-VALUE})")
  int blockSize;

  @Option(
      names = "--vocab-size",
      defaultValue = "65",
      description = "vocabulary size (default: ${DEFAULT-VALUE})")
  int vocabSize;

  @Option(
      names = "--bias",
      description =
          "biases in the linear layers and LayerNorms, as GPT-2 has (default: none, as nanoGPT's CPU run)")
  boolean bias;

  /** Creates the command; picocli fills in the options. */
  public GptStepBench() {}

  @Override
  public void run() {
    if (steps < 1 || warmup < 0 || batchSize < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--steps "
              + steps
              + " --warmup "
              + warmup
              + " --batch-size "
              + batchSize
              + ": expected steps >= 1, warmup >= 0, batch size >= 1");
    }
    GPTConfig c;
    try {
      c = new GPTConfig(blockSize, vocabSize, nLayer, nHead, nEmbd, 0.0, bias);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Trainer trainer = trainer(c, batchSize);
    GPT model = (GPT) trainer.model();
    double[] ms = new double[steps];
    double[] bytes = new double[steps];
    AllocatedBytes counter = AllocatedBytes.counter();
    for (int i = 0; i < warmup + steps; i++) {
      long b0 = counter == null ? 0 : counter.total();
      long t0 = System.nanoTime();
      trainer.step();
      long t1 = System.nanoTime();
      if (i >= warmup) {
        ms[i - warmup] = (t1 - t0) / 1e6;
        bytes[i - warmup] = counter == null ? 0 : counter.total() - b0;
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "ms_per_step: %.2f%n", Medians.of(ms));
    out.printf(Locale.ROOT, "min_ms: %.2f%n", Medians.min(ms));
    // The median step's heap allocation over all threads: what a steady-state step costs the GC.
    out.println(
        "allocated_bytes_per_step: "
            + (counter == null ? "unavailable" : String.valueOf((long) Medians.of(bytes))));
    out.println("params: " + model.numParameters(true));
    out.println("threads: " + KernelSettings.threads());
    out.println("simd: " + KernelSettings.simd());
    out.flush();
  }

  /**
   * The step being timed, built as {@code gpt_step.py} builds it: the model seeded 1337, random
   * token windows, a constant learning rate 1e-3 (warmup 0), betas (0.9, 0.99), weight decay 0.1
   * and clipping at 1.0. zth-bench's JMH benchmark times the same trainer.
   *
   * @param c the model's shape
   * @param batchSize windows per step
   * @return a trainer whose {@link Trainer#step()} is one timed step
   */
  public static Trainer trainer(GPTConfig c, int batchSize) {
    GPT model = new GPT(c, new Generator(1337));
    // Enough tokens for any batch of windows; their values do not change the time.
    int[] tokens = new int[Math.max(20_000, 2 * (c.blockSize() + 1))];
    long[] r = new long[tokens.length];
    new Generator(1).randint(r, 0, r.length, 0, c.vocabSize());
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = (int) r[i];
    }
    TrainerConfig tc =
        new TrainerConfig(
            batchSize,
            Integer.MAX_VALUE,
            1e-3,
            1e-3,
            0,
            Integer.MAX_VALUE,
            0.1,
            0.9,
            0.99,
            1.0,
            1,
            Integer.MAX_VALUE,
            1);
    return new Trainer(model, new RandomWindows(new TokenData(tokens), new Generator(2)), tc);
  }
}
