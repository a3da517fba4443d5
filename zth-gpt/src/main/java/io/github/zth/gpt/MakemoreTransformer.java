package io.github.zth.gpt;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import io.github.zth.gpt.internal.LinearBias;
import io.github.zth.nn.Embedding;
import io.github.zth.nn.LayerNorm;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import io.github.zth.nn.ModuleDict;
import io.github.zth.nn.ModuleList;
import java.util.Arrays;
import java.util.List;

/**
 * makemore.py's {@code Transformer}: GPT-2's architecture at makemore's scale (4 layers, 4 heads,
 * n_embd 64 by default). It differs from {@link GPT} (nanoGPT) where makemore differs: the
 * {@code lm_head} has its own weight (not tied to {@code wte}), the MLP uses the tanh GELU
 * ({@code NewGELU}), every layer keeps PyTorch's default initialisation, and there is no dropout.
 * The attention's causal mask and scale are fused into its softmax.
 * Parameter names are makemore's ({@code transformer.h.0.attn.c_attn.weight}, ...).
 *
 * <pre>{@code
 * var m = new MakemoreTransformer(27, 16, 4, 4, 64, new Generator(3407));
 * Tensor logits = m.forward(idx);   // (B, T) -> (B, T, 27)
 * }</pre>
 */
public final class MakemoreTransformer extends Module implements LanguageModel {

  private final GPTConfig config;
  private final Embedding wte;
  private final Embedding wpe;
  private final ModuleList h;
  private final LayerNorm lnF;
  private final Linear lmHead;

  /**
   * A pre-LayerNorm block: {@code x + c_proj(attention(c_attn(ln_1(x))))}, then
   * {@code x + c_proj(NewGELU(c_fc(ln_2(x))))}; causal multi-head attention as makemore's
   * {@code CausalSelfAttention}, its mask and scale fused into the softmax.
   */
  private static final class Block extends Module {
    private final int nHead;
    private final LayerNorm ln1;
    private final Linear cAttn;
    private final Linear attnProj;
    private final LayerNorm ln2;
    private final Linear cFc;
    private final Linear cProj;

    Block(int nEmbd, int nHead, Generator g) {
      this.nHead = nHead;
      ln1 = registerModule("ln_1", new LayerNorm(nEmbd, true));
      cAttn = new Linear(nEmbd, 3 * nEmbd, true, g);
      attnProj = new Linear(nEmbd, nEmbd, true, g);
      registerModule("attn", new ModuleDict().put("c_attn", cAttn).put("c_proj", attnProj));
      ln2 = registerModule("ln_2", new LayerNorm(nEmbd, true));
      cFc = new Linear(nEmbd, 4 * nEmbd, true, g);
      cProj = new Linear(4 * nEmbd, nEmbd, true, g);
      registerModule("mlp", new ModuleDict().put("c_fc", cFc).put("c_proj", cProj));
    }

    /** (B, T, C) → (B, T, C). */
    @Override
    public Tensor forward(Tensor x) {
      int b = x.size(0);
      int t = x.size(1);
      int c = x.size(2);
      int hs = c / nHead;
      Tensor h = ln1.forward(x).reshape(b * t, c); // (B*T, C): one GEMM per weight gradient
      List<Tensor> qkv = LinearBias.apply(cAttn, h).view(b, t, 3 * c).split(c, 2); // 3 × (B, T, C)
      Tensor q = qkv.get(0).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
      Tensor k = qkv.get(1).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
      Tensor v = qkv.get(2).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
      Tensor att = Tensor.scaledDotProductAttention(q, k, v, true); // (B, nh, T, hs): mask and scale inside the kernel
      Tensor y = att.transpose(1, 2).reshape(b * t, c); // (B*T, C), heads side by side
      x = x.add(LinearBias.apply(attnProj, y).view(b, t, c));
      Tensor m = LinearBias.apply(cFc, ln2.forward(x).reshape(b * t, c)); // (B*T, 4C)
      return x.add(LinearBias.apply(cProj, m.gelu(true)).view(b, t, c));
    }
  }

  /**
   * Builds a model with PyTorch's default initialisation, drawing in makemore's construction order.
   *
   * @param vocabSize number of token ids
   * @param blockSize the longest context (makemore: longest word + 1)
   * @param nLayer number of blocks
   * @param nHead attention heads, dividing {@code nEmbd}
   * @param nEmbd residual width
   * @param g the initialisation's random source
   * @throws IllegalArgumentException on a non-positive size or {@code nHead} not dividing {@code nEmbd}
   */
  public MakemoreTransformer(int vocabSize, int blockSize, int nLayer, int nHead, int nEmbd, Generator g) {
    this.config = new GPTConfig(blockSize, vocabSize, nLayer, nHead, nEmbd, 0.0, true);
    ModuleDict transformer = registerModule("transformer", new ModuleDict());
    wte = new Embedding(vocabSize, nEmbd, g);
    wpe = new Embedding(blockSize, nEmbd, g);
    h = new ModuleList();
    for (int i = 0; i < nLayer; i++) {
      h.add(new Block(nEmbd, nHead, g));
    }
    lnF = new LayerNorm(nEmbd, true);
    transformer.put("wte", wte).put("wpe", wpe).put("h", h).put("ln_f", lnF);
    lmHead = registerModule("lm_head", new Linear(nEmbd, vocabSize, false, g));
  }

  @Override
  public int blockSize() {
    return config.blockSize();
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  /**
   * Logits for every position.
   *
   * @param idx (B, T) INT64, T at most the block size
   * @return (B, T, vocab)
   * @throws IllegalArgumentException if idx is not (B, T) INT64 or T exceeds the block size
   */
  @Override
  public Tensor forward(Tensor idx) {
    if (idx.dtype() != DType.INT64 || idx.dim() != 2 || idx.size(1) > config.blockSize() || idx.size(1) < 1) {
      throw new IllegalArgumentException("MakemoreTransformer.forward: expected (B, T) INT64 with 1 <= T <= "
          + config.blockSize() + ", got " + idx.dtype() + " " + Arrays.toString(idx.shape()));
    }
    int b = idx.size(0);
    int t = idx.size(1);
    Tensor x = wte.forward(idx).add(wpe.forward(Tensor.arange(t))); // (B, T, C)
    for (Module block : h) {
      x = block.forward(x);
    }
    Tensor y = lnF.forward(x).reshape(b * t, config.nEmbd()); // (B*T, C)
    return lmHead.forward(y).view(b, t, config.vocabSize()); // (B, T, vocab)
  }

  @Override
  protected String extraRepr() {
    return "n_layer=" + config.nLayer() + ", n_head=" + config.nHead() + ", n_embd=" + config.nEmbd();
  }
}
