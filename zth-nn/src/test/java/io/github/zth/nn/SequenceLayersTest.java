package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zth.autograd.AttentionOutput;
import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the sequence layers with respect to inputs, initial states, masks' effects and every
 * parameter (FLOAT64, central differences); their shapes and errors.
 */
class SequenceLayersTest {

  static Tensor flatCat(Tensor... parts) {
    List<Tensor> flat = new ArrayList<>();
    for (Tensor p : parts) {
      flat.add(p.reshape(-1));
    }
    return Tensor.cat(flat, 0);
  }

  @Property(tries = 12)
  void recurrentStacks(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 2) int kind,
      @ForAll @IntRange(min = 1, max = 2) int layers,
      @ForAll @IntRange(min = 1, max = 2) int b,
      @ForAll @IntRange(min = 1, max = 3) int t,
      @ForAll @IntRange(min = 1, max = 3) int in,
      @ForAll @IntRange(min = 1, max = 2) int hidden,
      @ForAll boolean bias,
      @ForAll boolean batchFirst,
      @ForAll boolean unbatched,
      @ForAll boolean bidirectional) {
    Random r = new Random(seed);
    Generator g = new Generator(seed);
    int dirs = bidirectional ? 2 : 1;
    Tensor x =
        LayerGradTest.rand(
            r,
            -1,
            1,
            unbatched
                ? new int[] {t, in}
                : batchFirst ? new int[] {b, t, in} : new int[] {t, b, in});
    int[] stateShape =
        unbatched ? new int[] {dirs * layers, hidden} : new int[] {dirs * layers, b, hidden};
    Tensor h0 = LayerGradTest.rand(r, -1, 1, stateShape);
    Tensor c0 = LayerGradTest.rand(r, -1, 1, stateShape);
    int out = dirs * hidden;
    int[] outShape =
        unbatched ? new int[] {t, out} : batchFirst ? new int[] {b, t, out} : new int[] {t, b, out};
    switch (kind) {
      case 0 -> {
        RNN rnn =
            new RNN(in, hidden, layers, r.nextBoolean(), bias, batchFirst, 0.0, bidirectional, g);
        ModuleGradCheck.assertGradients(
            rnn,
            a -> {
              RecurrentLayer.Output o = rnn.forward(a.get(0), a.get(1));
              return flatCat(o.output(), o.hN());
            },
            x,
            h0);
        assertArrayEquals(
            outShape, rnn.forward(x.to(DType.FLOAT32)).shape()); // the check left it FLOAT32
      }
      case 1 -> {
        GRU gru = new GRU(in, hidden, layers, bias, batchFirst, 0.0, bidirectional, g);
        ModuleGradCheck.assertGradients(
            gru,
            a -> {
              RecurrentLayer.Output o = gru.forward(a.get(0), a.get(1));
              return flatCat(o.output(), o.hN());
            },
            x,
            h0);
        assertArrayEquals(
            outShape, gru.forward(x.to(DType.FLOAT32)).shape()); // the check left it FLOAT32
      }
      default -> {
        LSTM lstm = new LSTM(in, hidden, layers, bias, batchFirst, 0.0, bidirectional, g);
        ModuleGradCheck.assertGradients(
            lstm,
            a -> {
              LSTM.Output o = lstm.forward(a.get(0), a.get(1), a.get(2));
              return flatCat(o.output(), o.hN(), o.cN());
            },
            x,
            h0,
            c0);
        assertArrayEquals(
            outShape, lstm.forward(x.to(DType.FLOAT32)).shape()); // the check left it FLOAT32
      }
    }
  }

  @Test
  void causalAttentionHidesTheFuture() {
    CausalSelfAttention attn = new CausalSelfAttention(4, 2, 8, true, 0.0, new Generator(1));
    Tensor x = Tensor.randn(new Generator(2), 1, 4, 4);
    Tensor y1 = attn.forward(x);
    Tensor x2 = x.clone();
    x2.narrow(1, 3, 1).add_(1.0);
    Tensor y2 = attn.forward(x2);
    assertArrayEquals(
        y1.narrow(1, 0, 3).contiguous().toFloatArray(),
        y2.narrow(1, 0, 3).contiguous().toFloatArray());
  }

  @Property(tries = 10)
  void cachedForwardRepeatsTheFullForward(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int prompt,
      @ForAll @IntRange(min = 0, max = 5) int more) {
    CausalSelfAttention attn = new CausalSelfAttention(6, 3, 12, true, 0.0, new Generator(seed));
    Tensor x = Tensor.randn(new Generator(seed + 1), 2, prompt + more, 6);
    Tensor full = attn.forward(x);
    KVCache cache = new KVCache(2, 3, 12, 2);
    List<Tensor> parts = new ArrayList<>(List.of(attn.forward(x.narrow(1, 0, prompt), cache)));
    for (int i = prompt; i < prompt + more; i++) {
      parts.add(attn.forward(x.narrow(1, i, 1), cache)); // one token at a time, as generation runs
    }
    assertEquals(prompt + more, cache.length());
    assertArrayEquals(
        full.contiguous().toFloatArray(), Tensor.cat(parts, 1).contiguous().toFloatArray());
    cache.clear();
    assertEquals(0, cache.length());
  }

  @Test
  void weightsComeWithTheOutput() {
    CausalSelfAttention attn = new CausalSelfAttention(4, 2, 8, true, 0.0, new Generator(3));
    Tensor x = Tensor.randn(new Generator(4), 1, 5, 4);
    AttentionOutput o = attn.forwardWithWeights(x);
    assertArrayEquals(attn.forward(x).toFloatArray(), o.output().toFloatArray());
    assertArrayEquals(new int[] {1, 2, 5, 5}, o.weights().shape());
    assertArrayEquals(
        Tensor.ones(1, 2, 5).toFloatArray(), o.weights().sum(-1).toFloatArray(), 1e-6f);
    assertEquals(
        0.0,
        o.weights().mul(Tensor.ones(5, 5).triu(1)).abs().sum().item(),
        "nothing right of the diagonal");
  }

  @Test
  void badShapesNameTheLayer() {
    Generator g = new Generator(0);
    GRU gru = new GRU(3, 4, 2, true, true, 0.0, false, g);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(2, 5, 2)));
    assertEquals(
        "GRU: expected input (B, T, 3) or (T, 3) with T > 0, got [2, 5, 2]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> gru.forward(Tensor.zeros(2, 5, 3), Tensor.zeros(1, 2, 4)));
    assertEquals(
        "GRU: expected initial state [2, 2, 4] (num_layers, B, hidden_size) for input [2, 5, 3], got [1, 2, 4]",
        e.getMessage());
    LSTM lstm = new LSTM(3, 4, 1, true, false, 0.0, false, g);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> lstm.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(1, 2, 4), null));
    assertEquals("LSTM: give both h0 and c0 or neither, got h0 only", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(0, 2, 3)));
    assertEquals(
        "LSTM: expected input (T, B, 3) or (T, 3) with T > 0, got [0, 2, 3]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new GRU(3, 4, 1, true, true, 0.0, true, g)
                    .forward(Tensor.zeros(2, 5, 3), Tensor.zeros(1, 2, 4)));
    assertEquals(
        "GRU: expected initial state [2, 2, 4] (2 * num_layers, B, hidden_size) for input [2, 5, 3], got [1, 2, 4]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RNN(3, 0));
    assertEquals(
        "RNN: input_size, hidden_size and num_layers must be positive, got 3, 0, 1",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new CausalSelfAttention(6, 4, 8, true, 0.0));
    assertEquals(
        "CausalSelfAttention: need n_embd divisible by n_head and positive sizes, got n_embd 6, n_head 4, block_size 8",
        e.getMessage());
    CausalSelfAttention attn = new CausalSelfAttention(4, 2, 3, true, 0.0, g);
    e = assertThrows(IllegalArgumentException.class, () -> attn.forward(Tensor.zeros(2, 3, 5)));
    assertEquals(
        "CausalSelfAttention: expected (B, T, 4) with 0 < T <= 3, got [2, 3, 5]", e.getMessage());
    KVCache cache = new KVCache(2, 2, 3, 2);
    attn.forward(Tensor.zeros(2, 2, 4), cache);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> attn.forward(Tensor.zeros(2, 2, 4), cache));
    assertEquals(
        "CausalSelfAttention: expected (B, T, 4) with 0 < T <= 1 (block size 3, 2 cached), got [2, 2, 4]",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> attn.forward(Tensor.zeros(1, 1, 4), cache));
    assertEquals(
        "KVCache: a cache of batch 2, 2 heads of size 2, 2/3 positions cannot take keys [1, 2, 1, 2]",
        e.getMessage());
  }

  @Test
  void reprsReadLikeTorch() {
    Generator g = new Generator(0);
    assertEquals(
        "LSTM(3, 4, num_layers=2, batch_first=true, dropout=0.5)  # 304 params",
        new LSTM(3, 4, 2, true, true, 0.5, false, g).toString().lines().findFirst().orElseThrow());
    assertEquals(
        "RNN(3, 4, bias=false, nonlinearity=relu)  # 28 params",
        new RNN(3, 4, 1, true, false, false, 0.0, false, g).toString());
    assertEquals(
        "GRU(3, 4, batch_first=true, bidirectional=true)  # 216 params",
        new GRU(3, 4, 1, true, true, 0.0, true, g).toString());
  }
}
