package io.github.zth.examples;

import io.github.zth.autograd.io.TextFiles;
import io.github.zth.data.Datasets;
import io.github.zth.data.tokenizer.AllowedSpecial;
import io.github.zth.data.tokenizer.BasicTokenizer;
import io.github.zth.data.tokenizer.BpeTokenizer;
import io.github.zth.data.tokenizer.RegexTokenizer;
import io.github.zth.data.tokenizer.SplitPattern;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.data.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zth tokenizer}: train a minbpe-compatible BPE tokenizer, and encode or decode with it or
 * with one of OpenAI's encodings (lecture "Let's build the GPT Tokenizer"). Every file option goes
 * through {@link DataOption}: a path, or a name found in ZTH_DATA_DIR or the download cache.
 *
 * <pre>
 * bin/zth tokenizer train --data taylorswift.txt --vocab-size 512 --type regex --out toy
 * bin/zth tokenizer encode --model toy.model --text "hello world"
 * bin/zth tokenizer encode --encoding gpt2 --text "hello world"
 * bin/zth tokenizer decode --tiktoken cl100k_base.tiktoken --ids "15339 1917"
 * </pre>
 */
@Command(
    name = "tokenizer",
    mixinStandardHelpOptions = true,
    description = "Train, encode and decode with byte-level BPE tokenizers (minbpe, tiktoken).",
    subcommands = {
      TokenizerCommand.Train.class,
      TokenizerCommand.Encode.class,
      TokenizerCommand.Decode.class
    })
public final class TokenizerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Which tokenizer to use: a minbpe model, a tiktoken rank file, or an OpenAI encoding by name.
   */
  static final class Source {
    @Option(
        names = "--model",
        paramLabel = "FILE",
        description = "a minbpe .model file (zth or minbpe)")
    Path model;

    @Option(
        names = "--tiktoken",
        paramLabel = "FILE",
        description =
            "r50k_base, cl100k_base or o200k_base .tiktoken rank file (recognised by its SHA-256)")
    Path tiktoken;

    @Option(
        names = "--encoding",
        paramLabel = "NAME",
        description =
            "gpt2 (encoder.json + vocab.bpe), r50k_base, cl100k_base or o200k_base; its files are looked"
                + " up in ZTH_DATA_DIR, then ~/.cache/zth, and downloaded once if absent")
    String encoding;

    Tokenizer open() throws IOException {
      if (model != null) {
        return Tokenizer.load(DataOption.resolve("--model", model));
      }
      if (tiktoken != null) {
        return TiktokenEncoding.fromRankFile(DataOption.resolve("--tiktoken", tiktoken));
      }
      if (!TiktokenEncoding.NAMES.contains(encoding)) {
        throw new IllegalArgumentException(
            "--encoding "
                + encoding
                + ": expected one of "
                + String.join(", ", TiktokenEncoding.NAMES));
      }
      try {
        return TiktokenEncoding.named(encoding, Datasets.defaults());
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(
            "--encoding " + encoding + ": " + e.getFile() + ": " + e.getReason(), e);
      }
    }
  }

  /** {@code zth tokenizer train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "Learn BPE merges from a text file.")
  static final class Train implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--data",
        required = true,
        paramLabel = "FILE",
        description =
            "training text (UTF-8): a path, or a name looked up in ZTH_DATA_DIR, then ~/.cache/zth"
                + " (taylorswift.txt and tinyshakespeare.txt are downloaded once if absent)")
    Path data;

    @Option(
        names = "--vocab-size",
        required = true,
        paramLabel = "N",
        description = "vocabulary size, at least 256")
    int vocabSize;

    @Option(
        names = "--type",
        defaultValue = "regex",
        paramLabel = "TYPE",
        description = "basic or regex (default: ${DEFAULT-VALUE})")
    String type;

    @Option(
        names = "--pattern",
        defaultValue = "gpt4",
        paramLabel = "NAME",
        description = "gpt2 or gpt4, for --type regex (default: ${DEFAULT-VALUE})")
    String pattern;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "PREFIX",
        description = "writes PREFIX.model and PREFIX.vocab")
    Path out;

    @Override
    public Integer call() throws IOException {
      if (!type.equals("basic") && !type.equals("regex")) {
        throw new IllegalArgumentException("--type: expected basic or regex, got '" + type + "'");
      }
      if (vocabSize < 256) { // checked before the data is read (issue 20)
        throw new IllegalArgumentException(
            "--vocab-size " + vocabSize + ": expected at least 256 (the byte alphabet)");
      }
      SplitPattern split;
      try {
        split = SplitPattern.named(pattern);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--pattern " + pattern + ": " + e.getMessage(), e);
      }
      String text = TextFiles.readUtf8(DataOption.resolve("--data", data));
      long start = System.nanoTime();
      BpeTokenizer tok =
          type.equals("basic")
              ? BasicTokenizer.train(text, vocabSize)
              : RegexTokenizer.train(text, vocabSize, split);
      double seconds = (System.nanoTime() - start) / 1e9;
      tok.save(out);
      PrintWriter w = spec.commandLine().getOut();
      w.println("model: " + out + ".model");
      w.println("vocab_size: " + tok.vocabSize());
      w.println("merges: " + tok.merges().length);
      w.println(String.format(Locale.ROOT, "train_seconds: %.3f", seconds));
      w.flush();
      return 0;
    }
  }

  /** {@code zth tokenizer encode}. */
  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = "Print the token ids of a text on one line, then 'tokens: N'.")
  static final class Encode implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(
        names = "--special",
        defaultValue = "none-raise",
        paramLabel = "RULE",
        description = "special tokens: all, none or none-raise (default: ${DEFAULT-VALUE})")
    String special;

    static final class Input {
      @Option(names = "--text", paramLabel = "TEXT", description = "the text to encode")
      String text;

      @Option(
          names = "--file",
          paramLabel = "FILE",
          description =
              "a UTF-8 file to encode: a path, or a name looked up like --data (e.g. taylorswift.txt)")
      Path file;
    }

    @Override
    public Integer call() throws IOException {
      AllowedSpecial allowed;
      switch (special) {
        case "all":
          allowed = AllowedSpecial.ALL;
          break;
        case "none":
          allowed = AllowedSpecial.NONE;
          break;
        case "none-raise":
          allowed = AllowedSpecial.NONE_RAISE;
          break;
        default:
          throw new IllegalArgumentException(
              "--special: expected all, none or none-raise, got '" + special + "'");
      }
      String text =
          input.text != null
              ? input.text
              : TextFiles.readUtf8(DataOption.resolve("--file", input.file));
      Tokenizer tok = source.open();
      int[] ids;
      if (tok instanceof BpeTokenizer) {
        ids = ((BpeTokenizer) tok).encode(text, allowed);
      } else if (tok instanceof TiktokenEncoding) {
        ids = ((TiktokenEncoding) tok).encode(text, allowed);
      } else {
        ids = tok.encode(text);
      }
      PrintWriter w = spec.commandLine().getOut();
      w.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
      w.println("tokens: " + ids.length);
      w.println(
          String.format(
              Locale.ROOT,
              "bytes_per_token: %.3f",
              ids.length == 0
                  ? 0.0
                  : text.getBytes(StandardCharsets.UTF_8).length / (double) ids.length));
      w.flush();
      return 0;
    }
  }

  /** {@code zth tokenizer decode}. */
  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = "Print the text of token ids, then 'tokens: N'.")
  static final class Decode implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
        names = "--ids",
        required = true,
        paramLabel = "IDS",
        description = "token ids separated by spaces or commas")
    String ids;

    @Override
    public Integer call() throws IOException {
      String trimmed = ids.strip();
      int[] parsed =
          trimmed.isEmpty()
              ? new int[0]
              : Arrays.stream(trimmed.split("[\\s,]+"))
                  .mapToInt(
                      s -> {
                        try {
                          return Integer.parseInt(s);
                        } catch (NumberFormatException e) {
                          throw new IllegalArgumentException(
                              "--ids: expected integers separated by spaces, got '" + s + "'");
                        }
                      })
                  .toArray();
      String text = source.open().decode(parsed);
      PrintWriter w = spec.commandLine().getOut();
      w.println(text);
      w.println("tokens: " + parsed.length);
      w.flush();
      return 0;
    }
  }
}
