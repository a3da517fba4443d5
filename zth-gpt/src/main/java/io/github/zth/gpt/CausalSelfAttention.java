package io.github.zth.gpt;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;

/**
 * zth-nn's {@link io.github.zth.nn.CausalSelfAttention} (nanoGPT's module, its parameter names and
 * its attention kernel) sized by a {@link GPTConfig}, plus the cached forward pass the {@link Sampler}
 * uses to generate one token at a time.
 */
public final class CausalSelfAttention extends io.github.zth.nn.CausalSelfAttention {

  /**
   * Creates the q,k,v and output projections.
   *
   * @param config the model shape
   * @param generator consumed for the default Linear initialisation (as torch does) and for dropout
   */
  public CausalSelfAttention(GPTConfig config, Generator generator) {
    super(config.nEmbd(), config.nHead(), config.blockSize(), config.bias(), config.dropout(), generator);
  }

  /**
   * Inference with a cache: appends the keys and values of the {@code Tn} new positions to
   * {@code cache} and lets each new query attend to every cached position up to its own. Run it
   * without gradients.
   *
   * @param x (B, Tn, C) for positions {@code cache.length() ..}
   * @param cache this layer's cache, with room for Tn more positions
   * @return (B, Tn, C)
   * @throws IllegalArgumentException if the cache is too small or made for another shape
   */
  public Tensor forward(Tensor x, KVCache cache) {
    int b = x.size(0);
    int tn = x.size(1);
    int c = x.size(2);
    int nh = nHead();
    int hs = c / nh;
    if (cache.batch() != b || cache.nHead() != nh || cache.headSize() != hs || cache.length() + tn > cache.capacity()) {
      throw new IllegalArgumentException("CausalSelfAttention.forward: a cache of batch " + cache.batch() + ", "
          + cache.nHead() + " heads, " + cache.length() + "/" + cache.capacity() + " positions cannot take input " + b
          + "x" + tn + "x" + c);
    }
    float[] qkv = cAttn().forward(x).toFloatArray(); // (B, Tn, 3C)
    int start = cache.length();
    for (int bi = 0; bi < b; bi++) {
      for (int i = 0; i < tn; i++) {
        int row = (bi * tn + i) * 3 * c;
        for (int h = 0; h < nh; h++) {
          int o = cache.offset(bi, h, start + i);
          System.arraycopy(qkv, row + c + h * hs, cache.keys, o, hs);
          System.arraycopy(qkv, row + 2 * c + h * hs, cache.values, o, hs);
        }
      }
    }
    cache.advance(tn);
    float[] y = new float[b * tn * c];
    float scale = (float) (1.0 / Math.sqrt(hs));
    float[] w = new float[cache.length()];
    for (int bi = 0; bi < b; bi++) {
      for (int h = 0; h < nh; h++) {
        int kv0 = cache.offset(bi, h, 0);
        for (int i = 0; i < tn; i++) {
          int q0 = (bi * tn + i) * 3 * c + h * hs;
          int n = start + i + 1; // causal: keys 0..start+i
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < n; j++) {
            float s = 0;
            int k0 = kv0 + j * hs;
            for (int d = 0; d < hs; d++) {
              s += qkv[q0 + d] * cache.keys[k0 + d];
            }
            w[j] = s * scale;
            max = Math.max(max, w[j]);
          }
          float sum = 0;
          for (int j = 0; j < n; j++) {
            w[j] = (float) Math.exp(w[j] - max);
            sum += w[j];
          }
          int y0 = (bi * tn + i) * c + h * hs;
          for (int j = 0; j < n; j++) {
            float p = w[j] / sum;
            int v0 = kv0 + j * hs;
            for (int d = 0; d < hs; d++) {
              y[y0 + d] += p * cache.values[v0 + d];
            }
          }
        }
      }
    }
    return cProj().forward(Tensor.fromArray(y, b, tn, c));
  }
}
