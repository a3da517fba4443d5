package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zth gpt train} and {@code zth gpt sample} on a tiny model and text. */
class GptCommandTest {
  @TempDir Path dir;

  @BeforeAll
  static void headless() {
    Charts.headless();
  }

  private Path text() throws Exception {
    return Files.writeString(
        dir.resolve("text.txt"),
        "First Citizen:\nBefore we proceed any further, hear me speak.\n".repeat(40),
        StandardCharsets.UTF_8);
  }

  private static List<String> trainArgs(Path data, Path out, String... more) {
    List<String> a =
        CliArgs.of(
            List.of("gpt", "train", "--data", data.toString(), "--out", out.toString()),
            CliArgs.tinyGpt(16, 16),
            List.of(
                "--batch-size",
                "4",
                "--max-iters",
                "10",
                "--lr-decay-iters",
                "10",
                "--warmup-iters",
                "2",
                "--eval-interval",
                "5",
                "--eval-iters",
                "2",
                "--dropout",
                "0"));
    return CliArgs.with(a, more);
  }

  @Test
  void trainReadsAFolderOfTextInSortedOrderSkippingBinaryAndHiddenFiles() throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("corpus/sub"));
    String line = "First Citizen:\nBefore we proceed any further, hear me speak.\n";
    Files.writeString(corpus.resolve("b.txt"), line.repeat(20), StandardCharsets.UTF_8);
    Files.writeString(
        corpus.getParent().resolve("a.java"), line.repeat(20), StandardCharsets.UTF_8);
    Files.write(
        corpus.getParent().resolve("picture.png"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    Files.createDirectories(corpus.getParent().resolve(".git"));
    Files.writeString(corpus.getParent().resolve(".git/HEAD"), "ref: refs/heads/main\n");
    CliRun r = CliRun.of(trainArgs(corpus.getParent(), dir.resolve("run-folder")));
    assertEquals(0, r.code(), r.err());
    String bytes = String.valueOf(line.repeat(20).getBytes(StandardCharsets.UTF_8).length);
    List<String> out = r.out().lines().toList();
    int a = out.indexOf("file: a.java (" + bytes + " bytes)");
    int b = out.indexOf("file: " + Path.of("sub", "b.txt") + " (" + bytes + " bytes)");
    assertTrue(a >= 0 && b > a, "files listed in sorted order: " + r.out());
    assertTrue(
        out.contains(
            "data: 2 files, " + 2 * line.length() * 20 + " characters; 1 binary files skipped"),
        r.out());
  }

  @Test
  void trainWritesTheCheckpointLossCurveAndAttentionMapThenSampleReadsIt() throws Exception {
    Path out = dir.resolve("run");
    CliRun r = CliRun.of(trainArgs(text(), out));
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.trailingSummary();
    assertEquals("10", s.get("iters"), r.out());
    assertTrue(Double.parseDouble(s.get("val_loss")) > 0, r.out());
    assertEquals(out.resolve("checkpoint").toString(), s.get("checkpoint"));
    for (String key : List.of("loss_curve", "attention_png")) {
      assertTrue(Path.of(s.get(key)).startsWith(out), key + " inside --out: " + s.get(key));
      BufferedImage img = ImageIO.read(Path.of(s.get(key)).toFile());
      assertTrue(img != null && img.getWidth() >= 600 && img.getHeight() >= 400, key);
    }
    assertTrue(r.out().contains("step 10: train loss "), r.out());

    Path samples = dir.resolve("samples");
    CliRun g =
        CliRun.of(
            "gpt",
            "sample",
            "--checkpoint",
            out.toString(),
            "--max-new-tokens",
            "12",
            "--prompt",
            "First",
            "--out",
            samples.toString());
    assertEquals(0, g.code(), g.err());
    Map<String, String> gs = g.trailingSummary();
    assertEquals("12", gs.get("tokens"), g.out());
    String written = Files.readString(samples.resolve("sample.txt"), StandardCharsets.UTF_8);
    assertTrue(
        written.startsWith("First") && written.codePointCount(0, written.length()) == 17, written);
    assertTrue(g.out().startsWith(written), g.out());
  }

  @Test
  void resumeContinuesFromTheCheckpointInsideOut() throws Exception {
    Path data = text();
    Path out = dir.resolve("resumed");
    assertEquals(0, CliRun.of(trainArgs(data, out)).code());
    CliRun r = CliRun.of(trainArgs(data, out, "--resume", "--max-iters", "15"));
    assertEquals(0, r.code(), r.err());
    assertEquals("15", r.trailingSummary().get("iters"), r.out());
    assertTrue(r.out().contains("step 15: train loss ") && !r.out().contains("iter 0:"), r.out());
    assertTrue(
        Files.isRegularFile(out.resolve("attention.png"))
            && Files.isRegularFile(out.resolve("loss.png")));
  }

  @Test
  void aBadAttentionPromptIsRefusedBeforeTraining() throws Exception {
    Path out = dir.resolve("bad");
    CliRun r = CliRun.of(trainArgs(text(), out, "--attention-prompt", "Zebra"));
    r.assertRefused(1);
    assertTrue(
        r.err().contains("--attention-prompt") && r.err().contains("'Z'") || r.err().contains("Z"),
        r.err());
    assertTrue(!Files.exists(out), "nothing trained or written");
    CliRun longer =
        CliRun.of(trainArgs(text(), out, "--attention-prompt", "hear me speak, First Citizen"));
    assertEquals(2, longer.code(), longer.err());
    assertTrue(longer.err().contains("block size 16"), longer.err());
  }

  @Test
  void evalReportsLossPerplexityAndTokensOfAFreshCheckpoint() throws Exception {
    Path data = text();
    Path out = dir.resolve("evalrun");
    CliRun t = CliRun.of(trainArgs(data, out));
    assertEquals(0, t.code(), t.err());
    double trainVal = Double.parseDouble(t.trailingSummary().get("val_loss"));
    assertEquals(
        Math.exp(trainVal),
        Double.parseDouble(t.trailingSummary().get("val_perplexity")),
        1e-4 * Math.exp(trainVal),
        t.out());

    int chars = Files.readString(data, StandardCharsets.UTF_8).length();
    CliRun e = CliRun.of("gpt", "eval", "--checkpoint", out.toString(), "--data", data.toString());
    assertEquals(0, e.code(), e.err());
    Map<String, String> s = e.trailingSummary();
    double loss = Double.parseDouble(s.get("val_loss"));
    double ppl = Double.parseDouble(s.get("val_perplexity"));
    assertTrue(
        loss > 0 && loss < Math.log(30),
        e.out()); // trained: better than a uniform guess over the vocabulary
    assertEquals(
        Math.exp(loss), ppl, 1e-4 * ppl + 5e-5, e.out()); // exp of the printed (rounded) loss
    assertEquals(
        String.valueOf(chars - (int) (0.9 * chars) - 1),
        s.get("tokens"),
        e.out()); // every val character once
    assertEquals("val", s.get("split"));

    CliRun all =
        CliRun.of(
            "gpt",
            "eval",
            "--checkpoint",
            out.resolve("checkpoint").toString(),
            "--data",
            data.toString(),
            "--split",
            "all");
    assertEquals(0, all.code(), all.err());
    assertEquals(String.valueOf(chars - 1), all.trailingSummary().get("tokens"));
  }

  @Test
  void evalRefusesACharacterOutsideTheVocabularyNamingItAndItsOffset() throws Exception {
    Path out = dir.resolve("vocab");
    assertEquals(0, CliRun.of(trainArgs(text(), out)).code());
    Path other =
        Files.writeString(
            dir.resolve("other.txt"), "First Citizen:\nZounds!\n", StandardCharsets.UTF_8);
    CliRun r =
        CliRun.of(
            "gpt",
            "eval",
            "--checkpoint",
            out.toString(),
            "--data",
            other.toString(),
            "--split",
            "all");
    r.assertRefused(1);
    assertTrue(
        r.err().contains("'Z'") && r.err().contains("offset 15") && r.err().contains("other.txt"),
        r.err());
    CliRun bad =
        CliRun.of(
            "gpt",
            "eval",
            "--checkpoint",
            out.toString(),
            "--data",
            other.toString(),
            "--split",
            "test");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("--split test"), bad.err());
  }

  @Test
  void sampleWithoutACheckpointIsOneLine() {
    CliRun r = CliRun.of("gpt", "sample", "--checkpoint", dir.resolve("none").toString());
    r.assertRefused(1);
    assertTrue(r.err().contains("none"), r.err());
  }
}
