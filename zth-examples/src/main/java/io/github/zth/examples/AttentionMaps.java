package io.github.zth.examples;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.gpt.GPT;
import io.github.zth.nn.Module;
import java.util.Map;

/**
 * The attention weights of a trained GPT's first layer, recomputed from its public modules so the
 * model itself stays untouched: {@code x = wte(idx) + wpe(pos)}, {@code q, k = c_attn(ln_1(x))}, then
 * per head {@code softmax(q kᵀ / sqrt(hs))} with the causal mask — the matrix nanoGPT's
 * {@code CausalSelfAttention} multiplies {@code v} by, in eval mode (no dropout).
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
      throw new IllegalArgumentException("attention map: prompt of " + t + " tokens: expected 1 to " + block);
    }
    int c = model.config().nEmbd();
    int nh = model.config().nHead();
    int hs = c / nh;
    Map<String, Module> mods = model.namedModules();
    Module wte = module(mods, "transformer.wte");
    Module wpe = module(mods, "transformer.wpe");
    Module ln1 = module(mods, "transformer.h.0.ln_1");
    Module cAttn = module(mods, "transformer.h.0.attn.c_attn");
    long[] idx = new long[t];
    for (int i = 0; i < t; i++) {
      idx[i] = ids[i];
    }
    boolean training = model.isTraining();
    float[] qkv;
    model.eval();
    try (var off = GradMode.disabled()) {
      Tensor x = wte.forward(Tensor.fromArray(idx, 1, t)).add(wpe.forward(Tensor.arange(t))); // (1, T, C)
      qkv = cAttn.forward(ln1.forward(x).reshape(t, c)).toFloatArray(); // (T, 3C): q | k | v
    } finally {
      model.train(training);
    }
    double scale = 1.0 / Math.sqrt(hs);
    double[][][] att = new double[nh][t][t];
    for (int h = 0; h < nh; h++) {
      for (int i = 0; i < t; i++) {
        double[] row = att[h][i];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) { // the causal mask: keys after the query get weight 0
          double dot = 0;
          for (int d = 0; d < hs; d++) {
            dot += (double) qkv[i * 3 * c + h * hs + d] * qkv[j * 3 * c + c + h * hs + d];
          }
          row[j] = dot * scale;
          max = Math.max(max, row[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
          row[j] = Math.exp(row[j] - max);
          sum += row[j];
        }
        for (int j = 0; j <= i; j++) {
          row[j] /= sum;
        }
      }
    }
    return att;
  }

  private static Module module(Map<String, Module> mods, String name) {
    Module m = mods.get(name);
    if (m == null) {
      throw new IllegalStateException("attention map: the model has no module '" + name + "' (expected nanoGPT's layout)");
    }
    return m;
  }
}
