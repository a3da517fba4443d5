package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Datasets;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.nn.KVCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * OpenAI's GPT-2 124M itself, which cannot be downloaded on the build machines. zth-gpt's pom runs
 * this class only in the {@code real-gpt2} profile, which {@code ZTH_GPT2_DIR} switches on, so a
 * default build neither runs nor skips it. {@code ZTH_GPT2_DIR} names a directory with Hugging
 * Face's {@code gpt2} files ({@code config.json}, {@code model.safetensors}, and {@code vocab.json}
 * + {@code merges.txt} for the tokenizer, else GPT-2's files are found by name like {@code
 * tokenizer --encoding gpt2}). If it also holds llm.c's {@code gpt2_124M.bin}, that file must hold
 * the same weights; if {@code ZTH_HELLASWAG} names {@code hellaswag_val.jsonl}, the first 100
 * examples must score a plausible acc_norm. A part whose file is absent prints that it was not
 * checked rather than passing silently.
 */
@EnabledIfEnvironmentVariable(named = "ZTH_GPT2_DIR", matches = ".+")
class Gpt2RealWeightsTest {

  private static final int[] PROMPT = {15496, 11, 314, 1101, 257, 3303, 2746, 11};

  private static Path dir() {
    return Path.of(System.getenv("ZTH_GPT2_DIR"));
  }

  private static TiktokenEncoding tokenizer() throws Exception {
    Path d = dir();
    if (Files.isRegularFile(d.resolve("vocab.json"))
        && Files.isRegularFile(d.resolve("merges.txt"))) {
      return TiktokenEncoding.gpt2(d.resolve("vocab.json"), d.resolve("merges.txt"));
    }
    return TiktokenEncoding.named("gpt2", Datasets.defaults());
  }

  @Test
  void realGpt2LoadsSamplesAndScores() throws Exception {
    TiktokenEncoding tok = tokenizer();
    assertArrayEquals(PROMPT, tok.encode("Hello, I'm a language model,"));
    GPT m = GPT.fromPretrained(dir());
    assertEquals(GPTConfig.gpt2(), m.config());
    assertEquals(
        124_439_808L,
        m.numParameters(false),
        "GPT-2 small's parameter count (tied head counted once)");
    long[] prompt = Arrays.stream(PROMPT).asLongStream().toArray();
    Tensor logits = m.forward(Tensor.fromArray(prompt, 1, PROMPT.length)); // (1, 8, 50257)
    for (float v : logits.toFloatArray()) {
      assertTrue(Float.isFinite(v), "logits must be finite");
    }
    long first = (long) logits.select(1, PROMPT.length - 1).argmax().item();
    List<KVCache> caches = m.newCaches(1);
    long cachedFirst =
        (long) m.forward(Tensor.fromArray(prompt, 1, PROMPT.length), caches).argmax().item();
    assertEquals(first, cachedFirst, "the cached and uncached forwards agree on the greedy token");

    int[][] prompts = new int[5][];
    Arrays.fill(prompts, PROMPT);
    SamplingConfig topK = SamplingConfig.DEFAULT.withTopK(50).withDrawAmongTopK(true);
    int[][] samples = new Sampler(m).withSampling(topK).generate(prompts, 22, new Generator(42));
    for (int[] row : samples) {
      assertEquals(22, row.length);
      String text = tok.decode(row);
      assertTrue(!text.isBlank(), "a sample decodes to text");
      System.out.println("Hello, I'm a language model," + text);
    }

    String hs = System.getenv("ZTH_HELLASWAG");
    if (hs != null && Files.isRegularFile(Path.of(hs))) {
      int correctNorm = 0;
      List<HellaSwag.Example> examples = HellaSwag.read(Path.of(hs), 100);
      assertEquals(100, examples.size());
      for (HellaSwag.Example e : examples) {
        correctNorm += HellaSwag.score(m, tok, e).predNorm() == e.label() ? 1 : 0;
      }
      double accNorm = correctNorm / 100.0;
      System.out.println("hellaswag first 100: acc_norm " + accNorm);
      assertTrue(accNorm >= 0.2 && accNorm <= 0.45, "acc_norm " + accNorm + " on 100 examples");
    } else {
      System.out.println(
          "hellaswag: not checked (ZTH_HELLASWAG does not name hellaswag_val.jsonl)");
    }

    Path llmc = dir().resolve("gpt2_124M.bin");
    if (Files.isRegularFile(llmc)) {
      Map<String, Integer> hashes = hashes(m); // not both models at once: sampling must fit -Xmx1g
      m = null;
      assertEquals(hashes, hashes(GPT.fromPretrained(llmc)), "gpt2_124M.bin holds the HF weights");
    } else {
      System.out.println("gpt2_124M.bin: not checked (absent from ZTH_GPT2_DIR)");
    }
  }

  /** Each tensor's bit pattern, hashed: equal maps mean equal weights (up to a hash collision). */
  private static Map<String, Integer> hashes(GPT m) {
    Map<String, Integer> out = new TreeMap<>();
    m.stateDict().forEach((k, v) -> out.put(k, Arrays.hashCode(v.toFloatArray())));
    return out;
  }
}
