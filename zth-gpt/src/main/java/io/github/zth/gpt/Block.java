package io.github.zth.gpt;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.CausalSelfAttention;
import io.github.zth.nn.KVCache;
import io.github.zth.nn.LayerNorm;
import io.github.zth.nn.Module;

/**
 * A pre-LayerNorm transformer block, nanoGPT's and makemore's {@code Block}: {@code x +
 * attn(ln_1(x))}, then {@code x + mlp(ln_2(x))}.
 */
public final class Block extends Module {

  private final LayerNorm ln1;
  private final CausalSelfAttention attn;
  private final LayerNorm ln2;
  private final MLP mlp;

  /**
   * Creates the two LayerNorms, the attention and the MLP, in torch's order.
   *
   * @param config the model shape
   * @param generator consumed for initialisation and dropout
   */
  public Block(GPTConfig config, Generator generator) {
    ln1 = registerModule("ln_1", new LayerNorm(config.nEmbd(), config.bias()));
    attn =
        registerModule(
            "attn",
            new CausalSelfAttention(
                config.nEmbd(),
                config.nHead(),
                config.blockSize(),
                config.bias(),
                config.dropout(),
                generator));
    ln2 = registerModule("ln_2", new LayerNorm(config.nEmbd(), config.bias()));
    mlp = registerModule("mlp", new MLP(config, generator));
  }

  /** (B, T, C) → (B, T, C). */
  @Override
  public Tensor forward(Tensor x) {
    x = x.add(attn.forward(ln1.forward(x)));
    return x.add(mlp.forward(ln2.forward(x)));
  }

  /**
   * Cached inference for new positions, see {@link CausalSelfAttention#forward(Tensor, KVCache)}.
   *
   * @param x (B, Tn, C)
   * @param cache this block's cache
   * @return (B, Tn, C)
   */
  public Tensor forward(Tensor x, KVCache cache) {
    x = x.add(attn.forward(ln1.forward(x), cache));
    return x.add(mlp.forward(ln2.forward(x)));
  }
}
