package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.lectures.Bigram;
import io.github.zth.gpt.lectures.BigramNet;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The neural bigram model: the notebook's printed numbers and PyTorch 1.13's training losses. */
class BigramNetTest {

  private static Generator lecture() {
    return new Generator(2147483647).normalPath(Generator.NormalPath.LECTURE);
  }

  /** makemore part 1, cell 46: the five bigrams of "emma" under the untrained W. */
  @Test
  void reproducesTheNotebooksEmmaProbabilitiesAndLoss() {
    CharTokenizer stoi = CharTokenizer.forNames(List.of("abcdefghijklmnopqrstuvwxyz"));
    Bigram.Pairs emma = Bigram.pairs(List.of("emma"), stoi);
    BigramNet net = new BigramNet(27, lecture());
    float[] probs = net.probs(emma.xs()).toFloatArray(); // (5, 27)
    // printed to full precision in the notebook (torch-rng-spec §12.2). W and exp are bit-exact;
    // torch sums the 27 counts of a row in a vectorised order, zth's Tensor.sum adds them in
    // another,
    // which moves probs[0, 5] by 2 ulp (checked with torch: a sequential float sum gives the same).
    assertUlps(0.012286253273487091, probs[5]);
    assertUlps(0.018050702288746834, probs[27 + 13]);
    assertUlps(0.026691533625125885, probs[2 * 27 + 13]);
    assertUlps(0.07367684692144394, probs[3 * 27 + 1]);
    assertUlps(0.0149775305762887, probs[4 * 27]);
    assertEquals(3.7693049907684326, net.loss(emma.xs(), emma.ys(), 0).item(), 1e-6);
  }

  @Test
  void gradientDescentLowersTheLossAndUpdatesW() {
    List<String> words = List.of("emma", "olivia", "ava", "isabella", "sophia");
    CharTokenizer stoi = CharTokenizer.forNames(words);
    Bigram.Pairs d = Bigram.pairs(words, stoi);
    BigramNet net = new BigramNet(stoi.vocabSize(), new Generator(1));
    float[] before = net.weight().toFloatArray();
    double first = net.step(d.xs(), d.ys(), 10);
    assertNotEquals(before[0], net.weight().toFloatArray()[0]);
    double last = first;
    for (int k = 0; k < 30; k++) {
      last = net.step(d.xs(), d.ys(), 10);
    }
    assertTrue(last < first - 0.5, first + " -> " + last);
    for (String s : net.sample(10, stoi, new Generator(3))) {
      assertTrue(s.endsWith(".") && s.indexOf('.') == s.length() - 1, s);
    }
  }

  @Test
  void refusesMismatchedInputs() {
    BigramNet net = new BigramNet(5, new Generator(1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> net.loss(Tensor.of(1L, 2L), Tensor.of(1L), 0.01));
    assertTrue(e.getMessage().contains("BigramNet.loss"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BigramNet(0, new Generator(1)));
    CharTokenizer other = CharTokenizer.forNames(List.of("ab"));
    assertThrows(IllegalArgumentException.class, () -> net.sample(other, new Generator(1)));
  }

  private static void assertUlps(double notebook, float ours) {
    float expected = (float) notebook;
    assertTrue(
        Math.abs(expected - ours) <= 2 * Math.ulp(expected),
        "notebook " + notebook + ", ours " + ours);
  }

  /** The lecture's loop on all of names.txt, first steps against torch (same W, same data). */
  @Test
  void firstTrainingStepsOnNamesMatchTorch() throws IOException {
    List<String> words = BigramTest.names();
    Map<String, String> gold = BigramTest.golden("bigram.txt");
    double[] torch = BigramTest.doubles(gold.get("neural_losses"));
    CharTokenizer stoi = CharTokenizer.forNames(words);
    Bigram.Pairs d = Bigram.pairs(words, stoi);
    BigramNet net = new BigramNet(27, lecture());
    double[] ours = new double[3];
    for (int k = 0; k < ours.length; k++) {
      ours[k] = net.step(d.xs(), d.ys(), 50);
    }
    double[] expected = java.util.Arrays.copyOf(torch, ours.length);
    assertArrayEquals(expected, ours, 2e-5);
  }
}
