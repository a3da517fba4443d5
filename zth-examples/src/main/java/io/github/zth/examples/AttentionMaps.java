package io.github.zth.examples;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.gpt.GPT;
import io.github.zth.nn.CausalSelfAttention;
import io.github.zth.nn.Module;
import java.util.Map;

/**
 * The attention weights of a trained GPT's first layer, as the layer itself computes them: its
 * {@link CausalSelfAttention#forwardWithWeights} on {@code ln_1(wte(idx) + wpe(pos))}, in eval mode
 * (no dropout) — the matrix nanoGPT's {@code CausalSelfAttention} multiplies {@code v} by.
 */
@SuppressWarnings("try") // the GradMode guard is used for its scope, as torch.no_grad() is
final class AttentionMaps {
  private AttentionMaps() {}

  /**
   * The first layer's attention weights for one prompt.
   *
   * @param model a GPT (left in the training mode it was in)
   * @param ids the prompt's token ids, 1 to blockSize of them
   * @return {@code att[head][query][key]}: each row sums to 1 and is 0 right of the diagonal
   * @throws IllegalArgumentException if the prompt is empty or longer than the block size
   */
  static double[][][] firstLayer(GPT model, int[] ids) {
    int t = ids.length;
    int block = model.config().blockSize();
    if (t < 1 || t > block) {
      throw new IllegalArgumentException(
          "attention map: prompt of " + t + " tokens: expected 1 to " + block);
    }
    int nh = model.config().nHead();
    Map<String, Module> mods = model.namedModules();
    Module wte = module(mods, "transformer.wte");
    Module wpe = module(mods, "transformer.wpe");
    Module ln1 = module(mods, "transformer.h.0.ln_1");
    if (!(module(mods, "transformer.h.0.attn") instanceof CausalSelfAttention attn)) {
      throw new IllegalStateException(
          "attention map: transformer.h.0.attn is not a CausalSelfAttention");
    }
    long[] idx = new long[t];
    for (int i = 0; i < t; i++) {
      idx[i] = ids[i];
    }
    boolean training = model.isTraining();
    double[] w;
    model.eval();
    try (var off = GradMode.disabled()) {
      Tensor x =
          wte.forward(Tensor.fromArray(idx, 1, t)).add(wpe.forward(Tensor.arange(t))); // (1, T, C)
      w = attn.forwardWithWeights(ln1.forward(x)).weights().toDoubleArray(); // (1, nh, T, T)
    } finally {
      model.train(training);
    }
    double[][][] att = new double[nh][t][t];
    for (int h = 0; h < nh; h++) {
      for (int i = 0; i < t; i++) {
        System.arraycopy(w, (h * t + i) * t, att[h][i], 0, t);
      }
    }
    return att;
  }

  private static Module module(Map<String, Module> mods, String name) {
    Module m = mods.get(name);
    if (m == null) {
      throw new IllegalStateException(
          "attention map: the model has no module '" + name + "' (expected nanoGPT's layout)");
    }
    return m;
  }
}
