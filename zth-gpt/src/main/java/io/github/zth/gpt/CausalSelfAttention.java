package io.github.zth.gpt;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.Functional;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import java.util.List;

/**
 * Multi-head masked self-attention, nanoGPT's {@code CausalSelfAttention}: one {@code c_attn}
 * Linear makes q, k and v, each head attends to earlier positions only, {@code c_proj} mixes the
 * heads. Attention is {@link Tensor#scaledDotProductAttention}: the causal mask and the
 * {@code 1/sqrt(hs)} scale live inside its kernel, so no T×T mask tensor is built per step. Only with
 * dropout in training mode are the attention weights materialised (dropout needs them), masked by a
 * (blockSize, blockSize) mask made once.
 */
public final class CausalSelfAttention extends Module {

  private final GPTConfig config;
  private final Linear cAttn;
  private final Linear cProj;
  private final Generator generator;
  /** True above the diagonal; read only by the dropout path. */
  private final Tensor future;

  /**
   * Creates the q,k,v and output projections.
   *
   * @param config the model shape
   * @param generator consumed for the default Linear initialisation (as torch does) and for dropout
   */
  public CausalSelfAttention(GPTConfig config, Generator generator) {
    this.config = config;
    this.generator = generator;
    cAttn = registerModule("c_attn", new Linear(config.nEmbd(), 3 * config.nEmbd(), config.bias(), generator));
    cProj = registerModule("c_proj", new Linear(config.nEmbd(), config.nEmbd(), config.bias(), generator));
    future = Tensor.ones(config.blockSize(), config.blockSize()).triu(1).gt(0.0);
  }

  /**
   * Returns the q,k,v projection (3C, C).
   *
   * @return the q,k,v projection (3C, C)
   */
  public Linear cAttn() {
    return cAttn;
  }

  /**
   * Returns the output projection (C, C).
   *
   * @return the output projection (C, C)
   */
  public Linear cProj() {
    return cProj;
  }

  /** (B, T, C) → (B, T, C). */
  @Override
  public Tensor forward(Tensor x) {
    int b = x.size(0);
    int t = x.size(1);
    int c = x.size(2);
    int nh = config.nHead();
    int hs = c / nh;
    List<Tensor> qkv = cAttn.forward(x.reshape(b * t, c)).view(b, t, 3 * c).split(c, 2); // 3 × (B, T, C)
    Tensor q = qkv.get(0).view(b, t, nh, hs).transpose(1, 2); // (B, nh, T, hs), a strided view
    Tensor k = qkv.get(1).view(b, t, nh, hs).transpose(1, 2); // (B, nh, T, hs)
    Tensor v = qkv.get(2).view(b, t, nh, hs).transpose(1, 2); // (B, nh, T, hs)
    Tensor y;
    if (config.dropout() > 0 && isTraining()) {
      // dropout on the attention weights needs them as a tensor: the unfused path
      Tensor att = q.matmul(k.transpose(-2, -1)).mul(1.0 / Math.sqrt(hs)); // (B, nh, T, T)
      att = att.maskedFill(future.narrow(0, 0, t).narrow(1, 0, t), Double.NEGATIVE_INFINITY).softmax(-1);
      y = Functional.dropout(att, config.dropout(), true, generator).matmul(v); // (B, nh, T, hs)
    } else {
      y = Tensor.scaledDotProductAttention(q, k, v, true); // (B, nh, T, hs), scale and mask inside the kernel
    }
    y = y.transpose(1, 2).reshape(b * t, c); // (B*T, C): heads side by side (a view of the kernel's output)
    return Functional.dropout(cProj.forward(y).view(b, t, c), config.dropout(), isTraining(), generator);
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
    int nh = config.nHead();
    int hs = c / nh;
    if (cache.batch() != b || cache.nHead() != nh || cache.headSize() != hs || cache.length() + tn > cache.capacity()) {
      throw new IllegalArgumentException("CausalSelfAttention.forward: a cache of batch " + cache.batch() + ", "
          + cache.nHead() + " heads, " + cache.length() + "/" + cache.capacity() + " positions cannot take input " + b
          + "x" + tn + "x" + c);
    }
    float[] qkv = cAttn.forward(x).toFloatArray(); // (B, Tn, 3C)
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
    return cProj.forward(Tensor.fromArray(y, b, tn, c));
  }

  @Override
  protected String extraRepr() {
    return "n_head=" + config.nHead();
  }
}
