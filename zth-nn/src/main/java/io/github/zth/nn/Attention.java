package io.github.zth.nn;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import java.util.function.UnaryOperator;

/**
 * Scaled dot-product attention over heads, the arithmetic shared by {@link CausalSelfAttention}
 * (nanoGPT's module) and {@link MultiheadAttention} (torch's); each projects and splits heads its own
 * way, then calls {@link #attend}.
 */
final class Attention {

    /**
     * The attention output and the weights it used.
     *
     * @param output (B, nh, L, hs)
     * @param weights (B, nh, L, S), after dropout as torch returns them
     */
    record Result(Tensor output, Tensor weights) {
    }

    private Attention() {
    }

    /**
     * {@code softmax(q k^T / sqrt(hs) + mask) v}. The two references round differently: torch 1.13's
     * {@code multi_head_attention_forward} scales q before the product, nanoGPT scales the product.
     *
     * @param q queries (B, nh, L, hs)
     * @param k keys (B, nh, S, hs)
     * @param v values (B, nh, S, hs)
     * @param mask null; BOOL broadcastable to (B, nh, L, S), true where a query may not attend; or a
     *     floating-point mask of that shape added to the scores
     * @param dropout applied to the weights (identity when not training)
     * @param scaleQueries scale q (torch) rather than the scores (nanoGPT)
     * @return output and weights
     */
    static Result attend(Tensor q, Tensor k, Tensor v, Tensor mask, UnaryOperator<Tensor> dropout, boolean scaleQueries) {
        double scale = 1.0 / Math.sqrt(q.size(-1));
        Tensor att = scaleQueries ? q.mul(scale).matmul(k.transpose(-2, -1)) : q.matmul(k.transpose(-2, -1)).mul(scale); // (B, nh, L, S)
        if (mask != null) {
            att = mask.dtype() == DType.BOOL ? att.maskedFill(mask, Double.NEGATIVE_INFINITY) : att.add(mask);
        }
        Tensor w = dropout.apply(att.softmax(-1));
        return new Result(w.matmul(v), w); // (B, nh, L, hs)
    }
}
