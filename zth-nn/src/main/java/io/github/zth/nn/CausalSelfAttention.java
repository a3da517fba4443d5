package io.github.zth.nn;

import io.github.zth.autograd.AttentionOutput;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-head masked self-attention, nanoGPT's and makemore's {@code CausalSelfAttention} and the
 * one attention layer of every zth transformer: one {@code c_attn} linear projects to queries, keys
 * and values for all heads at once, each position attends to itself and earlier positions only, and
 * {@code c_proj} mixes the heads' outputs.
 *
 * <p>Parameters {@code c_attn.weight (3C, C)}, {@code c_attn.bias}, {@code c_proj.weight (C, C)},
 * {@code c_proj.bias} (nanoGPT's and makemore's names, so their state dicts load), created in that
 * order with {@link Linear}'s torch initialisation. The arithmetic is the autograd kernel's ({@link
 * Tensor#scaledDotProductAttention(Tensor, Tensor, Tensor, boolean, int, double, Generator,
 * boolean)}): the scale, causal mask, softmax, dropout on the weights and weighted sum in one op.
 * The layer adds three ways to run it: training and evaluation ({@link #forward(Tensor)}),
 * generation with a {@link KVCache} ({@link #forward(Tensor, KVCache)}), and with the attention
 * weights returned for inspection ({@link #forwardWithWeights(Tensor)}).
 *
 * <p>torch's {@code nn.MultiheadAttention} (separate query/key/value inputs, arbitrary masks) is
 * not provided: zth's transformers only need causal self-attention.
 */
public class CausalSelfAttention extends Module {

  private final int nEmbd;
  private final int nHead;
  private final int blockSize;
  private final double dropout;
  private final Generator generator;
  private final Linear cAttn;
  private final Linear cProj;

  /**
   * Creates the layer, initialised from the default generator.
   *
   * @param nEmbd embedding size C, divisible by nHead
   * @param nHead number of heads
   * @param blockSize the longest sequence T it accepts
   * @param bias whether the projections have biases
   * @param dropout dropout probability on attention weights and on the output
   */
  public CausalSelfAttention(int nEmbd, int nHead, int blockSize, boolean bias, double dropout) {
    this(nEmbd, nHead, blockSize, bias, dropout, Zth.defaultGenerator());
  }

  /**
   * Creates the layer.
   *
   * @param nEmbd embedding size C, divisible by nHead
   * @param nHead number of heads, positive
   * @param blockSize the longest sequence T it accepts, positive
   * @param bias whether the projections have biases
   * @param dropout dropout probability on attention weights and on the output, in [0, 1]
   * @param generator random source for initialisation and dropout
   * @throws IllegalArgumentException on inconsistent sizes
   */
  public CausalSelfAttention(
      int nEmbd, int nHead, int blockSize, boolean bias, double dropout, Generator generator) {
    if (nHead <= 0 || nEmbd <= 0 || nEmbd % nHead != 0 || blockSize <= 0) {
      throw new IllegalArgumentException(
          "CausalSelfAttention: need n_embd divisible by n_head and positive sizes, got n_embd "
              + nEmbd
              + ", n_head "
              + nHead
              + ", block_size "
              + blockSize);
    }
    Functional.checkProbability("CausalSelfAttention dropout", dropout);
    this.nEmbd = nEmbd;
    this.nHead = nHead;
    this.blockSize = blockSize;
    this.dropout = dropout;
    this.generator = generator;
    this.cAttn = registerModule("c_attn", new Linear(nEmbd, 3 * nEmbd, bias, generator));
    this.cProj = registerModule("c_proj", new Linear(nEmbd, nEmbd, bias, generator));
  }

  /** (B, T, C) → (B, T, C), T ≤ block_size. */
  @Override
  public Tensor forward(Tensor x) {
    return run(x, null, false).output();
  }

  /**
   * The forward pass with the attention weights, for looking at what the layer attends to (as the
   * course's attention maps do); same output as {@link #forward(Tensor)}.
   *
   * @param x (B, T, C)
   * @return the output (B, T, C) and the weights (B, nh, T, T), each row summing to 1, zero right
   *     of the diagonal (after dropout in training mode)
   */
  public AttentionOutput forwardWithWeights(Tensor x) {
    return run(x, null, true);
  }

  /**
   * Inference with a cache: appends the keys and values of the {@code Tn} new positions to {@code
   * cache} and lets each new query attend to every cached position up to its own. Run it without
   * gradients; dropout is off.
   *
   * @param x (B, Tn, C) for positions {@code cache.length() ..}
   * @param cache this layer's cache, with room for Tn more positions
   * @return (B, Tn, C)
   * @throws IllegalArgumentException if the cache is too small or made for another shape
   */
  public Tensor forward(Tensor x, KVCache cache) {
    return run(x, cache, false).output();
  }

  private AttentionOutput run(Tensor x, KVCache cache, boolean needWeights) {
    int[] s = x.shape();
    int limit = cache == null ? blockSize : blockSize - cache.length();
    if (s.length != 3 || s[2] != nEmbd || s[1] > limit || s[1] == 0) {
      throw new IllegalArgumentException(
          "CausalSelfAttention: expected (B, T, "
              + nEmbd
              + ") with 0 < T <= "
              + limit
              + (cache == null
                  ? ""
                  : " (block size " + blockSize + ", " + cache.length() + " cached)")
              + ", got "
              + Arrays.toString(s));
    }
    int b = s[0];
    int t = s[1];
    int hs = nEmbd / nHead;
    // (B*T, C) rows: one GEMM per weight gradient, as makemore's reshape does
    List<Tensor> qkv =
        cAttn
            .forward(x.reshape(b * t, nEmbd))
            .view(b, t, 3 * nEmbd)
            .split(nEmbd, 2); // 3 x (B, T, C)
    Tensor q = qkv.get(0).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
    Tensor k = qkv.get(1).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
    Tensor v = qkv.get(2).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
    int start = 0;
    if (cache != null) {
      start = cache.length();
      Tensor[] kv = cache.append(k, v); // (B, nh, start + T, hs) each
      k = kv[0];
      v = kv[1];
    }
    double p = cache == null && isTraining() ? dropout : 0;
    AttentionOutput a =
        Tensor.scaledDotProductAttention(q, k, v, true, start, p, generator, needWeights);
    Tensor y = a.output().transpose(1, 2).reshape(b * t, nEmbd); // (B*T, C): heads side by side
    y = cProj.forward(y).view(b, t, nEmbd);
    return new AttentionOutput(Functional.dropout(y, p, p > 0, generator), a.weights());
  }

  /**
   * Returns the number of heads.
   *
   * @return n_head
   */
  public int nHead() {
    return nHead;
  }

  @Override
  protected String extraRepr() {
    return "n_embd=" + nEmbd + ", n_head=" + nHead + ", block_size=" + blockSize;
  }
}
