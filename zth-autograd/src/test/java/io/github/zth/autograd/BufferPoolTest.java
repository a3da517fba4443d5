package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The caching allocator: reuse across scopes, and never a recycled buffer under a live tensor. */
@SuppressWarnings("try") // scopes are used for their extent
class BufferPoolTest {

  private static float[] values(Tensor t) {
    return t.toFloatArray();
  }

  @Test
  void aTensorKeptFromAScopeIsNeverRecycled() {
    BufferPool pool = new BufferPool();
    Tensor kept;
    float[] expected;
    try (BufferPool.Scope s = pool.open()) {
      kept = s.keep(Tensor.arange(8).to(DType.FLOAT32).mul(2.0).reshape(2, 4));
      expected = values(kept);
    }
    // the next scope asks for the same size many times and overwrites all of it: if kept's buffer
    // had gone back to the pool, one of these would be it
    try (BufferPool.Scope s = pool.open()) {
      for (int i = 0; i < 4; i++) {
        Tensor.zeros(2, 4).fill_(-1.0);
      }
    }
    assertArrayEquals(expected, values(kept));
    assertEquals(56.0, kept.sum().item(), 0.0); // usable, not only readable
  }

  @Test
  void aTensorThatOutlivesItsScopeIsRefusedNotReadFromARecycledBuffer() {
    BufferPool pool = new BufferPool();
    Tensor escaped;
    try (BufferPool.Scope s = pool.open()) {
      escaped = Tensor.arange(8).to(DType.FLOAT32).add(1.0);
    }
    Tensor reuser;
    try (BufferPool.Scope s = pool.open()) {
      reuser = s.keep(Tensor.zeros(8).fill_(7.0)); // takes the recycled buffer
      assertTrue(pool.cachedBytes() >= 0);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> escaped.sum());
    assertTrue(e.getMessage().contains("BufferPool scope that has closed"), e.getMessage());
    assertTrue(e.getMessage().contains("[8]"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> escaped.mul(2.0));
    assertThrows(IllegalStateException.class, escaped::toFloatArray);
    // and the one that reused the buffer still sees its own values
    assertEquals(56.0, reuser.sum().item(), 0.0);
  }

  @Test
  void buffersAreReusedAndComeBackZeroed() {
    BufferPool pool = new BufferPool();
    try (BufferPool.Scope s = pool.open()) {
      Tensor.zeros(3, 5).fill_(9.0);
    }
    assertEquals(3 * 5 * 4, pool.cachedBytes());
    try (BufferPool.Scope s = pool.open()) {
      Tensor z = Tensor.zeros(3, 5);
      assertEquals(0, pool.cachedBytes(), "the 15-float buffer was taken, not a new one made");
      assertEquals(0.0, z.abs().sum().item(), 0.0);
    }
  }

  @Test
  void gradientsAndTensorsFromOutsideTheScopeSurviveIt() {
    BufferPool pool = new BufferPool();
    Tensor w = Tensor.arange(6).to(DType.FLOAT32).reshape(2, 3).requiresGrad(true);
    Tensor before = Tensor.ones(2, 3);
    for (int step = 0; step < 3; step++) {
      try (BufferPool.Scope s = pool.open()) {
        w.mul(w).sum().backward();
      }
    }
    assertNotNull(w.grad());
    // three backward passes accumulate 2w each
    assertArrayEquals(values(w.mul(6.0)), values(w.grad()));
    assertEquals(6.0, before.sum().item(), 0.0);
  }

  @Test
  void unpooledTensorsOutliveTheScope() {
    BufferPool pool = new BufferPool();
    Tensor state;
    try (BufferPool.Scope s = pool.open()) {
      state = BufferPool.unpooled(() -> Tensor.ones(4));
    }
    try (BufferPool.Scope s = pool.open()) {
      Tensor.zeros(4).fill_(3.0);
    }
    assertEquals(4.0, state.sum().item(), 0.0);
  }

  @Test
  void scopesNestAndCloseInOrder() {
    BufferPool pool = new BufferPool();
    Tensor outerT;
    try (BufferPool.Scope outer = pool.open()) {
      outerT = Tensor.ones(2);
      BufferPool.Scope inner = pool.open();
      Tensor innerT = Tensor.ones(3);
      assertThrows(IllegalStateException.class, outer::close, "inner still open");
      inner.close();
      assertThrows(IllegalStateException.class, innerT::sum);
      assertEquals(2.0, outerT.sum().item(), 0.0, "the outer scope's tensors live on");
    }
    assertThrows(IllegalStateException.class, outerT::sum);
  }

  @Test
  void pastItsCapAScopeAllocatesOrdinaryHeapTensorsThatOutliveIt() {
    BufferPool pool = new BufferPool(3 * 4 * 8); // room for three 8-float buffers
    Tensor[] made = new Tensor[5];
    try (BufferPool.Scope s = pool.open()) {
      for (int i = 0; i < made.length; i++) {
        made[i] = Tensor.zeros(8); // one storage each, nothing else
      }
    }
    assertEquals(3 * 4 * 8, pool.cachedBytes()); // the first three came back, no more
    for (int i = 0; i < 3; i++) {
      Tensor t = made[i];
      assertThrows(IllegalStateException.class, () -> t.sum());
    }
    assertEquals(0.0, made[3].sum().item(), 0.0); // heap tensors: valid after the scope
    assertEquals(0.0, made[4].sum().item(), 0.0);
    try (BufferPool.Scope s = pool.open()) {
      Tensor.zeros(8);
      assertEquals(2 * 4 * 8, pool.cachedBytes()); // a hit moves a buffer out of the cache
    }
    assertThrows(IllegalArgumentException.class, () -> new BufferPool(-1));
  }

  @Test
  void aCapOfZeroTurnsPoolingOff() {
    BufferPool pool = new BufferPool(0);
    Tensor t;
    try (BufferPool.Scope s = pool.open()) {
      t = Tensor.ones(4);
    }
    assertEquals(4.0, t.sum().item(), 0.0);
    assertEquals(0, pool.cachedBytes());
  }
}
