package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.data.tokenizer.CharTokenizer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * Crash safety, proven by killing: a child JVM ({@link CrashSaverMain}) trains and saves a checkpoint
 * after every step; it is killed with SIGKILL at random moments, many of them during a save, and
 * after every kill the checkpoint folder must load and resume as exactly one save left it (its
 * iteration is the last completed save or the one in progress, and the weights are the bytes that
 * save wrote), and the tokenizer {@code .model} written in the same loop must be one of its two
 * versions, never a blend. Each new child resumes from what the last one left.
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
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dzth.threads=1", "-cp", System.getProperty("java.class.path"),
          CrashSaverMain.class.getName(), work.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      if (first == null || !first.startsWith("ready")) {
        fail("child did not start (kill " + kill + "): " + first);
      }
      // Let it run a random while past its first save: 0 to 3 saves, then a random sub-save delay.
      int saves = rnd.nextInt(3);
      String line = first;
      while (saves >= 0 && (line = out.readLine()) != null) {
        log.add(line);
        if (line.startsWith("saved ")) {
          saves--;
          String[] f = line.split(" ");
          hashes.put(Integer.parseInt(f[1]), f[2]);
          lastSaved = Integer.parseInt(f[1]);
        }
      }
      Thread.sleep(rnd.nextInt(25));
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child did not die");
      // Lines printed before the kill tell where it struck.
      String last = null;
      while ((line = out.readLine()) != null) {
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
      checkSurvivor(ckpt, lastSaved, inSave ? Integer.parseInt(last.substring(6)) : -1, hashes, kill);
      checkTokenizer(work.resolve("alphabet.model"), kill);
    }
    System.out.println("CheckpointCrashTest: " + KILLS + " kills, " + duringSave + " during a save, last iteration "
        + lastSaved);
    assertTrue(duringSave >= 1, "no kill struck during a save: " + duringSave + " of " + KILLS);
  }

  private static void checkSurvivor(Path ckpt, int lastSaved, int inProgress, Map<Integer, String> hashes, int kill)
      throws Exception {
    Path dir = AtomicFiles.readableDirectory(ckpt);
    Trainer t = Trainer.resume(ckpt, CrashSaverMain.data(), CrashSaverMain.CONFIG); // throws on a mix (optimizer steps)
    Checkpoint.loadModel(ckpt);
    assertEquals(CharTokenizer.fromText(CrashSaverMain.TEXT).itos(), Checkpoint.loadTokenizer(ckpt).itos());
    int iter = t.iter();
    assertTrue(iter == lastSaved || iter == inProgress,
        "kill " + kill + ": checkpoint at iteration " + iter + ", expected the last save " + lastSaved
            + (inProgress >= 0 ? " or the one in progress " + inProgress : ""));
    if (hashes.containsKey(iter)) {
      assertEquals(hashes.get(iter), sha256(dir.resolve(Checkpoint.MODEL)),
          "kill " + kill + ": model.safetensors is not the one saved at iteration " + iter);
    }
  }

  private static void checkTokenizer(Path file, int kill) throws Exception {
    if (!Files.exists(file)) {
      return; // killed before the first tokenizer save
    }
    List<String> itos = CharTokenizer.load(file).itos();
    assertTrue(itos.equals(CrashSaverMain.ALPHABET_A.itos()) || itos.equals(CrashSaverMain.ALPHABET_B.itos()),
        "kill " + kill + ": the tokenizer file is neither version: " + itos);
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
