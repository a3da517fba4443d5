package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Semantics of factories, views, broadcasting, reductions and the autograd machinery. */
@SuppressWarnings("try") // GradMode guards are used for their scope, like torch.no_grad()
class TensorTest {

  @Test
  void factoriesAndAccessors() {
    Tensor z = Tensor.zeros(2, 3);
    assertArrayEquals(new int[] {2, 3}, z.shape());
    assertEquals(DType.FLOAT32, z.dtype());
    assertEquals(6, z.numel());
    assertEquals(3, z.size(-1));
    assertArrayEquals(new long[] {0, 1, 2, 3}, Tensor.arange(4).toLongArray());
    assertArrayEquals(new long[] {2, 3}, Tensor.arange(2, 4).toLongArray());
    assertArrayEquals(new float[] {0f, 0.5f, 1f}, Tensor.arange(0, 1.5, 0.5).toFloatArray());
    assertArrayEquals(
        new float[] {0f, 0.25f, 0.5f, 0.75f, 1f}, Tensor.linspace(0, 1, 5).toFloatArray());
    assertArrayEquals(new double[] {1, 0, 0, 1}, Tensor.eye(2, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 2).toFloatArray());
    assertEquals(DType.INT64, Tensor.of(1L, 2L).dtype());
    assertEquals(DType.FLOAT64, Tensor.onesLike(Tensor.of(1.0, 2.0)).dtype());
    assertEquals(2.5, Tensor.scalar(2.5).item());
    assertEquals(0, Tensor.scalar(1).dim());
    Tensor m = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    assertArrayEquals(new float[] {1, 3, 2, 4}, m.T().toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new float[5], 2, 3));
  }

  @Test
  void viewsShareStorageAndContiguousCopiesOnlyWhenNeeded() {
    Tensor x = Tensor.arange(0, 6, 1).reshape(2, 3);
    Tensor t = x.transpose(0, 1);
    assertFalse(t.isContiguous());
    assertArrayEquals(new int[] {1, 3}, t.stride());
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.contiguous().toFloatArray());
    assertSame(x, x.contiguous());
    try (var off = GradMode.disabled()) {
      x.narrow(1, 1, 1).fill_(9);
    }
    assertArrayEquals(new float[] {0, 9, 2, 3, 9, 5}, x.toFloatArray());
    assertArrayEquals(new float[] {3, 9, 5}, x.select(0, 1).toFloatArray());
    assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).shape());
    assertArrayEquals(new int[] {2, 3}, x.unsqueeze(0).squeeze().shape());
    assertArrayEquals(new int[] {4, 2, 3}, x.expand(4, -1, -1).shape());
    assertArrayEquals(new int[] {3, 2}, x.permute(1, 0).shape());
    assertArrayEquals(new float[] {9, 2}, x.slice(1, 1, 100).select(0, 0).toFloatArray());
    assertEquals(3, x.reshape(-1).split(2, 0).get(1).numel() + 1);
    assertEquals(2, x.chunk(2, 1).size());
    assertArrayEquals(new int[] {6}, x.flatten().shape());
    IllegalArgumentException nv = assertThrows(IllegalArgumentException.class, () -> t.view(6));
    assertTrue(
        nv.getMessage().startsWith("view: shape [6] is not compatible with the layout"),
        nv.getMessage());
    assertArrayEquals(new float[] {0, 3, 9, 9, 2, 5}, t.reshape(6).toFloatArray());
    // splitting a dim that is contiguous in memory is a view even on a permuted tensor, as in torch
    Tensor p = Tensor.arange(0, 24, 1).reshape(2, 3, 4).transpose(0, 1);
    Tensor v = p.view(3, 2, 2, 2);
    assertArrayEquals(new int[] {4, 12, 2, 1}, v.stride());
    assertArrayEquals(p.contiguous().view(3, 2, 2, 2).toFloatArray(), v.toFloatArray());
    assertArrayEquals(
        new int[] {12, 1}, Tensor.arange(0, 24, 1).reshape(2, 3, 4).view(2, 12).stride());
  }

  @Test
  void broadcastingFollowsNumpyRules() {
    Tensor a = Tensor.arange(0, 3, 1).reshape(3, 1);
    Tensor b = Tensor.of(10f, 20f);
    Tensor c = a.add(b);
    assertArrayEquals(new int[] {3, 2}, c.shape());
    assertArrayEquals(new float[] {10, 20, 11, 21, 12, 22}, c.toFloatArray());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
    assertTrue(
        e.getMessage().contains("add: shapes [2, 3] and [4] are not broadcastable"),
        e.getMessage());
  }

  @Test
  void dtypePromotionAndMasks() {
    Tensor i = Tensor.of(1L, 2L, 3L);
    assertEquals(DType.INT64, i.add(1).dtype());
    assertEquals(DType.FLOAT32, i.div(2).dtype());
    assertEquals(DType.FLOAT32, i.mul(0.5).dtype());
    assertEquals(DType.FLOAT64, Tensor.of(1f).add(Tensor.of(1.0)).dtype());
    Tensor m = i.gt(1.0);
    assertEquals(DType.BOOL, m.dtype());
    assertArrayEquals(new long[] {0, 1, 1}, m.toLongArray());
    assertArrayEquals(
        new float[] {-1, 2, 3}, i.to(DType.FLOAT32).maskedFill(i.eq(1.0), -1).toFloatArray());
    assertArrayEquals(
        new long[] {1, 0, 0}, Tensor.where(m, Tensor.of(0L), Tensor.of(1L)).toLongArray());
    assertArrayEquals(
        new long[] {1, 0, 0, 0, 0, 1}, Tensor.oneHot(Tensor.of(0L, 2L), 3).toLongArray());
  }

  @Test
  void reductions() {
    Tensor x = Tensor.of(new double[][] {{1, 5, 3}, {4, 2, 6}});
    assertEquals(21, x.sum().item());
    assertArrayEquals(new double[] {5, 7, 9}, x.sum(0).toDoubleArray());
    assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
    assertEquals(3.5, x.mean().item(), 1e-12);
    ValuesIndices mx = x.max(1, false);
    assertArrayEquals(new double[] {5, 6}, mx.values().toDoubleArray());
    assertArrayEquals(new long[] {1, 2}, mx.indices().toLongArray());
    assertEquals(5, x.argmax().item());
    assertEquals(3.5, x.var().item(), 1e-12);
    assertArrayEquals(new double[] {4, 4}, x.var(1, false).toDoubleArray(), 1e-12);
    assertArrayEquals(
        new double[] {8.0 / 3, 8.0 / 3}, x.var(new int[] {1}, false, false).toDoubleArray(), 1e-12);
    assertEquals(
        Math.log(Math.exp(1) + Math.exp(5) + Math.exp(3)),
        x.logsumexp(1, false).toDoubleArray()[0],
        1e-12);
    assertEquals(
        21, Tensor.of(new double[][] {{1, 5, 3}, {4, 2, 6}}).sum(new int[] {0, 1}, false).item());
    assertEquals(DType.INT64, Tensor.of(1L, 2L).sum().dtype());
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(1L, 2L).mean());
  }

  @Test
  void matmulShapesFollowTorch() {
    Tensor v = Tensor.ones(3);
    Tensor m = Tensor.ones(3, 4);
    assertArrayEquals(new int[] {}, v.matmul(v).shape());
    assertArrayEquals(new int[] {4}, v.matmul(m).shape());
    assertArrayEquals(new int[] {3}, m.matmul(Tensor.ones(4)).shape());
    assertArrayEquals(
        new int[] {5, 2, 3, 4}, Tensor.ones(5, 1, 3, 3).matmul(Tensor.ones(2, 3, 4)).shape());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.zeros(32, 30).matmul(Tensor.zeros(20, 200)));
    assertEquals(
        "matmul: [32, 30] @ [20, 200]: inner dimensions differ (30 vs 20)", e.getMessage());
    Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    assertArrayEquals(new float[] {7, 10, 15, 22}, a.matmul(a).toFloatArray());
    assertArrayEquals(new float[] {10, 14, 14, 20}, a.T().matmul(a).toFloatArray());
  }

  @Test
  void gradientsAccumulateAndRetainGrad() {
    Tensor x = Tensor.of(2.0, 3.0).requiresGrad(true);
    Tensor y = x.mul(x).retainGrad();
    Tensor loss = y.sum().add(x.sum());
    loss.backward();
    assertArrayEquals(new double[] {5, 7}, x.grad().toDoubleArray());
    assertArrayEquals(new double[] {1, 1}, y.grad().toDoubleArray());
    x.mul(3.0).sum().backward();
    assertArrayEquals(new double[] {8, 10}, x.grad().toDoubleArray());
    x.zeroGrad();
    assertNull(x.grad());
    assertEquals("MulBackward0", y.gradFnName());
    assertTrue(x.isLeaf());
    assertFalse(x.detach().requiresGrad());
  }

  @Test
  void backwardWithGradientAndRetainGraph() {
    Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
    Tensor y = x.exp();
    y.backward(Tensor.of(1.0, 0.5), true);
    y.backward(Tensor.of(1.0, 0.5));
    assertArrayEquals(new double[] {2 * Math.E, Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> y.backward(Tensor.of(1.0, 1.0)));
    assertTrue(e.getMessage().contains("second time"), e.getMessage());
    IllegalStateException ns = assertThrows(IllegalStateException.class, () -> x.exp().backward());
    assertTrue(ns.getMessage().contains("scalar"), ns.getMessage());
  }

  @Test
  void inPlaceChangeOfSavedTensorFailsAtBackward() {
    Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
    Tensor c = Tensor.of(3.0, 4.0);
    Tensor loss = w.mul(c).sum();
    c.add_(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertTrue(
        e.getMessage().contains("MulBackward0") && e.getMessage().contains("in-place"),
        e.getMessage());
    IllegalStateException leaf = assertThrows(IllegalStateException.class, () -> w.sub_(1));
    assertTrue(leaf.getMessage().contains("GradMode.disabled"), leaf.getMessage());
  }

  @Test
  void noGradDisablesRecording() {
    Tensor w = Tensor.ones(2).requiresGrad(true);
    try (var off = GradMode.disabled()) {
      assertFalse(w.mul(2).requiresGrad());
      try (var on = GradMode.enabled()) {
        assertTrue(w.mul(2).requiresGrad());
      }
      assertFalse(GradMode.isEnabled());
    }
    assertTrue(GradMode.isEnabled());
  }

  @Test
  void millionOpChainBackpropagatesOnDefaultStack() throws Exception {
    Throwable[] failure = new Throwable[1];
    double[] grad = new double[1];
    Thread t =
        new Thread(
            () -> {
              try {
                Tensor x = Tensor.scalar(DType.FLOAT64, 1.0).requiresGrad(true);
                Tensor y = x;
                for (int i = 0; i < 1_000_000; i++) {
                  y = y.add(1.0);
                }
                y.backward();
                grad[0] = x.grad().item();
              } catch (Throwable e) {
                failure[0] = e;
              }
            });
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError("chain backward failed", failure[0]);
    }
    assertEquals(1.0, grad[0]);
  }

  @Test
  void indexingAndErrors() {
    Tensor c = Tensor.arange(0, 6, 1).reshape(3, 2);
    Tensor x = Tensor.of(2L, 0L, 2L, 1L).reshape(2, 2);
    Tensor e = c.index(x);
    assertArrayEquals(new int[] {2, 2, 2}, e.shape());
    assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5, 2, 3}, e.toFloatArray());
    assertArrayEquals(
        new float[] {1, 2, 5}, c.index(Tensor.arange(3), Tensor.of(1L, 0L, 1L)).toFloatArray());
    assertArrayEquals(
        new float[] {1, 2}, c.gather(1, Tensor.of(1L, 0L).reshape(2, 1)).toFloatArray());
    IllegalArgumentException oob =
        assertThrows(IllegalArgumentException.class, () -> c.index(Tensor.of(3L)));
    assertTrue(
        oob.getMessage().contains("index 3 is out of bounds for dim 0 with size 3"),
        oob.getMessage());
    IllegalArgumentException dt =
        assertThrows(IllegalArgumentException.class, () -> c.index(Tensor.of(1f)));
    assertTrue(dt.getMessage().contains("must be INT64, got FLOAT32"), dt.getMessage());
    assertEquals(DType.FLOAT32, Tensor.of(1L).log().dtype()); // torch promotes integers for log
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> c.sum(2));
    assertTrue(dim.getMessage().contains("dim 2 is out of range"), dim.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.cat(List.of(c, Tensor.zeros(3, 3)), 0));
  }

  private static void fails(String expectedStart, org.junit.jupiter.api.function.Executable e) {
    RuntimeException ex = assertThrows(RuntimeException.class, e);
    assertTrue(
        ex instanceof IllegalArgumentException || ex instanceof IllegalStateException,
        ex.toString());
    assertTrue(ex.getMessage().startsWith(expectedStart), ex.getMessage());
  }

  @Test
  void errorsNameTheOpAndWhatItGot() {
    Tensor m = Tensor.zeros(2, 3);
    fails(
        "view: shape [4, 2] is invalid for input of shape [2, 3] (6 elements)", () -> m.view(4, 2));
    fails("expand: the tensor's shape [2, 3] cannot be expanded to [2, 4]", () -> m.expand(2, 4));
    fails("permute: got 1 dims [0] for a tensor of rank 2", () -> m.permute(0));
    fails("where: expected a BOOL mask", () -> Tensor.where(Tensor.ones(2), m, m));
    fails(
        "requiresGrad: only floating point tensors can require gradients, got INT64",
        () -> Tensor.arange(3).requiresGrad(true));
    fails("item: a tensor with 6 elements (shape [2, 3]) cannot be converted to a scalar", m::item);
    fails("select: cannot be applied to a 0-dim tensor", () -> Tensor.scalar(1).select(0, 0));
    fails("select: index 5 is out of bounds for dim 1 with size 3", () -> m.select(1, 5));
    fails("narrow: start 2 + length 2 exceeds size 3 of dim 1", () -> m.narrow(1, 2, 2));
    fails(
        "matmul: [2, 3, 4] @ [5, 4, 2]: batch dimensions [2] and [5] are not broadcastable",
        () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5, 4, 2)));
    fails(
        "matmul: expected two tensors of one dtype, FLOAT32, FLOAT64 or INT64, got FLOAT32 @ FLOAT64",
        () -> m.matmul(Tensor.zeros(DType.FLOAT64, 3, 2)));
    fails(
        "crossEntropy: input of shape [2, 3] needs a target of shape [2], got [3]",
        () -> m.crossEntropy(Tensor.of(0L, 1L, 2L)));
    fails("oneHot: class value 4 is outside [0, 3)", () -> Tensor.oneHot(Tensor.of(4L), 3));
    fails(
        "backward: tensor of shape [] does not require grad and has no grad_fn",
        () -> m.sum().backward());
    fails("mean: expected a floating point tensor, got INT64", () -> Tensor.arange(3).mean());
  }

  @Test
  void crossEntropyIgnoresTargets() {
    Tensor logits = Tensor.of(new double[][] {{1, 2, 3}, {1, 1, 1}});
    double l0 = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
    assertEquals(l0, logits.crossEntropy(Tensor.of(2L, -100L)).item(), 1e-12);
    assertEquals(
        l0 + Math.log(3),
        logits.crossEntropy(Tensor.of(2L, 0L), Reduction.SUM, -100).item(),
        1e-12);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> logits.crossEntropy(Tensor.of(5L, 0L)));
    assertTrue(e.getMessage().contains("target 5 is out of bounds for 3 classes"), e.getMessage());
  }
}
