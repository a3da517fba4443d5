package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Gradients with respect to every parameter of each layer, not just the input. */
class ModuleGradCheckTest {

  @Property(tries = 12)
  void everyLayersParameters(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 3) int b,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll boolean makemore) {
    Random r = new Random(seed);
    Generator g = new Generator(seed);
    Tensor x = LayerGradTest.rand(r, -1, 1, b, d);
    ModuleGradCheck.assertGradients(new Linear(d, 2, true, g), x);
    ModuleGradCheck.assertGradients(
        new Sequential(new Linear(d, 3, false, g), new Tanh(), new Linear(3, 2, true, g)), x);
    ModuleGradCheck.assertGradients(new LayerNorm(d + 1), LayerGradTest.rand(r, -1, 1, b, d + 1));
    BatchNorm1d.Layout layout = makemore ? BatchNorm1d.Layout.MAKEMORE : BatchNorm1d.Layout.TORCH;
    BatchNorm1d bn = new BatchNorm1d(d, 1e-5, 0.1, layout);
    Tensor bx = LayerGradTest.rand(r, -1, 1, b, 2, d).transpose(1, makemore ? 1 : 2).contiguous();
    ModuleGradCheck.assertGradients(bn, bx);
    bn.eval(); // on its running statistics; weight and bias still get gradients
    ModuleGradCheck.assertGradients(bn, bx);
    long[] idx = {r.nextInt(4), r.nextInt(4), r.nextInt(4)};
    ModuleGradCheck.assertGradients(new Embedding(4, d, g), Tensor.fromArray(idx, 3));
    ModuleGradCheck.assertGradients(
        new CausalSelfAttention(2 * d, 2, 3, true, 0.0, g),
        LayerGradTest.rand(r, -1, 1, b, 3, 2 * d));
    Tensor h = LayerGradTest.rand(r, -1, 1, b, 2);
    Tensor c = LayerGradTest.rand(r, -1, 1, b, 2);
    RNNCell rnn = new RNNCell(d, 2, true, false, g);
    ModuleGradCheck.assertGradients(rnn, in -> rnn.forward(in.get(0), in.get(1)), x, h);
    GRUCell gru = new GRUCell(d, 2, true, g);
    ModuleGradCheck.assertGradients(gru, in -> gru.forward(in.get(0), in.get(1)), x, h);
    LSTMCell lstm = new LSTMCell(d, 2, true, g);
    ModuleGradCheck.assertGradients(
        lstm,
        in -> {
          LSTMCell.State s = lstm.forward(in.get(0), new LSTMCell.State(in.get(1), in.get(2)));
          return s.h().add(s.c().mul(0.5));
        },
        x,
        h,
        c);
  }

  @Test
  void leavesTheModuleAsItFoundIt() {
    Generator g = new Generator(5);
    Sequential model =
        new Sequential(
            new Linear(3, 4, true, g), new BatchNorm1d(4), new Tanh(), new Linear(4, 2, true, g));
    Tensor x = Tensor.randn(g, 6, 3);
    model.forward(x).sum().backward(); // gradients a training loop may hold when a layer is checked
    List<Tensor> params = model.parameters();
    Map<String, Tensor> before = new LinkedHashMap<>();
    model.namedBuffers().forEach((k, v) -> before.put(k, v.clone()));
    model.namedParameters().forEach((k, v) -> before.put(k, v.detach().clone()));
    model.namedParameters().forEach((k, v) -> before.put(k + ".grad", v.grad().clone()));

    ModuleGradCheck.assertGradients(
        model, x.to(DType.FLOAT64)); // training mode: moves the running statistics

    assertEquals(params, model.parameters());
    for (int i = 0; i < params.size(); i++) {
      assertSame(params.get(i), model.parameters().get(i), "the same parameter objects");
    }
    Map<String, Tensor> after = new LinkedHashMap<>();
    model.namedBuffers().forEach(after::put);
    model.namedParameters().forEach(after::put);
    model.namedParameters().forEach((k, v) -> after.put(k + ".grad", v.grad()));
    for (Map.Entry<String, Tensor> e : before.entrySet()) {
      Tensor now = after.get(e.getKey());
      assertEquals(e.getValue().dtype(), now.dtype(), e.getKey());
      assertArrayEquals(e.getValue().toDoubleArray(), now.toDoubleArray(), e.getKey());
    }
    assertEquals(DType.FLOAT32, model.forward(x).dtype(), "still a FLOAT32 model");
  }

  @Test
  void tiedParametersGetBothContributions() {
    ModuleTest.Toy toy = new ModuleTest.Toy(new Generator(3));
    toy.eval(); // BatchNorm on running statistics: a deterministic, smooth function of the
    // parameters
    ModuleGradCheck.assertGradients(toy, Tensor.of(0L, 4L, 2L));
  }

  /** The checker itself can fail: a module whose backward is wrong is caught. */
  @Test
  void detectsAWrongGradient() {
    Module wrong =
        new Module() {
          {
            registerParameter("w", Tensor.of(0.5, -0.3));
          }

          @Override
          public Tensor forward(Tensor x) {
            // Forward is x * w, but the gradient flowing to w is doubled by a detached trick.
            Tensor w = parameter("w");
            return x.mul(w.mul(2.0)).sub(x.mul(w.detach()));
          }
        };
    GradCheck.Result r = ModuleGradCheck.check(wrong, Tensor.of(1.0, 2.0));
    assertFalse(r.passed());
    assertTrue(r.message().contains("FAILED"), r.message());
  }
}
