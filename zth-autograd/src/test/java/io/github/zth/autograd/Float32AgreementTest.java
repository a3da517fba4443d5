package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zth.testing.TensorArbitraries;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The FLOAT32 paths agree with FLOAT64 within float tolerance, forward and backward. */
class Float32AgreementTest {

  private static final Map<String, UnaryOperator<Tensor>> UNARY =
      Map.ofEntries(
          Map.entry("exp", Tensor::exp),
          Map.entry("log", t -> t.abs().add(0.5).log()),
          Map.entry("sqrt", t -> t.abs().add(0.5).sqrt()),
          Map.entry("tanh", Tensor::tanh),
          Map.entry("sigmoid", Tensor::sigmoid),
          Map.entry("relu", Tensor::relu),
          Map.entry("gelu", Tensor::gelu),
          Map.entry("geluTanh", t -> t.gelu(true)),
          Map.entry("pow", t -> t.abs().add(0.5).pow(1.7)),
          Map.entry("clamp", t -> t.clamp(-0.5, 1)),
          Map.entry("softmax", t -> t.softmax(-1)),
          Map.entry("logSoftmax", t -> t.logSoftmax(0)),
          Map.entry("sum", t -> t.sum(0, true)),
          Map.entry("mean", Tensor::mean),
          Map.entry("var", t -> t.numel() > 1 ? t.var() : t),
          Map.entry("logsumexp", t -> t.logsumexp(-1, false)),
          Map.entry("max", t -> t.max(-1, false).values()),
          Map.entry("matmul", t -> t.reshape(-1, 1).matmul(t.reshape(1, -1)).tanh()),
          Map.entry("tril", t -> t.reshape(-1, 1).matmul(t.reshape(1, -1)).tril()),
          Map.entry("crossEntropy", t -> t.reshape(1, -1).crossEntropy(Tensor.of(0L))),
          Map.entry("mul", t -> t.mul(t.add(1)).div(t.abs().add(2)).sub(t)));

  @Provide
  Arbitrary<Tensor> inputs() {
    return TensorArbitraries.tensors(3, 4, -3, 3).filter(t -> t.dim() > 0);
  }

  @Property(tries = 60)
  void float32AgreesWithFloat64(@ForAll("inputs") Tensor x64) {
    for (var e : UNARY.entrySet()) {
      Tensor a = x64.detach().clone().requiresGrad(true);
      Tensor b = x64.to(DType.FLOAT32).requiresGrad(true);
      Tensor ya = e.getValue().apply(a);
      Tensor yb = e.getValue().apply(b);
      assertEquals(DType.FLOAT32, yb.dtype(), e.getKey());
      close(e.getKey(), ya.toDoubleArray(), yb.toDoubleArray());
      ya.sum().backward();
      yb.sum().backward();
      close(e.getKey() + " grad", a.grad().toDoubleArray(), b.grad().toDoubleArray());
    }
  }

  @Property(tries = 40)
  void broadcastBinaryOpsAgree(@ForAll("pairs") List<Tensor> p) {
    Tensor a = p.get(0);
    Tensor b = p.get(1);
    Tensor a32 = a.to(DType.FLOAT32);
    Tensor b32 = b.to(DType.FLOAT32);
    close("add", a.add(b).toDoubleArray(), a32.add(b32).toDoubleArray());
    close("mul", a.mul(b).toDoubleArray(), a32.mul(b32).toDoubleArray());
    close("maximum", a.maximum(b).toDoubleArray(), a32.maximum(b32).toDoubleArray());
    close("div", a.div(b.abs().add(1)).toDoubleArray(), a32.div(b32.abs().add(1)).toDoubleArray());
  }

  @Provide
  Arbitrary<List<Tensor>> pairs() {
    return TensorArbitraries.broadcastTensors(3, 4, -3, 3);
  }

  private static void close(String what, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, what);
    double[] tol = new double[expected.length];
    for (int i = 0; i < expected.length; i++) {
      tol[i] = 1e-5 * Math.max(1, Math.abs(expected[i]));
      if (Math.abs(expected[i] - actual[i]) > tol[i]) {
        assertArrayEquals(expected, actual, tol[i], what + " element " + i);
      }
    }
  }
}
