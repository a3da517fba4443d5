package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplerTest {

  static GPT tinyModel() throws Exception {
    return GPT.fromPretrained(
        GptInteropTest.golden("gpt_bias")); // block 16, random N(0, 0.3) weights
  }

  @ParameterizedTest
  @CsvSource({
    "3, 1.0, 0, 1.0, 1",
    "1, 0.8, 10, 1.0, 2",
    "7, 1.5, 0, 0.9, 3",
    "16, 0.5, 5, 0.95, 4",
    "2, 0.0, 0, 1.0, 5"
  })
  void cachedGenerationEqualsUncached(
      int promptLen, double temperature, int topK, double topP, long seed) throws Exception {
    GPT model = tinyModel();
    int[] prompt = new int[promptLen];
    for (int i = 0; i < promptLen; i++) {
      prompt[i] = (int) ((seed * 31 + i * 17) % 65);
    }
    SamplingConfig c = SamplingConfig.DEFAULT.withTemperature(temperature).withTopP(topP);
    Sampler s = new Sampler(model).withSampling(topK > 0 ? c.withTopK(topK) : c);
    int n = 30; // runs past the block size of 16, through a crop and a re-prefill of the cache
    List<Integer> streamed = new ArrayList<>();
    int[] cached = s.generate(prompt, n, new Generator(seed), streamed::add);
    int[] plain = s.withCache(false).generate(prompt, n, new Generator(seed));
    assertArrayEquals(plain, cached);
    assertEquals(n, cached.length);
    assertArrayEquals(cached, streamed.stream().mapToInt(Integer::intValue).toArray());
  }

  @ParameterizedTest
  @CsvSource({
    "1, 5, 11",
    "2, 5, 12",
    "3, 16, 13",
    "8, 1, 14",
    "16, 9, 15",
    "5, 20, 16",
    "8, 40, 17"
  })
  void cachedEqualsUncachedForEveryCropStride(int stride, int promptLen, long seed)
      throws Exception {
    GPT model = tinyModel(); // block 16: 45 new tokens cross it several times
    int[] prompt = new int[promptLen];
    for (int i = 0; i < promptLen; i++) {
      prompt[i] = (int) ((seed * 13 + i * 7) % 65);
    }
    Sampler s = new Sampler(model).withTemperature(0.9).withTopK(20).withCropStride(stride);
    int[] cached = s.generate(prompt, 45, new Generator(seed));
    int[] plain = s.withCache(false).generate(prompt, 45, new Generator(seed));
    assertArrayEquals(plain, cached);
  }

  @ParameterizedTest
  @CsvSource({"1, 3", "4, 1", "8, 16", "16, 2"})
  void cropStrideDropsThatManyOldestTokensAtOnce(int stride, int promptLen) throws Exception {
    GPT model = tinyModel();
    int block = model.config().blockSize();
    int[] seq = new int[promptLen + 40];
    for (int i = 0; i < promptLen; i++) {
      seq[i] = (3 * i + 1) % 65;
    }
    int start = 0;
    for (int len = promptLen;
        len < seq.length;
        len++) { // a plain greedy loop with the literal rule
      while (len - start > block) {
        start += stride;
      }
      long[] ctx = new long[len - start];
      for (int i = start; i < len; i++) {
        ctx[i - start] = seq[i];
      }
      float[] logits =
          model
              .forward(Tensor.fromArray(ctx, 1, ctx.length))
              .select(1, ctx.length - 1)
              .toFloatArray();
      int best = 0;
      for (int v = 1; v < logits.length; v++) {
        best = logits[v] > logits[best] ? v : best;
      }
      seq[len] = best;
    }
    int[] expected = java.util.Arrays.copyOfRange(seq, promptLen, seq.length);
    int[] prompt = java.util.Arrays.copyOf(seq, promptLen);
    Sampler s = new Sampler(model).withTemperature(0).withCropStride(stride);
    assertArrayEquals(expected, s.generate(prompt, 40, new Generator(1)));
    assertArrayEquals(expected, s.withCache(false).generate(prompt, 40, new Generator(1)));
  }

  /**
   * GPT is also a makemore {@link LanguageModel}: its generic greedy loop agrees with the
   * Sampler's.
   */
  @Test
  void languageModelGenerateAgreesWithTheSampler() throws Exception {
    GPT model = tinyModel();
    LanguageModel lm = model;
    assertEquals(model.config().blockSize(), lm.blockSize());
    assertEquals(model.config().vocabSize(), lm.vocabSize());
    int[] prompt = {1, 2, 3};
    // LanguageModel's loop is makemore's per-token crop: stride 1 past the block of 16.
    int[] greedy =
        new Sampler(model)
            .withTemperature(0)
            .withCropStride(1)
            .generate(prompt, 20, new Generator(1));
    // one convention: temperature 0 is greedy in both (LanguageModel.generate refused it before)
    long[] viaLm =
        lm.generate(
                Tensor.fromArray(new long[] {1, 2, 3}, 1, 3),
                20,
                SamplingConfig.DEFAULT.withTemperature(0),
                new Generator(2))
            .toLongArray();
    assertEquals(3 + greedy.length, viaLm.length);
    for (int i = 0; i < greedy.length; i++) {
      assertEquals(greedy[i], viaLm[3 + i], "token " + i);
    }
  }

  @Test
  void theDefaultCropStrideIsHalfTheBlock() throws Exception {
    GPT model = tinyModel(); // block 16
    int[] prompt = {4, 5, 6};
    Sampler s = new Sampler(model).withTemperature(0.9);
    int[] byDefault = s.generate(prompt, 40, new Generator(7));
    assertArrayEquals(s.withCropStride(8).generate(prompt, 40, new Generator(7)), byDefault);
    assertFalse(
        Arrays.equals(s.withCropStride(1).generate(prompt, 40, new Generator(7)), byDefault),
        "stride 1 sees different windows past the block, so its samples should differ");
  }

  @Test
  void topKOneIsGreedy() throws Exception {
    GPT model = tinyModel();
    int[] prompt = {1, 2, 3};
    int[] greedy = new Sampler(model).withTemperature(0).generate(prompt, 10, new Generator(1));
    int[] top1 = new Sampler(model).withTopK(1).generate(prompt, 10, new Generator(2));
    assertArrayEquals(greedy, top1);
  }

  @Test
  void topKOneAgreesAcrossTheSamplerAndLanguageModelGenerate() throws Exception {
    GPT model = tinyModel();
    int[] viaSampler =
        new Sampler(model)
            .withTopK(1)
            .withCropStride(1)
            .generate(new int[] {4, 5}, 20, new Generator(3));
    long[] viaLm =
        model
            .generate(
                Tensor.fromArray(new long[] {4, 5}, 1, 2),
                20,
                SamplingConfig.DEFAULT.withTopK(1),
                new Generator(3))
            .toLongArray();
    for (int i = 0; i < viaSampler.length; i++) {
      assertEquals(viaSampler[i], viaLm[2 + i], "token " + i);
    }
  }

  @Test
  void aTemperatureThatWouldOverflowIsRefusedNamingTheSamplerAndTheTemperature() throws Exception {
    Sampler s = new Sampler(tinyModel());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.withTemperature(1e-300));
    assertTrue(
        e.getMessage().startsWith("Sampler.withTemperature: temperature 1.0E-300"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.withTemperature(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> s.withTemperature(Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> SamplingConfig.DEFAULT.withTemperature(1e-300));
    // the smallest accepted temperature still samples real tokens, never NaN probabilities
    int[] cold =
        s.withTemperature(SamplingConfig.MIN_TEMPERATURE)
            .generate(new int[] {1, 2, 3}, 10, new Generator(1));
    assertArrayEquals(
        s.withTemperature(0).generate(new int[] {1, 2, 3}, 10, new Generator(1)), cold);
  }

  @Test
  void refusesBadArguments() throws Exception {
    GPT model = tinyModel();
    Sampler s = new Sampler(model);
    assertThrows(IllegalArgumentException.class, () -> s.generate(new int[0], 5, new Generator(1)));
    assertThrows(
        IllegalArgumentException.class, () -> s.generate(new int[] {65}, 5, new Generator(1)));
    assertThrows(IllegalArgumentException.class, () -> s.withTemperature(-1));
    assertThrows(IllegalArgumentException.class, () -> s.withTopP(0));
    assertThrows(IllegalArgumentException.class, () -> s.withTopK(0)); // off is leaving it out
    assertThrows(
        NullPointerException.class, () -> s.generate(new int[] {1}, 5, new Generator(1), null));
    assertThrows(IllegalArgumentException.class, () -> s.withCropStride(0));
    assertThrows(IllegalArgumentException.class, () -> s.withCropStride(17)); // block size 16
  }
}
