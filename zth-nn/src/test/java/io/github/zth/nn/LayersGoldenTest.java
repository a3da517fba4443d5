package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.init.Init;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forward values and initialisation against torch 1.13 (tools/golden/nn_layers.py). */
class LayersGoldenTest {

  private static Map<String, Tensor> golden;

  static Path resource(String name) {
    try {
      return Path.of(LayersGoldenTest.class.getResource("/golden/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void load() throws IOException {
    golden = StateDicts.read(resource("layers.safetensors"));
  }

  static Tensor g(String name) {
    Tensor t = golden.get(name);
    if (t == null) {
      throw new IllegalStateException("golden file has no " + name);
    }
    return t;
  }

  static void assertClose(Tensor want, Tensor got, double tol, String what) {
    assertArrayEquals(want.shape(), got.shape(), what + " shape");
    double[] w = want.toDoubleArray();
    double[] a = got.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], a[i], tol * Math.max(1, Math.abs(w[i])), what + " element " + i);
    }
  }

  static void assertBitEqual(Tensor want, Tensor got, String what) {
    assertEquals(want.dtype(), got.dtype(), what + " dtype");
    assertArrayEquals(want.shape(), got.shape(), what + " shape");
    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), what);
  }

  @Test
  void initialisationConsumesTheGeneratorLikeTorch() {
    Generator gen = new Generator(42);
    Linear lin = new Linear(30, 200, true, gen);
    Linear noBias = new Linear(7, 5, false, gen);
    Embedding emb = new Embedding(27, 10, gen);
    assertBitEqual(g("init.linear.weight"), lin.weight(), "Linear(30, 200).weight");
    assertBitEqual(g("init.linear.bias"), lin.bias(), "Linear(30, 200).bias");
    assertBitEqual(
        g("init.linear_nobias.weight"), noBias.weight(), "Linear(7, 5, bias=False).weight");
    assertEquals(null, noBias.bias());
    assertBitEqual(g("init.embedding.weight"), emb.weight(), "Embedding(27, 10).weight");
    float[] after = new float[3];
    gen.uniform(after, 0, 3, 0, 1);
    assertBitEqual(g("init.after"), Tensor.fromArray(after, 3), "torch.rand(3) after the layers");
  }

  @Test
  void linearAndEmbeddingForward() {
    Generator gen = new Generator(42);
    Linear lin = new Linear(30, 200, true, gen);
    new Linear(7, 5, false, gen);
    Embedding emb = new Embedding(27, 10, gen);
    assertClose(g("linear.y"), lin.forward(g("linear.x")), 1e-5, "linear");
    assertBitEqual(g("embedding.y"), emb.forward(g("embedding.idx")), "embedding");
  }

  @Test
  void layerNormForward() {
    Tensor x = g("layernorm.x");
    int[] shape = {8};
    assertClose(
        g("layernorm.y"),
        Functional.layerNorm(x, shape, g("layernorm.weight"), g("layernorm.bias"), 1e-5),
        1e-12,
        "layer_norm");
    assertClose(
        g("layernorm.y_nobias"),
        Functional.layerNorm(x, shape, g("layernorm.weight"), null, 1e-5),
        1e-12,
        "layer_norm no bias");
    LayerNorm ln = new LayerNorm(8);
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", g("layernorm.weight").to(DType.FLOAT32));
    state.put("bias", g("layernorm.bias").to(DType.FLOAT32));
    ln.loadStateDict(state, true);
    assertClose(g("layernorm.y"), ln.forward(x.to(DType.FLOAT32)), 1e-5, "LayerNorm(8)");
    LayerNorm noBias = new LayerNorm(8, false);
    noBias.loadStateDict(Map.of("weight", g("layernorm.weight").to(DType.FLOAT32)), true);
    assertClose(
        g("layernorm.y_nobias"),
        noBias.forward(x.to(DType.FLOAT32)),
        1e-5,
        "LayerNorm(8, bias=false)");
  }

  @Test
  void activations() {
    Tensor x = g("act.x");
    assertClose(g("act.tanh"), new Tanh().forward(x), 1e-14, "tanh");
    assertClose(g("act.relu"), new ReLU().forward(x), 0, "relu");
    assertClose(g("act.sigmoid"), new Sigmoid().forward(x), 1e-14, "sigmoid");
    assertClose(g("act.gelu"), new GELU().forward(x), 1e-14, "gelu");
    assertClose(g("act.gelu_tanh"), new GELU(true).forward(x), 1e-14, "gelu tanh");
    assertClose(g("act.softmax1"), new Softmax(1).forward(x), 1e-14, "softmax(dim=1)");
    assertClose(g("act.softmax0"), new Softmax(0).forward(x), 1e-14, "softmax(dim=0)");
  }

  @Test
  void batchNormTorchLayoutTrainThenEval() {
    BatchNorm1d bn = new BatchNorm1d(5);
    bn.loadStateDict(
        Map.of("weight", g("bn.weight").to(DType.FLOAT32), "bias", g("bn.bias").to(DType.FLOAT32)),
        false);
    assertClose(
        g("bn.y2"), bn.forward(g("bn.x2").to(DType.FLOAT32)), 1e-5, "BatchNorm1d (N, C) train");
    assertClose(
        g("bn.y3"), bn.forward(g("bn.x3").to(DType.FLOAT32)), 1e-5, "BatchNorm1d (N, C, L) train");
    assertClose(g("bn.running_mean"), bn.runningMean(), 1e-6, "running_mean");
    assertClose(g("bn.running_var"), bn.runningVar(), 1e-6, "running_var");
    assertEquals(2L, bn.stateDict().get("num_batches_tracked").toLongArray()[0]);
    bn.eval();
    assertClose(
        g("bn.y3_eval"), bn.forward(g("bn.x3").to(DType.FLOAT32)), 1e-5, "BatchNorm1d eval");
  }

  @Test
  void batchNormMakemoreLayout() {
    BatchNorm1d bn = new BatchNorm1d(5, 1e-5, 0.1, BatchNorm1d.Layout.MAKEMORE);
    bn.loadStateDict(
        Map.of(
            "weight", g("mbn.weight").to(DType.FLOAT32), "bias", g("mbn.bias").to(DType.FLOAT32)),
        false);
    assertClose(
        g("mbn.y"),
        bn.forward(g("mbn.x").to(DType.FLOAT32)),
        1e-5,
        "makemore BatchNorm1d (N, L, C)");
    assertClose(g("mbn.running_mean"), bn.runningMean(), 1e-6, "running_mean");
    assertClose(g("mbn.running_var"), bn.runningVar(), 1e-6, "running_var");
  }

  @Test
  void dropoutMaskFollowsTorchsStream() {
    Tensor y = Functional.dropout(Tensor.ones(DType.FLOAT64, 40), 0.3, true, new Generator(7));
    assertClose(g("dropout.y"), y, 1e-15, "dropout(p=0.3)");
    assertBitEqual(
        g("dropout.y32"),
        Functional.dropout(g("dropout.x32"), 0.1, true, new Generator(8)),
        "float32 dropout(p=0.1)");
  }

  @Test
  void loadsATorchSequentialStateDict() throws IOException {
    Generator gen = new Generator(0);
    Sequential seq =
        new Sequential(
            new Linear(3, 4, true, gen),
            new BatchNorm1d(4),
            new Tanh(),
            new Linear(4, 2, true, gen));
    seq.load(resource("torch_sequential.safetensors"));
    seq.eval();
    assertClose(g("seq.y"), seq.forward(g("seq.x")), 1e-5, "torch Sequential in eval mode");
  }

  @Test
  void causalSelfAttentionLikeNanoGpt() {
    CausalSelfAttention attn = new CausalSelfAttention(8, 2, 6, true, 0.0, new Generator(5));
    for (Map.Entry<String, Tensor> e : attn.stateDict().entrySet()) {
      assertBitEqual(g("attn." + e.getKey()), e.getValue(), "initial " + e.getKey());
    }
    assertEquals(4, attn.stateDict().size(), "the causal mask is not saved");
    assertClose(g("attn.y"), attn.forward(g("attn.x")), 1e-5, "attention output");
  }

  @Test
  void recurrentCellsLikeTorch() {
    Generator gen = new Generator(11);
    RNNCell rnn = new RNNCell(3, 4, true, false, gen);
    GRUCell gru = new GRUCell(3, 4, true, gen);
    LSTMCell lstm = new LSTMCell(3, 4, true, gen);
    float[] after = new float[2];
    gen.uniform(after, 0, 2, 0, 1);
    assertBitEqual(g("cells.after"), Tensor.fromArray(after, 2), "torch.rand(2) after the cells");
    Map<String, Module> cells = Map.of("rnn", rnn, "gru", gru, "lstm", lstm);
    for (Map.Entry<String, Module> c : cells.entrySet()) {
      assertEquals(
          List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
          List.copyOf(c.getValue().stateDict().keySet()));
      for (Map.Entry<String, Tensor> e : c.getValue().stateDict().entrySet()) {
        assertBitEqual(
            g(c.getKey() + "." + e.getKey()), e.getValue(), c.getKey() + " " + e.getKey());
      }
    }
    Tensor x = g("cells.x");
    Tensor h = g("cells.h");
    assertClose(g("rnn.y"), rnn.forward(x, h), 1e-6, "RNNCell");
    assertClose(g("gru.y"), gru.forward(x, h), 1e-6, "GRUCell");
    LSTMCell.State next = lstm.forward(x, new LSTMCell.State(h, g("cells.c")));
    assertClose(g("lstm.h2"), next.h(), 1e-6, "LSTMCell h");
    assertClose(g("lstm.c2"), next.c(), 1e-6, "LSTMCell c");
  }

  @Test
  void nnInitConsumesTheGeneratorLikeTorch() {
    Generator gen = new Generator(0);
    Tensor normal = Init.normal_(Tensor.zeros(5, 7), 0.0, 0.02, gen);
    Tensor normal16 = Init.normal_(Tensor.zeros(20), 0.0, 0.02, gen);
    Tensor kaiming = Init.kaimingUniform_(Tensor.zeros(4, 6), Math.sqrt(5), gen);
    Tensor xavier = Init.xavierUniform_(Tensor.zeros(3, 5), 5.0 / 3, gen);
    Tensor uniform64 = Init.uniform_(Tensor.zeros(DType.FLOAT64, 3, 3), -2.0, 3.0, gen);
    assertBitEqual(g("nninit.normal"), normal, "normal_(5x7)");
    assertBitEqual(g("nninit.normal16"), normal16, "normal_(20), the block path");
    assertBitEqual(g("nninit.kaiming"), kaiming, "kaiming_uniform_(a=sqrt(5))");
    assertBitEqual(g("nninit.xavier"), xavier, "xavier_uniform_(gain=5/3)");
    assertBitEqual(g("nninit.uniform64"), uniform64, "uniform_ float64");
    Tensor p = Tensor.ones(2, 2).requiresGrad(true);
    Init.zeros_(p);
    assertArrayEquals(
        new double[4], p.toDoubleArray(), "initialisers work on parameters (no grad recorded)");
    assertThrows(
        IllegalArgumentException.class, () -> Init.kaimingUniform_(Tensor.zeros(3), 0, gen));
  }

  @Test
  void makemoreLinearMatchesTheLecturesInitialisation() {
    Generator gen = new Generator(2147483647);
    Linear lin = Linear.makemore(30, 200, true, gen);
    assertBitEqual(
        g("mm.weight_in_out"), lin.weight().T().contiguous(), "randn((30, 200)) / 30**0.5");
    assertArrayEquals(new double[200], lin.bias().toDoubleArray());
    float[] after = new float[3];
    gen.normal(after, 0, 3, 0, 1);
    assertBitEqual(g("mm.after"), Tensor.fromArray(after, 3), "randn(3) afterwards");
    assertEquals(null, Linear.makemore(3, 2, false, gen).bias());
  }

  @Test
  void embeddingPaddingIdxLikeTorch() {
    Embedding e = new Embedding(6, 3, 2, new Generator(13));
    assertBitEqual(g("pad.weight"), e.weight(), "Embedding(6, 3, padding_idx=2).weight");
    Tensor y = e.forward(g("pad.idx"));
    assertBitEqual(e.weight().index(g("pad.idx")), y, "lookup values");
    y.mul(g("pad.coef")).sum().backward();
    assertClose(g("pad.grad"), e.weight().grad(), 1e-6, "no gradient to the padding row");
    assertEquals("Embedding(6, 3, padding_idx=2)  # 18 params", e.toString());
  }
}
