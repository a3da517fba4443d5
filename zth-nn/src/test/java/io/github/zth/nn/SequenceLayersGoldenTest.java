package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zth.autograd.AttentionOutput;
import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RNN, GRU, LSTM, and the attention op inside torch's MultiheadAttention, against torch 1.13
 * (tools/golden/nn_layers_seq.py).
 */
class SequenceLayersGoldenTest {

  private static Map<String, Tensor> golden;

  @BeforeAll
  static void load() throws IOException {
    golden = StateDicts.read(LayersGoldenTest.resource("layers_seq.safetensors"));
  }

  static Tensor g(String name) {
    Tensor t = golden.get(name);
    if (t == null) {
      throw new IllegalStateException("golden file has no " + name);
    }
    return t;
  }

  /** The module's freshly initialised state dict equals torch's, bit for bit, name for name. */
  static void assertInitialisedLikeTorch(String prefix, Module m) {
    for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
      LayersGoldenTest.assertBitEqual(
          g(prefix + "." + e.getKey()), e.getValue(), prefix + " " + e.getKey());
    }
    long torchEntries =
        golden.keySet().stream()
            .filter(
                k ->
                    k.startsWith(prefix + ".")
                        && !k.substring(prefix.length() + 1).contains(".y")
                        && isParameterName(k.substring(prefix.length() + 1)))
            .count();
    assertEquals(
        torchEntries, m.stateDict().size(), prefix + ": same entries as torch's state dict");
  }

  private static boolean isParameterName(String k) {
    return k.startsWith("weight_")
        || k.startsWith("bias_")
        || k.startsWith("in_proj_")
        || k.startsWith("out_proj.");
  }

  static float[] after(Generator gen, int n) {
    float[] v = new float[n];
    gen.uniform(v, 0, n, 0, 1);
    return v;
  }

  @Test
  void recurrentStacksLikeTorch() {
    LossesGoldenTest.Errors err = new LossesGoldenTest.Errors();
    Generator gen = new Generator(21);
    RNN rnn = new RNN(3, 4, 2, false, true, true, 0.0, false, gen);
    GRU gru = new GRU(3, 4, 2, true, true, 0.0, false, gen);
    LSTM lstm = new LSTM(3, 4, 2, true, true, 0.0, false, gen);
    LayersGoldenTest.assertBitEqual(
        g("seq.after"), Tensor.fromArray(after(gen, 2), 2), "torch.rand(2) after the layers");
    assertEquals(
        List.of(
            "weight_ih_l0",
            "weight_hh_l0",
            "bias_ih_l0",
            "bias_hh_l0",
            "weight_ih_l1",
            "weight_hh_l1",
            "bias_ih_l1",
            "bias_hh_l1"),
        List.copyOf(gru.stateDict().keySet()));
    assertInitialisedLikeTorch("rnn", rnn);
    assertInitialisedLikeTorch("gru", gru);
    assertInitialisedLikeTorch("lstm", lstm);
    Tensor x = g("seq.x");
    Tensor h0 = g("seq.h0");
    Tensor c0 = g("seq.c0");
    Tensor xu = x.select(0, 1);
    Tensor h0u = h0.select(1, 1);
    Tensor c0u = c0.select(1, 1);
    double tol = 1e-6;
    for (Map.Entry<String, RecurrentLayer> e :
        Map.<String, RecurrentLayer>of("rnn", rnn, "gru", gru).entrySet()) {
      String n = e.getKey();
      RecurrentLayer.Output out =
          e.getValue() instanceof RNN r ? r.forward(x, h0) : ((GRU) e.getValue()).forward(x, h0);
      err.compare(g(n + ".y"), out.output(), tol, n + " output");
      err.compare(g(n + ".hN"), out.hN(), tol, n + " h_n");
      out =
          e.getValue() instanceof RNN r
              ? r.forward(x, null)
              : ((GRU) e.getValue()).forward(x, null);
      err.compare(g(n + ".zero.y"), out.output(), tol, n + " output from zeros");
      err.compare(g(n + ".zero.hN"), out.hN(), tol, n + " h_n from zeros");
      out =
          e.getValue() instanceof RNN r
              ? r.forward(xu, h0u)
              : ((GRU) e.getValue()).forward(xu, h0u);
      err.compare(g(n + ".unbatched.y"), out.output(), tol, n + " unbatched output");
      err.compare(g(n + ".unbatched.hN"), out.hN(), tol, n + " unbatched h_n");
    }
    LSTM.Output out = lstm.forward(x, h0, c0);
    err.compare(g("lstm.y"), out.output(), tol, "lstm output");
    err.compare(g("lstm.hN"), out.hN(), tol, "lstm h_n");
    err.compare(g("lstm.cN"), out.cN(), tol, "lstm c_n");
    out = lstm.forward(x, null, null);
    err.compare(g("lstm.zero.y"), out.output(), tol, "lstm output from zeros");
    err.compare(g("lstm.zero.hN"), out.hN(), tol, "lstm h_n from zeros");
    err.compare(g("lstm.zero.cN"), out.cN(), tol, "lstm c_n from zeros");
    out = lstm.forward(xu, h0u, c0u);
    err.compare(g("lstm.unbatched.y"), out.output(), tol, "lstm unbatched output");
    err.compare(g("lstm.unbatched.hN"), out.hN(), tol, "lstm unbatched h_n");
    err.compare(g("lstm.unbatched.cN"), out.cN(), tol, "lstm unbatched c_n");
    err.print("RNN/GRU/LSTM (2 layers; h0 given, zeros, unbatched)");
  }

  @Test
  void bidirectionalStacksLikeTorch() {
    LossesGoldenTest.Errors err = new LossesGoldenTest.Errors();
    Generator gen = new Generator(23);
    GRU gru = new GRU(3, 4, 2, true, true, 0.0, true, gen);
    LSTM lstm = new LSTM(3, 4, 2, true, true, 0.0, true, gen);
    RNN rnn = new RNN(3, 4, 1, false, true, true, 0.0, true, gen);
    LayersGoldenTest.assertBitEqual(
        g("bi.after"), Tensor.fromArray(after(gen, 2), 2), "torch.rand(2) after the layers");
    assertEquals(
        List.of(
            "weight_ih_l0",
            "weight_hh_l0",
            "bias_ih_l0",
            "bias_hh_l0",
            "weight_ih_l0_reverse",
            "weight_hh_l0_reverse",
            "bias_ih_l0_reverse",
            "bias_hh_l0_reverse"),
        List.copyOf(rnn.stateDict().keySet()));
    assertInitialisedLikeTorch("bigru", gru);
    assertInitialisedLikeTorch("bilstm", lstm);
    assertInitialisedLikeTorch("birnn", rnn);
    Tensor x = g("bi.x");
    RecurrentLayer.Output out = gru.forward(x, g("bi.h0"));
    err.compare(g("bigru.y"), out.output(), 1e-6, "bidirectional GRU output (B, T, 2H)");
    err.compare(g("bigru.hN"), out.hN(), 1e-6, "bidirectional GRU h_n (2L, B, H)");
    LSTM.Output lo = lstm.forward(x, g("bi.h0"), g("bi.c0"));
    err.compare(g("bilstm.y"), lo.output(), 1e-6, "bidirectional LSTM output");
    err.compare(g("bilstm.hN"), lo.hN(), 1e-6, "bidirectional LSTM h_n");
    err.compare(g("bilstm.cN"), lo.cN(), 1e-6, "bidirectional LSTM c_n");
    out = rnn.forward(x, null);
    err.compare(g("birnn.y"), out.output(), 1e-6, "bidirectional RNN output");
    err.compare(g("birnn.hN"), out.hN(), 1e-6, "bidirectional RNN h_n");
    err.print("bidirectional GRU/LSTM (2 layers) and RNN");
  }

  @Test
  void timeFirstReluRnnWithoutBiasInFloat64() {
    LossesGoldenTest.Errors err = new LossesGoldenTest.Errors();
    RNN rnn = new RNN(3, 4, 1, true, false, false, 0.0, false, new Generator(22));
    rnn.to(DType.FLOAT64); // torch's .double() of the float32 initial values
    assertInitialisedLikeTorch("relu", rnn);
    RecurrentLayer.Output out = rnn.forward(g("relu.x"), null);
    err.compare(g("relu.y"), out.output(), 1e-12, "relu rnn output (T, B, H)");
    err.compare(g("relu.hN"), out.hN(), 1e-12, "relu rnn h_n");
    err.print("RNN(relu, bias=False, batch_first=False)");
  }

  @Test
  void lstmDropoutBetweenLayersDrawsTorchsMasks() {
    LossesGoldenTest.Errors err = new LossesGoldenTest.Errors();
    LSTM lstm = new LSTM(3, 4, 3, true, true, 0.4, false, new Generator(31));
    assertInitialisedLikeTorch("drop", lstm);
    LSTM.Output out = lstm.forward(g("seq.x"), null, null);
    err.compare(g("drop.y"), out.output(), 1e-6, "output");
    err.compare(g("drop.hN"), out.hN(), 1e-6, "h_n");
    err.compare(g("drop.cN"), out.cN(), 1e-6, "c_n");
    err.print("LSTM(num_layers=3, dropout=0.4) training");
  }

  /**
   * torch's {@code nn.MultiheadAttention} (self-attention, batch first) from its saved parameters,
   * with zth's one attention op between the projections: the op's scores, masks, softmax, dropout
   * draws and returned weights are torch's.
   */
  private static AttentionOutput torchMha(
      String p, Tensor x, int heads, boolean causal, double dropout, Generator gen) {
    int b = x.size(0);
    int l = x.size(1);
    int e = x.size(2);
    Tensor inBias = golden.containsKey(p + ".in_proj_bias") ? g(p + ".in_proj_bias") : null;
    Tensor outBias = golden.containsKey(p + ".out_proj.bias") ? g(p + ".out_proj.bias") : null;
    List<Tensor> qkv = Functional.linear(x, g(p + ".in_proj_weight"), inBias).split(e, -1);
    Tensor[] h = new Tensor[3];
    for (int i = 0; i < 3; i++) {
      h[i] = qkv.get(i).reshape(b, l, heads, e / heads).transpose(1, 2); // (B, nh, L, hs)
    }
    AttentionOutput a =
        Tensor.scaledDotProductAttention(h[0], h[1], h[2], causal, 0, dropout, gen, true);
    Tensor y =
        Functional.linear(
            a.output().transpose(1, 2).reshape(b, l, e), g(p + ".out_proj.weight"), outBias);
    return new AttentionOutput(y, a.weights());
  }

  @Test
  void attentionOpComputesTorchsMultiheadAttention() {
    LossesGoldenTest.Errors err = new LossesGoldenTest.Errors();
    Tensor x = g("mha.x");
    double tol = 1e-6;
    AttentionOutput out = torchMha("mha", x, 2, false, 0, null);
    err.compare(g("mha.self.y"), out.output(), tol, "self-attention");
    err.compare(g("mha.self.w"), out.weights().mean(1), tol, "self-attention weights (averaged)");
    out = torchMha("mha", x, 2, true, 0, null);
    err.compare(g("mha.causal.y"), out.output(), tol, "causal");
    err.compare(g("mha.causal.w"), out.weights(), tol, "causal weights per head");
    err.compare(
        g("mha.eval.y"),
        torchMha("mha", x, 2, false, 0, null).output(),
        tol,
        "eval (torch's fused path)");
    err.print("attention op as MultiheadAttention(8, 2): self, causal, eval");

    LossesGoldenTest.Errors err64 = new LossesGoldenTest.Errors();
    Tensor xn = g("nobias.x");
    out = torchMha("nobias", xn, 3, false, 0, null);
    err64.compare(g("nobias.y"), out.output(), 1e-12, "no bias");
    err64.compare(g("nobias.w"), out.weights().mean(1), 1e-12, "no bias weights");
    err64.print("attention op as MultiheadAttention(6, 3, bias=False), FLOAT64");
  }

  @Test
  void attentionDropoutDrawsTorchsMasks() {
    LossesGoldenTest.Errors err = new LossesGoldenTest.Errors();
    Generator gen = new Generator(43);
    // torch's MultiheadAttention(4, 2) draws out_proj as a Linear, then in_proj with
    // xavier_uniform_
    LayersGoldenTest.assertBitEqual(
        g("mhadrop.out_proj.weight"), new Linear(4, 4, true, gen).weight(), "out_proj.weight");
    LayersGoldenTest.assertBitEqual(
        g("mhadrop.in_proj_weight"),
        io.github.zth.nn.init.Init.xavierUniform_(Tensor.zeros(12, 4), 1.0, gen),
        "in_proj_weight");
    AttentionOutput out = torchMha("mhadrop", g("mhadrop.x"), 2, false, 0.3, gen);
    err.compare(g("mhadrop.y"), out.output(), 1e-6, "output with dropout 0.3 on the weights");
    err.compare(g("mhadrop.w"), out.weights().mean(1), 1e-6, "averaged weights after dropout");
    err.print("attention op with dropout=0.3, as MultiheadAttention(4, 2) in training");
  }
}
