package io.github.zth.autograd.internal;

/**
 * The fused cross-entropy kernel: log-softmax and the pick of the target logit in one pass over
 * each row, and the backward {@code softmax - onehot} from the saved log-probabilities.
 */
public final class LossKernels {
  private LossKernels() {}

  /** Per-row losses (0 for ignored rows) and the log-probabilities saved for backward. */
  public record Forward(double[] losses, Arr logProbs) {}

  /** {@code logits} is (M, C); {@code target} has M entries already validated. */
  public static Forward crossEntropy(Arr logits, long[] target, long ignoreIndex) {
    Arr logp = Reduce.softmaxLast(logits, true);
    int c = logits.shape()[1];
    double[] losses = new double[target.length];
    for (int i = 0; i < target.length; i++) {
      if (target[i] != ignoreIndex) {
        losses[i] = -logp.getD(i * c + (int) target[i]);
      }
    }
    return new Forward(losses, logp);
  }

  /** d loss / d logits: {@code (softmax - onehot) * rowWeight[i]}, zero for ignored rows. */
  public static Arr crossEntropyBackward(
      Arr logp, long[] target, long ignoreIndex, double[] rowWeight) {
    int m = target.length;
    int c = logp.shape()[1];
    Arr out = Arr.empty(logp.dtype(), logp.shape());
    for (int i = 0; i < m; i++) {
      if (target[i] == ignoreIndex) {
        continue;
      }
      double w = rowWeight[i];
      for (int j = 0; j < c; j++) {
        double p = Math.exp(logp.getD(i * c + j));
        Kernels.put(out, i * c + j, (p - (j == target[i] ? 1 : 0)) * w);
      }
    }
    return out;
  }
}
