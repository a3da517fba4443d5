package io.github.zth.examples.bench;

import io.github.zth.autograd.KernelSettings;
import io.github.zth.autograd.random.Generator;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import io.github.zth.gpt.Sampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zth bench gpt2-generate}: GPT-2's decoding speed as issue 19 measures it, batch 1, greedy,
 * KV-cached, the counterpart of {@code tools/torchref/gpt2_generate.py}. A run's time covers the
 * prompt's prefill and every new token; {@code tokens_per_s} is the new tokens over it, the median
 * of the timed runs. Decoding reads every weight matrix once per token, so {@code
 * weight_bytes_per_token} (the float32 weights, the position table left out as only one row of it
 * is read) over the machine's read bandwidth bounds the rate.
 */
@Command(
    name = "gpt2-generate",
    mixinStandardHelpOptions = true,
    description =
        "Time greedy KV-cached GPT-2 generation, batch 1 (default: random weights of GPT-2 124M's shape).")
public final class Gpt2GenerateBench implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      description =
          "pretrained weights (any layout GPT.fromPretrained reads) instead of random ones")
  Path model;

  @Option(
      names = "--prompt-tokens",
      defaultValue = "16",
      description = "(default: ${DEFAULT-VALUE})")
  int promptTokens;

  @Option(names = "--new-tokens", defaultValue = "200", description = "(default: ${DEFAULT-VALUE})")
  int newTokens;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "timed runs (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      description = "untimed runs first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--n-layer", defaultValue = "12", description = "random weights' shape")
  int nLayer;

  @Option(names = "--n-head", defaultValue = "12", description = "random weights' shape")
  int nHead;

  @Option(names = "--n-embd", defaultValue = "768", description = "random weights' shape")
  int nEmbd;

  @Option(names = "--vocab-size", defaultValue = "50257", description = "random weights' shape")
  int vocabSize;

  @Option(names = "--block-size", defaultValue = "1024", description = "random weights' shape")
  int blockSize;

  /** Creates the command; picocli fills in the options. */
  public Gpt2GenerateBench() {}

  @Override
  public void run() {
    if (promptTokens < 1 || newTokens < 1 || runs < 1 || warmup < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--prompt-tokens "
              + promptTokens
              + " --new-tokens "
              + newTokens
              + " --runs "
              + runs
              + " --warmup "
              + warmup
              + ": expected positive token counts and runs, warmup >= 0");
    }
    GPT m;
    try {
      m =
          model != null
              ? GPT.fromPretrained(model)
              : new GPT(
                  GPTConfig.gpt2()
                      .withNLayer(nLayer)
                      .withNHead(nHead)
                      .withNEmbd(nEmbd)
                      .withVocabSize(vocabSize)
                      .withBlockSize(blockSize),
                  new Generator(1337));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (promptTokens + newTokens > m.config().blockSize()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--prompt-tokens + --new-tokens = "
              + (promptTokens + newTokens)
              + ": expected at most the block size "
              + m.config().blockSize()
              + " (the bench times cached decoding, without crops)");
    }
    long[] r = new long[promptTokens];
    new Generator(1).randint(r, 0, r.length, 0, m.config().vocabSize());
    int[] prompt = new int[promptTokens];
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = (int) r[i];
    }
    Sampler greedy = new Sampler(m).withTemperature(0);
    double[] tps = new double[runs];
    for (int i = 0; i < warmup + runs; i++) {
      long t0 = System.nanoTime();
      greedy.generate(prompt, newTokens, new Generator(0));
      double s = (System.nanoTime() - t0) / 1e9;
      if (i >= warmup) {
        tps[i - warmup] = newTokens / s;
      }
    }
    long weights = m.numParameters() - (long) m.config().blockSize() * m.config().nEmbd();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "tokens_per_s: %.2f%n", Medians.of(tps));
    out.println("weight_bytes_per_token: " + 4 * weights);
    out.println("params: " + m.numParameters());
    out.println("prompt_tokens: " + promptTokens);
    out.println("new_tokens: " + newTokens);
    out.println("threads: " + KernelSettings.threads());
    out.println("simd: " + KernelSettings.simd());
    out.flush();
  }
}
