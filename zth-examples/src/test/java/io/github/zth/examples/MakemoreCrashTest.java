package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.gpt.TrainState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * makemore's best-model folder survives SIGKILL: a child {@code zth makemore} that evaluates and
 * saves at almost every step is killed at random moments; after each kill the folder must resume
 * ({@code --resume} in process, exit 0), and a step's saved weights must be the same bytes every
 * time that step is found (a mix of two saves would pair a step with other weights). Each new child
 * resumes what the last one left.
 */
class MakemoreCrashTest {
  private static final int KILLS = Integer.getInteger("zth.crash.makemoreKills", 25);

  @TempDir Path work;

  @Test
  void killedSavesLeaveOneWholeRun() throws Exception {
    Path words = work.resolve("words.txt");
    List<String> names = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0, n = 3 + r.nextInt(5); k < n; k++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
      names.add(sb.toString());
    }
    Files.write(words, names);
    Path out = work.resolve("run");
    Random rnd = new Random(21);
    Map<String, String> weightsByState = new HashMap<>();
    int resumed = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-Dzth.threads=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ZthCli.class.getName(),
                  "makemore",
                  "--data",
                  words.toString(),
                  "--out",
                  out.toString(),
                  "--type",
                  "mlp",
                  "--n-embd",
                  "8",
                  "--n-embd2",
                  "16",
                  "--max-steps",
                  "1000000",
                  "--eval-interval",
                  "1",
                  "--log-interval",
                  "1000000",
                  "--batch-size",
                  "8"));
      if (Files.exists(out.resolve("trainer.json"))) {
        cmd.add("--resume");
      }
      Path log = work.resolve("child-" + kill + ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      int saves = 1 + rnd.nextInt(3);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Files.readString(log).split("saved the run", -1).length - 1 < saves) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          fail("child stopped or stalled (kill " + kill + "): " + Files.readString(log));
        }
        Thread.sleep(2);
      }
      Thread.sleep(rnd.nextInt(20));
      p.destroyForcibly(); // SIGKILL
      assertTrue(p.waitFor(20, TimeUnit.SECONDS));

      // --sample-only reads the saved folder (or the previous one, if the kill struck between the
      // save's renames).
      CliRun sample =
          CliRun.of(
              "makemore",
              "--data",
              words.toString(),
              "--out",
              out.toString(),
              "--type",
              "mlp",
              "--n-embd",
              "8",
              "--n-embd2",
              "16",
              "--sample-only");
      assertEquals(0, sample.code(), "kill " + kill + ": " + sample.err());
      Path saved =
          AtomicFiles.readableDirectory(out); // the folder, or the previous one a kill left aside
      String state = Files.readString(saved.resolve("trainer.json"));
      TrainState st = TrainState.fromJson("trainer.json", state);
      String weights =
          sha256(saved.resolve("model.safetensors"))
              + " "
              + sha256(saved.resolve("optimizer.safetensors"));
      String before = weightsByState.putIfAbsent(st.step() + "/" + st.optimizerSteps(), weights);
      if (before != null) {
        assertEquals(
            before,
            weights,
            "kill " + kill + ": step " + st.step() + " was saved with other weights before");
        resumed++;
      }
      copy(saved, work.resolve("copy-" + kill));
      CliRun resume =
          CliRun.of(
              "makemore",
              "--data",
              words.toString(),
              "--out",
              work.resolve("copy-" + kill).toString(),
              "--type",
              "mlp",
              "--n-embd",
              "8",
              "--n-embd2",
              "16",
              "--eval-interval",
              "1000",
              "--batch-size",
              "8",
              "--max-steps",
              String.valueOf(st.step() + 2),
              "--resume");
      assertEquals(0, resume.code(), "kill " + kill + ": --resume failed: " + resume.err());
    }
    System.out.println(
        "MakemoreCrashTest: "
            + KILLS
            + " kills, "
            + resumed
            + " states seen twice with the same weights");
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var s = Files.list(from)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
