package io.github.zth.gpt;

import io.github.zth.autograd.io.TextFiles;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.TokenData;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.makemore.MakemoreConfig;
import io.github.zth.testing.FileFuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes a training checkpoint folder as a whole (config.json, model.safetensors, tokenizer.model,
 * optimizer.safetensors, trainer.json: one file mutated at a time, then the model, tokenizer and
 * trainer are loaded as {@code gpt sample} and {@code gpt train --resume} load them) and makemore's
 * {@code config.json} / {@code trainer.json}; replays the committed regression corpus.
 */
class ReadersFuzzTest {
  private static final String[] FILES = {
    Checkpoint.CONFIG,
    Checkpoint.MODEL,
    Checkpoint.TOKENIZER,
    Checkpoint.OPTIMIZER,
    Checkpoint.TRAINER
  };
  private static final String TEXT =
      "first citizen: before we proceed any further, hear me speak. all: speak, speak.\n".repeat(3);
  private static final TrainerConfig CONFIG =
      new TrainerConfig(2, 4, 1e-3, 1e-4, 1, 4, 0.1, 0.9, 0.99, 1.0, 1, 2, 1);

  private static Path dir;
  private static Path good;
  private static List<byte[]> makemoreJson;

  @BeforeContainer
  static void seeds() throws Exception {
    dir = Files.createTempDirectory("zth-fuzz-gpt");
    good = dir.resolve("good");
    CharTokenizer tok = CharTokenizer.fromText(TEXT);
    GPT model = new GPT(new GPTConfig(8, tok.vocabSize(), 1, 2, 8, 0.0, false), new Generator(1));
    Trainer t =
        new Trainer(
            model, new RandomWindows(new TokenData(tok.encode(TEXT)), model.generator()), CONFIG);
    t.step();
    t.save(Checkpoint.of(good, model).withTokenizer(tok));
    makemoreJson =
        List.of(
            new MakemoreConfig("transformer", 27, 16).toJson().getBytes(StandardCharsets.UTF_8),
            t.state().toJson().getBytes(StandardCharsets.UTF_8));
  }

  @AfterContainer
  static void removeDir() throws Exception {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Which file of the folder, and its mutated bytes. */
  record Damage(String file, byte[] bytes) {}

  @Provide
  Arbitrary<Damage> damages() {
    return Arbitraries.of(FILES)
        .flatMap(
            f ->
                FileFuzz.mutations()
                    .map(
                        m -> {
                          try {
                            return new Damage(
                                f, FileFuzz.apply(Files.readAllBytes(good.resolve(f)), m));
                          } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                          }
                        }));
  }

  @Provide
  Arbitrary<byte[]> makemore() {
    return Combinators.combine(Arbitraries.of(makemoreJson), FileFuzz.mutations())
        .as(FileFuzz::apply);
  }

  /** A copy of the good folder with {@code file} to be overwritten by the check. */
  private static Path folderFor(String name) throws Exception {
    Path d = dir.resolve("fuzzed");
    if (Files.exists(d)) {
      try (var s = Files.walk(d)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(d);
    for (String f : FILES) {
      Files.copy(good.resolve(f), d.resolve(f));
    }
    return d.resolve(name);
  }

  private static void loadCheckpoint(Path file) throws Exception {
    Path d = file.getParent();
    GPT model = Checkpoint.loadModel(d);
    CharTokenizer tok = Checkpoint.loadTokenizer(d);
    Trainer.resume(
        d,
        model,
        new RandomWindows(
            new TokenData(CharTokenizer.fromText(TEXT).encode(TEXT)), model.generator()),
        CONFIG);
    tok.vocabSize();
  }

  private static void loadMakemore(Path file) throws Exception {
    String text = TextFiles.readUtf8(file);
    if (text.contains("\"type\"")) {
      try { // as MakemoreCommand reads it: fromJson sees only the text, the caller names the file
        MakemoreConfig.fromJson(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    } else {
      TrainState.fromJson(file.toString(), text);
    }
  }

  @Property
  void checkpointFolderLoadsOrIsRefused(@ForAll("damages") Damage d) throws Exception {
    FileFuzz.check(
        "checkpoint",
        folderFor(d.file()),
        d.bytes(),
        ReadersFuzzTest::loadCheckpoint,
        16 << 20,
        "fuzzed");
  }

  @Property
  void makemoreJsonLoadsOrIsRefused(@ForAll("makemore") byte[] input) throws Exception {
    FileFuzz.check(
        "makemore-json", dir.resolve("config.json"), input, ReadersFuzzTest::loadMakemore, 1 << 20);
  }

  /**
   * Corpus files are named {@code <checkpoint file name>--<case>}, e.g. {@code
   * config.json--no-n_layer}.
   */
  @Example
  void corpusReplays() throws Exception {
    List<String> seen = new ArrayList<>();
    for (Path p : FileFuzz.corpus("checkpoint")) {
      String name = p.getFileName().toString();
      String target = name.substring(0, name.indexOf("--"));
      FileFuzz.check(
          "checkpoint",
          folderFor(target),
          Files.readAllBytes(p),
          ReadersFuzzTest::loadCheckpoint,
          16 << 20,
          "fuzzed");
      seen.add(name);
    }
    // Targeted edits of the good trainer.json: numbers out of int range, negative, offsets off the
    // data.
    String trainer = Files.readString(good.resolve(Checkpoint.TRAINER));
    for (String[] edit :
        new String[][] {
          {"\"iter\": [0-9]+", "\"iter\": 99999999999"},
          {"\"evaluated_at\": [0-9]+", "\"evaluated_at\": 99999999999"},
          {"\"iter\": [0-9]+", "\"iter\": -3"},
          {"\"optimizer_steps\": [0-9]+", "\"optimizer_steps\": -1"},
          {"\"next_batch\": \"[^\"]*\"", "\"next_batch\": \"-1,99999\""},
          {"\"next_batch\": \"[^\"]*\"", "\"next_batch\": \"\""}
        }) {
      String edited = trainer.replaceFirst(edit[0], edit[1]);
      FileFuzz.check(
          "checkpoint",
          folderFor(Checkpoint.TRAINER),
          edited.getBytes(StandardCharsets.UTF_8),
          ReadersFuzzTest::loadCheckpoint,
          16 << 20,
          "fuzzed");
    }
    for (Path p : FileFuzz.corpus("makemore-json")) {
      FileFuzz.check(
          "makemore-json",
          dir.resolve("config.json"),
          Files.readAllBytes(p),
          ReadersFuzzTest::loadMakemore,
          1 << 20);
    }
  }
}
