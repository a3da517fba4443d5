package io.github.zth.autograd;

import io.github.zth.autograd.internal.AttentionKernels;
import io.github.zth.autograd.internal.AttentionKernels.Mask;
import io.github.zth.autograd.internal.Shapes;
import io.github.zth.autograd.internal.simd.VectorizationProvider;
import io.github.zth.autograd.random.Generator;
import java.util.Arrays;

/**
 * Scaled dot-product attention, the one home of attention's arithmetic: every attention module
 * calls {@link #attend}, and its backward sits right under the forward. FLOAT32 runs through {@link
 * AttentionKernels}; FLOAT64 (gradient checks) through the composed ops that define it.
 */
final class AttentionOps {
  private AttentionOps() {}

  static AttentionOutput attend(
      Tensor q,
      Tensor k,
      Tensor v,
      boolean causal,
      int queryStart,
      double dropoutP,
      Generator generator,
      boolean needWeights) {
    int[] qs = q.arr().shape();
    int[] ks = k.arr().shape();
    int[] vs = v.arr().shape();
    int nd = qs.length;
    boolean ok =
        nd >= 2
            && ks.length == nd
            && vs.length == nd
            && qs[nd - 1] == ks[nd - 1]
            && ks[nd - 2] == vs[nd - 2]
            && Arrays.equals(Arrays.copyOf(qs, nd - 2), Arrays.copyOf(ks, nd - 2))
            && Arrays.equals(Arrays.copyOf(qs, nd - 2), Arrays.copyOf(vs, nd - 2));
    if (!ok) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: expected q (..., T, D), k (..., S, D) and"
              + " v (..., S, Dv) with the same batch dims, got "
              + Shapes.str(qs)
              + ", "
              + Shapes.str(ks)
              + ", "
              + Shapes.str(vs));
    }
    if (q.dtype() != k.dtype() || q.dtype() != v.dtype() || !q.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: expected q, k, v of one floating dtype, got "
              + q.dtype()
              + ", "
              + k.dtype()
              + ", "
              + v.dtype());
    }
    if (!(dropoutP >= 0 && dropoutP <= 1) || (dropoutP > 0 && generator == null)) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: dropout_p must be in [0, 1], with a generator"
              + " when positive, got "
              + dropoutP
              + (generator == null ? " and no generator" : ""));
    }
    if (causal && queryStart < 0) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: query start must be >= 0, got " + queryStart);
    }
    int t = qs[nd - 2];
    int s = ks[nd - 2];
    int[] scoreShape = Arrays.copyOf(qs, nd);
    scoreShape[nd - 1] = s;
    double scale = 1 / Math.sqrt(qs[nd - 1]);
    Tensor keep =
        dropoutP > 0
            ? DropoutOps.multipliers(q.dtype(), scoreShape, dropoutP, generator)
            : null; // F.dropout's draws
    if (q.dtype() != DType.FLOAT32) {
      Tensor att = q.matmul(k.mT()).mul(scale); // (..., T, S)
      if (causal) {
        Tensor future =
            Tensor.arange(s)
                .unsqueeze(0)
                .gt(Tensor.arange(queryStart, queryStart + t).unsqueeze(1));
        att = att.maskedFill(future, Double.NEGATIVE_INFINITY);
      }
      Tensor w = att.softmax(-1);
      w = keep == null ? w : w.mul(keep);
      return new AttentionOutput(w.matmul(v), needWeights ? w : null);
    }
    Mask mask = causal ? new Mask(true, queryStart) : Mask.NONE;
    float sc = (float) scale;
    float[] kp = keep == null ? null : keep.arr().storage().f;
    AttentionKernels.Forward f =
        AttentionKernels.forward(fused(), q.arr(), k.arr(), v.arr(), mask, sc, kp, needWeights);
    Tensor y =
        new Tensor(f.y())
            .record(
                "ScaledDotProductAttentionBackward0",
                Tensor.saved(q, k, v),
                g -> {
                  var d =
                      AttentionKernels.backward(
                          fused(), g.arr(), q.arr(), k.arr(), v.arr(), f, mask, sc, kp);
                  return new Tensor[] {new Tensor(d[0]), new Tensor(d[1]), new Tensor(d[2])};
                },
                q,
                k,
                v);
    return new AttentionOutput(y, needWeights ? new Tensor(f.weightsArr(scoreShape)) : null);
  }

  private static io.github.zth.autograd.internal.simd.FusedKernels fused() {
    return VectorizationProvider.fused();
  }
}
