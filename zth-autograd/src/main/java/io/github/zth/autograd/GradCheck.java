package io.github.zth.autograd;

import io.github.zth.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks autograd gradients against central finite differences in FLOAT64, like {@code
 * torch.autograd.gradcheck}. Floating inputs are copied to FLOAT64 leaves; a non-scalar output is
 * reduced with fixed pseudo-random weights so every output element is checked.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(0.3, -1.2, 2.0);
 * GradCheck.assertGradients(in -> in.get(0).tanh().mul(in.get(0)), x);
 * }</pre>
 */
public final class GradCheck {
  private GradCheck() {}

  /** Default finite-difference step. */
  public static final double EPS = 1e-6;

  /** Default absolute tolerance. */
  public static final double ATOL = 1e-5;

  /** Default relative tolerance. */
  public static final double RTOL = 1e-3;

  /**
   * Outcome of a check: the worst element (largest error relative to its tolerance).
   *
   * @param passed whether every element was within tolerance
   * @param inputIndex input holding the worst element (-1 if there was nothing to check)
   * @param elementIndex flat (row-major) index of the worst element
   * @param analytic gradient from backward at that element
   * @param numeric central-difference gradient at that element
   * @param message a readable summary naming input, element and both values
   */
  public record Result(
      boolean passed,
      int inputIndex,
      int elementIndex,
      double analytic,
      double numeric,
      String message) {}

  /**
   * Checks {@code f} at {@code inputs} with default step and tolerances.
   *
   * @param f the function under test; it receives FLOAT64 copies of the inputs, in order
   * @param inputs where to check (non-floating inputs are passed through and not differentiated)
   * @return the worst element and a readable report
   */
  public static Result check(
      java.util.function.Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    return check(f, List.of(inputs), EPS, ATOL, RTOL);
  }

  /**
   * Checks {@code f} at {@code inputs}: fails where |analytic - numeric| > atol + rtol·|numeric|.
   *
   * @param f the function under test; it receives FLOAT64 copies of the inputs, in order
   * @param inputs where to check
   * @param eps finite-difference step
   * @param atol absolute tolerance
   * @param rtol relative tolerance
   * @return the worst element and a readable report
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public static Result check(
      java.util.function.Function<List<Tensor>, Tensor> f,
      List<Tensor> inputs,
      double eps,
      double atol,
      double rtol) {
    List<Tensor> leaves = new ArrayList<>();
    for (Tensor t : inputs) {
      leaves.add(
          t.dtype().isFloatingPoint()
              ? Tensor.fromArray(t.toDoubleArray(), t.shape()).requiresGrad(true)
              : t);
    }
    Tensor out = f.apply(leaves);
    if (out.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException(
          "GradCheck: the function returned a "
              + out.dtype()
              + " tensor; gradient checks need FLOAT64 all the way (inputs are passed as FLOAT64)");
    }
    Random rnd = new Random(42);
    double[] wv = new double[out.numel()];
    for (int i = 0; i < wv.length; i++) {
      wv[i] = 0.5 + rnd.nextDouble();
    }
    Tensor w = Tensor.fromArray(wv, out.shape());
    Tensor loss = out.mul(w).sum();
    if (loss.requiresGrad()) {
      loss.backward();
    }
    double worstRatio = -1;
    int worstIn = -1;
    int worstEl = -1;
    double worstA = 0;
    double worstN = 0;
    try (var off = GradMode.disabled()) {
      for (int i = 0; i < leaves.size(); i++) {
        Tensor leaf = leaves.get(i);
        if (!leaf.dtype().isFloatingPoint()) {
          continue;
        }
        double[] base = leaf.toDoubleArray();
        double[] analytic =
            leaf.grad() == null ? new double[base.length] : leaf.grad().toDoubleArray();
        for (int j = 0; j < base.length; j++) {
          double plus = evaluate(f, leaves, i, base, j, base[j] + eps, w);
          double minus = evaluate(f, leaves, i, base, j, base[j] - eps, w);
          double numeric = (plus - minus) / (2 * eps);
          double ratio = Math.abs(analytic[j] - numeric) / (atol + rtol * Math.abs(numeric));
          if (Double.isNaN(ratio)) {
            ratio = Double.POSITIVE_INFINITY;
          }
          if (ratio > worstRatio) {
            worstRatio = ratio;
            worstIn = i;
            worstEl = j;
            worstA = analytic[j];
            worstN = numeric;
          }
        }
      }
    }
    boolean passed = worstRatio <= 1;
    String msg;
    if (worstIn < 0) {
      msg = "GradCheck: no floating point input to check";
    } else {
      int[] shape = leaves.get(worstIn).shape();
      msg =
          String.format(
              "GradCheck %s: worst element is input %d (shape %s) element %d (index %s): analytic %.10g vs"
                  + " numeric %.10g, |diff| %.3g vs tolerance %.3g (atol %.1g + rtol %.1g * |numeric|)",
              passed ? "passed" : "FAILED",
              worstIn,
              Shapes.str(shape),
              worstEl,
              Arrays.toString(unravel(worstEl, shape)),
              worstA,
              worstN,
              Math.abs(worstA - worstN),
              atol + rtol * Math.abs(worstN),
              atol,
              rtol);
    }
    return new Result(passed, worstIn, worstEl, worstA, worstN, msg);
  }

  /**
   * Like {@link #check(java.util.function.Function, Tensor...)} but throws an AssertionError with
   * the report when the check fails.
   *
   * @param f the function under test
   * @param inputs where to check
   * @return the (passing) result
   */
  public static Result assertGradients(
      java.util.function.Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    Result r = check(f, inputs);
    if (!r.passed()) {
      throw new AssertionError(r.message());
    }
    return r;
  }

  private static double evaluate(
      java.util.function.Function<List<Tensor>, Tensor> f,
      List<Tensor> leaves,
      int which,
      double[] base,
      int element,
      double value,
      Tensor w) {
    List<Tensor> args = new ArrayList<>(leaves);
    double[] v = base.clone();
    v[element] = value;
    args.set(which, Tensor.fromArray(v, leaves.get(which).shape()));
    return f.apply(args).mul(w).sum().item();
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
      flat = shape[d] == 0 ? 0 : flat / shape[d];
    }
    return idx;
  }
}
