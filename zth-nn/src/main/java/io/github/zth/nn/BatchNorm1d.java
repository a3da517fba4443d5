package io.github.zth.nn;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over 2-D or 3-D input, like {@code nn.BatchNorm1d}, in one of two layouts.
 *
 * <ul>
 *   <li>{@link Layout#TORCH}: torch's {@code nn.BatchNorm1d}. Input (N, C) or (N, C, L); statistics
 *       over dims 0 (and 2); normalises with the <em>biased</em> batch variance.
 *   <li>{@link Layout#MAKEMORE}: the hand-written {@code BatchNorm1d} of makemore part 3/5. Input
 *       (N, C) or (N, L, C) with channels last; statistics over dims 0 (and 1); normalises with the
 *       <em>unbiased</em> batch variance ({@code x.var(dim, keepdim=True)}), as the lecture does,
 *       so seeded lecture runs print the lecture's numbers.
 * </ul>
 *
 * <p>Both keep running statistics of shape (C) with momentum 0.1: {@code running = (1 - momentum) *
 * running + momentum * batchStat}, using the unbiased batch variance for {@code running_var} (as
 * torch does), and count {@code num_batches_tracked}. In evaluation mode the running statistics
 * replace the batch statistics. Parameters {@code weight} (γ, ones) and {@code bias} (β, zeros),
 * buffers {@code running_mean}, {@code running_var}, {@code num_batches_tracked}: torch's
 * state-dict names.
 */
public class BatchNorm1d extends Module {

  /** Where the channel dimension is and which variance normalises; see the class comment. */
  public enum Layout {
    /** torch: (N, C) or (N, C, L), biased variance in the normalisation. */
    TORCH,
    /** makemore lectures: (N, C) or (N, L, C), unbiased variance in the normalisation. */
    MAKEMORE
  }

  private final int numFeatures;
  private final double eps;
  private final double momentum;
  private final Layout layout;

  /**
   * torch's layout with eps 1e-5 and momentum 0.1.
   *
   * @param numFeatures the number of channels C
   */
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, Layout.TORCH);
  }

  /**
   * Creates the layer.
   *
   * @param numFeatures the number of channels C, positive
   * @param eps added to the variance, positive
   * @param momentum weight of the new batch statistic in the running averages, in [0, 1]
   * @param layout where the channels are; see {@link Layout}
   * @throws IllegalArgumentException on out-of-range arguments
   */
  public BatchNorm1d(int numFeatures, double eps, double momentum, Layout layout) {
    if (numFeatures <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          "BatchNorm1d: need num_features > 0, eps > 0, momentum in [0, 1], got "
              + numFeatures
              + ", "
              + eps
              + ", "
              + momentum);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.layout = java.util.Objects.requireNonNull(layout, "layout");
    registerParameter("weight", Tensor.ones(numFeatures));
    registerParameter("bias", Tensor.zeros(numFeatures));
    registerBuffer("running_mean", Tensor.zeros(numFeatures));
    registerBuffer("running_var", Tensor.ones(numFeatures));
    registerBuffer("num_batches_tracked", Tensor.scalar(DType.INT64, 0));
  }

  /**
   * Returns the running mean buffer.
   *
   * @return (C)
   */
  public Tensor runningMean() {
    return buffer("running_mean");
  }

  /**
   * Returns the running (unbiased) variance buffer.
   *
   * @return (C)
   */
  public Tensor runningVar() {
    return buffer("running_var");
  }

  /** (N, C) → (N, C); (N, C, L) or (N, L, C) by layout → same shape. */
  @Override
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    int channelDim = layout == Layout.TORCH ? 1 : s.length - 1;
    if ((s.length != 2 && s.length != 3) || s[channelDim] != numFeatures) {
      String expected =
          layout == Layout.TORCH
              ? "(N, " + numFeatures + ") or (N, " + numFeatures + ", L)"
              : "(N, " + numFeatures + ") or (N, L, " + numFeatures + ")";
      throw new IllegalArgumentException(
          "BatchNorm1d("
              + layout
              + "): expected input "
              + expected
              + ", got "
              + Arrays.toString(s));
    }
    int[] dims =
        s.length == 2
            ? new int[] {0}
            : layout == Layout.TORCH ? new int[] {0, 2} : new int[] {0, 1};
    // Parameters and statistics of shape (C) broadcast against the channel dimension.
    int[] statShape =
        s.length == 3 && layout == Layout.TORCH
            ? new int[] {1, numFeatures, 1}
            : new int[] {numFeatures};
    Tensor mean;
    Tensor var;
    if (isTraining()) {
      int count = x.numel() / numFeatures;
      if (count <= 1) {
        throw new IllegalArgumentException(
            "BatchNorm1d: expected more than 1 value per channel when training, got input "
                + Arrays.toString(s));
      }
      mean = x.mean(dims, true);
      Tensor unbiased = x.var(dims, true, true);
      var = layout == Layout.MAKEMORE ? unbiased : x.var(dims, false, true);
      try (var off = GradMode.disabled()) {
        runningMean().mul_(1 - momentum).add_(mean.detach().reshape(numFeatures).mul(momentum));
        runningVar().mul_(1 - momentum).add_(unbiased.detach().reshape(numFeatures).mul(momentum));
        buffer("num_batches_tracked").add_(1);
      }
    } else {
      mean = runningMean().view(statShape);
      var = runningVar().view(statShape);
    }
    Tensor xhat = x.sub(mean).div(var.add(eps).sqrt());
    return xhat.mul(parameter("weight").view(statShape)).add(parameter("bias").view(statShape));
  }

  @Override
  protected String extraRepr() {
    return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", layout=" + layout;
  }
}
