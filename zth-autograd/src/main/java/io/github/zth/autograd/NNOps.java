package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.LossKernels;
import io.github.zth.autograd.internal.NnKernels;
import io.github.zth.autograd.internal.Reduce;
import io.github.zth.autograd.internal.Shapes;
import io.github.zth.autograd.internal.simd.FusedKernels;
import io.github.zth.autograd.internal.simd.VectorizationProvider;
import java.util.Arrays;

/**
 * Softmax family, losses, layer norm and attention. Cross-entropy, layer norm and attention are
 * fused FLOAT32 kernels; in FLOAT64 (the gradient-checking dtype) they are composed from the
 * elementary ops, which is their definition.
 */
final class NNOps {
  private NNOps() {}

  private static FusedKernels fused() {
    return VectorizationProvider.fused();
  }

  // ------------------------------------------------------------------ layer norm

  static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    int[] xs = x.arr().shape();
    int k = normalizedShape.length;
    if (k == 0
        || xs.length < k
        || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape)) {
      throw new IllegalArgumentException(
          "layerNorm: input of shape "
              + Shapes.str(xs)
              + " must end in normalized_shape "
              + Shapes.str(normalizedShape));
    }
    for (Tensor p : new Tensor[] {weight, bias}) {
      if (p != null && !Arrays.equals(p.arr().shape(), normalizedShape)) {
        throw new IllegalArgumentException(
            "layerNorm: weight and bias must have the normalized_shape "
                + Shapes.str(normalizedShape)
                + ", got "
                + Shapes.str(p.arr().shape()));
      }
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("layerNorm: eps must be positive, got " + eps);
    }
    Reductions.requireFloat("layerNorm", x);
    boolean f32 =
        x.dtype() == DType.FLOAT32
            && (weight == null || weight.dtype() == DType.FLOAT32)
            && (bias == null || bias.dtype() == DType.FLOAT32);
    if (!f32) {
      int[] dims = new int[k];
      for (int i = 0; i < k; i++) {
        dims[i] = xs.length - k + i;
      }
      Tensor centered = x.sub(x.mean(dims, true));
      Tensor y = centered.div(centered.mul(centered).mean(dims, true).add(eps).sqrt());
      y = weight == null ? y : y.mul(weight);
      return bias == null ? y : y.add(bias);
    }
    int c = Arr.numel(normalizedShape);
    float[] w = weight == null ? ones(c) : weight.toFloatArray();
    float[] b = bias == null ? null : bias.toFloatArray();
    NnKernels.LayerNormForward f = NnKernels.layerNorm(fused(), x.arr(), c, w, b, (float) eps);
    Tensor[] inputs =
        weight == null
            ? new Tensor[] {x}
            : bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
    return new Tensor(f.y())
        .record(
            "NativeLayerNormBackward0",
            Tensor.saved(inputs),
            g -> {
              Arr[] d =
                  NnKernels.layerNormBackward(
                      fused(),
                      g.arr(),
                      x.arr(),
                      f.stats(),
                      c,
                      w,
                      x.requiresGrad(),
                      weight != null && weight.requiresGrad(),
                      bias != null && bias.requiresGrad());
              Tensor[] out = new Tensor[inputs.length];
              out[0] = d[0] == null ? null : new Tensor(d[0]);
              if (inputs.length > 1) {
                out[1] = d[1] == null ? null : new Tensor(d[1]).view(normalizedShape);
              }
              if (inputs.length > 2) {
                out[2] = d[2] == null ? null : new Tensor(d[2]).view(normalizedShape);
              }
              return out;
            },
            inputs);
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    Arrays.fill(a, 1f);
    return a;
  }

  // ------------------------------------------------------------------ softmax and losses

  static Tensor softmax(Tensor x, int dim, boolean log) {
    String op = log ? "logSoftmax" : "softmax";
    Reductions.requireFloat(op, x);
    int d = Shapes.wrapDim(op, dim, x.dim());
    if (x.dim() == 0) {
      Tensor out = Pointwise.map(x, v -> log ? 0 : 1);
      return out.record(
          log ? "LogSoftmaxBackward0" : "SoftmaxBackward0",
          Tensor.saved(),
          g -> new Tensor[] {Tensor.zerosLike(g)},
          x);
    }
    int last = x.dim() - 1;
    if (x.dtype() == DType.FLOAT32 && d == last) {
      Arr y = NnKernels.softmax(fused(), x.arr(), log);
      Tensor out = new Tensor(y);
      return out.record(
          log ? "LogSoftmaxBackward0" : "SoftmaxBackward0",
          Tensor.saved(out),
          g -> new Tensor[] {new Tensor(NnKernels.softmaxBackward(fused(), y, g.arr(), log))},
          x);
    }
    Tensor moved = new Tensor(x.arr()).transpose(d, last);
    Tensor out = new Tensor(Reduce.softmaxLast(moved.arr(), log)).transpose(d, last);
    if (log) {
      return out.record(
          "LogSoftmaxBackward0",
          Tensor.saved(out),
          g -> new Tensor[] {g.sub(out.exp().mul(g.sum(d, true)))},
          x);
    }
    return out.record(
        "SoftmaxBackward0",
        Tensor.saved(out),
        g -> new Tensor[] {out.mul(g.sub(g.mul(out).sum(d, true)))},
        x);
  }

  private static void checkTargets(String op, Tensor input, Tensor target) {
    Indexing.requireIndex(op, target);
    int[] is = input.arr().shape();
    int[] ts = target.arr().shape();
    boolean ok = ts.length == is.length - 1 && ts.length >= 1 && ts[0] == is[0];
    for (int i = 1; ok && i < ts.length; i++) {
      ok = ts[i] == is[i + 1];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          op
              + ": input of shape "
              + Shapes.str(is)
              + " needs a target of shape "
              + Shapes.str(Shapes.remove(is, Math.min(1, is.length - 1)))
              + ", got "
              + Shapes.str(ts));
    }
  }

  private static long[] targetValues(String op, Tensor target, int classes, long ignoreIndex) {
    long[] t = target.toLongArray();
    for (long v : t) {
      if (v != ignoreIndex && (v < 0 || v >= classes)) {
        throw new IllegalArgumentException(
            op + ": target " + v + " is out of bounds for " + classes + " classes");
      }
    }
    return t;
  }

  /** (N, C, d...) to (N*d..., C) with the class dim last, the layout the fused kernel reads. */
  private static Tensor classesLast(Tensor x) {
    if (x.dim() == 2) {
      return x;
    }
    int n = x.dim();
    int[] perm = new int[n];
    perm[0] = 0;
    for (int i = 1; i < n - 1; i++) {
      perm[i] = i + 1;
    }
    perm[n - 1] = 1;
    return x.permute(perm).reshape(-1, x.size(1));
  }

  static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction, long ignoreIndex) {
    Reductions.requireFloat("crossEntropy", logits);
    if (target.dtype().isFloatingPoint()) {
      return crossEntropyProbs(logits, target, reduction, ignoreIndex);
    }
    if (logits.dim() == 1) {
      return crossEntropy(logits.unsqueeze(0), target.unsqueeze(0), reduction, ignoreIndex)
          .reshape();
    }
    checkTargets("crossEntropy", logits, target);
    Tensor x = classesLast(logits);
    int c = x.size(1);
    long[] t = targetValues("crossEntropy", target, c, ignoreIndex);
    if (x.dtype() == DType.FLOAT32) {
      return crossEntropyF32(x, target, t, c, reduction, ignoreIndex);
    }
    LossKernels.Forward f = LossKernels.crossEntropy(x.arr(), t, ignoreIndex);
    int kept = 0;
    for (long v : t) {
      kept += v != ignoreIndex ? 1 : 0;
    }
    int valid = kept;
    Tensor perRow = Tensor.fromArray(f.losses(), f.losses().length).to(logits.dtype());
    Tensor out;
    if (reduction == Reduction.NONE) {
      out = perRow.reshape(target.shape());
    } else {
      double s = perRow.sum().item();
      out = Tensor.scalar(logits.dtype(), reduction == Reduction.SUM ? s : s / valid);
    }
    return out.record(
        "NllLossBackward0",
        Tensor.saved(target),
        g -> {
          double[] w = new double[t.length];
          double[] gv = reduction == Reduction.NONE ? g.toDoubleArray() : null;
          for (int i = 0; i < t.length; i++) {
            w[i] = gv != null ? gv[i] : reduction == Reduction.SUM ? g.item() : g.item() / valid;
          }
          Tensor gx = new Tensor(LossKernels.crossEntropyBackward(f.logProbs(), t, ignoreIndex, w));
          return new Tensor[] {gx, null};
        },
        x,
        target);
  }

  /**
   * Cross-entropy against class probabilities (a floating target shaped like the logits, torch
   * 1.12+): {@code -sum_c target_c * log_softmax(x)_c} per sample, the mean dividing by the number
   * of samples. Composed from log-softmax, so it is differentiable in both the logits and the
   * target.
   */
  private static Tensor crossEntropyProbs(
      Tensor logits, Tensor target, Reduction reduction, long ignoreIndex) {
    if (!Arrays.equals(logits.arr().shape(), target.arr().shape())) {
      throw new IllegalArgumentException(
          "crossEntropy: a floating (class-probability) target must have the input's"
              + " shape "
              + Shapes.str(logits.arr().shape())
              + ", got "
              + Shapes.str(target.arr().shape())
              + " (class-index targets are INT64)");
    }
    if (ignoreIndex >= 0) {
      throw new IllegalArgumentException(
          "crossEntropy: ignoreIndex "
              + ignoreIndex
              + " is not supported for a"
              + " floating (class-probability) target; pass -100");
    }
    int classDim = logits.dim() == 1 ? 0 : 1;
    Tensor perSample = logits.logSoftmax(classDim).mul(target).sum(classDim).neg();
    switch (reduction) {
      case NONE:
        return perSample;
      case SUM:
        return perSample.sum();
      default:
        return perSample.sum().div((double) perSample.numel());
    }
  }

  /** The FLOAT32 kernel: probabilities kept from forward, so backward is one pass without exp. */
  private static Tensor crossEntropyF32(
      Tensor x, Tensor target, long[] t, int c, Reduction reduction, long ignoreIndex) {
    boolean grad = GradMode.isEnabled() && x.requiresGrad();
    // a storage, not its array, is what the backward keeps: a pooled one released by its scope
    // leaves null fields, never an array that another tensor now owns
    io.github.zth.autograd.internal.Storage probs =
        io.github.zth.autograd.internal.Storage.allocate(DType.FLOAT32, t.length * c);
    float[] losses = NnKernels.crossEntropy(fused(), x.arr(), t, ignoreIndex, probs.f);
    int valid = 0;
    double sum = 0;
    for (int i = 0; i < t.length; i++) {
      valid += t[i] != ignoreIndex ? 1 : 0;
      sum += losses[i];
    }
    int kept = valid;
    Tensor out;
    if (reduction == Reduction.NONE) {
      out = Tensor.fromArray(losses, target.shape());
    } else {
      out = Tensor.scalar(DType.FLOAT32, reduction == Reduction.SUM ? sum : sum / kept);
    }
    if (!grad) {
      return out;
    }
    return out.record(
        "NllLossBackward0",
        Tensor.saved(target),
        g -> {
          double[] w = new double[t.length];
          double[] gv = reduction == Reduction.NONE ? g.toDoubleArray() : null;
          double one =
              reduction == Reduction.NONE
                  ? 0
                  : reduction == Reduction.SUM ? g.item() : g.item() / kept;
          for (int i = 0; i < t.length; i++) {
            w[i] = gv != null ? gv[i] : one;
          }
          return new Tensor[] {
            new Tensor(NnKernels.crossEntropyBackward(probs.f, c, t, ignoreIndex, w)), null
          };
        },
        x,
        target);
  }

  static Tensor nllLoss(Tensor logp, Tensor target, Reduction reduction, long ignoreIndex) {
    Reductions.requireFloat("nllLoss", logp);
    checkTargets("nllLoss", logp, target);
    Tensor x = classesLast(logp);
    long[] t = targetValues("nllLoss", target, x.size(1), ignoreIndex);
    long[] safe = t.clone();
    double[] keep = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      keep[i] = t[i] == ignoreIndex ? 0 : 1;
      safe[i] = t[i] == ignoreIndex ? 0 : t[i];
    }
    Tensor w = Tensor.fromArray(keep, keep.length).to(logp.dtype());
    Tensor picked = x.gather(1, Tensor.fromArray(safe, safe.length, 1)).squeeze(1);
    Tensor losses = picked.neg().mul(w);
    switch (reduction) {
      case NONE:
        return losses.reshape(target.shape());
      case SUM:
        return losses.sum();
      default:
        return losses.sum().div(w.sum());
    }
  }

  static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    Tensor d = input.sub(target);
    Tensor sq = d.mul(d);
    switch (reduction) {
      case NONE:
        return sq;
      case SUM:
        return sq.sum();
      default:
        return sq.mean();
    }
  }
}
