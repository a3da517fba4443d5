package io.github.zth.autograd.micrograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MLPTest {

  @Test
  void describesItselfLikeMicrograd() {
    MLP model = new MLP(2, List.of(16, 16, 1), 1337);
    String s = model.toString();
    assertTrue(s.startsWith("MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2),"), s);
    assertTrue(s.contains("], Layer of [ReLUNeuron(16),"), s);
    assertTrue(s.endsWith("], Layer of [LinearNeuron(16)]]"), s);
    assertEquals(2 * 16 + 16 + 16 * 16 + 16 + 16 + 1, model.parameters().size()); // 337
  }

  @Test
  void initialisesWeightsUniformlyAndBiasesAtZeroFromTheSeed() {
    Neuron n = new Neuron(1000, true, new SplittableRandom(7));
    for (Value w : n.weights()) {
      assertTrue(w.data() >= -1.0 && w.data() < 1.0, w.toString());
    }
    assertEquals(0.0, n.bias().data());
    double mean = n.weights().stream().mapToDouble(Value::data).average().orElseThrow();
    assertEquals(0.0, mean, 0.1);
    MLP a = new MLP(3, List.of(4, 1), 42);
    MLP b = new MLP(3, List.of(4, 1), 42);
    MLP c = new MLP(3, List.of(4, 1), 43);
    assertEquals(data(a.parameters()), data(b.parameters()));
    assertNotEquals(data(a.parameters()), data(c.parameters()));
  }

  @Test
  void pythonSeededWeightsAreMicrogradsWeights() throws java.io.IOException {
    // tools/golden/micrograd_init.py: random.seed(1337); MLP(2, [16, 16, 1]) in CPython.
    List<Double> expected;
    try (var in = MLPTest.class.getResourceAsStream("/golden/micrograd_init.txt")) {
      expected =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.startsWith("#"))
              .map(Double::parseDouble)
              .toList();
    }
    MLP model =
        new MLP(2, List.of(16, 16, 1), new io.github.zth.autograd.random.PythonRandom(1337));
    List<Double> weights = new ArrayList<>();
    for (Layer layer : model.layers()) {
      for (Neuron n : layer.neurons()) {
        n.weights().forEach(w -> weights.add(w.data()));
        assertEquals(0.0, n.bias().data());
      }
    }
    assertEquals(304, expected.size());
    assertEquals(expected, weights); // bit for bit
  }

  @Test
  void forwardEqualsMicrogradsChainOfOperations() {
    MLP model = new MLP(3, List.of(4, 4, 1), 1);
    List<Value> x = List.of(Value.of(2.0), Value.of(3.0), Value.of(-1.0));
    Value fast = model.applyScalar(x);
    List<Value> h = x;
    for (Layer layer : model.layers()) {
      List<Value> out = new ArrayList<>();
      for (Neuron n : layer.neurons()) {
        Value act = n.bias(); // micrograd: sum((wi*xi for wi, xi in zip(self.w, x)), self.b)
        for (int i = 0; i < h.size(); i++) {
          act = act.add(n.weights().get(i).mul(h.get(i)));
        }
        out.add(n.nonlin() ? act.relu() : act);
      }
      h = out;
    }
    Value slow = h.get(0);
    assertEquals(slow.data(), fast.data(), 1e-12);

    model.zeroGrad();
    slow.backward();
    List<Double> slowGrads = grads(model.parameters());
    model.zeroGrad();
    fast.backward();
    List<Double> fastGrads = grads(model.parameters());
    for (int i = 0; i < slowGrads.size(); i++) {
      assertEquals(slowGrads.get(i), fastGrads.get(i), 1e-12);
    }
  }

  @Test
  void zeroGradResetsEveryParameter() {
    MLP model = new MLP(2, List.of(3, 1), 5);
    Value y = model.applyScalar(List.of(Value.of(1.0), Value.of(-2.0)));
    y.mul(y).backward();
    assertTrue(model.parameters().stream().anyMatch(p -> p.grad() != 0.0));
    model.zeroGrad();
    assertTrue(model.parameters().stream().allMatch(p -> p.grad() == 0.0));
  }

  @Test
  void gradientDescentFitsATinyDataSet() {
    // The lecture's four examples with targets +-1, trained with a squared-error loss.
    double[][] xs = {{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}};
    double[] ys = {1.0, -1.0, -1.0, 1.0};
    MLP model = new MLP(3, List.of(4, 4, 1), 1337);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 200; step++) {
      List<Value> errs = new ArrayList<>();
      for (int i = 0; i < xs.length; i++) {
        Value pred =
            model.applyScalar(List.of(Value.of(xs[i][0]), Value.of(xs[i][1]), Value.of(xs[i][2])));
        errs.add(pred.sub(ys[i]).pow(2));
      }
      Value loss = Value.sum(errs);
      model.zeroGrad();
      loss.backward();
      for (Value p : model.parameters()) {
        p.setData(p.data() - 0.02 * p.grad());
      }
      first = step == 0 ? loss.data() : first;
      last = loss.data();
    }
    assertTrue(last < 0.05 && last < first / 10, "loss " + first + " -> " + last);
  }

  @Test
  void refusesInputsOfTheWrongLength() {
    MLP model = new MLP(2, List.of(3, 2), 5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.apply(List.of(Value.of(1.0))));
    assertEquals("MLP.apply: 1 inputs for 2-input MLP", e.getMessage());
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class,
            () -> model.applyScalar(List.of(Value.of(1.0), Value.of(2.0))));
    assertTrue(
        s.getMessage().startsWith("MLP.applyScalar: the last layer has 2 neurons"), s.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MLP(2, List.of(), 1));
    assertThrows(IllegalArgumentException.class, () -> new MLP(0, List.of(1), 1));
  }

  private static List<Double> data(List<Value> vs) {
    return vs.stream().map(Value::data).toList();
  }

  private static List<Double> grads(List<Value> vs) {
    return vs.stream().map(Value::grad).toList();
  }
}
