package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.TensorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden values from tools/golden/gpt_interop.py (PyTorch 1.13 running tools/torchref/nanogpt.py).
 */
class GptInteropTest {

  static Path golden(String name) throws Exception {
    return Path.of(GptInteropTest.class.getResource("/golden/" + name + "/config.json").toURI())
        .getParent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt_bias", "gpt_nobias"})
  void seededInitialisationEqualsNanoGpt(String name) throws Exception {
    Path dir = golden(name);
    GPTConfig config = GPTConfig.fromJson(Files.readString(dir.resolve("config.json")));
    GPT model = new GPT(config, new Generator(1337));
    Map<String, Tensor> expected = TensorFiles.load(dir.resolve("init.safetensors"));
    Map<String, Tensor> actual = model.stateDict();
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      assertArrayEquals(expected.get(k).toFloatArray(), actual.get(k).toFloatArray(), 0f, k);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt_bias", "gpt_nobias"})
  @SuppressWarnings("try")
  void logitsAndLossMatchTorch(String name) throws Exception {
    Path dir = golden(name);
    GPT model = GPT.fromPretrained(dir);
    Map<String, Tensor> check = TensorFiles.load(dir.resolve("check.safetensors"));
    try (var off = GradMode.disabled()) {
      Tensor logits = model.forward(check.get("idx"));
      assertArrayEquals(check.get("logits").shape(), logits.shape());
      assertArrayEquals(check.get("logits").toFloatArray(), logits.toFloatArray(), 1e-4f);
      Tensor loss = model.loss(check.get("idx"), check.get("targets"));
      assertEquals(check.get("loss").item(), loss.item(), 1e-5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt_bias", "gpt_nobias"})
  void numParametersCountsTheTiedHeadOnce(String name) throws Exception {
    GPTConfig c = GPTConfig.fromJson(Files.readString(golden(name).resolve("config.json")));
    GPT model = new GPT(c, new Generator(1));
    long expectedAll = name.equals("gpt_bias") ? 28064 : 27328; // printed by gpt_interop.py
    assertEquals(expectedAll, model.numParameters(false));
    assertEquals(expectedAll - (long) c.blockSize() * c.nEmbd(), model.numParameters(true));
    assertTrue(model.namedParameters().containsKey("transformer.wte.weight"));
    assertTrue(!model.namedParameters().containsKey("lm_head.weight"));
    assertTrue(model.stateDict().containsKey("lm_head.weight"));
  }
}
