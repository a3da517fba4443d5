package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.Diagnostics;
import io.github.zth.nn.Module;
import io.github.zth.nn.Tanh;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lecture 4's 6-layer tanh + BatchNorm MLP and its per-layer diagnostics. */
class BatchNormCommandTest {

  @Test
  void diagnosticsGiveOneEntryPerTanhLayerWithSaturationAFraction() {
    Generator g = new Generator(2147483647);
    Tensor c = Tensor.randn(g, 27, 10).requiresGrad(true);
    List<Module> layers = BatchNormCommand.lectureLayers(g, 30, 100, 27);
    assertEquals(17, layers.size());
    long params = c.numel() + layers.stream().mapToLong(Module::numParameters).sum();
    assertEquals(
        47024, params); // the lecture's 47551 minus the 527 biases it drops with bias=False
    Tensor x = c.index(Tensor.randint(g, 0, 27, 32, 3)).view(32, -1);
    List<Tensor> tanhOuts = new ArrayList<>();
    for (Module l : layers) {
      x = l.forward(x);
      if (l instanceof Tanh) {
        tanhOuts.add(x.retainGrad());
      }
    }
    x.crossEntropy(Tensor.randint(g, 0, 27, 32)).backward();
    assertEquals(5, tanhOuts.size());
    for (Tensor t : tanhOuts) {
      Diagnostics.Stats s = Diagnostics.stats(t, 0.97);
      assertTrue(s.saturated() >= 0 && s.saturated() <= 1, s.toString());
      // BatchNorm before each tanh keeps the pre-activations unit-gaussian-ish: tanh std well
      // inside (0.3, 0.9)
      assertTrue(s.std() > 0.3 && s.std() < 0.9, s.toString());
      assertTrue(Diagnostics.stats(t.grad(), 0).std() > 0);
    }
  }

  @Test
  void firstMinibatchLossOnNamesMatchesTorch() throws java.io.IOException {
    java.nio.file.Path names = io.github.zth.testing.SharedData.file("names.txt");
    java.util.Map<String, Double> golden = new java.util.HashMap<>();
    try (var in =
        BatchNormCommandTest.class.getResourceAsStream("/golden/lecture4_batchnorm.txt")) {
      for (String line :
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\n")) {
        String[] kv = line.trim().split(" ");
        golden.put(kv[0], Double.parseDouble(kv[1]));
      }
    }
    List<String> words = java.nio.file.Files.readAllLines(names);
    var tok = io.github.zth.data.tokenizer.CharTokenizer.forNames(words);
    io.github.zth.data.WordDataset.Examples train =
        io.github.zth.data.WordDataset.splits(words, tok, 3, 42).train();
    Generator g = new Generator(2147483647);
    Tensor c = Tensor.randn(g, 27, 10);
    List<Module> layers = BatchNormCommand.lectureLayers(g, 30, 100, 27);
    assertEquals(
        golden.get("params"),
        (double) (c.numel() + layers.stream().mapToLong(Module::numParameters).sum()));
    Tensor ix = Tensor.randint(g, 0, train.size(), 32);
    Tensor x = c.index(train.x().index(ix)).view(32, -1);
    for (Module l : layers) {
      x = l.forward(x);
    }
    assertEquals(golden.get("step0_loss"), x.crossEntropy(train.y().index(ix)).item(), 1e-4);
  }
}
