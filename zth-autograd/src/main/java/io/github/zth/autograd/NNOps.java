package io.github.zth.autograd;

import io.github.zth.autograd.internal.Losses;
import io.github.zth.autograd.internal.Reduce;
import io.github.zth.autograd.internal.Shapes;

/** Softmax family and losses; cross-entropy is fused (log-softmax + pick in one kernel pass). */
final class NNOps {
  private NNOps() {}

  static Tensor softmax(Tensor x, int dim, boolean log) {
    String op = log ? "logSoftmax" : "softmax";
    Reductions.requireFloat(op, x);
    int d = Shapes.wrapDim(op, dim, x.dim());
    if (x.dim() == 0) {
      Tensor out = Pointwise.map(x, v -> log ? 0 : 1);
      return out.record(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", Tensor.saved(),
          g -> new Tensor[] {Tensor.zerosLike(g)}, x);
    }
    int last = x.dim() - 1;
    Tensor moved = new Tensor(x.arr()).transpose(d, last);
    Tensor out = new Tensor(Reduce.softmaxLast(moved.arr(), log)).transpose(d, last);
    if (log) {
      return out.record("LogSoftmaxBackward0", Tensor.saved(out), g -> new Tensor[] {
          g.sub(out.exp().mul(g.sum(d, true)))}, x);
    }
    return out.record("SoftmaxBackward0", Tensor.saved(out), g -> new Tensor[] {
        out.mul(g.sub(g.mul(out).sum(d, true)))}, x);
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
      throw new IllegalArgumentException(op + ": input of shape " + Shapes.str(is) + " needs a target of shape "
          + Shapes.str(Shapes.remove(is, Math.min(1, is.length - 1))) + ", got " + Shapes.str(ts));
    }
  }

  private static long[] targetValues(String op, Tensor target, int classes, long ignoreIndex) {
    long[] t = target.toLongArray();
    for (long v : t) {
      if (v != ignoreIndex && (v < 0 || v >= classes)) {
        throw new IllegalArgumentException(op + ": target " + v + " is out of bounds for " + classes + " classes");
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
    if (logits.dim() == 1) {
      return crossEntropy(logits.unsqueeze(0), target.unsqueeze(0), reduction, ignoreIndex).reshape();
    }
    checkTargets("crossEntropy", logits, target);
    Tensor x = classesLast(logits);
    int c = x.size(1);
    long[] t = targetValues("crossEntropy", target, c, ignoreIndex);
    Losses.Forward f = Losses.crossEntropy(x.arr(), t, ignoreIndex);
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
    return out.record("NllLossBackward0", Tensor.saved(target), g -> {
      double[] w = new double[t.length];
      double[] gv = reduction == Reduction.NONE ? g.toDoubleArray() : null;
      for (int i = 0; i < t.length; i++) {
        w[i] = gv != null ? gv[i] : reduction == Reduction.SUM ? g.item() : g.item() / valid;
      }
      Tensor gx = new Tensor(Losses.crossEntropyBackward(f.logProbs(), t, ignoreIndex, w));
      return new Tensor[] {gx, null};
    }, x, target);
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
