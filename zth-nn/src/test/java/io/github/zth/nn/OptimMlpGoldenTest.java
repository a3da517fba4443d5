package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.nn.optim.Adam;
import io.github.zth.nn.optim.AdamW;
import io.github.zth.nn.optim.GradClip;
import io.github.zth.nn.optim.LrSchedule;
import io.github.zth.nn.optim.Optimizer;
import io.github.zth.nn.optim.ParamGroup;
import io.github.zth.nn.optim.RMSprop;
import io.github.zth.nn.optim.SGD;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 20 steps of each optimizer on a float64 MLP with cross-entropy, nanoGPT's cosine-with-warmup
 * schedule applied as torch's LambdaLR and clip_grad_norm_ every step, against torch 1.13
 * (tools/golden/nn_optim_mlp.py): parameters within 1e-6 relative after every step.
 */
class OptimMlpGoldenTest {

  private static final String[] NAMES = {"W1", "b1", "W2", "b2"};
  private static final int STEPS = 20;
  private static final double MAX_NORM = 0.4;
  private static final LrSchedule FACTOR = LrSchedule.cosineWithWarmup(1.0, 0.1, 4, 16);
  private static Map<String, Tensor> golden;

  @BeforeAll
  static void load() throws IOException {
    golden = StateDicts.read(LayersGoldenTest.resource("optim_mlp.safetensors"));
  }

  private static Tensor g(String name) {
    Tensor t = golden.get(name);
    if (t == null) {
      throw new IllegalStateException("golden file has no " + name);
    }
    return t;
  }

  private static Tensor loss(List<Tensor> p) {
    Tensor h = g("x").matmul(p.get(0)).add(p.get(1)).tanh();
    return h.matmul(p.get(2)).add(p.get(3)).crossEntropy(g("y"));
  }

  /**
   * [W1, W2] decayed by {@code wd}, [b1, b2] not (with their own lr if {@code noDecayLr} is not
   * NaN).
   */
  private static List<ParamGroup> decayGroups(List<Tensor> p, double wd, double noDecayLr) {
    return List.of(
        new ParamGroup(List.of(p.get(0), p.get(2)), wd),
        new ParamGroup(List.of(p.get(1), p.get(3)), 0.0, noDecayLr));
  }

  /** Runs the case and returns the largest relative error of any parameter element at any step. */
  private static double run(String name, Function<List<Tensor>, Optimizer> make) {
    List<Tensor> p = new ArrayList<>();
    for (String n : NAMES) {
      p.add(g("init." + n).clone().requiresGrad(true));
    }
    Optimizer opt = make.apply(p);
    double[] lrs = g(name + ".lr").toDoubleArray();
    double[] norms = g(name + ".norm").toDoubleArray();
    double worst = 0;
    for (int k = 0; k < STEPS; k++) {
      opt.scaleLr(FACTOR.lr(k));
      assertEquals(lrs[k], opt.lr(), 1e-15 * lrs[k], name + " lr at step " + k);
      opt.zeroGrad();
      loss(p).backward();
      double norm = GradClip.clipGradNorm(p, MAX_NORM);
      assertEquals(norms[k], norm, 1e-9 * norms[k], name + " grad norm at step " + k);
      opt.step();
      for (int i = 0; i < NAMES.length; i++) {
        double[] want = g(name + "." + NAMES[i] + "." + k).toDoubleArray();
        double[] got = p.get(i).toDoubleArray();
        for (int j = 0; j < want.length; j++) {
          double err = Math.abs(got[j] - want[j]);
          assertTrue(
              err <= 1e-6 * Math.abs(want[j]) + 1e-12,
              name
                  + " "
                  + NAMES[i]
                  + "["
                  + j
                  + "] after step "
                  + k
                  + ": "
                  + got[j]
                  + " vs torch "
                  + want[j]);
          worst = Math.max(worst, want[j] == 0 ? err : err / Math.abs(want[j]));
        }
      }
    }
    System.out.printf(
        "optim golden %s: max relative error %.3g over %d steps%n", name, worst, STEPS);
    return worst;
  }

  @Test
  void sgdMomentumWithGroupDecayAndGroupLr() {
    run("sgd_momentum", p -> new SGD(decayGroups(p, 1e-3, 0.25), 0.5, 0.9, false));
  }

  @Test
  void sgdNesterov() {
    run("sgd_nesterov", p -> new SGD(List.of(new ParamGroup(p, 1e-3)), 0.5, 0.9, true));
  }

  @Test
  void adamWithL2Decay() {
    run("adam", p -> new Adam(List.of(new ParamGroup(p, 1e-2)), 0.05, 0.9, 0.999, 1e-8, false));
  }

  @Test
  void adamAmsgrad() {
    run("adam_amsgrad", p -> new Adam(List.of(new ParamGroup(p, 0.0)), 0.05, 0.8, 0.9, 1e-8, true));
  }

  @Test
  void adamwWithDecayAndNoDecayGroups() {
    run("adamw", p -> new AdamW(decayGroups(p, 0.1, Double.NaN), 0.05, 0.9, 0.95, 1e-8));
  }

  @Test
  void adamwWithAGroupLr() {
    run("adamw_group_lr", p -> new AdamW(decayGroups(p, 0.1, 0.01), 0.05, 0.9, 0.95, 1e-8));
  }

  @Test
  void rmsprop() {
    run("rmsprop", p -> new RMSprop(p, 0.01));
  }

  @Test
  void rmspropCenteredWithMomentumAndDecay() {
    run(
        "rmsprop_centered",
        p -> new RMSprop(List.of(new ParamGroup(p, 1e-3)), 0.01, 0.9, 1e-8, 0.5, true));
  }
}
