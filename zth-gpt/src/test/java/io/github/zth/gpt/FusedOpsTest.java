package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Generator;
import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.Tensor;
import io.github.zth.gpt.internal.CausalSoftmax;
import io.github.zth.gpt.internal.FastGelu;
import io.github.zth.gpt.internal.FastLayerNorm;
import io.github.zth.nn.LayerNorm;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The fused FLOAT32 ops agree with the composed FLOAT64 engine ops, values and gradients. */
class FusedOpsTest {

  @Property(tries = 30)
  void causalSoftmaxPassesGradCheckInFloat64(@ForAll @IntRange(min = 1, max = 3) int b, @ForAll @IntRange(min = 1, max = 6) int t,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Tensor x = Tensor.randn(new Generator(seed), DType.FLOAT64, b, 2, t, t).requiresGrad(true);
    GradCheck.Result r = GradCheck.check(in -> new CausalSoftmax(0.7).apply(in.get(0)), List.of(x), 1e-6, 1e-6, 1e-4);
    org.junit.jupiter.api.Assertions.assertTrue(r.passed(), r.message());
  }

  @Property(tries = 30)
  void causalSoftmaxEqualsMaskedSoftmax(@ForAll @IntRange(min = 1, max = 8) int t, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Tensor x = Tensor.randn(new Generator(seed), 2, t, t);
    Tensor mask = Tensor.ones(t, t).tril().eq(0);
    Tensor expected = x.mul(0.5).maskedFill(mask, Double.NEGATIVE_INFINITY).softmax(-1);
    assertArrayEquals(expected.toFloatArray(), new CausalSoftmax(0.5).apply(x).toFloatArray(), 1e-6f);
  }

  @Property(tries = 30)
  void fastGeluMatchesExactGeluAndItsGradient(@ForAll @IntRange(min = 0, max = 1000) int seed) {
    Tensor x64 = Tensor.randn(new Generator(seed), DType.FLOAT64, 5, 7).mul(3).requiresGrad(true);
    Tensor x32 = x64.detach().to(DType.FLOAT32).requiresGrad(true);
    Tensor w = Tensor.randn(new Generator(seed + 1), DType.FLOAT64, 5, 7);
    x64.gelu().mul(w).sum().backward();
    FastGelu.gelu(x32).mul(w.to(DType.FLOAT32)).sum().backward();
    assertArrayEquals(x64.gelu().toFloatArray(), FastGelu.gelu(x32.detach()).toFloatArray(), 1e-6f);
    assertArrayEquals(x64.grad().toFloatArray(), x32.grad().toFloatArray(), 1e-5f);
  }

  @Property(tries = 20)
  void fastLayerNormMatchesTheModule(@ForAll boolean bias, @ForAll @IntRange(min = 2, max = 9) int c,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    LayerNorm ln = new LayerNorm(c, bias);
    Generator g = new Generator(seed);
    ln.weight().detach().copy_(Tensor.randn(g, c));
    if (bias) {
      ln.bias().detach().copy_(Tensor.randn(g, c));
    }
    Tensor x = Tensor.randn(g, 3, 4, c).mul(2).add(1).requiresGrad(true);
    Tensor w = Tensor.randn(g, 3, 4, c);
    ln.forward(x).mul(w).sum().backward();
    float[] gx = x.grad().toFloatArray();
    float[] gw = ln.weight().grad().toFloatArray();
    float[] gb = bias ? ln.bias().grad().toFloatArray() : null;
    x.zeroGrad();
    ln.zeroGrad();
    Tensor y = FastLayerNorm.apply(ln, x);
    assertArrayEquals(ln.forward(x.detach()).toFloatArray(), y.toFloatArray(), 1e-5f);
    y.mul(w).sum().backward();
    assertArrayEquals(gx, x.grad().toFloatArray(), 1e-4f);
    assertArrayEquals(gw, ln.weight().grad().toFloatArray(), 1e-4f);
    if (bias) {
      assertArrayEquals(gb, ln.bias().grad().toFloatArray(), 1e-4f);
    }
  }
}
