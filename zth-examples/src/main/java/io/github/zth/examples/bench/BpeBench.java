package io.github.zth.examples.bench;

import io.github.zth.data.Datasets;
import io.github.zth.data.tokenizer.RegexTokenizer;
import io.github.zth.data.tokenizer.SplitPattern;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zth bench bpe}: the median wall time of BPE training and of encoding, the workloads of
 * zth-bench's {@code BpeBench} and minbpe's test: train a {@link RegexTokenizer} (GPT-4 split) to
 * vocab 512 on {@code taylorswift.txt}, and encode the same text with tiktoken's cl100k_base
 * ({@link TiktokenEncoding}). Training and encoding alternate in each round, so a change of load
 * touches both. {@code tools/bench/bpe_minbpe_train.py} times minbpe's training for comparison.
 */
@Command(
    name = "bpe",
    mixinStandardHelpOptions = true,
    description =
        "Time BPE training (RegexTokenizer, GPT-4 split) and encoding (cl100k_base or the trained"
            + " tokenizer) on a corpus.")
public final class BpeBench implements Callable<Integer> {
  /** The rank file's name, as OpenAI publishes it. */
  static final String CL100K_FILE = "cl100k_base.tiktoken";

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "folder holding the corpus and, for --encoding cl100k, "
              + CL100K_FILE
              + " (default: each file"
              + " is looked up in ZTH_DATA_DIR, then ~/.cache/zth, and downloaded once if absent)")
  Path data;

  @Option(
      names = "--text",
      defaultValue = "taylorswift.txt",
      paramLabel = "NAME",
      description = "corpus file in --data, UTF-8 (default: ${DEFAULT-VALUE})")
  String text;

  @Option(
      names = "--vocab-size",
      defaultValue = "512",
      paramLabel = "N",
      description = "vocabulary size to train to, at least 256 (default: ${DEFAULT-VALUE})")
  int vocabSize;

  @Option(
      names = "--encoding",
      defaultValue = "cl100k",
      paramLabel = "NAME",
      description =
          "encoder to time: cl100k (reads "
              + CL100K_FILE
              + ") or trained (the tokenizer just trained)"
              + " (default: ${DEFAULT-VALUE})")
  String encoding;

  @Option(
      names = "--samples",
      defaultValue = "9",
      description = "timed rounds, median reported (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "untimed rounds first (default: ${DEFAULT-VALUE})")
  int warmup;

  /** Creates the command; picocli fills in the options. */
  public BpeBench() {}

  @Override
  public Integer call() throws IOException {
    if (samples < 1 || warmup < 0 || vocabSize < 256) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--samples "
              + samples
              + " --warmup "
              + warmup
              + " --vocab-size "
              + vocabSize
              + ": expected samples >= 1, warmup >= 0 and vocab size >= 256");
    }
    if (!encoding.equals("cl100k") && !encoding.equals("trained")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--encoding " + encoding + ": expected cl100k or trained");
    }
    Path corpus;
    Path ranks = null;
    if (data != null) {
      corpus = data.resolve(text);
      ranks = data.resolve(CL100K_FILE);
      for (Path p : encoding.equals("cl100k") ? new Path[] {corpus, ranks} : new Path[] {corpus}) {
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(
              "no such file: "
                  + p
                  + " (--data names the folder holding "
                  + (encoding.equals("cl100k") ? text + " and " + CL100K_FILE : text)
                  + ")");
        }
      }
    } else {
      corpus = Datasets.defaults().resolve(text);
      if (encoding.equals("cl100k")) {
        ranks = Datasets.defaults().resolve(CL100K_FILE);
      }
    }
    String s = Files.readString(corpus, StandardCharsets.UTF_8);
    long bytes = s.getBytes(StandardCharsets.UTF_8).length;
    TiktokenEncoding cl100k = encoding.equals("cl100k") ? TiktokenEncoding.cl100k(ranks) : null;

    double[] trainMs = new double[samples];
    double[] encodeMs = new double[samples];
    RegexTokenizer trained = null;
    int tokens = 0;
    for (int i = 0; i < warmup + samples; i++) {
      long t0 = System.nanoTime();
      trained = RegexTokenizer.train(s, vocabSize, SplitPattern.GPT4);
      long t1 = System.nanoTime();
      tokens = (cl100k != null ? cl100k.encodeOrdinary(s) : trained.encodeOrdinary(s)).length;
      long t2 = System.nanoTime();
      if (i >= warmup) {
        trainMs[i - warmup] = (t1 - t0) / 1e6;
        encodeMs[i - warmup] = (t2 - t1) / 1e6;
      }
    }
    double train = Medians.of(trainMs);
    double encode = Medians.of(encodeMs);
    PrintWriter out = spec.commandLine().getOut();
    out.println("text: " + corpus.getFileName());
    out.println("text_bytes: " + bytes);
    out.println("vocab_size: " + trained.vocabSize());
    out.println("samples: " + samples);
    out.printf(Locale.ROOT, "train_ms: %.2f%n", train);
    out.printf(Locale.ROOT, "train_min_ms: %.2f%n", Medians.min(trainMs));
    out.println("encoding: " + encoding);
    out.println("tokens: " + tokens);
    out.printf(Locale.ROOT, "encode_ms: %.3f%n", encode);
    // decimal megabytes of UTF-8 input per second of the median encode
    out.printf(Locale.ROOT, "encode_mb_per_s: %.2f%n", bytes / 1e6 / (encode / 1e3));
    out.println("java: " + Runtime.version());
    out.flush();
    return 0;
  }
}
