package io.github.zth.nn;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import java.util.List;

/**
 * Multi-head masked self-attention, nanoGPT's {@code CausalSelfAttention}: one {@code c_attn} linear
 * projects to queries, keys and values for all heads at once, each position attends to itself and
 * earlier positions only, and {@code c_proj} mixes the heads' outputs.
 *
 * <p>Parameters {@code c_attn.weight (3C, C)}, {@code c_attn.bias}, {@code c_proj.weight (C, C)},
 * {@code c_proj.bias} (nanoGPT's names, so its state dicts load), created in that order with
 * {@link Linear}'s torch initialisation. Attention runs as {@link Tensor#scaledDotProductAttention}
 * (the causal mask and scale inside the kernel); only dropout in training mode needs the attention
 * weights as a tensor, masked by a non-persistent buffer, as in current nanoGPT, so it is not saved.
 *
 * <p>{@link MultiheadAttention} is torch's module for the same computation (its parameters are named
 * {@code in_proj_weight}, {@code out_proj.weight}, …, and it takes any mask); both share the
 * attention arithmetic. Use this one for nanoGPT models and checkpoints.
 */
public class CausalSelfAttention extends Module {

    private final int nEmbd;
    private final int nHead;
    private final int blockSize;
    private final Linear cAttn;
    private final Linear cProj;
    private final Dropout attnDropout;
    private final Dropout residDropout;
    private final Tensor future;
    private final double dropout;

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
    public CausalSelfAttention(int nEmbd, int nHead, int blockSize, boolean bias, double dropout, Generator generator) {
        if (nHead <= 0 || nEmbd <= 0 || nEmbd % nHead != 0 || blockSize <= 0) {
            throw new IllegalArgumentException("CausalSelfAttention: need n_embd divisible by n_head and positive sizes, got n_embd "
                    + nEmbd + ", n_head " + nHead + ", block_size " + blockSize);
        }
        this.nEmbd = nEmbd;
        this.nHead = nHead;
        this.blockSize = blockSize;
        this.dropout = dropout;
        this.cAttn = registerModule("c_attn", new Linear(nEmbd, 3 * nEmbd, bias, generator));
        this.cProj = registerModule("c_proj", new Linear(nEmbd, nEmbd, bias, generator));
        this.attnDropout = registerModule("attn_dropout", new Dropout(dropout, generator));
        this.residDropout = registerModule("resid_dropout", new Dropout(dropout, generator));
        // true above the diagonal: the positions a query must not see
        this.future = registerBuffer("mask", Tensor.ones(blockSize, blockSize).triu(1).gt(0.0), false);
    }

    /** (B, T, C) → (B, T, C), T ≤ block_size. */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != nEmbd || s[1] > blockSize || s[1] == 0) {
            throw new IllegalArgumentException("CausalSelfAttention: expected (B, T, " + nEmbd + ") with 0 < T <= " + blockSize + ", got "
                    + java.util.Arrays.toString(s));
        }
        int b = s[0];
        int t = s[1];
        int hs = nEmbd / nHead;
        List<Tensor> qkv = cAttn.forward(x).split(nEmbd, 2); // 3 x (B, T, C)
        Tensor q = qkv.get(0).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
        Tensor k = qkv.get(1).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
        Tensor v = qkv.get(2).reshape(b, t, nHead, hs).transpose(1, 2); // (B, nh, T, hs)
        Tensor y;
        if (dropout > 0 && isTraining()) {
            // dropout on the attention weights needs them as a tensor: the unfused path
            y = Attention.attend(q, k, v, future.narrow(0, 0, t).narrow(1, 0, t), attnDropout::forward, false).output();
        } else {
            y = Tensor.scaledDotProductAttention(q, k, v, true); // (B, nh, T, hs): mask and scale inside the kernel
        }
        y = y.transpose(1, 2).reshape(b, t, nEmbd); // (B, T, C): heads side by side
        return residDropout.forward(cProj.forward(y));
    }

    /**
     * Returns the q,k,v projection {@code c_attn}, (3C, C).
     *
     * @return the projection
     */
    public Linear cAttn() {
        return cAttn;
    }

    /**
     * Returns the output projection {@code c_proj}, (C, C).
     *
     * @return the projection
     */
    public Linear cProj() {
        return cProj;
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
