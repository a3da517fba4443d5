package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.testing.TinyNames;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bigram} and {@code mlp} subcommands on a tiny word list, and their error handling. */
class LectureCommandsTest {
  private static final List<String> WORDS = TinyNames.WORDS;

  @TempDir Path dir;

  @BeforeAll
  static void headless() {
    Charts.headless();
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private Path words() throws IOException {
    return Files.write(dir.resolve("names.txt"), WORDS);
  }

  private static BufferedImage png(String path) throws IOException {
    BufferedImage img = ImageIO.read(Path.of(path).toFile());
    assertTrue(img != null && img.getWidth() >= 600 && img.getHeight() >= 500, path);
    return img;
  }

  @Test
  void backpropWritesTheLecturesDlogitsPicture() throws IOException {
    CliRun r = run("backprop", "--data", words().toString(), "--out", dir.resolve("bp").toString());
    assertEquals(0, r.code(), r.err());
    BufferedImage img = ImageIO.read(Path.of(r.summary().get("dlogits_png")).toFile());
    long vocab = WORDS.stream().flatMapToInt(String::chars).distinct().count() + 1; // and '.'
    assertTrue(img != null, "dlogits.png is a picture");
    assertEquals(
        vocab * img.getHeight(),
        32L * img.getWidth(),
        "dlogits is (32 examples, vocab) cells of one size");
  }

  @Test
  void bigramRunsAndEndsWithSummaryLines() throws IOException {
    CliRun r =
        run(
            "bigram",
            "--data",
            words().toString(),
            "--steps",
            "3",
            "--samples",
            "2",
            "--out",
            dir.resolve("out").toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.summary();
    assertEquals("20", s.get("words"));
    assertEquals(
        String.valueOf(WORDS.stream().mapToInt(w -> w.length() + 1).sum()), s.get("bigrams"));
    assertEquals("2", s.get("samples"));
    assertEquals("3", s.get("neural_steps"));
    assertTrue(
        Double.parseDouble(s.get("nll")) > 0 && Double.parseDouble(s.get("neural_loss")) > 0,
        r.out());
    assertTrue(r.out().contains("step 0 loss ") && r.out().contains("step 2 loss "), r.out());
    png(s.get("counts_png"));
  }

  @Test
  void mlpRunsWithA2dEmbeddingAndWithPca() throws IOException {
    Path data = words();
    for (String emb : new String[] {"2", "4"}) {
      CliRun r =
          run(
              "mlp",
              "--data",
              data.toString(),
              "--steps",
              "30",
              "--sweep-steps",
              "20",
              "--emb-dim",
              emb,
              "--hidden",
              "16",
              "--samples",
              "3",
              "--out",
              dir.resolve("mlp" + emb).toString());
      assertEquals(0, r.code(), r.err());
      Map<String, String> s = r.summary();
      for (String key : List.of("train_loss", "val_loss", "test_loss")) {
        assertTrue(Double.parseDouble(s.get(key)) > 0, key + " in " + r.out());
      }
      assertEquals("15", s.get("decay_at"));
      assertEquals("3", s.get("samples"));
      png(s.get("loss_png"));
      png(s.get("lr_sweep_png"));
      png(s.get("embedding_png"));
    }
  }

  @Test
  void missingFileIsOneLineAndANonZeroExit() {
    for (String cmd : new String[] {"bigram", "mlp"}) {
      CliRun r = run(cmd, "--data", dir.resolve("nope.txt").toString());
      assertEquals(1, r.code());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("no such file") && r.err().contains("nope.txt"), r.err());
    }
  }

  @Test
  void badOptionsAreRefused() throws IOException {
    Path data = words();
    CliRun r = run("bigram", "--data", data.toString(), "--steps", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--steps 0"), r.err());
    CliRun m = run("mlp", "--data", data.toString(), "--emb-dim", "0");
    assertEquals(2, m.code());
    assertTrue(m.err().contains("--emb-dim 0"), m.err());
    Files.write(dir.resolve("empty.txt"), List.of("", " "));
    CliRun e = run("mlp", "--data", dir.resolve("empty.txt").toString());
    assertEquals(1, e.code());
    assertTrue(e.err().contains("no words"), e.err());
  }

  @Test
  void pcaFindsTheDirectionsOfLargestVariance() {
    // points spread mostly along (1, 1, 0, 0), a little along (0, 0, 1, 0), not at all along the
    // rest
    int n = 40;
    float[] m = new float[n * 4];
    for (int i = 0; i < n; i++) {
      double t = i - 20;
      double u = pattern(i); // +1 -1 -1 +1 ...: mean 0 and uncorrelated with t
      m[i * 4] = (float) (t + 3);
      m[i * 4 + 1] = (float) (t - 1);
      m[i * 4 + 2] = (float) (0.3 * u + 7);
      m[i * 4 + 3] = 5f;
    }
    double[][] p = MlpPlots.project2d(m, n, 4);
    // expected coordinates up to the sign of each component: sqrt(2)*(t - mean t) and 0.3*u (mean u
    // = 0)
    double s0 = Math.signum(p[0][0] / (Math.sqrt(2) * (-20 + 0.5)));
    double s1 = Math.signum(p[0][1] / 0.3);
    for (int i = 0; i < n; i++) {
      assertEquals(Math.sqrt(2) * (i - 20 + 0.5), s0 * p[i][0], 1e-4);
      assertEquals(0.3 * pattern(i), s1 * p[i][1], 1e-5); // the inputs are floats
    }
  }

  private static double pattern(int i) {
    int k = i % 4;
    return k == 0 || k == 3 ? 1 : -1;
  }
}
