package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zth.autograd.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplerTest {

  static GPT tinyModel() throws Exception {
    return GPT.fromPretrained(GptInteropTest.golden("gpt_bias")); // block 16, random N(0, 0.3) weights
  }

  @ParameterizedTest
  @CsvSource({"3, 1.0, 0, 1.0, 1", "1, 0.8, 10, 1.0, 2", "7, 1.5, 0, 0.9, 3", "16, 0.5, 5, 0.95, 4", "2, 0.0, 0, 1.0, 5"})
  void cachedGenerationEqualsUncached(int promptLen, double temperature, int topK, double topP, long seed) throws Exception {
    GPT model = tinyModel();
    int[] prompt = new int[promptLen];
    for (int i = 0; i < promptLen; i++) {
      prompt[i] = (int) ((seed * 31 + i * 17) % 65);
    }
    Sampler s = new Sampler(model).withTemperature(temperature).withTopK(topK).withTopP(topP);
    int n = 30; // runs past the block size of 16, through the re-run fallback
    List<Integer> streamed = new ArrayList<>();
    int[] cached = s.generate(prompt, n, new Generator(seed), streamed::add);
    int[] plain = s.withCache(false).generate(prompt, n, new Generator(seed), null);
    assertArrayEquals(plain, cached);
    assertEquals(n, cached.length);
    assertArrayEquals(cached, streamed.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void topKOneIsGreedy() throws Exception {
    GPT model = tinyModel();
    int[] prompt = {1, 2, 3};
    int[] greedy = new Sampler(model).withTemperature(0).generate(prompt, 10, new Generator(1), null);
    int[] top1 = new Sampler(model).withTopK(1).generate(prompt, 10, new Generator(2), null);
    assertArrayEquals(greedy, top1);
  }

  @Test
  void refusesBadArguments() throws Exception {
    GPT model = tinyModel();
    Sampler s = new Sampler(model);
    assertThrows(IllegalArgumentException.class, () -> s.generate(new int[0], 5, new Generator(1), null));
    assertThrows(IllegalArgumentException.class, () -> s.generate(new int[] {65}, 5, new Generator(1), null));
    assertThrows(IllegalArgumentException.class, () -> s.withTemperature(-1));
    assertThrows(IllegalArgumentException.class, () -> s.withTopP(0));
  }
}
