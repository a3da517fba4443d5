package io.github.zth.gpt;

import static io.github.zth.testing.GoldenJson.longs;
import static io.github.zth.testing.GoldenJson.numbers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.KVCache;
import io.github.zth.nn.TensorFiles;
import io.github.zth.nn.optim.AdamW;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPT-2's checkpoint layouts against tools/golden/gpt2_small.py: a small random GPT-2 (2 layers,
 * n_embd 32, context 64, vocab 500 padded to 512 in llm.c's file) in Hugging Face's and llm.c's
 * layouts, and torch 1.13's logits, greedy tokens, build-nanogpt's top-k samples and 10 AdamW
 * losses.
 */
class Gpt2FormatsTest {

  private static final double TOL = 2e-5;

  @TempDir Path tmp;

  static Path golden() throws URISyntaxException {
    return Path.of(Gpt2FormatsTest.class.getResource("/golden/gpt2_small/expected.json").toURI())
        .getParent();
  }

  static String expected() throws Exception {
    return Files.readString(golden().resolve("expected.json"));
  }

  static GPT hf() throws Exception {
    return GPT.fromPretrained(golden().resolve("hf"));
  }

  static GPT llmc() throws Exception {
    return GPT.fromPretrained(golden().resolve("llmc.bin"));
  }

  @Test
  void bothLayoutsGiveTorchsLogits() throws Exception {
    String exp = expected();
    long[] prompt = longs(exp, "prompt");
    double[] want = numbers(exp, "logits");
    for (GPT m : List.of(hf(), llmc())) {
      assertEquals(
          new GPTConfig(64, 500, 2, 2, 32, 0.0, true, true, true, GPTConfig.InitScheme.NANOGPT),
          m.config());
      float[] got = m.forward(Tensor.fromArray(prompt, 1, prompt.length)).toFloatArray();
      assertEquals(want.length, got.length);
      for (int i = 0; i < got.length; i++) {
        assertEquals(want[i], got[i], TOL * Math.max(1, Math.abs(want[i])), "logit " + i);
      }
    }
  }

  @Test
  void layoutsHoldTheSameWeights() throws Exception {
    Map<String, Tensor> a = hf().stateDict();
    Map<String, Tensor> b = llmc().stateDict();
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }
  }

  @Test
  void bfloat16FileHoldsTorchsRoundedWeights() throws Exception {
    Map<String, Tensor> full = llmc().stateDict();
    Map<String, Tensor> half = GPT.fromPretrained(golden().resolve("llmc_bf16.bin")).stateDict();
    for (String k : full.keySet()) {
      float[] f = full.get(k).toFloatArray();
      float[] h = half.get(k).toFloatArray();
      for (int i = 0; i < f.length; i++) {
        assertEquals(
            Float.intBitsToFloat(PretrainedFiles.toBfloat16(f[i]) << 16), h[i], k + "[" + i + "]");
      }
    }
  }

  @Test
  @SuppressWarnings("try")
  void greedyTokensMatchTorchWithAndWithoutCache() throws Exception {
    String exp = expected();
    long[] prompt = longs(exp, "prompt");
    long[] want = longs(exp, "greedy");
    GPT m = llmc();
    List<Long> seq = new ArrayList<>();
    for (long p : prompt) {
      seq.add(p);
    }
    for (int i = 0; i < want.length; i++) {
      long[] ids = seq.stream().mapToLong(Long::longValue).toArray();
      Tensor logits = m.forward(Tensor.fromArray(ids, 1, ids.length)).select(1, ids.length - 1);
      seq.add((long) logits.argmax().item());
    }
    assertArrayEquals(
        want, seq.subList(prompt.length, seq.size()).stream().mapToLong(Long::longValue).toArray());
    List<KVCache> caches = m.newCaches(1);
    Tensor next = Tensor.fromArray(prompt, 1, prompt.length);
    long[] cached = new long[want.length];
    for (int i = 0; i < want.length; i++) {
      cached[i] = (long) m.forward(next, caches).argmax().item();
      next = Tensor.fromArray(new long[] {cached[i]}, 1, 1);
    }
    assertArrayEquals(want, cached);
  }

  /**
   * build-nanogpt's sampling loop (softmax of the last logits, top 50, multinomial(1) among them
   * from a generator seeded 42, gather, append; 5 rows until 30 tokens) is {@link Sampler}'s
   * batched generation with {@link SamplingConfig#withDrawAmongTopK}, KV-cached or not.
   */
  @Test
  void topKSamplesMatchBuildNanogptsLoop() throws Exception {
    String exp = expected();
    int[] prompt = Arrays.stream(longs(exp, "prompt")).mapToInt(v -> (int) v).toArray();
    long[] want = longs(exp, "topk");
    GPT m = hf();
    int[][] prompts = new int[5][];
    Arrays.fill(prompts, prompt);
    SamplingConfig s = SamplingConfig.DEFAULT.withTopK(50).withDrawAmongTopK(true);
    for (boolean cache : new boolean[] {true, false}) {
      int[][] out =
          new Sampler(m)
              .withSampling(s)
              .withCache(cache)
              .generate(prompts, 30 - prompt.length, new Generator(42));
      long[] got = new long[5 * 30];
      for (int r = 0; r < 5; r++) {
        for (int i = 0; i < 30; i++) {
          got[r * 30 + i] = i < prompt.length ? prompt[i] : out[r][i - prompt.length];
        }
      }
      assertArrayEquals(want, got, "cache " + cache);
    }
    // nanoGPT's draw over the filtered vocabulary is the same distribution but another stream
    int[][] vocabDraw =
        new Sampler(m)
            .withSampling(s.withDrawAmongTopK(false))
            .generate(prompts, 30 - prompt.length, new Generator(42));
    assertTrue(vocabDraw[0][0] >= 0 && vocabDraw[0][0] < 500);
  }

  @Test
  void aCroppedContextKeepsTheLogitsOfShortPrompts() throws Exception {
    long[] prompt = longs(expected(), "prompt");
    GPT m = hf();
    GPT c = m.cropBlockSize(prompt.length);
    assertEquals(prompt.length, c.config().blockSize());
    assertEquals(m.config().withBlockSize(prompt.length), c.config());
    Tensor x = Tensor.fromArray(prompt, 1, prompt.length);
    assertArrayEquals(m.forward(x).toFloatArray(), c.forward(x).toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> m.cropBlockSize(65));
    assertThrows(IllegalArgumentException.class, () -> m.cropBlockSize(0));
  }

  @Test
  void tenAdamWStepsGiveTorchsLosses() throws Exception {
    String exp = expected();
    Tensor x = Tensor.fromArray(longs(exp, "train", "x"), 4, 32);
    Tensor y = Tensor.fromArray(longs(exp, "train", "y"), 4, 32);
    double[] want = numbers(exp, "train", "losses");
    GPT m = hf();
    m.train();
    AdamW opt =
        new AdamW(m.parameters(), 1e-4, 0.01); // llm.c's test_gpt2.c: decay 0.01 on every parameter
    for (int step = 0; step < 10; step++) {
      Tensor loss = m.loss(x, y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      assertEquals(want[step], loss.item(), 1e-5 * Math.abs(want[step]), "step " + step);
    }
  }

  @Test
  void writersReproduceTheGoldenFilesAndRoundTrip() throws Exception {
    GPT m = hf();
    m.saveLlmc(tmp.resolve("out.bin"), false);
    assertArrayEquals(
        Files.readAllBytes(golden().resolve("llmc.bin")),
        Files.readAllBytes(tmp.resolve("out.bin")));
    m.saveLlmc(tmp.resolve("out16.bin"), true);
    assertArrayEquals(
        Files.readAllBytes(golden().resolve("llmc_bf16.bin")),
        Files.readAllBytes(tmp.resolve("out16.bin")));
    m.saveHuggingFace(tmp.resolve("hf"));
    GPT back = GPT.fromPretrained(tmp.resolve("hf"));
    assertEquals(m.config(), back.config());
    Map<String, Tensor> a = m.stateDict();
    Map<String, Tensor> b = back.stateDict();
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }
    Checkpoint.save(tmp.resolve("zth"), m, null); // zth's own folder is recognised too
    assertArrayEquals(
        a.get("transformer.h.1.mlp.c_fc.weight").toFloatArray(),
        GPT.fromPretrained(tmp.resolve("zth"))
            .stateDict()
            .get("transformer.h.1.mlp.c_fc.weight")
            .toFloatArray());
    Path plain = Files.createFile(tmp.resolve("plain"));
    if (Files.getFileStore(tmp)
        .supportsFileAttributeView("posix")) { // not 0600 as a createTempFile would be
      assertEquals(
          Files.getPosixFilePermissions(plain),
          Files.getPosixFilePermissions(tmp.resolve("out.bin")));
      assertEquals(
          Files.getPosixFilePermissions(plain),
          Files.getPosixFilePermissions(tmp.resolve("hf/config.json")));
    }
    try (var files = Files.list(tmp)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary file is left behind");
    }
  }

  @Test
  void hfConfigIsReadWithItsOwnKeys() throws Exception {
    GPTConfig c = GPTConfig.fromJson(Files.readString(golden().resolve("hf/config.json")));
    assertEquals(
        new GPTConfig(64, 500, 2, 2, 32, 0.0, true, true, true, GPTConfig.InitScheme.NANOGPT), c);
    assertEquals(c, GPTConfig.fromJson(c.toHuggingFaceJson()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GPTConfig.fromJson(
                    "{\"model_type\": \"gpt2\", \"n_positions\": 8, \"n_embd\": 4, \"n_head\": 2, \"n_layer\": 1,"
                        + " \"vocab_size\": 10, \"activation_function\": \"relu\"}"));
    assertTrue(
        e.getMessage().contains("activation_function")
            && e.getMessage().contains("relu")
            && e.getMessage().contains("gelu_new"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GPTConfig.fromJson("{\"model_type\": \"gpt2\", \"n_positions\": 8}"));
    assertTrue(e.getMessage().contains("vocab_size"), e.getMessage());
  }

  // --------------------------------------------------------------------------- malformed files

  /** The golden llm.c file with header ints changed: index, value, index, value, ... */
  private Path llmcWith(int... changes) throws Exception {
    byte[] b = Files.readAllBytes(golden().resolve("llmc.bin"));
    for (int i = 0; i < changes.length; i += 2) {
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(changes[i] * 4, changes[i + 1]);
    }
    Path p = tmp.resolve("bad" + Arrays.toString(changes).hashCode() + ".bin");
    Files.write(p, b);
    return p;
  }

  private static String error(Path p) {
    return assertThrows(IllegalArgumentException.class, () -> GPT.fromPretrained(p)).getMessage();
  }

  @Test
  void malformedLlmcFilesAreRefusedByName() throws Exception {
    Path p = llmcWith(0, 1234);
    String msg = error(p);
    assertTrue(
        msg.contains(p.toString())
            && msg.contains("magic")
            && msg.contains("1234")
            && msg.contains("20240326"),
        msg);
    msg = error(llmcWith(1, 4));
    assertTrue(msg.contains("version") && msg.contains("4") && msg.contains("expected 3"), msg);
    msg = error(llmcWith(6, 48));
    assertTrue(msg.contains("bytes, expected"), msg);
    msg = error(llmcWith(7, 100));
    assertTrue(msg.contains("padded_vocab_size") && msg.contains("100"), msg);
    msg = error(llmcWith(5, 1, 6, Integer.MAX_VALUE));
    assertTrue(msg.contains("more than 2^63 bytes"), msg);
    msg = error(llmcWith(5, 3));
    assertTrue(msg.contains("n_embd 32 must be divisible by n_head 3"), msg);
    byte[] b = Files.readAllBytes(golden().resolve("llmc.bin"));
    Path cut = tmp.resolve("cut.bin");
    Files.write(cut, Arrays.copyOf(b, b.length - 4));
    msg = error(cut);
    assertTrue(
        msg.contains(cut.toString())
            && msg.contains((b.length - 4) + " bytes, expected " + b.length),
        msg);
    Path tiny = tmp.resolve("tiny.bin");
    Files.write(tiny, new byte[10]);
    assertTrue(error(tiny).contains("shorter than llm.c's 1024-byte header"));
  }

  @Test
  void hfFolderThatDoesNotFitItsConfigIsRefusedNamingTheTensor() throws Exception {
    Path dir = tmp.resolve("hf");
    Files.createDirectories(dir);
    Files.copy(golden().resolve("hf/model.safetensors"), dir.resolve("model.safetensors"));
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(golden().resolve("hf/config.json"))
            .replace("\"n_positions\": 64", "\"n_positions\": 32"));
    String msg = error(dir);
    assertTrue(
        msg.contains("model.safetensors")
            && msg.contains("\"wpe.weight\"")
            && msg.contains("[64, 32]")
            && msg.contains("[32, 32]"),
        msg);
    Files.delete(dir.resolve("config.json"));
    assertTrue(error(dir).contains("must contain config.json and model.safetensors"));
  }

  @Test
  void savingALayoutThatCannotHoldTheModelIsRefused() {
    GPT untied = new GPT(GPTConfig.makemore(27, 8, 1, 2, 8), new Generator(1));
    assertThrows(
        IllegalArgumentException.class, () -> untied.saveLlmc(tmp.resolve("x.bin"), false));
    assertThrows(IllegalArgumentException.class, () -> untied.saveHuggingFace(tmp.resolve("x")));
  }

  @Test
  void prefixedHfKeysLoadAndAMissingTensorIsNamed() throws Exception {
    Map<String, Tensor> file = TensorFiles.load(golden().resolve("hf/model.safetensors"));
    Map<String, Tensor> prefixed = new LinkedHashMap<>();
    file.forEach(
        (k, v) -> prefixed.put("transformer." + k, v)); // GPT2LMHeadModel's own state_dict names
    Path dir = tmp.resolve("prefixed");
    Files.createDirectories(dir);
    Files.copy(golden().resolve("hf/config.json"), dir.resolve("config.json"));
    TensorFiles.save(prefixed, dir.resolve("model.safetensors"));
    Map<String, Tensor> want = hf().stateDict();
    Map<String, Tensor> got = GPT.fromPretrained(dir).stateDict();
    for (String k : want.keySet()) {
      assertArrayEquals(want.get(k).toFloatArray(), got.get(k).toFloatArray(), k);
    }
    prefixed.put("transformer.ln_f.bias", Tensor.fromArray(new long[32], 32));
    TensorFiles.save(prefixed, dir.resolve("model.safetensors"));
    String ints = error(dir);
    assertTrue(
        ints.contains("\"transformer.ln_f.bias\" holds integers (I64), expected float weights"),
        ints);
    prefixed.remove("transformer.ln_f.bias");
    prefixed.put("transformer.h.0.extra", Tensor.ones(2));
    TensorFiles.save(prefixed, dir.resolve("model.safetensors"));
    String msg = error(dir);
    assertTrue(
        msg.contains("missing tensors [transformer.ln_f.bias]")
            && msg.contains("unexpected tensors [transformer.h.0.extra]"),
        msg);
  }

  @Test
  void aSafetensorsFileNamedDirectlyLoadsItsFolder() throws Exception {
    assertEquals(
        hf().config(), GPT.fromPretrained(golden().resolve("hf/model.safetensors")).config());
    Path junk = tmp.resolve("junk.bin");
    Files.write(junk, new byte[2048]);
    assertTrue(error(junk).contains("magic"));
    assertTrue(error(tmp.resolve("absent")).contains("neither a checkpoint directory nor a file"));
  }
}
