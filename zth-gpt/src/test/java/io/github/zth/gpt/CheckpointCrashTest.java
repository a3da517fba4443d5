package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.data.tokenizer.CharTokenizer;
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
 * Crash safety, proven by killing: a child JVM ({@link CrashSaverMain}) trains and saves a
 * checkpoint after every step; it is killed with SIGKILL at random moments, many of them during a
 * save, and after every kill the checkpoint folder must load and resume as exactly one save left it
 * (its iteration is the last completed save or the one in progress, and the weights are the bytes
 * that save wrote), and the tokenizer {@code .model} written in the same loop must be one of its
 * two versions, never a blend. Each new child resumes from what the last one left.
 */
class CheckpointCrashTest {
  private static final int KILLS = Integer.getInteger("zth.crash.kills", 50);

  @TempDir Path work;

  @Test
  void killedSavesLeaveOneWholeCheckpoint() throws Exception {
    Random rnd = new Random(20);
    Path ckpt = work.resolve("checkpoint");
    Map<Integer, String> hashes = new HashMap<>();
    int duringSave = 0;
    int lastSaved = -1;
    List<String> log = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      // The child's output goes to a file: a killed process's pipe is closed under the reader, a
      // file keeps
      // every line written before the kill.
      Path logFile = work.resolve("child-" + kill + ".log");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-Xshare:auto",
                  "-Dzth.threads=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashSaverMain.class.getName(),
                  work.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(logFile.toFile())
              .start();
      // Every other kill aims at a save: it waits for the save to begin, then strikes within a few
      // milliseconds; the others strike at a random moment after one or two saves.
      boolean aim = kill % 2 == 0;
      int saves = 1 + rnd.nextInt(2);
      String waitFor = aim ? "begin " : "saved ";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (count(logFile, waitFor) < saves) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          fail(
              "child stopped or stalled before "
                  + saves
                  + " saves (kill "
                  + kill
                  + "): "
                  + Files.readString(logFile));
        }
        Thread.sleep(2);
      }
      Thread.sleep(rnd.nextInt(aim ? 6 : 25));
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child did not die");
      String last = null;
      String text = Files.readString(logFile);
      text = text.substring(0, text.lastIndexOf('\n') + 1); // a line cut by the kill tells nothing
      for (String line : text.lines().toList()) {
        log.add(line);
        last = line;
        if (line.startsWith("saved ")) {
          String[] f = line.split(" ");
          hashes.put(Integer.parseInt(f[1]), f[2]);
          lastSaved = Integer.parseInt(f[1]);
        }
      }
      boolean inSave = last != null && last.startsWith("begin ");
      if (inSave) {
        duringSave++;
      }
      checkSurvivor(
          ckpt, lastSaved, inSave ? Integer.parseInt(last.substring(6)) : -1, hashes, kill);
      checkTokenizer(work.resolve("alphabet.model"), kill);
    }
    System.out.println(
        "CheckpointCrashTest: "
            + KILLS
            + " kills, "
            + duringSave
            + " during a save, last iteration "
            + lastSaved);
    assertTrue(
        duringSave >= KILLS / 10,
        "only " + duringSave + " of " + KILLS + " kills struck during a save");
  }

  private static void checkSurvivor(
      Path ckpt, int lastSaved, int inProgress, Map<Integer, String> hashes, int kill)
      throws Exception {
    Path dir = AtomicFiles.readableDirectory(ckpt);
    GPT model = Checkpoint.loadModel(ckpt);
    Trainer t =
        Trainer.resume(
            ckpt,
            model,
            new RandomWindows(CrashSaverMain.data(), model.generator()),
            CrashSaverMain.CONFIG); // throws on a mix (optimizer steps)
    assertEquals(
        CharTokenizer.fromText(CrashSaverMain.TEXT).itos(), Checkpoint.loadTokenizer(ckpt).itos());
    int iter = t.iter();
    assertTrue(
        iter == lastSaved || iter == inProgress,
        "kill "
            + kill
            + ": checkpoint at iteration "
            + iter
            + ", expected the last save "
            + lastSaved
            + (inProgress >= 0 ? " or the one in progress " + inProgress : ""));
    if (hashes.containsKey(iter)) {
      assertEquals(
          hashes.get(iter),
          sha256(dir.resolve(Checkpoint.MODEL)),
          "kill " + kill + ": model.safetensors is not the one saved at iteration " + iter);
    }
  }

  private static void checkTokenizer(Path file, int kill) throws Exception {
    if (!Files.exists(file)) {
      return; // killed before the first tokenizer save
    }
    List<String> itos = CharTokenizer.load(file).itos();
    assertTrue(
        itos.equals(CrashSaverMain.ALPHABET_A.itos())
            || itos.equals(CrashSaverMain.ALPHABET_B.itos()),
        "kill " + kill + ": the tokenizer file is neither version: " + itos);
  }

  private static long count(Path file, String prefix) throws Exception {
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file);
    return text.substring(0, text.lastIndexOf('\n') + 1)
        .lines()
        .filter(l -> l.startsWith(prefix))
        .count();
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
