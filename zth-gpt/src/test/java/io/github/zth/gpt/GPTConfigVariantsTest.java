package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The switches that make one GPT class both nanoGPT's model and makemore.py's Transformer. */
class GPTConfigVariantsTest {

  @Test
  void makemoresVariantHasItsOwnHeadAndTheTorchDefaultInit() {
    GPTConfig m = GPTConfig.makemore(27, 16, 2, 2, 8);
    assertFalse(m.tieWeights());
    assertTrue(m.geluTanh());
    assertEquals(GPTConfig.InitScheme.TORCH_DEFAULT, m.init());
    GPT model = new GPT(m, new Generator(3407));
    Map<String, Tensor> p = model.namedParameters();
    assertTrue(p.containsKey("lm_head.weight"), "an untied head is a parameter of its own");
    assertNotSame(p.get("lm_head.weight"), p.get("transformer.wte.weight"));
    assertEquals(
        List.of(
            "transformer.wte.weight",
            "transformer.wpe.weight",
            "transformer.h.0.ln_1.weight",
            "transformer.h.0.ln_1.bias",
            "transformer.h.0.attn.c_attn.weight",
            "transformer.h.0.attn.c_attn.bias",
            "transformer.h.0.attn.c_proj.weight",
            "transformer.h.0.attn.c_proj.bias"),
        List.copyOf(p.keySet()).subList(0, 8));
    // PyTorch's default init: Linear weights uniform within 1/sqrt(fan_in), not nanoGPT's normal(0,
    // 0.02)
    float bound = (float) (1 / Math.sqrt(8));
    for (float w : p.get("transformer.h.0.attn.c_attn.weight").toFloatArray()) {
      assertTrue(Math.abs(w) <= bound, "uniform bound " + bound + ", got " + w);
    }
    assertTrue(
        p.get("transformer.h.0.attn.c_attn.bias").abs().sum().item() > 0,
        "biases keep their default draws");
  }

  @Test
  void nanoGptsVariantTiesTheHeadAndReDrawsLikeNanoGpt() {
    GPT model = new GPT(new GPTConfig(8, 11, 2, 2, 16, 0.0, true), new Generator(1));
    Map<String, Module> mods = model.namedModules();
    assertSame(
        model.namedParameters().get("transformer.wte.weight"),
        model.stateDict().get("lm_head.weight"));
    assertEquals(
        0.0,
        model.namedParameters().get("transformer.h.0.attn.c_attn.bias").abs().sum().item(),
        "zero biases");
    assertTrue(mods.containsKey("transformer.h.1.mlp.c_proj"));
  }

  @Test
  void switchesSurviveJsonAndNanoGptsFileStaysNanoGpts() {
    GPTConfig m = GPTConfig.makemore(27, 16, 2, 2, 8);
    assertEquals(m, GPTConfig.fromJson(m.toJson()));
    GPTConfig n = new GPTConfig(8, 11, 2, 2, 16, 0.1, false);
    assertFalse(n.toJson().contains("tie_weights"), n.toJson());
    assertEquals(n, GPTConfig.fromJson(n.toJson()));
    assertEquals(
        n.withGeluTanh(true).withTieWeights(false).withInit(GPTConfig.InitScheme.TORCH_DEFAULT),
        GPTConfig.fromJson(
            n.withGeluTanh(true)
                .withTieWeights(false)
                .withInit(GPTConfig.InitScheme.TORCH_DEFAULT)
                .toJson()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GPTConfig.fromJson("{\"gelu\": \"fast\"}"));
    assertEquals("config.json: \"gelu\" must be \"none\" or \"tanh\", got fast", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> GPTConfig.fromJson("{\"init\": \"xavier\"}"));
    assertThrows(IllegalArgumentException.class, () -> n.withInit(null));
  }

  @Test
  void aFloat64ModelGeneratesThroughCachesOfItsOwnDtype() {
    GPT model = new GPT(GPTConfig.makemore(7, 6, 1, 2, 4), new Generator(2));
    model.to(io.github.zth.autograd.DType.FLOAT64);
    model.eval();
    Tensor idx = Tensor.fromArray(new long[] {1, 2, 3}, 1, 3);
    double[] full = model.forward(idx).select(1, 2).toDoubleArray();
    double[] cached = model.forward(idx, model.newCaches(1)).toDoubleArray();
    org.junit.jupiter.api.Assertions.assertArrayEquals(full, cached, 1e-12);
  }
}
