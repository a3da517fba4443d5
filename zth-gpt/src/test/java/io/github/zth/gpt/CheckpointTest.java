package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.TokenData;
import io.github.zth.nn.TensorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  static final GPTConfig TINY = new GPTConfig(16, 65, 2, 2, 32, 0.0, true);

  @Test
  @SuppressWarnings("try")
  void roundTripKeepsLogitsAndWritesTheInteropCheck(@TempDir Path tmp) throws Exception {
    GPT model = new GPT(TINY, new Generator(3));
    Tensor idx = Tensor.randint(new Generator(4), 0, 65, 2, 16);
    Path dir = tmp.resolve("ckpt");
    Checkpoint.save(dir, model);
    GPT loaded = Checkpoint.loadModel(dir);
    try (var off = GradMode.disabled()) {
      Tensor logits = model.forward(idx);
      assertArrayEquals(logits.toFloatArray(), loaded.forward(idx).toFloatArray(), 0f);
      // A zth-written checkpoint for tools/golden/gpt_interop.py --verify (PyTorch reads it back).
      Path interop = Path.of("target", "gpt-interop-zth");
      Files.deleteIfExists(
          interop.resolve("check.safetensors")); // a checkpoint save refuses foreign files
      Checkpoint.save(interop, model);
      Map<String, Tensor> check = new LinkedHashMap<>();
      check.put("idx", idx);
      check.put("logits", logits);
      TensorFiles.save(check, interop.resolve("check.safetensors"));
    }
  }

  @Test
  void overwritingReplacesTheDirectoryAtomically(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ckpt");
    Checkpoint.save(dir, new GPT(TINY, new Generator(1)));
    GPT second = new GPT(TINY, new Generator(2));
    Checkpoint.save(dir, second);
    assertArrayEquals(
        second.stateDict().get("transformer.wte.weight").toFloatArray(),
        Checkpoint.loadModel(dir).stateDict().get("transformer.wte.weight").toFloatArray(),
        0f);
    try (var s = Files.list(tmp)) {
      assertEquals(1, s.count(), "no temporary or old directories are left behind");
    }
  }

  @Test
  void savingRefusesToReplaceAFolderWithOtherFiles(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(dir.resolve("notes.txt"), "keep me");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Checkpoint.save(dir, new GPT(TINY, new Generator(1))));
    assertTrue(
        e.getMessage().contains("notes.txt") && e.getMessage().contains(dir.toString()),
        e.getMessage());
    assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
  }

  @Test
  void truncatedWeightsFailClearly(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ckpt");
    Checkpoint.save(dir, new GPT(TINY, new Generator(1)));
    Path w = dir.resolve(Checkpoint.MODEL);
    byte[] all = Files.readAllBytes(w);
    Files.write(w, Arrays.copyOf(all, all.length - 100));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadModel(dir));
    assertTrue(
        e.getMessage().contains("truncated") && e.getMessage().contains("model.safetensors"),
        e.getMessage());
    Files.write(w, Arrays.copyOf(all, 5));
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadModel(dir));
    assertTrue(e.getMessage().contains("shorter than the 8-byte header"), e.getMessage());
  }

  @Test
  void malformedOrMismatchedConfigFailsClearly(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("ckpt");
    Checkpoint.save(dir, new GPT(TINY, new Generator(1)));
    Files.writeString(dir.resolve(Checkpoint.CONFIG), "{\"n_layer\": 2, \"n_head\": ");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadModel(dir));
    assertTrue(
        e.getMessage().contains("config.json") && e.getMessage().contains("malformed JSON"),
        e.getMessage());
    Files.writeString(dir.resolve(Checkpoint.CONFIG), TINY.withNEmbd(64).toJson());
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadModel(dir));
    assertTrue(e.getMessage().contains("has shape"), e.getMessage());
    Files.delete(dir.resolve(Checkpoint.CONFIG));
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadModel(dir));
    assertTrue(e.getMessage().contains("must contain config.json"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Trainer.resume(
                dir,
                new GPT(TINY, new Generator(1)),
                new RandomWindows(new TokenData(new int[100]), new Generator(1)),
                TrainerTest.TRAIN));
  }

  @Test
  @SuppressWarnings("try")
  void loadsHuggingFaceConv1dLayout(@TempDir Path tmp) throws Exception {
    GPT model = new GPT(TINY, new Generator(5));
    Map<String, Tensor> hf = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
      String k = e.getKey();
      if (k.equals("lm_head.weight")) {
        continue; // HF leaves the tied head out
      }
      boolean conv =
          k.endsWith("c_attn.weight") || k.endsWith("c_proj.weight") || k.endsWith("c_fc.weight");
      hf.put(k.replace("transformer.", ""), conv ? e.getValue().T().contiguous() : e.getValue());
    }
    hf.put("h.0.attn.bias", Tensor.ones(1, 1, 16, 16));
    Path dir = tmp.resolve("hf");
    Files.createDirectories(dir);
    TensorFiles.save(hf, dir.resolve("model.safetensors"));
    Files.writeString(
        dir.resolve("config.json"),
        "{\"n_positions\": 16, \"vocab_size\": 65, \"n_layer\": 2, \"n_head\": 2, \"n_embd\": 32,"
            + " \"activation_function\": \"gelu\"}"); // HF defaults to gelu_new; TINY uses the
    // exact GELU
    GPT loaded = GPT.fromPretrained(dir);
    Tensor idx = Tensor.randint(new Generator(4), 0, 65, 1, 16);
    try (var off = GradMode.disabled()) {
      assertArrayEquals(model.forward(idx).toFloatArray(), loaded.forward(idx).toFloatArray(), 0f);
    }
  }

  @Test
  void configValidatesAndRoundTrips() {
    GPTConfig d = new GPTConfig();
    assertEquals(1024, d.blockSize());
    assertEquals(50304, d.vocabSize());
    assertEquals(d, GPTConfig.fromJson(d.toJson()));
    assertEquals(
        TINY.withDropout(0.25).withBias(false),
        GPTConfig.fromJson(TINY.withDropout(0.25).withBias(false).toJson()));
    assertThrows(IllegalArgumentException.class, () -> d.withNHead(5));
    assertThrows(IllegalArgumentException.class, () -> d.withDropout(1.0));
    assertThrows(IllegalArgumentException.class, () -> d.withNLayer(0));
    assertThrows(
        IllegalArgumentException.class, () -> GPTConfig.fromJson("{\"n_layer\": \"two\"}"));
  }
}
