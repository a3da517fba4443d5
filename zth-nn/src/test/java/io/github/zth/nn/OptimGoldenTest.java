package io.github.zth.nn;

import static io.github.zth.nn.LayersGoldenTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.optim.Adam;
import io.github.zth.nn.optim.AdamW;
import io.github.zth.nn.optim.GradClip;
import io.github.zth.nn.optim.Optimizer;
import io.github.zth.nn.optim.ParamGroup;
import io.github.zth.nn.optim.RMSprop;
import io.github.zth.nn.optim.SGD;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Optimizer trajectories and clipping against torch 1.13 (tools/golden/nn_optim.py). */
class OptimGoldenTest {

  private static Map<String, Tensor> golden;

  @BeforeAll
  static void load() throws IOException {
    golden = StateDicts.read(LayersGoldenTest.resource("optim.safetensors"));
  }

  static Tensor g(String name) {
    Tensor t = golden.get(name);
    if (t == null) {
      throw new IllegalStateException("golden file has no " + name);
    }
    return t;
  }

  /** Sets p.grad to exactly {@code grad}: d/dp sum(p * grad) = grad. */
  static void feed(Tensor p, Tensor grad) {
    p.mul(grad).sum().backward();
  }

  private static void trajectory(
      String name, BiFunction<Tensor, Tensor, Optimizer> make, double[] lrs) {
    Tensor w = g(name + ".W.init").clone().detach().requiresGrad(true);
    Tensor b = g(name + ".b.init").clone().detach().requiresGrad(true);
    Optimizer opt = make.apply(w, b);
    for (int k = 0; k < 5; k++) {
      if (lrs != null) {
        opt.setLr(lrs[k]);
      }
      opt.zeroGrad();
      feed(w, g(name + ".W.grad" + k));
      feed(b, g(name + ".b.grad" + k));
      opt.step();
      assertClose(g(name + ".W." + k), w, 1e-6, name + " W after step " + k);
      assertClose(g(name + ".b." + k), b, 1e-6, name + " b after step " + k);
    }
    assertEquals(5, opt.steps());
  }

  @Test
  void sgd() {
    trajectory("sgd", (w, b) -> new SGD(List.of(w, b), 0.1), null);
  }

  @Test
  void sgdWithMomentumAndGroupDecay() {
    trajectory(
        "sgd_momentum",
        (w, b) ->
            new SGD(
                List.of(new ParamGroup(List.of(w), 0.01), new ParamGroup(List.of(b), 0.0)),
                0.05,
                0.9,
                false),
        null);
  }

  @Test
  void sgdNesterov() {
    trajectory(
        "sgd_nesterov",
        (w, b) -> new SGD(List.of(new ParamGroup(List.of(w, b), 0.001)), 0.05, 0.9, true),
        null);
  }

  @Test
  void adamwWithNanoGptGroupsAndAChangingLr() {
    double[] lrs = g("adamw.lrs").toDoubleArray();
    trajectory(
        "adamw",
        (w, b) -> new AdamW(ParamGroup.splitByRank(List.of(w, b), 0.1), lrs[0], 0.9, 0.95, 1e-8),
        lrs);
  }

  @Test
  void adamwDefaults() {
    trajectory("adamw_default", (w, b) -> new AdamW(List.of(w, b), 1e-3, 0.01), null);
  }

  @Test
  void adamWithL2DecayAndAGroupLr() {
    trajectory(
        "adam",
        (w, b) ->
            new Adam(
                List.of(
                    new ParamGroup(List.of(w), 0.01), new ParamGroup(List.of(b), 0.0).withLr(5e-3)),
                1e-2,
                0.9,
                0.999,
                1e-8,
                false),
        null);
  }

  @Test
  void adamAmsgrad() {
    trajectory(
        "adam_amsgrad",
        (w, b) -> new Adam(List.of(new ParamGroup(List.of(w, b), 0.0)), 1e-2, 0.8, 0.9, 1e-8, true),
        null);
  }

  @Test
  void rmsprop() {
    trajectory(
        "rmsprop",
        (w, b) ->
            new RMSprop(List.of(new ParamGroup(List.of(w, b), 0.01)), 1e-2, 0.99, 1e-8, 0.0, false),
        null);
  }

  @Test
  void rmspropCenteredWithMomentum() {
    trajectory(
        "rmsprop_centered",
        (w, b) ->
            new RMSprop(List.of(new ParamGroup(List.of(w, b), 0.0)), 1e-2, 0.9, 1e-8, 0.5, true),
        null);
  }

  @Test
  void clipGradNorm() {
    for (String name : List.of("clip", "noclip")) {
      Tensor w = Tensor.zeros(3, 4).requiresGrad(true);
      Tensor b = Tensor.zeros(4).requiresGrad(true);
      feed(w, g(name + ".W.grad"));
      feed(b, g(name + ".b.grad"));
      double total = GradClip.clipGradNorm(List.of(w, b), name.equals("clip") ? 1.0 : 100.0);
      assertEquals(g(name + ".total").item(), total, 1e-5 * total, name + " total norm");
      assertClose(g(name + ".W.clipped"), w.grad(), 1e-6, name + " W grad");
      assertClose(g(name + ".b.clipped"), b.grad(), 1e-6, name + " b grad");
    }
  }

  @Test
  void optimizerArgumentsAndSkipping() {
    Tensor p = Tensor.zeros(2).requiresGrad(true);
    Tensor unused = Tensor.ones(2).requiresGrad(true);
    SGD sgd = new SGD(List.of(p, unused), 0.5);
    feed(p, Tensor.of(1f, -2f));
    sgd.step();
    assertClose(Tensor.of(-0.5f, 1f), p, 0, "p -= lr * grad");
    assertClose(Tensor.ones(2), unused, 0, "a parameter without grad is left alone");
    sgd.zeroGrad();
    assertNull(p.grad());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p, p), 0.1));
    assertTrue(e.getMessage().contains("appears in more than one place"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> sgd.setLr(-1));
    assertEquals("SGD: learning rate must be finite and non-negative, got -1.0", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new AdamW(List.of(new ParamGroup(List.of(p), 0)), 1e-3, 1.0, 0.99, 1e-8));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SGD(List.of(new ParamGroup(List.of(p), 0)), 0.1, 0.0, true));
    assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(p), 0));
    e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3).lr(2));
    assertEquals("Adam: group 2 out of range, the optimizer has 1 groups", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RMSprop(List.of(new ParamGroup(List.of(p), 0)), 1e-2, 1.0, 1e-8, 0, false));
    assertEquals(
        "RMSprop: need alpha and momentum in [0, 1) and finite eps > 0, got alpha 1.0, eps 1.0E-8, momentum 0.0",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new AdamW(List.of(), 1e-3, 0.9, 0.99, 1e-8));
    assertEquals("AdamW: needs at least one parameter group, got none", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new ParamGroup(List.of(p), 0).withLr(-1));
    assertTrue(
        e.getMessage().startsWith("ParamGroup: learning rate must be finite and non-negative"),
        e.getMessage());
  }

  @Test
  void aNonContiguousParameterIsUpdatedLikeItsContiguousCopy() {
    List<Function<Tensor, Optimizer>> makers =
        List.of(
            p -> new SGD(List.of(new ParamGroup(List.of(p), 0.01)), 0.1, 0.9, true),
            p -> new Adam(List.of(new ParamGroup(List.of(p), 0.01)), 1e-2, 0.9, 0.999, 1e-8, true),
            p -> new AdamW(List.of(p), 1e-2, 0.1),
            p ->
                new RMSprop(List.of(new ParamGroup(List.of(p), 0.01)), 1e-2, 0.9, 1e-8, 0.5, true));
    for (Function<Tensor, Optimizer> make : makers) {
      Tensor strided = Tensor.randn(new Generator(3), 3, 4).T().detach().requiresGrad(true);
      Tensor dense = strided.detach().contiguous().clone().requiresGrad(true);
      assertTrue(!strided.isContiguous() && dense.isContiguous());
      Optimizer a = make.apply(strided);
      Optimizer b = make.apply(dense);
      for (int k = 0; k < 3; k++) {
        Tensor grad = Tensor.randn(new Generator(10 + k), 4, 3);
        a.zeroGrad();
        b.zeroGrad();
        feed(strided, grad);
        feed(dense, grad);
        a.step();
        b.step();
      }
      assertClose(dense, strided, 0, a.getClass().getSimpleName() + " on a transposed parameter");
      assertTrue(!strided.isContiguous(), "the parameter keeps its layout");
    }
  }

  @Test
  void groupLearningRatesFollowLambdaLrAndSetLr() {
    Tensor w = Tensor.zeros(2, 2).requiresGrad(true);
    Tensor b = Tensor.zeros(2).requiresGrad(true);
    Optimizer opt =
        new AdamW(
            List.of(new ParamGroup(List.of(w), 0.1), new ParamGroup(List.of(b), 0.0).withLr(0.5)),
            2.0,
            0.9,
            0.99,
            1e-8);
    assertEquals(2.0, opt.lr(0));
    assertEquals(0.5, opt.lr(1));
    opt.scaleLr(0.25);
    assertEquals(0.5, opt.lr(0));
    assertEquals(0.125, opt.lr(1));
    assertEquals(0.5, opt.baseLr(1), "scaling leaves the initial rates alone");
    opt.setLr(1, 3.0);
    assertEquals(3.0, opt.lr(1));
    opt.setLr(0.01);
    assertEquals(0.01, opt.lr(0));
    assertEquals(0.01, opt.lr(1), "setLr(double) sets every group, as nanoGPT's loop does");
  }

  @Test
  void clipGradValueClampsEachElement() {
    Tensor w = Tensor.zeros(4).requiresGrad(true);
    feed(w, Tensor.of(-3f, -0.5f, 0.25f, 7f));
    GradClip.clipGradValue(List.of(w, Tensor.zeros(2).requiresGrad(true)), 1.0);
    assertClose(Tensor.of(-1f, -0.5f, 0.25f, 1f), w.grad(), 0, "clamped to [-1, 1]");
    assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(List.of(w), -1));
  }
}
