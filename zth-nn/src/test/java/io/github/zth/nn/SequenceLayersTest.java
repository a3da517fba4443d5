package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the sequence layers and of MultiheadAttention with respect to inputs, initial states,
 * masks' effects and every parameter (FLOAT64, central differences); their shapes and errors.
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
    void recurrentStacks(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 1, max = 2) int layers,
            @ForAll @IntRange(min = 1, max = 2) int b, @ForAll @IntRange(min = 1, max = 3) int t, @ForAll @IntRange(min = 1, max = 3) int in,
            @ForAll @IntRange(min = 1, max = 2) int hidden, @ForAll boolean bias, @ForAll boolean batchFirst, @ForAll boolean unbatched,
            @ForAll boolean bidirectional) {
        Random r = new Random(seed);
        Generator g = new Generator(seed);
        int dirs = bidirectional ? 2 : 1;
        Tensor x = LayerGradTest.rand(r, -1, 1, unbatched ? new int[] {t, in} : batchFirst ? new int[] {b, t, in} : new int[] {t, b, in});
        int[] stateShape = unbatched ? new int[] {dirs * layers, hidden} : new int[] {dirs * layers, b, hidden};
        Tensor h0 = LayerGradTest.rand(r, -1, 1, stateShape);
        Tensor c0 = LayerGradTest.rand(r, -1, 1, stateShape);
        int out = dirs * hidden;
        int[] outShape = unbatched ? new int[] {t, out} : batchFirst ? new int[] {b, t, out} : new int[] {t, b, out};
        switch (kind) {
            case 0 -> {
                RNN rnn = new RNN(in, hidden, layers, r.nextBoolean(), bias, batchFirst, 0.0, bidirectional, g);
                ModuleGradCheck.assertGradients(rnn, a -> {
                    RecurrentLayer.Output o = rnn.forward(a.get(0), a.get(1));
                    return flatCat(o.output(), o.hN());
                }, x, h0);
                assertArrayEquals(outShape, rnn.forward(x.to(DType.FLOAT32)).shape()); // the check left it FLOAT32
            }
            case 1 -> {
                GRU gru = new GRU(in, hidden, layers, bias, batchFirst, 0.0, bidirectional, g);
                ModuleGradCheck.assertGradients(gru, a -> {
                    RecurrentLayer.Output o = gru.forward(a.get(0), a.get(1));
                    return flatCat(o.output(), o.hN());
                }, x, h0);
                assertArrayEquals(outShape, gru.forward(x.to(DType.FLOAT32)).shape()); // the check left it FLOAT32
            }
            default -> {
                LSTM lstm = new LSTM(in, hidden, layers, bias, batchFirst, 0.0, bidirectional, g);
                ModuleGradCheck.assertGradients(lstm, a -> {
                    LSTM.Output o = lstm.forward(a.get(0), a.get(1), a.get(2));
                    return flatCat(o.output(), o.hN(), o.cN());
                }, x, h0, c0);
                assertArrayEquals(outShape, lstm.forward(x.to(DType.FLOAT32)).shape()); // the check left it FLOAT32
            }
        }
    }

    @Property(tries = 12)
    void multiheadAttention(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int b, @ForAll @IntRange(min = 1, max = 3) int l,
            @ForAll @IntRange(min = 1, max = 3) int s, @ForAll @IntRange(min = 1, max = 2) int heads, @ForAll @IntRange(min = 1, max = 2) int headSize,
            @ForAll boolean bias, @ForAll @IntRange(min = 0, max = 3) int maskKind) {
        Random r = new Random(seed);
        int e = heads * headSize;
        MultiheadAttention mha = new MultiheadAttention(e, heads, 0.0, bias, new Generator(seed));
        mha.to(DType.FLOAT64);
        Tensor q = LayerGradTest.rand(r, -1, 1, b, l, e);
        Tensor k = LayerGradTest.rand(r, -1, 1, b, s, e);
        Tensor v = LayerGradTest.rand(r, -1, 1, b, s, e);
        // The first key is never masked, so no row of weights is all −inf.
        double[] pad = new double[b * s];
        for (int i = 0; i < pad.length; i++) {
            pad[i] = i % s != 0 && r.nextBoolean() ? 1 : 0;
        }
        Tensor padding = Tensor.fromArray(pad, b, s).ne(0.0);
        Tensor attnMask = switch (maskKind) {
            case 1 -> Tensor.ones(l, s).triu(1).gt(0.0); // causal-like when l == s
            case 2 -> LayerGradTest.rand(r, -2, 2, l, s); // additive
            default -> null;
        };
        Tensor keyPadding = maskKind == 3 ? padding : null;
        boolean average = r.nextBoolean();
        ModuleGradCheck.assertGradients(mha, a -> {
            MultiheadAttention.Output o = mha.forward(a.get(0), a.get(1), a.get(2), attnMask, keyPadding, true, average);
            return flatCat(o.output(), o.weights());
        }, q, k, v);
        ModuleGradCheck.assertGradients(mha, q); // self-attention through the fused projection
        MultiheadAttention.Output o = mha.forward(q, k, v, attnMask, keyPadding, true, average);
        assertArrayEquals(new int[] {b, l, e}, o.output().shape());
        assertArrayEquals(average ? new int[] {b, l, s} : new int[] {b, heads, l, s}, o.weights().shape());
        double[] w = o.weights().sum(-1).toDoubleArray();
        for (double sum : w) {
            assertEquals(1.0, sum, 1e-12, "each query's weights sum to 1");
        }
    }

    @Test
    void causalMaskHidesTheFuture() {
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.0, true, new Generator(1));
        Tensor x = Tensor.randn(new Generator(2), 1, 4, 4);
        Tensor mask = MultiheadAttention.causalMask(4);
        Tensor y1 = mha.forward(x, x, x, mask, null, false, true).output();
        Tensor x2 = x.clone();
        x2.narrow(1, 3, 1).add_(1.0);
        Tensor y2 = mha.forward(x2, x2, x2, mask, null, false, true).output();
        assertArrayEquals(y1.narrow(1, 0, 3).contiguous().toFloatArray(), y2.narrow(1, 0, 3).contiguous().toFloatArray());
    }

    @Test
    void badShapesNameTheLayer() {
        Generator g = new Generator(0);
        GRU gru = new GRU(3, 4, 2, true, true, 0.0, false, g);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(2, 5, 2)));
        assertEquals("GRU: expected input (B, T, 3) or (T, 3) with T > 0, got [2, 5, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(2, 5, 3), Tensor.zeros(1, 2, 4)));
        assertEquals("GRU: expected initial state [2, 2, 4] (num_layers, B, hidden_size) for input [2, 5, 3], got [1, 2, 4]", e.getMessage());
        LSTM lstm = new LSTM(3, 4, 1, true, false, 0.0, false, g);
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(1, 2, 4), null));
        assertEquals("LSTM: give both h0 and c0 or neither, got h0 only", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(0, 2, 3)));
        assertEquals("LSTM: expected input (T, B, 3) or (T, 3) with T > 0, got [0, 2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GRU(3, 4, 1, true, true, 0.0, true, g).forward(Tensor.zeros(2, 5, 3),
                Tensor.zeros(1, 2, 4)));
        assertEquals("GRU: expected initial state [2, 2, 4] (2 * num_layers, B, hidden_size) for input [2, 5, 3], got [1, 2, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RNN(3, 0));
        assertEquals("RNN: input_size, hidden_size and num_layers must be positive, got 3, 0, 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(6, 4));
        assertEquals("MultiheadAttention: embed_dim must be positive and divisible by num_heads, got embed_dim 6, num_heads 4", e.getMessage());
        MultiheadAttention mha = new MultiheadAttention(4, 2, 0.0, true, g);
        e = assertThrows(IllegalArgumentException.class, () -> mha.forward(Tensor.zeros(2, 3, 5)));
        assertEquals("MultiheadAttention: expected query (B, L, 4) or (L, 4), got [2, 3, 5]", e.getMessage());
        Tensor q = Tensor.zeros(2, 3, 4);
        Tensor kv = Tensor.zeros(2, 5, 4);
        e = assertThrows(IllegalArgumentException.class, () -> mha.forward(q, kv, Tensor.zeros(2, 4, 4), null, null, false, true));
        assertEquals("MultiheadAttention: for query [2, 3, 4] expected key and value (2, S, 4) of the same shape, got [2, 5, 4] and [2, 4, 4]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.forward(q, kv, kv, Tensor.zeros(3, 3), null, false, true));
        assertEquals("MultiheadAttention: expected attn_mask (3, 5) or (4, 3, 5), got [3, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.forward(q, kv, kv, null, Tensor.zeros(2, 3), false, true));
        assertEquals("MultiheadAttention: expected key_padding_mask [2, 5], got [2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.forward(q, kv, kv, null, Tensor.zeros(DType.INT64, 2, 5), false, true));
        assertEquals("MultiheadAttention: key_padding_mask must be BOOL or floating point, got INT64", e.getMessage());
    }

    @Test
    void reprsReadLikeTorch() {
        Generator g = new Generator(0);
        assertEquals("LSTM(3, 4, num_layers=2, batch_first=true, dropout=0.5)  # 304 params",
                new LSTM(3, 4, 2, true, true, 0.5, false, g).toString().lines().findFirst().orElseThrow());
        assertEquals("RNN(3, 4, bias=false, nonlinearity=relu)  # 28 params", new RNN(3, 4, 1, true, false, false, 0.0, false, g).toString());
        assertEquals("GRU(3, 4, batch_first=true, bidirectional=true)  # 216 params", new GRU(3, 4, 1, true, true, 0.0, true, g).toString());
    }
}
