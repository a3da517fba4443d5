package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.nn.KVCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * OpenAI's GPT-2 124M itself, which cannot be downloaded on the build machines: runs only when
 * {@code ZTH_GPT2_DIR} names a directory with Hugging Face's {@code gpt2} files ({@code
 * config.json}, {@code model.safetensors}); if the directory also holds llm.c's {@code
 * gpt2_124M.bin}, that file must hold the same weights. The prompt's ids are the "Hello,
 * I'm a language model," under the GPT-2 tokenizer, so this test does not depend on it; checking
 * that the tokenizer produces them belongs with the tokenizer's tests.
 */
@EnabledIfEnvironmentVariable(named = "ZTH_GPT2_DIR", matches = ".+")
class Gpt2RealWeightsTest {

  private static final long[] PROMPT = {15496, 11, 314, 1101, 257, 3303, 2746, 11};

  @Test
  void realGpt2LoadsAndContinuesGreedily() throws Exception {
    Path dir = Path.of(System.getenv("ZTH_GPT2_DIR"));
    GPT m = GPT.fromPretrained(dir);
    assertEquals(GPTConfig.gpt2(), m.config());
    assertEquals(
        124_439_808L,
        m.numParameters(false),
        "GPT-2 small's parameter count (tied head counted once)");
    Tensor logits = m.forward(Tensor.fromArray(PROMPT, 1, PROMPT.length)); // (1, 8, 50257)
    for (float v : logits.toFloatArray()) {
      assertTrue(Float.isFinite(v), "logits must be finite");
    }
    long first = (long) logits.select(1, PROMPT.length - 1).argmax().item();
    List<KVCache> caches = m.newCaches(1);
    Tensor next = Tensor.fromArray(PROMPT, 1, PROMPT.length);
    long[] ids = new long[20];
    for (int i = 0; i < ids.length; i++) {
      Tensor last = m.forward(next, caches);
      for (float v : last.toFloatArray()) {
        assertTrue(Float.isFinite(v), "cached logits must be finite at step " + i);
      }
      ids[i] = (long) last.argmax().item();
      assertTrue(ids[i] >= 0 && ids[i] < 50257);
      next = Tensor.fromArray(new long[] {ids[i]}, 1, 1);
    }
    assertEquals(first, ids[0], "the cached and uncached forwards agree on the first greedy token");
    Path llmc = dir.resolve("gpt2_124M.bin");
    Assumptions.assumeTrue(Files.isRegularFile(llmc), "no gpt2_124M.bin beside the HF files");
    Map<String, Integer> hashes = hashes(m); // not both models at once: sampling must fit -Xmx1g
    m = null;
    assertEquals(hashes, hashes(GPT.fromPretrained(llmc)), "gpt2_124M.bin holds the HF weights");
  }

  /** Each tensor's bit pattern, hashed: equal maps mean equal weights (up to a hash collision). */
  private static Map<String, Integer> hashes(GPT m) {
    Map<String, Integer> out = new TreeMap<>();
    m.stateDict().forEach((k, v) -> out.put(k, Arrays.hashCode(v.toFloatArray())));
    return out;
  }
}
