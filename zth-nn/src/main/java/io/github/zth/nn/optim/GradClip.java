package io.github.zth.nn.optim;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.ParameterUpdates;
import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Gradient clipping, like {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {

  private GradClip() {}

  /**
   * Scales all gradients in place so their joint 2-norm is at most {@code maxNorm}: each is
   * multiplied by {@code min(1, maxNorm / (total + 1e-6))}, as torch 1.13 does. Parameters without
   * a gradient are ignored. Each gradient's sum of squares is taken in its own precision, in order;
   * the total in double.
   *
   * @param params the parameters
   * @param maxNorm the largest allowed norm, positive
   * @return the total norm before clipping (useful to log, as nanoGPT does)
   * @throws IllegalArgumentException if maxNorm is not positive
   */
  public static double clipGradNorm(List<Tensor> params, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("clipGradNorm: maxNorm must be positive, got " + maxNorm);
    }
    List<Tensor> grads = new ArrayList<>();
    for (Tensor p : params) {
      grads.add(p.grad());
    }
    return ParameterUpdates.clipGradNorm_(grads, maxNorm);
  }

  /**
   * Clamps every gradient element into {@code [-clipValue, clipValue]} in place, like {@code
   * torch.nn.utils.clip_grad_value_}. Parameters without a gradient are ignored.
   *
   * @param params the parameters
   * @param clipValue the largest allowed magnitude, positive
   * @throws IllegalArgumentException if clipValue is not positive
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public static void clipGradValue(List<Tensor> params, double clipValue) {
    if (!(clipValue > 0)) {
      throw new IllegalArgumentException(
          "clipGradValue: clipValue must be positive, got " + clipValue);
    }
    try (var off = GradMode.disabled()) {
      for (Tensor p : params) {
        if (p.grad() != null) {
          p.grad().copy_(p.grad().clamp(-clipValue, clipValue));
        }
      }
    }
  }
}
