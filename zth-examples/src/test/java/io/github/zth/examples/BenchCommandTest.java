package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.KernelSettings;
import io.github.zth.autograd.micrograd.MLP;
import io.github.zth.autograd.micrograd.ValueGraph;
import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.random.PythonRandom;
import io.github.zth.data.tokenizer.RegexTokenizer;
import io.github.zth.data.tokenizer.SplitPattern;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zth bench value}, {@code gpt-step} and {@code bpe} on tiny settings: their keys, and their
 * errors.
 */
class BenchCommandTest {
  @TempDir Path dir;

  private static int nodes(int points, boolean plainOps) {
    MLP model = new MLP(2, List.of(16, 16, 1), new PythonRandom(1337));
    MicrogradDemo.Moons data = MicrogradDemo.makeMoons(points, 0.1, 1337);
    return ValueGraph.trace(MicrogradDemo.loss(model, data, plainOps).loss()).nodes().size();
  }

  @Test
  void valueTimesTheDemoStepAndCountsItsGraph() {
    CliRun fused = CliRun.of("bench", "value", "--points", "6", "--steps", "3", "--warmup", "2");
    assertEquals(0, fused.code(), fused.err());
    Map<String, String> s = fused.trailingSummary();
    assertEquals(nodes(6, false), Integer.parseInt(s.get("nodes_per_step")), fused.out());
    assertEquals("337", s.get("parameters"));
    assertEquals("fused", s.get("graph"));
    double ms = Double.parseDouble(s.get("ms_per_step"));
    assertTrue(ms > 0 && Double.parseDouble(s.get("min_ms")) <= ms, fused.out());
    int n = nodes(6, false); // ms_per_step is printed to 1 µs, ns_per_node to 0.1 ns
    assertEquals(
        ms * 1e6 / n, Double.parseDouble(s.get("ns_per_node")), 0.05 + 500.0 / n, fused.out());

    CliRun plain =
        CliRun.of(
            "bench", "value", "--points", "6", "--steps", "1", "--warmup", "0", "--plain-ops");
    assertEquals(0, plain.code(), plain.err());
    int plainNodes = Integer.parseInt(plain.trailingSummary().get("nodes_per_step"));
    assertEquals(nodes(6, true), plainNodes);
    assertTrue(
        plainNodes > nodes(6, false), "micrograd's graph has a node per * and +: " + plainNodes);
  }

  @Test
  void gpt2GenerateRunsOnRandomAndLoadedWeights() {
    CliRun r =
        CliRun.of(
            CliArgs.with(
                CliArgs.of(List.of("bench", "gpt2-generate"), CliArgs.tinyGpt(8, 32)),
                "--vocab-size",
                "50",
                "--prompt-tokens",
                "4",
                "--new-tokens",
                "5",
                "--runs",
                "1",
                "--warmup",
                "0"));
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.trailingSummary();
    assertTrue(Double.parseDouble(s.get("tokens_per_s")) > 0, r.out());
    // every weight but the 32 x 8 position table, float32
    GPT m =
        new GPT(
            GPTConfig.gpt2()
                .withNLayer(1)
                .withNHead(2)
                .withNEmbd(8)
                .withVocabSize(50)
                .withBlockSize(32),
            new Generator(1337));
    assertEquals(String.valueOf(4 * (m.numParameters() - 32 * 8)), s.get("weight_bytes_per_token"));
    CliRun loaded =
        CliRun.of(
            "bench",
            "gpt2-generate",
            "--model",
            Gpt2CommandTest.golden().resolve("hf").toString(),
            "--prompt-tokens",
            "16",
            "--new-tokens",
            "8",
            "--runs",
            "1",
            "--warmup",
            "0");
    assertEquals(0, loaded.code(), loaded.err());
    CliRun tooLong =
        CliRun.of(
            "bench",
            "gpt2-generate",
            "--model",
            Gpt2CommandTest.golden().resolve("hf").toString(),
            "--new-tokens",
            "60");
    tooLong.assertRefused(2);
  }

  /** One timed step of a tiny GPT ({@link CliArgs#tinyGpt}, block 8, batch 2), no warm-up. */
  private static CliRun gptStep(int nEmbd, int vocabSize, String... more) {
    List<String> base =
        CliArgs.of(
            List.of("bench", "gpt-step", "--steps", "1", "--warmup", "0"),
            CliArgs.tinyGpt(nEmbd, 8),
            List.of("--batch-size", "2", "--vocab-size", String.valueOf(vocabSize)));
    return CliRun.of(CliArgs.with(base, more));
  }

  @Test
  void gptStepTakesGpt2sVocabularyAndBiases() {
    CliRun r = gptStep(8, 50257, "--bias");
    assertEquals(0, r.code(), r.err());
    GPT model = new GPT(new GPTConfig(8, 50257, 1, 2, 8, 0.0, true), new Generator(1337));
    assertEquals(String.valueOf(model.numParameters(true)), r.trailingSummary().get("params"));
  }

  @Test
  void gptStepTakesTheModelSizeAndCountsLikeGptTrain() {
    CliRun r = gptStep(16, 11);
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.trailingSummary();
    GPT model = new GPT(new GPTConfig(8, 11, 1, 2, 16, 0.0, false), new Generator(1337));
    assertEquals(String.valueOf(model.numParameters(true)), s.get("params"), r.out());
    assertEquals(String.valueOf(KernelSettings.threads()), s.get("threads"), r.out());
    assertEquals(KernelSettings.simd(), s.get("simd"), r.out());
    assertTrue(
        Long.parseLong(s.get("allocated_bytes_per_step")) > 0,
        "a step allocates at least its batch: " + r.out());

    CliRun bad = CliRun.of("bench", "gpt-step", "--n-embd", "10", "--n-head", "4");
    bad.assertRefused(2);
    assertTrue(bad.err().contains("n_embd 10 must be divisible by n_head 4"), bad.err());
  }

  @Test
  void badKernelPropertiesAreOneLineAndExitTwo() {
    for (String[] bad :
        List.of(
            new String[] {"zth.threads", "0"},
            new String[] {"zth.simd", "banana"},
            new String[] {"zth.vectorBits", "100"})) {
      String saved = System.getProperty(bad[0]);
      System.setProperty(bad[0], bad[1]);
      try {
        CliRun r = CliRun.of("bench", "gpt-step", "--steps", "1");
        r.assertRefused(2);
        assertTrue(r.err().startsWith("zth: -D" + bad[0] + "=" + bad[1] + ": expected "), r.err());
      } finally {
        if (saved == null) {
          System.clearProperty(bad[0]);
        } else {
          System.setProperty(bad[0], saved);
        }
      }
    }
  }

  @Test
  void valueRefusesBadSizesInOneLine() {
    for (String[] bad :
        List.of(
            new String[] {"--steps", "0"},
            new String[] {"--points", "1"},
            new String[] {"--warmup", "-1"})) {
      CliRun r = CliRun.of("bench", "value", bad[0], bad[1]);
      r.assertRefused(2);
      assertTrue(r.err().contains(bad[0] + " " + bad[1]), r.err());
    }
  }

  /** A few kilobytes of made-up words, numbers and punctuation: enough pairs to merge to 300. */
  private Path corpus() throws IOException {
    SplittableRandom rnd = new SplittableRandom(7);
    String[] words = {
      "love", "story", "taylor", "swift", "album", "tour", "song", "the", "and", "of"
    };
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      sb.append(words[rnd.nextInt(words.length)]);
      sb.append(i % 13 == 0 ? ", " + rnd.nextInt(2030) + ". " : " ");
    }
    Path file = dir.resolve("corpus.txt");
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void bpeTrainsAndEncodesWithTheTrainedTokenizer() throws IOException {
    String text = Files.readString(corpus(), StandardCharsets.UTF_8);
    CliRun r =
        CliRun.of(
            "bench",
            "bpe",
            "--data",
            dir.toString(),
            "--text",
            "corpus.txt",
            "--vocab-size",
            "300",
            "--encoding",
            "trained",
            "--samples",
            "2",
            "--warmup",
            "1");
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.trailingSummary();
    assertEquals("300", s.get("vocab_size"));
    assertEquals(String.valueOf(text.getBytes(StandardCharsets.UTF_8).length), s.get("text_bytes"));
    int expected = RegexTokenizer.train(text, 300, SplitPattern.GPT4).encodeOrdinary(text).length;
    assertEquals(String.valueOf(expected), s.get("tokens"));
    assertEquals("trained", s.get("encoding"));
    for (String key : List.of("train_ms", "train_min_ms", "encode_ms", "encode_mb_per_s")) {
      assertTrue(Double.parseDouble(s.get(key)) > 0, key + " in " + r.out());
    }
  }

  @Test
  void bpeWithoutTheRankFileIsOneLineNamingIt() throws IOException {
    corpus();
    CliRun r =
        CliRun.of(
            "bench", "bpe", "--data", dir.toString(), "--text", "corpus.txt", "--samples", "1");
    r.assertRefused(1);
    assertTrue(r.err().contains("cl100k_base.tiktoken"), r.err());
    assertEquals("", r.out());

    CliRun enc = CliRun.of("bench", "bpe", "--data", dir.toString(), "--encoding", "gpt2");
    assertEquals(2, enc.code(), enc.err());
    assertTrue(enc.err().contains("--encoding gpt2"), enc.err());
  }

  /** The cl100k path on the real rank file, when the shared data folder is there. */
  @Test
  void bpeEncodesWithCl100kFromTheSharedFolder() throws IOException {
    Path ranks = io.github.zth.testing.SharedData.file("cl100k_base.tiktoken");
    Files.copy(corpus(), dir.resolve("small.txt"));
    Files.copy(ranks, dir.resolve("cl100k_base.tiktoken"));
    CliRun r =
        CliRun.of(
            "bench",
            "bpe",
            "--data",
            dir.toString(),
            "--text",
            "small.txt",
            "--vocab-size",
            "260",
            "--samples",
            "1",
            "--warmup",
            "0");
    assertEquals(0, r.code(), r.err());
    String text = Files.readString(dir.resolve("small.txt"), StandardCharsets.UTF_8);
    int expected =
        TiktokenEncoding.cl100k(dir.resolve("cl100k_base.tiktoken")).encodeOrdinary(text).length;
    assertEquals(String.valueOf(expected), r.trailingSummary().get("tokens"));
    assertEquals("cl100k", r.trailingSummary().get("encoding"));
  }
}
