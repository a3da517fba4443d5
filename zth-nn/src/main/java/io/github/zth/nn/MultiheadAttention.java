package io.github.zth.nn;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.nn.init.Init;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-head attention, torch's {@code nn.MultiheadAttention} with {@code batch_first=True}:
 * queries, keys and values are projected by {@code in_proj_weight (3E, E)} and
 * {@code in_proj_bias (3E)}, split into {@code numHeads} heads, attend with
 * {@code softmax(q k^T / sqrt(E / numHeads) + mask) v}, and are mixed by {@code out_proj}.
 *
 * <p>Parameter names, shapes and initialisation are torch's, so state dicts exchange with torch and a
 * seeded layer draws torch's numbers: {@code out_proj} is initialised as a {@link Linear}, then
 * {@code in_proj_weight} with {@code xavier_uniform_}; both biases start at zero. Not supported:
 * {@code kdim}/{@code vdim} different from E, {@code add_bias_kv}, {@code add_zero_attn},
 * {@code batch_first=False} (inputs are (B, L, E), or unbatched (L, E)).
 *
 * <p>{@link CausalSelfAttention} is nanoGPT's self-attention module (parameters {@code c_attn},
 * {@code c_proj}, causal mask built in); this class is the general one. Both share the attention
 * arithmetic.
 *
 * <pre>{@code
 * MultiheadAttention mha = new MultiheadAttention(64, 4);
 * Tensor y = mha.forward(x, x, x, MultiheadAttention.causalMask(x.size(1)), null, false, true).output(); // (B, T, 64)
 * }</pre>
 */
public class MultiheadAttention extends Module {

    /**
     * What {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, boolean, boolean)} returns.
     *
     * @param output (B, L, E), or (L, E) unbatched
     * @param weights the attention weights after dropout: averaged over heads (B, L, S), per head
     *     (B, numHeads, L, S) (without B when unbatched), or null when not asked for
     */
    public record Output(Tensor output, Tensor weights) {
    }

    private final int embedDim;
    private final int numHeads;
    private final double dropout;
    private final boolean bias;
    private final Generator generator;
    private final Linear outProj;

    /**
     * A layer with biases and no dropout, initialised from the default generator.
     *
     * @param embedDim model width E, divisible by numHeads
     * @param numHeads number of heads
     */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0.0, true, Zth.defaultGenerator());
    }

    /**
     * Creates the layer, torch's arguments in torch's order.
     *
     * @param embedDim model width E, positive and divisible by numHeads
     * @param numHeads number of heads, positive
     * @param dropout dropout probability on the attention weights in training, in [0, 1]
     * @param bias whether the projections have biases
     * @param generator random source for initialisation and dropout
     * @throws IllegalArgumentException on inconsistent sizes or a bad probability
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, Generator generator) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim must be positive and divisible by num_heads, got embed_dim "
                    + embedDim + ", num_heads " + numHeads);
        }
        Functional.checkProbability("MultiheadAttention dropout", dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.bias = bias;
        this.generator = java.util.Objects.requireNonNull(generator, "generator");
        Tensor inProj = registerParameter("in_proj_weight", Tensor.zeros(3 * embedDim, embedDim));
        if (bias) {
            registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim));
        }
        this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias, generator));
        Init.xavierUniform_(inProj, 1.0, generator); // after out_proj, as torch's _reset_parameters runs
        if (bias) {
            Init.zeros_(outProj.bias());
        }
    }

    /**
     * A BOOL mask (T, T), true above the diagonal: with it each position attends to itself and
     * earlier ones only (torch's {@code generate_square_subsequent_mask}, as booleans).
     *
     * @param t sequence length, positive
     * @return the mask
     */
    public static Tensor causalMask(int t) {
        if (t <= 0) {
            throw new IllegalArgumentException("causalMask: length must be positive, got " + t);
        }
        return Tensor.ones(t, t).triu(1).gt(0.0);
    }

    /** Self-attention without a mask: (B, L, E) → (B, L, E). */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false, true).output();
    }

    /**
     * Attention with torch's arguments.
     *
     * @param query (B, L, E), or (L, E) unbatched
     * @param key (B, S, E), or (S, E)
     * @param value (B, S, E), or (S, E)
     * @param attnMask null, or (L, S) or (B·numHeads, L, S): BOOL (true = may not attend) or
     *     floating point (added to the scores)
     * @param keyPaddingMask null, or (B, S) ((S) unbatched): BOOL (true = a padding key, ignored) or
     *     floating point (added)
     * @param needWeights whether to return the attention weights
     * @param averageAttnWeights average the weights over heads (else per head)
     * @return the output and, if asked, the weights
     * @throws IllegalArgumentException naming the argument, its shape and the expected shape
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor attnMask, Tensor keyPaddingMask, boolean needWeights,
            boolean averageAttnWeights) {
        boolean batched = query.dim() == 3;
        int[] qs = query.shape();
        if (!(qs.length == 3 || qs.length == 2) || qs[qs.length - 1] != embedDim) {
            throw new IllegalArgumentException("MultiheadAttention: expected query (B, L, " + embedDim + ") or (L, " + embedDim + "), got "
                    + Arrays.toString(qs));
        }
        int b = batched ? qs[0] : 1;
        int l = qs[qs.length - 2];
        int s = key.dim() >= 2 ? key.size(-2) : -1;
        int[] kvShape = batched ? new int[] {b, s, embedDim} : new int[] {s, embedDim};
        if (!Arrays.equals(key.shape(), kvShape) || !Arrays.equals(value.shape(), kvShape)) {
            throw new IllegalArgumentException("MultiheadAttention: for query " + Arrays.toString(qs) + " expected key and value "
                    + (batched ? "(" + b + ", S, " : "(S, ") + embedDim + ") of the same shape, got " + Arrays.toString(key.shape()) + " and "
                    + Arrays.toString(value.shape()));
        }
        int hs = embedDim / numHeads;
        Tensor w = parameter("in_proj_weight");
        Tensor bi = bias ? parameter("in_proj_bias") : null;
        Tensor q;
        Tensor k;
        Tensor v;
        if (query == key && key == value) { // self-attention: one projection, as torch does
            List<Tensor> qkv = Functional.linear(query, w, bi).split(embedDim, -1); // 3 x (B, L, E)
            q = qkv.get(0);
            k = qkv.get(1);
            v = qkv.get(2);
        } else {
            List<Tensor> ws = w.split(embedDim, 0);
            List<Tensor> bs = bi == null ? null : bi.split(embedDim, 0);
            q = Functional.linear(query, ws.get(0), bs == null ? null : bs.get(0)); // (B, L, E)
            k = Functional.linear(key, ws.get(1), bs == null ? null : bs.get(1)); // (B, S, E)
            v = Functional.linear(value, ws.get(2), bs == null ? null : bs.get(2)); // (B, S, E)
        }
        q = q.reshape(b, l, numHeads, hs).transpose(1, 2); // (B, nh, L, hs)
        k = k.reshape(b, s, numHeads, hs).transpose(1, 2); // (B, nh, S, hs)
        v = v.reshape(b, s, numHeads, hs).transpose(1, 2); // (B, nh, S, hs)
        Tensor mask = merge(attnMask(attnMask, b, l, s), paddingMask(keyPaddingMask, batched, b, s), query.dtype());
        Attention.Result r = Attention.attend(q, k, v, mask, a -> Functional.dropout(a, dropout, isTraining(), generator), true);
        Tensor y = outProj.forward(r.output().transpose(1, 2).contiguous().view(b, l, embedDim)); // (B, L, E)
        Tensor weights = !needWeights ? null : averageAttnWeights ? r.weights().mean(1) : r.weights(); // (B, L, S) or (B, nh, L, S)
        return batched ? new Output(y, weights) : new Output(y.squeeze(0), weights == null ? null : weights.squeeze(0));
    }

    /** attn_mask as a tensor broadcastable to (B, nh, L, S), or null. */
    private Tensor attnMask(Tensor m, int b, int l, int s) {
        if (m == null) {
            return null;
        }
        checkMaskType("attn_mask", m);
        if (Arrays.equals(m.shape(), new int[] {l, s})) {
            return m;
        }
        if (Arrays.equals(m.shape(), new int[] {b * numHeads, l, s})) {
            return m.reshape(b, numHeads, l, s);
        }
        throw new IllegalArgumentException("MultiheadAttention: expected attn_mask (" + l + ", " + s + ") or (" + (b * numHeads) + ", " + l
                + ", " + s + "), got " + Arrays.toString(m.shape()));
    }

    /** key_padding_mask as (B, 1, 1, S), or null. */
    private static Tensor paddingMask(Tensor m, boolean batched, int b, int s) {
        if (m == null) {
            return null;
        }
        checkMaskType("key_padding_mask", m);
        int[] want = batched ? new int[] {b, s} : new int[] {s};
        if (!Arrays.equals(m.shape(), want)) {
            throw new IllegalArgumentException("MultiheadAttention: expected key_padding_mask " + Arrays.toString(want) + ", got "
                    + Arrays.toString(m.shape()));
        }
        return m.reshape(b, 1, 1, s);
    }

    private static void checkMaskType(String what, Tensor m) {
        if (m.dtype() != DType.BOOL && !m.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("MultiheadAttention: " + what + " must be BOOL or floating point, got " + m.dtype());
        }
    }

    /** One mask from two: kept as is when only one is given, else both as additive float masks (−inf where blocked). */
    private static Tensor merge(Tensor a, Tensor b, DType dtype) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return additive(a, dtype).add(additive(b, dtype));
    }

    private static Tensor additive(Tensor m, DType dtype) {
        return m.dtype() == DType.BOOL ? Tensor.zeros(dtype, m.shape()).maskedFill(m, Double.NEGATIVE_INFINITY) : m;
    }

    /**
     * Returns the model width.
     *
     * @return E
     */
    public final int embedDim() {
        return embedDim;
    }

    /**
     * Returns the number of heads.
     *
     * @return numHeads
     */
    public final int numHeads() {
        return numHeads;
    }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads + (dropout != 0 ? ", dropout=" + dropout : "") + (bias ? "" : ", bias=false");
    }
}
