package io.github.zth.examples;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.autograd.io.TextFiles;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Datasets;
import io.github.zth.data.TokenData;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.gpt.Checkpoint;
import io.github.zth.gpt.Estimate;
import io.github.zth.gpt.Evaluation;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import io.github.zth.gpt.RandomWindows;
import io.github.zth.gpt.Sampler;
import io.github.zth.gpt.TrainResult;
import io.github.zth.gpt.Trainer;
import io.github.zth.gpt.TrainerConfig;
import io.github.zth.gpt.TrainingListener;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth gpt}: lecture 7, a character-level GPT on a text file ({@code train}), text from a
 * checkpoint ({@code sample}) and a checkpoint's loss and perplexity on any text ({@code eval}),
 * with nanoGPT's shakespeare_char settings as defaults. Training is the library's {@link Trainer}
 * with nanoGPT's {@link RandomWindows}; this class holds the options and the printing.
 */
@Command(
    name = "gpt",
    mixinStandardHelpOptions = true,
    description =
        "Lecture 7: train a character-level GPT (nanoGPT), sample from it and evaluate it.",
    subcommands = {GptCommand.Train.class, GptCommand.Sample.class, GptCommand.Eval.class})
public final class GptCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Creates the command; picocli fills in the options. */
  public GptCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code zth gpt train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description =
          "Train a character-level GPT; prints 'step N: train loss X, val loss Y' and a key: value summary.")
  public static final class Train implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--data",
        description =
            "UTF-8 text file to train on: a path, or a name looked up in ZTH_DATA_DIR, then ~/.cache/zth"
                + " (default: tinyshakespeare.txt, downloaded once)")
    Path data;

    @Option(names = "--n-layer", defaultValue = "6", description = "(default: ${DEFAULT-VALUE})")
    int nLayer;

    @Option(names = "--n-head", defaultValue = "6", description = "(default: ${DEFAULT-VALUE})")
    int nHead;

    @Option(names = "--n-embd", defaultValue = "384", description = "(default: ${DEFAULT-VALUE})")
    int nEmbd;

    @Option(
        names = "--block-size",
        defaultValue = "256",
        description = "(default: ${DEFAULT-VALUE})")
    int blockSize;

    @Option(
        names = "--batch-size",
        defaultValue = "64",
        description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
        names = "--max-iters",
        defaultValue = "5000",
        description = "(default: ${DEFAULT-VALUE})")
    int maxIters;

    @Option(
        names = "--lr-decay-iters",
        defaultValue = "5000",
        description = "(default: ${DEFAULT-VALUE})")
    int lrDecayIters;

    @Option(
        names = "--lr",
        defaultValue = "1e-3",
        description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--min-lr", defaultValue = "1e-4", description = "(default: ${DEFAULT-VALUE})")
    double minLr;

    @Option(
        names = "--warmup-iters",
        defaultValue = "100",
        description = "(default: ${DEFAULT-VALUE})")
    int warmupIters;

    @Option(names = "--dropout", defaultValue = "0.2", description = "(default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(
        names = "--eval-interval",
        defaultValue = "250",
        description = "(default: ${DEFAULT-VALUE})")
    int evalInterval;

    @Option(
        names = "--eval-iters",
        defaultValue = "200",
        description = "(default: ${DEFAULT-VALUE})")
    int evalIters;

    @Option(names = "--grad-accum", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    int gradAccum;

    @Option(
        names = "--out",
        defaultValue = "out/gpt",
        description =
            "folder for the checkpoint (OUT/checkpoint), loss.png and attention.png (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--resume", description = "continue the run saved in --out")
    boolean resume;

    @Option(
        names = "--attention-prompt",
        paramLabel = "TEXT",
        description =
            "text whose first-layer attention weights attention.png shows (default: the first 24 characters of --data)")
    String attentionPrompt;

    @Option(names = "--seed", defaultValue = "1337", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    /** Creates the command; picocli fills in the options. */
    public Train() {}

    // Input checks (robust, issue 20): each option named, before the data is read or a model is
    // built.
    private void checkOptions() {
      require(blockSize >= 1, "--block-size", blockSize, "at least 1");
      require(nLayer >= 1, "--n-layer", nLayer, "at least 1");
      require(nHead >= 1, "--n-head", nHead, "at least 1");
      require(nEmbd >= 1, "--n-embd", nEmbd, "at least 1");
      require(nEmbd % nHead == 0, "--n-head", nHead, "a divisor of --n-embd " + nEmbd);
      // The largest tensors, (block, n_embd), (n_embd, 4 n_embd) and a (B, T, n_embd) activation,
      // must fit one array.
      long big =
          Math.max(
              Math.max((long) blockSize * nEmbd, 4L * nEmbd * nEmbd),
              (long) batchSize * blockSize * nEmbd);
      require(
          big <= Integer.MAX_VALUE,
          "--n-embd",
          nEmbd,
          "a model whose largest tensor ("
              + big
              + " values with --block-size "
              + blockSize
              + ", --batch-size "
              + batchSize
              + ") fits in 2^31 - 1");
      require(batchSize >= 1, "--batch-size", batchSize, "at least 1");
      require(maxIters >= 0, "--max-iters", maxIters, "0 or more");
      require(dropout >= 0 && dropout < 1, "--dropout", dropout, "a probability in [0, 1)");
      require(lr > 0 && Double.isFinite(lr), "--lr", lr, "a positive number");
      require(minLr >= 0 && minLr <= lr, "--min-lr", minLr, "between 0 and --lr " + lr);
      require(evalInterval >= 1, "--eval-interval", evalInterval, "at least 1");
      require(evalIters >= 1, "--eval-iters", evalIters, "at least 1");
      require(gradAccum >= 1, "--grad-accum", gradAccum, "at least 1");
      require(warmupIters >= 0, "--warmup-iters", warmupIters, "0 or more");
      require(
          lrDecayIters > warmupIters,
          "--lr-decay-iters",
          lrDecayIters,
          "more than --warmup-iters " + warmupIters);
    }

    @Override
    public Integer call() throws Exception {
      checkOptions();
      data =
          DataOption.resolve(
              "--data", data != null ? data.toString() : Datasets.TINY_SHAKESPEARE.fileName());
      String text = trainingText(data, spec.commandLine().getOut());
      Path ckpt = out.resolve(CHECKPOINT);
      CharTokenizer tok = resume ? Checkpoint.loadTokenizer(ckpt) : CharTokenizer.fromText(text);
      String prompt =
          attentionPrompt != null
              ? attentionPrompt
              : text.substring(
                  0,
                  text.offsetByCodePoints(
                      0, Math.min(Math.min(24, blockSize), text.codePointCount(0, text.length()))));
      int[] promptIds = promptIds(tok, prompt);
      TokenData tokens = new TokenData(tok.encode(text));
      if (!resume) {
        requireWindows(data, tokens, blockSize);
      }
      TrainerConfig tc =
          new TrainerConfig(
              batchSize,
              maxIters,
              lr,
              minLr,
              warmupIters,
              lrDecayIters,
              0.1,
              0.9,
              0.99,
              1.0,
              gradAccum,
              evalInterval,
              evalIters);
      // one stream for init, batches and dropout, as nanoGPT's torch default generator
      GPT model =
          resume
              ? Checkpoint.loadModel(ckpt)
              : new GPT(
                  new GPTConfig(blockSize, tok.vocabSize(), nLayer, nHead, nEmbd, dropout, false),
                  new Generator(seed));
      RandomWindows windows = new RandomWindows(tokens, model.generator());
      Trainer trainer =
          resume ? Trainer.resume(ckpt, model, windows, tc) : new Trainer(model, windows, tc);
      if (resume) {
        requireWindows(data, tokens, model.config().blockSize());
      }
      if (promptIds.length > model.config().blockSize()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--attention-prompt: "
                + promptIds.length
                + " characters, expected at most the block size "
                + model.config().blockSize());
      }
      PrintWriter w = spec.commandLine().getOut();
      List<Double> steps = new ArrayList<>();
      List<Double> trainLoss = new ArrayList<>();
      List<Double> valLoss = new ArrayList<>();
      int startIter = trainer.iter();
      long t0 = System.nanoTime();
      TrainResult result;
      try (Progress progress =
          Progress.start(
              "gpt train",
              startIter,
              Math.max(startIter, maxIters),
              Progress.mode(),
              w,
              spec.commandLine().getErr())) {
        trainer.addListener(
            new TrainingListener() {
              @Override
              public void onStep(int step, double loss, double lrNow, double millis) {
                if (step % 10 == 0) {
                  progress.println(
                      String.format(
                          Locale.ROOT,
                          "iter %d: loss %.4f, lr %.2e, time %.1fms",
                          step,
                          loss,
                          lrNow,
                          millis));
                }
                progress.stepTo(step + 1, String.format(Locale.ROOT, "loss %.4f", loss));
              }

              @Override
              public void onEval(Estimate e) {
                int step = e.step();
                double tl = e.train().loss();
                double vl = e.val().loss();
                progress.println(
                    String.format(
                        Locale.ROOT, "step %d: train loss %.4f, val loss %.4f", step, tl, vl));
                steps.add((double) step);
                trainLoss.add(tl);
                valLoss.add(vl);
              }
            });
        result = trainer.train(Checkpoint.of(ckpt, model).withTokenizer(tok));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      int iters = trainer.iter() - startIter;
      Charts.headless();
      XYChart chart =
          new XYChartBuilder()
              .width(800)
              .height(500)
              .title(
                  "GPT loss (estimated every "
                      + evalInterval
                      + " steps over "
                      + evalIters
                      + " batches)")
              .xAxisTitle("step")
              .yAxisTitle("cross-entropy loss")
              .build();
      chart.getStyler().setMarkerSize(6);
      chart.addSeries("train", steps, trainLoss);
      chart.addSeries("val", steps, valLoss);
      Path png = Charts.savePng(chart, out.resolve("loss.png"));
      double[][][] att = AttentionMaps.firstLayer(model, promptIds);
      List<String> chars = new ArrayList<>();
      for (int id : promptIds) {
        chars.add(tok.itos(id));
      }
      Path attPng =
          AttentionHeatmap.save(
              att,
              chars,
              String.format(
                  Locale.ROOT,
                  "Layer 0 attention weights, %d heads, after %d steps: \"%s\"",
                  att.length,
                  trainer.iter(),
                  prompt.replace("\n", "\\n")),
              out.resolve("attention.png"));
      new Summary()
          .put("val_loss", result.last().val().loss(), 4)
          .put("val_perplexity", result.last().val().perplexity(), 4)
          .put("train_loss", result.last().train().loss(), 4)
          .put("best_val_loss", result.best().val().loss(), 4)
          .put("iters", trainer.iter())
          .put("train_seconds", seconds, 1)
          .put("ms_per_iter", iters == 0 ? 0 : 1000 * seconds / iters, 2)
          .put("params", model.numParameters(true))
          .put("checkpoint", ckpt.toString())
          .put("loss_curve", png.toString())
          .put("attention_png", attPng.toString())
          .print(w);
      return 0;
    }
  }

  // ---- Input checks (robust, issue 20): the data is refused before any model is built, naming
  // --data.

  /**
   * The text of {@code --data}: strict UTF-8 and not empty. A folder gives every text file in it,
   * in sorted order (binary files skipped and counted); the files read and their sizes go to {@code
   * w}.
   */
  static String trainingText(Path data, PrintWriter w) throws java.io.IOException {
    TextFiles.Corpus corpus;
    try {
      corpus = TextFiles.readCorpus(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--data " + e.getMessage(), e);
    }
    if (corpus.text().isEmpty()) {
      throw new IllegalArgumentException(
          "--data " + data + ": empty file, expected text to train on");
    }
    if (Files.isDirectory(data)) {
      for (int i = 0; i < corpus.files().size(); i++) {
        w.printf(
            Locale.ROOT,
            "file: %s (%d bytes)%n",
            data.relativize(corpus.files().get(i)),
            corpus.bytes().get(i));
      }
      w.printf(
          Locale.ROOT,
          "data: %d files, %d characters; %d binary files skipped%n",
          corpus.files().size(),
          corpus.text().length(),
          corpus.skippedBinary());
    }
    return corpus.text();
  }

  /**
   * An option out of range, named with its value and what it must be, before any data is read; the
   * {@code gpt2} commands use it too.
   */
  static void require(boolean ok, String option, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(option + " " + value + ": expected " + expected);
    }
  }

  /**
   * Both splits must hold a window plus its target, or every batch draw fails (nanoGPT's
   * get_batch).
   */
  static void requireWindows(Path data, TokenData tokens, int blockSize) {
    requireWindows(data, tokens, blockSize, "characters");
  }

  /** As above, for tokens counted in {@code unit} ("characters", "GPT-2 tokens"). */
  static void requireWindows(Path data, TokenData tokens, int blockSize, String unit) {
    for (TokenData.Split split : TokenData.Split.values()) {
      long n = tokens.size(split);
      if (n <= blockSize) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "--data %s: its %s split has %d %s, expected more than --block-size %d"
                    + " (the file needs at least %d %s: 90%% train, 10%% val)",
                data,
                split.name().toLowerCase(Locale.ROOT),
                n,
                unit,
                blockSize,
                10L * (blockSize + 1),
                unit));
      }
    }
  }

  /** The checkpoint's folder inside {@code gpt train --out}. */
  static final String CHECKPOINT = "checkpoint";

  private static int[] promptIds(CharTokenizer tok, String prompt) {
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException(
          "--attention-prompt: empty, expected at least one character");
    }
    try {
      return tok.encode(prompt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--attention-prompt: " + e.getMessage(), e);
    }
  }

  /** {@code zth gpt sample}. */
  @Command(
      name = "sample",
      mixinStandardHelpOptions = true,
      description = "Generate text from a checkpoint written by 'zth gpt train'.")
  public static final class Sample implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--checkpoint",
        required = true,
        description = "the --out folder of 'zth gpt train', or a checkpoint folder itself")
    Path checkpoint;

    @Option(
        names = "--out",
        description = "folder to also write the text to, as sample.txt (default: only print it)")
    Path out;

    @Option(
        names = "--prompt",
        defaultValue = "\n",
        description = "text to continue (default: a newline)")
    String prompt;

    @Option(
        names = "--max-new-tokens",
        defaultValue = "500",
        description = "(default: ${DEFAULT-VALUE})")
    int maxNewTokens;

    @Option(
        names = "--temperature",
        defaultValue = "0.8",
        description = "0 for greedy (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(
        names = "--top-k",
        defaultValue = "200",
        description = "keep the k likeliest characters, 0 for all (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "(default: ${DEFAULT-VALUE})")
    double topP;

    @Option(
        names = "--crop-stride",
        description =
            "past the block size, drop this many oldest tokens at once: 1 = nanoGPT's per-token crop"
                + " (every token then re-runs the whole window), block_size/2 = KV-cached (default: block_size/2)")
    Integer cropStride;

    @Option(
        names = "--no-cache",
        description = "re-run the whole context for every token instead of using the KV cache")
    boolean noCache;

    @Option(names = "--seed", defaultValue = "1337", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    /** Creates the command; picocli fills in the options. */
    public Sample() {}

    // Input checks (robust, issue 20): each option named, before the checkpoint is loaded.
    private void checkOptions() {
      require(maxNewTokens >= 0, "--max-new-tokens", maxNewTokens, "0 or more");
      require(
          temperature >= 0 && Double.isFinite(temperature),
          "--temperature",
          temperature,
          "0 (greedy) or more");
      require(topK >= 0, "--top-k", topK, "0 (off) or more");
      require(topP > 0 && topP <= 1, "--top-p", topP, "a probability in (0, 1]");
      require(cropStride == null || cropStride >= 1, "--crop-stride", cropStride, "at least 1");
      require(!prompt.isEmpty(), "--prompt", "''", "at least one character");
    }

    @Override
    public Integer call() throws Exception {
      checkOptions();
      Path dir = checkpointDir(checkpoint);
      GPT model = Checkpoint.loadModel(dir);
      CharTokenizer tok = Checkpoint.loadTokenizer(dir);
      PrintWriter w = spec.commandLine().getOut();
      int[] ids;
      try {
        ids = tok.encode(prompt);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--prompt: " + e.getMessage(), e);
      }
      require(
          cropStride == null || cropStride <= model.config().blockSize(),
          "--crop-stride",
          cropStride,
          "at most the checkpoint's block size " + model.config().blockSize());
      w.print(prompt);
      StringBuilder text = new StringBuilder(prompt);
      if (topK < 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--top-k " + topK + ": expected 0 (all) or a positive count");
      }
      Sampler sampler =
          new Sampler(model).withTemperature(temperature).withTopP(topP).withCache(!noCache);
      if (topK > 0) {
        sampler = sampler.withTopK(topK);
      }
      if (cropStride != null) {
        sampler = sampler.withCropStride(cropStride);
      }
      long t0 = System.nanoTime();
      int[] outIds =
          sampler.generate(
              ids,
              maxNewTokens,
              new Generator(seed),
              t -> {
                String piece = tok.decode(new int[] {t});
                text.append(piece);
                w.print(piece);
                w.flush();
              });
      double seconds = (System.nanoTime() - t0) / 1e9;
      w.println();
      Summary summary =
          new Summary()
              .put("tokens", outIds.length)
              .put("tokens_per_second", outIds.length / seconds, 1)
              .put("crop_stride", sampler.cropStride())
              .put("kv_cache", String.valueOf(!noCache));
      if (out != null) {
        summary.put(
            "sample_txt",
            AtomicFiles.write(
                    out.resolve("sample.txt"), text.toString().getBytes(StandardCharsets.UTF_8))
                .toString());
      }
      summary.print(w);
      return 0;
    }
  }

  /**
   * Where {@code --checkpoint} points: the {@code --out} of {@code gpt train} or a checkpoint
   * folder itself.
   */
  static Path checkpointDir(Path checkpoint) throws java.io.IOException {
    Path inner =
        AtomicFiles.readableDirectory(
            checkpoint.resolve(CHECKPOINT)); // a save killed mid-swap left the previous one
    Path dir = Files.isDirectory(inner) ? inner : checkpoint;
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "--checkpoint "
              + checkpoint
              + ": no such folder (expected the --out of 'zth gpt train')");
    }
    return dir;
  }

  /** {@code zth gpt eval}. */
  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description =
          "A checkpoint's mean next-token loss and perplexity on a text file: consecutive block-size windows,"
              + " every character predicted once.")
  public static final class Eval implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--checkpoint",
        defaultValue = "out/gpt",
        description =
            "the --out folder of 'zth gpt train', or a checkpoint folder itself (default: ${DEFAULT-VALUE})")
    Path checkpoint;

    @Option(
        names = "--data",
        description =
            "UTF-8 text file to evaluate on (default: Tiny Shakespeare, downloaded once into ZTH_DATA_DIR or ~/.cache/zth)")
    Path data;

    @Option(
        names = "--split",
        defaultValue = "val",
        description =
            "val (the last 10%%, nanoGPT's split), train (the first 90%%) or all (default: ${DEFAULT-VALUE})")
    String split;

    @Option(
        names = "--encoding",
        description =
            "tokenize --data with this OpenAI encoding (gpt2, r50k_base, cl100k_base, o200k_base) and"
                + " read --checkpoint as any layout GPT.fromPretrained reads (HF gpt2 folder, llm.c .bin);"
                + " default: the checkpoint's character tokenizer, or gpt2 for a checkpoint without one")
    String encoding;

    /** Creates the command; picocli fills in the options. */
    public Eval() {}

    /**
     * A checkpoint without zth's character tokenizer (a Hugging Face or llm.c GPT-2, or a {@code
     * gpt2 train} checkpoint) is read with GPT-2's encoding.
     */
    private boolean gpt2Checkpoint(Path dir) {
      return !Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve(Checkpoint.TOKENIZER));
    }

    @Override
    public Integer call() throws Exception {
      if (!List.of("val", "train", "all").contains(split)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--split " + split + ": expected val, train or all");
      }
      if (data != null && !Files.isRegularFile(data)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--data " + data + ": no such file");
      }
      if (encoding != null && !TiktokenEncoding.NAMES.contains(encoding)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--encoding "
                + encoding
                + ": expected one of "
                + String.join(", ", TiktokenEncoding.NAMES));
      }
      Path dir = Files.isRegularFile(checkpoint) ? checkpoint : checkpointDir(checkpoint);
      if (data == null) {
        data = Datasets.tinyShakespeare();
      }
      String text = Files.readString(data, StandardCharsets.UTF_8);
      GPT model;
      int[] all;
      int batch = 16;
      if (encoding != null || gpt2Checkpoint(dir)) {
        model = Gpt2Command.loadModel(dir);
        TiktokenEncoding tok =
            encoding == null || encoding.equals("gpt2")
                ? Gpt2Command.tokenizer(dir)
                : TiktokenEncoding.named(encoding, Datasets.defaults());
        all = tok.encodeOrdinary(text);
        // a (windows, T, vocab) logits tensor of GPT-2's vocabulary is large: keep it near 256 MB
        batch =
            (int)
                Math.max(
                    1,
                    Math.min(
                        16,
                        (64L << 20)
                            / ((long) model.config().blockSize() * model.config().vocabSize())));
      } else {
        model = Checkpoint.loadModel(dir);
        all = encode(Checkpoint.loadTokenizer(dir), text, data);
      }
      int n = (int) (0.9 * all.length); // nanoGPT's prepare.py split
      int[] tokens =
          switch (split) {
            case "train" -> java.util.Arrays.copyOfRange(all, 0, n);
            case "val" -> java.util.Arrays.copyOfRange(all, n, all.length);
            default -> all;
          };
      if (tokens.length < 2) {
        throw new IllegalArgumentException(
            "--data "
                + data
                + ": the "
                + split
                + " split has "
                + tokens.length
                + " characters, expected at least 2 (one prediction)");
      }
      Evaluation e;
      try {
        e = model.evaluate(tokens, batch);
      } catch (IllegalArgumentException ex) { // a token the checkpoint's vocabulary lacks
        throw new IllegalArgumentException("--data " + data + ": " + ex.getMessage(), ex);
      }
      new Summary()
          .put("val_loss", e.loss(), 4)
          .put("val_perplexity", e.perplexity(), 4)
          .put("tokens", e.tokens())
          .put("split", split)
          .put("checkpoint", dir.toString())
          .print(spec.commandLine().getOut());
      return 0;
    }

    /**
     * Encodes {@code text}, refusing it at the first character the checkpoint's vocabulary lacks.
     */
    private static int[] encode(CharTokenizer tok, String text, Path file) {
      java.util.Map<String, Integer> stoi = tok.stoi();
      int[] out = new int[text.codePointCount(0, text.length())];
      int o = 0;
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        String ch = new String(Character.toChars(cp));
        Integer id = stoi.get(ch);
        if (id == null) {
          throw new IllegalArgumentException(
              "--data "
                  + file
                  + ": character "
                  + describe(cp)
                  + " at offset "
                  + o
                  + " is not in the checkpoint's vocabulary of "
                  + tok.vocabSize()
                  + " characters");
        }
        out[o++] = id;
        i += Character.charCount(cp);
      }
      return out;
    }

    private static String describe(int cp) {
      return Character.isISOControl(cp) || Character.isWhitespace(cp)
          ? String.format(java.util.Locale.ROOT, "U+%04X", cp)
          : "'"
              + new String(Character.toChars(cp))
              + "' ("
              + String.format(java.util.Locale.ROOT, "U+%04X", cp)
              + ")";
    }
  }
}
