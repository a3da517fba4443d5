package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.OptimKernels;
import java.util.Arrays;
import java.util.List;

/**
 * The optimizers' fused in-place updates, like torch's {@code _fused_adamw_} and {@code _foreach_}
 * kernels: one pass over a parameter, its gradient and its optimizer state per call, computed as
 * torch 1.13's CPU optimizers compute them (FLOAT32 in float, FLOAT64 in double), so the numbers
 * are torch's bit for bit. The optimizer classes in zth-nn keep the state and the bookkeeping
 * (steps, groups, state dicts) and call these for the arithmetic.
 *
 * <p>Every tensor of one call has the parameter's shape and dtype; state tensors (moments, buffers)
 * must be contiguous, as the optimizers create them. A non-contiguous parameter is updated through
 * a contiguous copy written back. Updates bump the version counters, as in-place ops do, so
 * backward still detects a saved tensor that changed. Run them without gradients, as {@code step()}
 * does.
 */
public final class ParameterUpdates {
  private ParameterUpdates() {}

  /**
   * One SGD step, torch's {@code sgd}: {@code g += wd·p}; with momentum {@code buf = mu·buf + g}
   * (the gradient itself on the first step), Nesterov's {@code g + mu·buf} or {@code buf}; then
   * {@code p -= lr·g}.
   *
   * @param param the parameter, updated in place
   * @param grad its gradient
   * @param momentumBuffer the buffer, updated in place, or null without momentum
   * @param firstStep whether the buffer starts here (torch starts it at the first gradient, not
   *     zero)
   * @param lr learning rate
   * @param weightDecay L2 penalty added to the gradient
   * @param momentum the momentum factor
   * @param nesterov whether to use Nesterov momentum
   * @throws IllegalArgumentException if a tensor's shape or dtype differs from the parameter's
   */
  public static void sgd_(
      Tensor param,
      Tensor grad,
      Tensor momentumBuffer,
      boolean firstStep,
      double lr,
      double weightDecay,
      double momentum,
      boolean nesterov) {
    check("sgd_", param, grad, momentumBuffer);
    Tensor work = writable(param);
    Arr w = work.arr();
    Arr g = grad.contiguous().arr();
    Arr b = momentumBuffer == null ? null : momentumBuffer.arr();
    int bo = b == null ? 0 : sameOffset("sgd_", b);
    if (param.dtype() == DType.FLOAT32) {
      OptimKernels.sgd(
          w.storage().f,
          w.offset(),
          g.storage().f,
          g.offset(),
          b == null ? null : b.storage().f,
          bo,
          firstStep,
          param.numel(),
          (float) weightDecay,
          (float) lr,
          (float) momentum,
          nesterov);
    } else {
      OptimKernels.sgd(
          w.storage().d,
          w.offset(),
          g.storage().d,
          g.offset(),
          b == null ? null : b.storage().d,
          bo,
          firstStep,
          param.numel(),
          weightDecay,
          lr,
          momentum,
          nesterov);
    }
    written(param, work, momentumBuffer);
  }

  /**
   * One Adam or AdamW step, torch's single-tensor {@code adam}/{@code adamw}: weight decay added to
   * the gradient (Adam) or applied to the parameter (AdamW, {@code decoupled}), moments updated,
   * the bias-corrected step taken; with {@code maxExpAvgSq} (amsgrad) the running max of the second
   * moment is used.
   *
   * @param param the parameter, updated in place
   * @param grad its gradient
   * @param expAvg first moment, updated in place
   * @param expAvgSq second moment, updated in place
   * @param maxExpAvgSq running max of the second moment, updated in place, or null without amsgrad
   * @param step the step number after this update, from 1 (for the bias corrections)
   * @param lr learning rate
   * @param beta1 first moment's decay
   * @param beta2 second moment's decay
   * @param eps added to the denominator
   * @param decoupled AdamW's decay of the parameter, rather than Adam's L2 term in the gradient
   * @throws IllegalArgumentException if a tensor's shape or dtype differs, or step is not positive
   */
  public static void adam_(
      Tensor param,
      Tensor grad,
      Tensor expAvg,
      Tensor expAvgSq,
      Tensor maxExpAvgSq,
      long step,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean decoupled) {
    check("adam_", param, grad, expAvg, expAvgSq, maxExpAvgSq);
    if (step < 1) {
      throw new IllegalArgumentException("adam_: step must be at least 1, got " + step);
    }
    var s =
        new OptimKernels.AdamStep(
            beta1,
            beta2,
            eps,
            decoupled ? 1 - lr * weightDecay : 1,
            decoupled ? 0 : weightDecay,
            lr / (1 - Math.pow(beta1, step)),
            Math.sqrt(1 - Math.pow(beta2, step)));
    Tensor work = writable(param);
    Arr w = work.arr();
    Arr g = grad.contiguous().arr();
    Arr m = expAvg.arr();
    Arr v = expAvgSq.arr();
    Arr vm = maxExpAvgSq == null ? null : maxExpAvgSq.arr();
    int so = sameOffset("adam_", m, v, vm);
    if (param.dtype() == DType.FLOAT32) {
      OptimKernels.adam(
          w.storage().f,
          w.offset(),
          g.storage().f,
          g.offset(),
          m.storage().f,
          v.storage().f,
          vm == null ? null : vm.storage().f,
          so,
          param.numel(),
          s);
    } else {
      OptimKernels.adam(
          w.storage().d,
          w.offset(),
          g.storage().d,
          g.offset(),
          m.storage().d,
          v.storage().d,
          vm == null ? null : vm.storage().d,
          so,
          param.numel(),
          s);
    }
    written(param, work, expAvg, expAvgSq, maxExpAvgSq);
  }

  /**
   * One RMSprop step, torch's {@code rmsprop}: square average, optionally centred by the gradient
   * average, optionally with a momentum buffer.
   *
   * @param param the parameter, updated in place
   * @param grad its gradient
   * @param squareAvg running average of the squared gradient, updated in place
   * @param momentumBuffer updated in place, or null without momentum
   * @param gradAvg running average of the gradient, updated in place, or null when not centred
   * @param lr learning rate
   * @param alpha smoothing constant
   * @param eps added to the denominator
   * @param weightDecay L2 penalty added to the gradient
   * @param momentum momentum factor (used when {@code momentumBuffer} is given)
   * @throws IllegalArgumentException if a tensor's shape or dtype differs from the parameter's
   */
  public static void rmsprop_(
      Tensor param,
      Tensor grad,
      Tensor squareAvg,
      Tensor momentumBuffer,
      Tensor gradAvg,
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum) {
    check("rmsprop_", param, grad, squareAvg, momentumBuffer, gradAvg);
    var s = new OptimKernels.RmsStep(lr, alpha, eps, weightDecay, momentum);
    Tensor work = writable(param);
    Arr w = work.arr();
    Arr g = grad.contiguous().arr();
    Arr sq = squareAvg.arr();
    Arr b = momentumBuffer == null ? null : momentumBuffer.arr();
    Arr a = gradAvg == null ? null : gradAvg.arr();
    int so = sameOffset("rmsprop_", sq, b, a);
    if (param.dtype() == DType.FLOAT32) {
      OptimKernels.rmsprop(
          w.storage().f,
          w.offset(),
          g.storage().f,
          g.offset(),
          sq.storage().f,
          b == null ? null : b.storage().f,
          a == null ? null : a.storage().f,
          so,
          param.numel(),
          s);
    } else {
      OptimKernels.rmsprop(
          w.storage().d,
          w.offset(),
          g.storage().d,
          g.offset(),
          sq.storage().d,
          b == null ? null : b.storage().d,
          a == null ? null : a.storage().d,
          so,
          param.numel(),
          s);
    }
    written(param, work, squareAvg, momentumBuffer, gradAvg);
  }

  /**
   * torch 1.13's {@code clip_grad_norm_} on the gradients: their joint 2-norm (each gradient's sum
   * of squares in its own precision, in order, the total in double), then, when it exceeds {@code
   * maxNorm}, every gradient scaled in place by {@code maxNorm / (total + 1e-6)}.
   *
   * @param grads the gradients (nulls are skipped)
   * @param maxNorm the largest allowed norm, positive
   * @return the total norm before clipping
   * @throws IllegalArgumentException if maxNorm is not positive
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public static double clipGradNorm_(List<Tensor> grads, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("clipGradNorm: maxNorm must be positive, got " + maxNorm);
    }
    double sumSq = 0;
    for (Tensor g : grads) {
      if (g != null) {
        Arr a = g.contiguous().arr();
        sumSq +=
            g.dtype() == DType.FLOAT32
                ? OptimKernels.sumOfSquares(a.storage().f, a.offset(), g.numel())
                : OptimKernels.sumOfSquares(a.storage().d, a.offset(), g.numel());
      }
    }
    double total = Math.sqrt(sumSq);
    double coef = Math.min(1.0, maxNorm / (total + 1e-6));
    if (coef < 1.0) {
      try (var off = GradMode.disabled()) {
        for (Tensor g : grads) {
          if (g != null) {
            g.mul_(coef); // in the gradient's dtype, as torch's mul_; in place, no temporary
          }
        }
      }
    }
    return total;
  }

  private static void check(String op, Tensor param, Tensor... others) {
    if (!param.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a FLOAT32 or FLOAT64 parameter, got " + param.dtype());
    }
    for (Tensor t : others) {
      if (t != null && (t.dtype() != param.dtype() || !Arrays.equals(t.shape(), param.shape()))) {
        throw new IllegalArgumentException(
            op
                + ": expected "
                + param.dtype()
                + " "
                + Arrays.toString(param.shape())
                + " like the parameter, got "
                + t.dtype()
                + " "
                + Arrays.toString(t.shape()));
      }
    }
  }

  /** The common storage offset of the contiguous state arrays (nulls skipped). */
  private static int sameOffset(String op, Arr... state) {
    int o = state[0].offset();
    for (Arr a : state) {
      if (a != null && (!a.isContiguous() || a.offset() != o)) {
        throw new IllegalArgumentException(
            op + ": optimizer state tensors must be contiguous, from one offset");
      }
    }
    return o;
  }

  /** The tensor to write the update into: {@code p} itself, or a contiguous copy of it. */
  private static Tensor writable(Tensor p) {
    return p.isContiguous() ? p : p.contiguous();
  }

  /** Finishes an update written into {@code work}, bumping versions as in-place ops do. */
  private static void written(Tensor p, Tensor work, Tensor... state) {
    if (work == p) {
      p.bumpVersion();
    } else {
      p.copy_(work);
    }
    for (Tensor s : state) {
      if (s != null) {
        s.bumpVersion();
      }
    }
  }
}
