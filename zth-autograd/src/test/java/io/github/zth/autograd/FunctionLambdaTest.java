package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.testing.TensorArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The lambda forms: {@link Function#unary}, {@link Function#of} and {@link GradMode#noGrad}. */
class FunctionLambdaTest {

  /** The README's SiLU, line for line. */
  static final Function SILU =
      Function.unary(
          "SiLU",
          (ctx, x) -> {
            Tensor s = x.sigmoid();
            ctx.saveForBackward(x, s);
            return x.mul(s);
          },
          (ctx, g) -> g.mul(ctx.saved(1).mul(ctx.saved(0).mul(ctx.saved(1).rsub(1.0)).add(1.0))));

  /** x·y with a deliberately wrong gradient for y when {@code wrong} is set. */
  static Function product(boolean wrong) {
    return Function.of(
        "Product",
        (ctx, in) -> {
          ctx.saveForBackward(in[0], in[1]);
          return in[0].mul(in[1]);
        },
        (ctx, g) -> new Tensor[] {g.mul(ctx.saved(1)), g.mul(ctx.saved(0)).mul(wrong ? 2.0 : 1.0)});
  }

  @Property(tries = 30)
  void siluHasRightGradients(@ForAll("inputs") Tensor x) {
    GradCheck.assertGradients(in -> SILU.apply(in.get(0)), x);
  }

  @Property(tries = 30)
  void siluComputesSilu(@ForAll("inputs") Tensor x) {
    assertArrayEquals(x.mul(x.sigmoid()).toDoubleArray(), SILU.apply(x).toDoubleArray(), 0.0);
  }

  @Provide
  Arbitrary<Tensor> inputs() {
    return TensorArbitraries.tensors(3, 4, -4, 4);
  }

  @Test
  void namesTheGraphNodeAfterTheOp() {
    Tensor x = Tensor.of(0.5, -1.0).requiresGrad(true);
    assertEquals("SiLUBackward", SILU.apply(x).gradFnName());
    assertEquals("ProductBackward", product(false).apply(x, x).gradFnName());
  }

  @Test
  void multiInputFormIsChecked() {
    Tensor x = Tensor.of(0.5, -1.0, 2.0);
    Tensor y = Tensor.of(1.5, 3.0, -0.25);
    assertTrue(GradCheck.check(in -> product(false).apply(in.get(0), in.get(1)), x, y).passed());
    GradCheck.Result r = GradCheck.check(in -> product(true).apply(in.get(0), in.get(1)), x, y);
    assertFalse(r.passed());
    assertEquals(1, r.inputIndex());
  }

  @Test
  void refusesMisuseWithTheOpsName() {
    Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
    IllegalArgumentException two =
        assertThrows(IllegalArgumentException.class, () -> SILU.apply(x, x));
    assertEquals("SiLU: takes 1 input, got 2", two.getMessage());
    Function lost = Function.unary("Lost", (ctx, t) -> t.mul(2.0), (ctx, g) -> ctx.saved(0));
    IndexOutOfBoundsException none =
        assertThrows(IndexOutOfBoundsException.class, () -> lost.apply(x).sum().backward());
    assertEquals(
        "LostBackward: ctx.saved(0) is out of range, 0 tensors were saved", none.getMessage());
  }

  @Test
  void refusesANamelessOp() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Function.of(" ", (ctx, in) -> in[0], (ctx, g) -> new Tensor[] {g}));
    assertTrue(e.getMessage().startsWith("Function.of: the op needs a name"), e.getMessage());
  }

  @Test
  void noGradRecordsNothingAndRestoresTheMode() {
    Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
    Tensor y = GradMode.noGrad(() -> w.mul(3.0));
    assertFalse(y.requiresGrad());
    assertTrue(GradMode.isEnabled());
    double[] seen = new double[1];
    GradMode.noGrad(
        () -> {
          seen[0] = GradMode.isEnabled() ? 1 : 0;
          GradMode.noGrad(() -> assertFalse(GradMode.isEnabled()));
          assertFalse(GradMode.isEnabled());
        });
    assertEquals(0, seen[0]);
    RuntimeException boom = new RuntimeException("boom");
    assertSame(
        boom,
        assertThrows(
            RuntimeException.class,
            () ->
                GradMode.noGrad(
                    () -> {
                      throw boom;
                    })));
    assertTrue(GradMode.isEnabled());
    assertTrue(w.mul(3.0).requiresGrad());
  }
}
