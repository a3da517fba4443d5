package io.github.zth.examples;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Datasets;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.HellaSwag;
import io.github.zth.gpt.Sampler;
import io.github.zth.gpt.SamplingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth gpt2}: the course's last lecture, GPT-2 (124M) as build-nanogpt and llm.c run it:
 * sample from a pretrained checkpoint, score it on HellaSwag, fine-tune it. Any layout {@link
 * GPT#fromPretrained} reads is accepted; the tokenizer is GPT-2's, from the model's folder when it
 * holds one, else found by name like {@code tokenizer --encoding gpt2}.
 */
@Command(
    name = "gpt2",
    mixinStandardHelpOptions = true,
    description = "GPT-2 (124M) as build-nanogpt runs it: sample, HellaSwag, fine-tune.",
    subcommands = {Gpt2Command.Sample.class, Gpt2Command.Hellaswag.class, Gpt2Train.class})
public final class Gpt2Command implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Creates the command; picocli fills in the options. */
  public Gpt2Command() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * GPT-2's tokenizer for a model at {@code model}: Hugging Face's {@code vocab.json} + {@code
   * merges.txt}, OpenAI's {@code encoder.json} + {@code vocab.bpe} or llm.c's {@code
   * gpt2_tokenizer.bin} beside it, else the {@code gpt2} encoding found through ZTH_DATA_DIR or the
   * cache (downloaded once, SHA-checked).
   */
  static TiktokenEncoding tokenizer(Path model) throws IOException {
    Path dir = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
    if (dir != null) {
      if (Files.isRegularFile(dir.resolve("vocab.json"))
          && Files.isRegularFile(dir.resolve("merges.txt"))) {
        return TiktokenEncoding.gpt2(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
      }
      if (Files.isRegularFile(dir.resolve("encoder.json"))
          && Files.isRegularFile(dir.resolve("vocab.bpe"))) {
        return TiktokenEncoding.gpt2(dir.resolve("encoder.json"), dir.resolve("vocab.bpe"));
      }
      if (Files.isRegularFile(dir.resolve("gpt2_tokenizer.bin"))) {
        return TiktokenEncoding.readLlmc(dir.resolve("gpt2_tokenizer.bin"));
      }
    }
    return TiktokenEncoding.named("gpt2", Datasets.defaults());
  }

  /** {@code --model}, loaded, each failure naming the option. */
  static GPT loadModel(Path model) throws IOException {
    if (!Files.exists(model)) {
      throw new IllegalArgumentException(
          "--model "
              + model
              + ": no such file or folder (expected Hugging Face's gpt2 folder, llm.c's"
              + " gpt2_124M.bin or a zth checkpoint folder)");
    }
    try {
      return GPT.fromPretrained(model);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--model " + e.getMessage(), e);
    }
  }

  /** Parses space- or comma-separated token ids. */
  static int[] parseIds(String option, String text, int vocab) {
    String[] parts = text.trim().split("[\\s,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " '" + text + "': '" + parts[i] + "' is not a token id", e);
      }
      if (ids[i] < 0 || ids[i] >= vocab) {
        throw new IllegalArgumentException(
            option + ": token " + ids[i] + " out of range, the model's vocabulary is " + vocab);
      }
    }
    return ids;
  }

  /**
   * build-nanogpt's batch of samples: {@code rows} copies of {@code prompt}, continued together to
   * {@code length} tokens (prompt included) from a generator seeded {@code seed}; each row is the
   * whole sequence, prompt first, ready to decode.
   */
  static int[][] continueRows(Sampler sampler, int[] prompt, int rows, int length, long seed) {
    int[][] prompts = new int[rows][];
    Arrays.fill(prompts, prompt);
    int[][] added = sampler.generate(prompts, length - prompt.length, new Generator(seed));
    int[][] all = new int[rows][];
    for (int r = 0; r < rows; r++) {
      all[r] = Arrays.copyOf(prompt, length);
      System.arraycopy(added[r], 0, all[r], prompt.length, added[r].length);
    }
    return all;
  }

  /** {@code zth gpt2 sample}. */
  @Command(
      name = "sample",
      mixinStandardHelpOptions = true,
      description =
          "build-nanogpt's sampling: the prompt repeated --num-samples times, continued to --max-length"
              + " tokens with top-k 50 and a generator seeded 42 (KV-cached, batched over the samples).")
  public static final class Sample implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Gpt2Model model;

    @Option(
        names = "--prompt",
        defaultValue = "Hello, I'm a language model,",
        description = "text to continue (default: ${DEFAULT-VALUE})")
    String prompt;

    @Option(
        names = "--prompt-ids",
        paramLabel = "IDS",
        description = "token ids to continue instead of --prompt, e.g. \"15496 11 314\"")
    String promptIds;

    @Option(
        names = "--num-samples",
        defaultValue = "5",
        description = "(default: ${DEFAULT-VALUE})")
    int numSamples;

    @Option(
        names = "--max-length",
        defaultValue = "30",
        description =
            "length of each sample in tokens, prompt included (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(
        names = "--top-k",
        defaultValue = "50",
        description =
            "draw among the k likeliest, as build-nanogpt does; 0 for all (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--top-p", description = "also keep only this nucleus mass, in (0, 1]")
    Double topP;

    @Option(
        names = "--temperature",
        defaultValue = "1.0",
        description = "softmax temperature (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--greedy", description = "take the likeliest token (no sampling)")
    boolean greedy;

    @Option(names = "--print-ids", description = "also print a line 'ids: ...' per sample")
    boolean printIds;

    @Option(names = "--seed", defaultValue = "42", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
        names = "--out",
        description = "folder to also write the samples to, as samples.txt (default: only print)")
    Path out;

    /** Creates the command; picocli fills in the options. */
    public Sample() {}

    @Override
    public Integer call() throws Exception {
      GptCommand.require(numSamples >= 1, "--num-samples", numSamples, "at least 1");
      GptCommand.require(topK >= 0, "--top-k", topK, "0 (all) or more");
      GptCommand.require(
          topP == null || (topP > 0 && topP <= 1), "--top-p", topP, "a probability in (0, 1]");
      GptCommand.require(
          temperature >= SamplingConfig.MIN_TEMPERATURE && Double.isFinite(temperature),
          "--temperature",
          temperature,
          "a positive finite number (--greedy for the likeliest token)");
      GptCommand.require(
          promptIds != null || !prompt.isEmpty(), "--prompt", "''", "at least one character");
      GPT m = model.load();
      TiktokenEncoding tok = model.tokenizer();
      int vocab = m.config().vocabSize();
      int[] ids;
      if (promptIds != null) {
        ids = parseIds("--prompt-ids", promptIds, vocab);
      } else {
        ids = tok.encode(prompt);
        for (int id : ids) {
          GptCommand.require(
              id < vocab,
              "--prompt",
              "'" + prompt + "'",
              "text whose GPT-2 token ids fit the model's vocabulary of "
                  + vocab
                  + " (token "
                  + id
                  + " does not; use --prompt-ids)");
        }
      }
      GptCommand.require(
          maxLength >= ids.length,
          "--max-length",
          maxLength,
          "at least the prompt's " + ids.length + " tokens");
      SamplingConfig s = SamplingConfig.DEFAULT;
      if (greedy) {
        s = s.withTemperature(0);
      } else {
        s = s.withTemperature(temperature).withDrawAmongTopK(true);
        if (topK > 0) {
          s = s.withTopK(topK);
        }
        if (topP != null) {
          s = s.withTopP(topP);
        }
      }
      long t0 = System.nanoTime();
      int[][] samples =
          continueRows(new Sampler(m).withSampling(s), ids, numSamples, maxLength, seed);
      double seconds = (System.nanoTime() - t0) / 1e9;
      PrintWriter w = spec.commandLine().getOut();
      StringBuilder text = new StringBuilder();
      for (int r = 0; r < numSamples; r++) {
        int[] all = samples[r];
        String line = "> " + tok.decode(all);
        w.println(line);
        text.append(line).append('\n');
        if (printIds) {
          w.println(
              "ids: "
                  + Arrays.stream(all)
                      .mapToObj(Integer::toString)
                      .collect(Collectors.joining(" ")));
        }
      }
      long newTokens = (long) numSamples * (maxLength - ids.length);
      Summary summary =
          new Summary()
              .put("samples", numSamples)
              .put("prompt_tokens", ids.length)
              .put("new_tokens", newTokens)
              .put("sampling", greedy ? "greedy" : "top_k " + topK)
              .put("seed", seed)
              .put("tokens_per_s", seconds == 0 ? 0 : newTokens / seconds, 1);
      if (out != null) {
        summary.put(
            "samples_txt",
            AtomicFiles.write(
                    out.resolve("samples.txt"), text.toString().getBytes(StandardCharsets.UTF_8))
                .toString());
      }
      summary.print(w);
      return 0;
    }
  }

  /** {@code zth gpt2 hellaswag}. */
  @Command(
      name = "hellaswag",
      mixinStandardHelpOptions = true,
      description =
          "build-nanogpt's HellaSwag eval: each ending's loss after the context, the lowest wins;"
              + " acc ranks by summed loss, acc_norm by mean loss per token.")
  public static final class Hellaswag implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Gpt2Model model;

    @Option(
        names = "--data",
        required = true,
        description = "HellaSwag's hellaswag_val.jsonl (github.com/rowanz/hellaswag)")
    Path data;

    @Option(names = "--limit", description = "score only the first N examples")
    Integer limit;

    /** Creates the command; picocli fills in the options. */
    public Hellaswag() {}

    @Override
    public Integer call() throws Exception {
      GptCommand.require(limit == null || limit >= 1, "--limit", limit, "at least 1");
      GptCommand.require(Files.isRegularFile(data), "--data", data, "a HellaSwag .jsonl file");
      List<HellaSwag.Example> examples = HellaSwag.read(data, limit == null ? 0 : limit);
      GptCommand.require(!examples.isEmpty(), "--data", data, "at least one example");
      GPT m = model.load();
      TiktokenEncoding tok = model.tokenizer();
      PrintWriter w = spec.commandLine().getOut();
      int correct = 0;
      int correctNorm = 0;
      for (int i = 0; i < examples.size(); i++) {
        HellaSwag.Example e = examples.get(i);
        HellaSwag.Score s;
        try {
          s = HellaSwag.score(m, tok, e);
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(
              "--data " + data + ": example " + (i + 1) + ": " + ex.getMessage(), ex);
        }
        correct += s.pred() == e.label() ? 1 : 0;
        correctNorm += s.predNorm() == e.label() ? 1 : 0;
        if ((i + 1) % 100 == 0) {
          w.printf(
              Locale.ROOT,
              "%d acc_norm: %d/%d=%.4f%n",
              i + 1,
              correctNorm,
              i + 1,
              correctNorm / (double) (i + 1));
          w.flush();
        }
      }
      int n = examples.size();
      new Summary()
          .put("acc", correct / (double) n, 4)
          .put("acc_norm", correctNorm / (double) n, 4)
          .put("examples", n)
          .print(w);
      return 0;
    }
  }
}
