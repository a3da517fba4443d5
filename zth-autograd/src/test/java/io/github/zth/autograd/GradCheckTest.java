package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GradCheck finds wrong backwards and says where; Function validates what backward returns. */
@SuppressWarnings("try") // GradMode guards are used for their scope, like torch.no_grad()
class GradCheckTest {

  /** sin-like op whose backward forgets a factor 2 for the second element onwards. */
  static final class WrongSquare extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return in[0].mul(in[0]);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      Tensor x = ctx.savedTensors().get(0);
      Tensor factor = Tensor.of(2.0, 1.0, 2.0);
      return new Tensor[] {grad.mul(x).mul(factor)};
    }
  }

  @Test
  void reportsTheWorstElement() {
    Tensor x = Tensor.of(0.5, 3.0, -1.0);
    GradCheck.Result r = GradCheck.check(in -> new WrongSquare().apply(in.get(0)), x);
    assertFalse(r.passed());
    assertEquals(0, r.inputIndex());
    assertEquals(1, r.elementIndex());
    assertEquals(r.numeric() / 2, r.analytic(), 1e-6);
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> GradCheck.assertGradients(in -> new WrongSquare().apply(in.get(0)), x));
    assertTrue(
        e.getMessage().contains("input 0 (shape [3]) element 1 (index [1])"), e.getMessage());
    assertTrue(
        e.getMessage().contains("analytic") && e.getMessage().contains("numeric"), e.getMessage());
  }

  @Test
  void passesACorrectMultiInputFunction() {
    Tensor a = Tensor.of(new double[][] {{0.3, -0.7}, {1.1, 0.2}});
    Tensor b = Tensor.of(0.5, -1.5);
    GradCheck.Result r =
        GradCheck.assertGradients(
            in -> in.get(0).matmul(in.get(1)).tanh().mul(in.get(1).sum()), a, b);
    assertTrue(r.passed(), r.message());
  }

  @Test
  void refusesFloat32Outputs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.check(in -> in.get(0).to(DType.FLOAT32), Tensor.of(1.0)));
    assertTrue(e.getMessage().contains("FLOAT64"), e.getMessage());
  }

  /** Returns a gradient of the wrong shape. */
  static final class BadShape extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      return in[0].sum();
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      return new Tensor[] {grad};
    }
  }

  @Test
  void functionChecksGradientShapes() {
    Tensor x = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
    Tensor y = new BadShape().apply(x);
    assertEquals("BadShapeBackward", y.gradFnName());
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(
        e.getMessage().contains("gradient of shape [] for input 0 of shape [3]"), e.getMessage());
  }

  @Test
  void functionSavedTensorsAreVersionChecked() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
    Tensor h = x.mul(2.0);
    Tensor y = new WrongSquare().apply(h).sum();
    try (var off = GradMode.disabled()) {
      h.mul_(3);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(
        e.getMessage().startsWith("WrongSquareBackward: a tensor of shape [3] saved for backward"),
        e.getMessage());
  }
}
