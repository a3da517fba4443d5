package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loss values and input gradients against torch 1.13 (tools/golden/nn_losses.py, whose loops these
 * mirror).
 */
class LossesGoldenTest {

  private static final String[] LAYOUTS = {"2d", "3d", "1d", "f32"};
  private static final double[] SMOOTHING = {0.0, 0.1, 0.35};
  private static final long[] IGNORE = {-100, 1};

  private static Map<String, Tensor> golden;

  @BeforeAll
  static void load() throws IOException {
    golden = StateDicts.read(LayersGoldenTest.resource("losses.safetensors"));
  }

  static Tensor g(String name) {
    Tensor t = golden.get(name);
    if (t == null) {
      throw new IllegalStateException("golden file has no " + name);
    }
    return t;
  }

  /** Largest absolute and relative (to max(1, |want|)) differences seen by one test, per dtype. */
  static final class Errors {
    final Map<DType, double[]> max = new java.util.TreeMap<>();

    void compare(Tensor want, Tensor got, double tol, String what) {
      assertEquals(want.dtype(), got.dtype(), what + " dtype");
      assertArrayEquals(want.shape(), got.shape(), what + " shape");
      double[] w = want.toDoubleArray();
      double[] a = got.toDoubleArray();
      double[] m = max.computeIfAbsent(want.dtype(), k -> new double[2]);
      for (int i = 0; i < w.length; i++) {
        double d = Math.abs(w[i] - a[i]);
        m[0] = Math.max(m[0], d);
        m[1] = Math.max(m[1], d / Math.max(1, Math.abs(w[i])));
        assertEquals(w[i], a[i], tol * Math.max(1, Math.abs(w[i])), what + " element " + i);
      }
    }

    void print(String what) {
      max.forEach(
          (dtype, m) ->
              System.out.printf(
                  Locale.ROOT,
                  "golden %s %s: max abs err %.3g, max rel err %.3g%n",
                  what,
                  dtype,
                  m[0],
                  m[1]));
    }
  }

  static String torchName(Reduction r) {
    return r.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks the loss and the gradient of sum(coef * loss) (coef = 1 for reduced losses) with respect
   * to x.
   */
  static void check(
      Errors err,
      String key,
      Tensor x0,
      Tensor coef,
      Reduction red,
      BiFunction<Tensor, Reduction, Tensor> loss) {
    Tensor x = x0.detach().clone().requiresGrad(true);
    Tensor l = loss.apply(x, red);
    (red == Reduction.NONE ? l.mul(coef) : l).sum().backward();
    double tol = x0.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
    err.compare(g(key + ".loss"), l, tol, key + " loss");
    err.compare(g(key + ".grad"), x.grad(), tol, key + " grad");
  }

  @Test
  void crossEntropyWithLabelSmoothingAndIgnoreIndex() {
    Errors err = new Errors();
    for (String layout : LAYOUTS) {
      Tensor x = g("in." + layout + ".x");
      for (Reduction red : Reduction.values()) {
        for (long ii : IGNORE) {
          Tensor y = g("in." + layout + ".y.ii" + ii);
          for (double ls : SMOOTHING) {
            CrossEntropyLoss criterion = new CrossEntropyLoss(red, ii, ls);
            check(
                err,
                "ce." + layout + "." + torchName(red) + ".ii" + ii + ".ls" + ls,
                x,
                g("in." + layout + ".coef"),
                red,
                (in, r) -> criterion.forward(in, y));
          }
        }
      }
    }
    err.print("cross_entropy (4 layouts x 3 reductions x 2 ignore_index x 3 label_smoothing)");
  }

  @Test
  void crossEntropyWithClassProbabilitiesAndLabelSmoothing() {
    Errors err = new Errors();
    for (String layout : LAYOUTS) {
      Tensor x = g("in." + layout + ".x");
      Tensor p = g("prob." + layout + ".p");
      for (Reduction red : Reduction.values()) {
        for (double ls : SMOOTHING) {
          CrossEntropyLoss criterion = new CrossEntropyLoss(red, Losses.DEFAULT_IGNORE_INDEX, ls);
          check(
              err,
              "ceprob." + layout + "." + torchName(red) + ".ls" + ls,
              x,
              g("in." + layout + ".coef"),
              red,
              (in, r) -> criterion.forward(in, p));
        }
      }
    }
    err.print(
        "cross_entropy with class probabilities (4 layouts x 3 reductions x 3 label_smoothing)");
  }

  @Test
  void nllLoss() {
    Errors err = new Errors();
    for (String layout : LAYOUTS) {
      Tensor x = g("in." + layout + ".x");
      Tensor logp = x.logSoftmax(x.dim() == 1 ? 0 : 1);
      for (Reduction red : Reduction.values()) {
        for (long ii : IGNORE) {
          Tensor y = g("in." + layout + ".y.ii" + ii);
          NLLLoss criterion = new NLLLoss(red, ii);
          check(
              err,
              "nll." + layout + "." + torchName(red) + ".ii" + ii,
              logp,
              g("in." + layout + ".coef"),
              red,
              (in, r) -> criterion.forward(in, y));
        }
      }
    }
    err.print("nll_loss");
  }

  @Test
  void mseAndMarginHinge() {
    Errors mse = new Errors();
    Errors hinge = new Errors();
    for (Reduction red : Reduction.values()) {
      check(
          mse,
          "mse." + torchName(red),
          g("mse.x"),
          g("mse.coef"),
          red,
          (in, r) -> new MSELoss(r).forward(in, g("mse.y")));
      for (double margin : new double[] {1.0, 0.5}) {
        check(
            hinge,
            "hinge." + torchName(red) + ".m" + margin,
            g("hinge.score"),
            g("hinge.coef"),
            red,
            (in, r) -> new MarginHingeLoss(margin, r).forward(in, g("hinge.y")));
      }
    }
    mse.print("mse_loss");
    hinge.print("relu(margin - y * score)");
  }
}
