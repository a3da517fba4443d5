package io.github.zth.nn;

import static io.github.zth.nn.LayersGoldenTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.nn.optim.AdamW;
import io.github.zth.nn.optim.GradClip;
import io.github.zth.nn.optim.Optimizer;
import io.github.zth.nn.optim.ParamGroup;
import io.github.zth.nn.optim.SGD;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
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

    private static void trajectory(String name, BiFunction<Tensor, Tensor, Optimizer> make, double[] lrs) {
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
        trajectory("sgd_momentum", (w, b) -> new SGD(List.of(new ParamGroup(List.of(w), 0.01), new ParamGroup(List.of(b), 0.0)), 0.05, 0.9, false), null);
    }

    @Test
    void sgdNesterov() {
        trajectory("sgd_nesterov", (w, b) -> new SGD(List.of(new ParamGroup(List.of(w, b), 0.001)), 0.05, 0.9, true), null);
    }

    @Test
    void adamwWithNanoGptGroupsAndAChangingLr() {
        double[] lrs = g("adamw.lrs").toDoubleArray();
        trajectory("adamw", (w, b) -> new AdamW(ParamGroup.splitByRank(List.of(w, b), 0.1), lrs[0], 0.9, 0.95, 1e-8), lrs);
    }

    @Test
    void adamwDefaults() {
        trajectory("adamw_default", (w, b) -> new AdamW(List.of(w, b), 1e-3, 0.01), null);
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p, p), 0.1));
        assertTrue(e.getMessage().contains("appears in more than one place"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sgd.setLr(-1));
        assertEquals("SGD: learning rate must be finite and non-negative, got -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(new ParamGroup(List.of(p), 0)), 1e-3, 1.0, 0.99, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(new ParamGroup(List.of(p), 0)), 0.1, 0.0, true));
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(p), 0));
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
