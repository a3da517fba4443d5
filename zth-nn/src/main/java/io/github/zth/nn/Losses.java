package io.github.zth.nn;

import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;
import java.util.Arrays;

/**
 * Loss functions with torch's semantics, like the losses of {@code torch.nn.functional}; the loss
 * classes ({@link CrossEntropyLoss}, {@link NLLLoss}, {@link MSELoss}, {@link MarginHingeLoss})
 * hold the options and call these.
 *
 * <p>Class-index losses take an input (N, C), (N, C, d…) or unbatched (C) and an INT64 target of
 * the input's shape without the class dimension; targets equal to {@code ignoreIndex} contribute
 * nothing and are left out of the mean. With every target ignored the mean is 0/0 = NaN, as in
 * torch.
 *
 * <pre>{@code
 * Tensor loss = Losses.crossEntropy(logits, targets, Reduction.MEAN, -100, 0.1); // label smoothing 0.1
 * loss.backward();
 * }</pre>
 */
public final class Losses {

  /** torch's default {@code ignore_index}. */
  public static final long DEFAULT_IGNORE_INDEX = -100;

  private Losses() {}

  /**
   * Mean cross-entropy of logits against class indices, torch's {@code F.cross_entropy(input,
   * target)}.
   *
   * @param input logits (N, C), (N, C, d…) or (C)
   * @param target INT64 class indices (N), (N, d…) or ()
   * @return the scalar loss
   */
  public static Tensor crossEntropy(Tensor input, Tensor target) {
    return crossEntropy(input, target, Reduction.MEAN, DEFAULT_IGNORE_INDEX, 0.0);
  }

  /**
   * Cross-entropy with torch's options. With label smoothing ε over C classes the target
   * distribution is {@code (1 - ε)} on the target class plus {@code ε / C} on every class, so the
   * loss is {@code (1 - ε) · nll + ε / C · Σ_c −log p_c}, each term reduced the same way (the mean
   * divides by the number of targets not ignored) — torch 1.13's formula.
   *
   * <p>A floating target is a distribution over the classes, shaped like the input (torch's class
   * probabilities): the loss is {@code −Σ_c target_c · log p_c}, smoothed as {@code (1 − ε) ·
   * target + ε / C}, the mean dividing by the number of samples; ignoreIndex must then stay
   * negative.
   *
   * @param input logits (N, C), (N, C, d…) or (C), FLOAT32 or FLOAT64
   * @param target INT64 class indices in {@code [0, C)} or equal to {@code ignoreIndex}, or class
   *     probabilities shaped like the input
   * @param reduction NONE (per target), MEAN or SUM
   * @param ignoreIndex a target value that contributes nothing
   * @param labelSmoothing ε in [0, 1]
   * @return the loss: a scalar, or the target's shape for NONE
   * @throws IllegalArgumentException on a bad shape, target or ε
   */
  public static Tensor crossEntropy(
      Tensor input, Tensor target, Reduction reduction, long ignoreIndex, double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException(
          "crossEntropy: label_smoothing must be in [0, 1], got " + labelSmoothing);
    }
    checkClassInput("crossEntropy", input);
    if (target.dtype().isFloatingPoint()) {
      // class probabilities: torch 1.13 smooths the target itself, (1 − ε)·target + ε/C
      int classes = input.size(input.dim() == 1 ? 0 : 1);
      Tensor smoothed =
          labelSmoothing == 0
              ? target
              : target.mul(1 - labelSmoothing).add(labelSmoothing / classes);
      return input.crossEntropy(smoothed, reduction, ignoreIndex);
    }
    Tensor nll =
        input.crossEntropy(target, reduction, ignoreIndex); // checks target shape and range
    if (labelSmoothing == 0) {
      return nll;
    }
    int classDim = input.dim() == 1 ? 0 : 1;
    int classes = input.size(classDim);
    Tensor smooth = input.logSoftmax(classDim).sum(classDim).neg(); // target's shape: −Σ_c log p_c
    Tensor keep = target.ne((double) ignoreIndex).to(input.dtype());
    smooth = smooth.mul(keep);
    Tensor reduced =
        switch (reduction) {
          case NONE -> smooth;
          case SUM -> smooth.sum();
          case MEAN -> smooth.sum().div(keep.sum());
        };
    return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / classes));
  }

  /**
   * Mean negative log-likelihood of log-probabilities, torch's {@code F.nll_loss(input, target)}.
   *
   * @param input log-probabilities (N, C), (N, C, d…) or (C)
   * @param target INT64 class indices
   * @return the scalar loss
   */
  public static Tensor nllLoss(Tensor input, Tensor target) {
    return nllLoss(input, target, Reduction.MEAN, DEFAULT_IGNORE_INDEX);
  }

  /**
   * Negative log-likelihood {@code −input[target]} with torch's options.
   *
   * @param input log-probabilities (N, C), (N, C, d…) or (C), FLOAT32 or FLOAT64
   * @param target INT64 class indices in {@code [0, C)} or equal to {@code ignoreIndex}
   * @param reduction NONE, MEAN (over targets not ignored) or SUM
   * @param ignoreIndex a target value that contributes nothing
   * @return the loss: a scalar, or the target's shape for NONE
   * @throws IllegalArgumentException on a bad shape or target
   */
  public static Tensor nllLoss(Tensor input, Tensor target, Reduction reduction, long ignoreIndex) {
    checkClassInput("nllLoss", input);
    if (input.dim() == 1) {
      if (target.dim() != 0) {
        throw new IllegalArgumentException(
            "nllLoss: unbatched input "
                + Arrays.toString(input.shape())
                + " needs a scalar target, got "
                + Arrays.toString(target.shape()));
      }
      return input.unsqueeze(0).nllLoss(target.unsqueeze(0), reduction, ignoreIndex).reshape();
    }
    return input.nllLoss(target, reduction, ignoreIndex);
  }

  /**
   * Mean squared error, torch's {@code F.mse_loss(input, target)}.
   *
   * @param input any shape
   * @param target the same shape
   * @return the scalar loss
   */
  public static Tensor mseLoss(Tensor input, Tensor target) {
    return mseLoss(input, target, Reduction.MEAN);
  }

  /**
   * Squared error {@code (input − target)²}. Unlike torch, which broadcasts different shapes with a
   * warning, differing shapes are refused: they are almost always a bug ((N, 1) against (N)).
   *
   * @param input any shape, floating point
   * @param target the same shape
   * @param reduction NONE, MEAN or SUM
   * @return the loss: a scalar, or the input's shape for NONE
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    checkSameShape("mseLoss", input, target);
    return input.mseLoss(target, reduction);
  }

  /**
   * micrograd's max-margin ("SVM") loss with margin 1, {@code mean(relu(1 − y · score))}, as in
   * micrograd's moons demo.
   *
   * @param score the model's scores, any shape
   * @param y labels −1 or +1, the same shape
   * @return the scalar loss
   */
  public static Tensor marginHinge(Tensor score, Tensor y) {
    return marginHinge(score, y, 1.0, Reduction.MEAN);
  }

  /**
   * The binary max-margin hinge {@code relu(margin − y · score)}: zero once a score is on the right
   * side of the decision boundary by at least {@code margin}. (torch has no loss of this form:
   * {@code HingeEmbeddingLoss} treats the two labels differently.)
   *
   * @param score the model's scores, any shape, floating point
   * @param y labels −1 or +1, the same shape
   * @param margin the margin, finite
   * @param reduction NONE, MEAN or SUM
   * @return the loss: a scalar, or the score's shape for NONE
   * @throws IllegalArgumentException if the shapes differ or a label is not ±1
   */
  public static Tensor marginHinge(Tensor score, Tensor y, double margin, Reduction reduction) {
    checkSameShape("marginHinge", score, y);
    if (!Double.isFinite(margin)) {
      throw new IllegalArgumentException("marginHinge: margin must be finite, got " + margin);
    }
    for (double v : y.toDoubleArray()) {
      if (v != 1 && v != -1) {
        throw new IllegalArgumentException("marginHinge: labels must be -1 or +1, got " + v);
      }
    }
    Tensor per = y.to(score.dtype()).mul(score).rsub(margin).relu();
    return switch (reduction) {
      case NONE -> per;
      case SUM -> per.sum();
      case MEAN -> per.mean();
    };
  }

  private static void checkClassInput(String op, Tensor input) {
    if (input.dim() == 0) {
      throw new IllegalArgumentException(
          op + ": expected input (N, C), (N, C, d...) or (C), got a scalar");
    }
  }

  private static void checkSameShape(String op, Tensor input, Tensor target) {
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Arrays.toString(input.shape())
              + " and target "
              + Arrays.toString(target.shape())
              + " must have the same shape");
    }
  }
}
