package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Lecture 5: every hand-derived gradient agrees with autograd in FLOAT64. */
class BackpropCommandTest {

  private static final List<String> WORDS =
      List.of(
          "emma",
          "olivia",
          "ava",
          "isabella",
          "sophia",
          "mia",
          "charlotte",
          "amelia",
          "harper",
          "evelyn",
          "abigail",
          "emily",
          "zoe",
          "quinn",
          "jax",
          "kyle");

  @Property(tries = 5)
  void everyManualGradientMatchesAutogradWithin1e6Relative(
      @ForAll @LongRange(min = 1, max = 1L << 40) long seed) {
    CharTokenizer tok = CharTokenizer.forNames(WORDS);
    WordDataset.Examples d = WordDataset.buildDataset(WORDS, tok, 3);
    List<BackpropCommand.Row> rows =
        BackpropCommand.compare(d, tok.vocabSize(), new Generator(seed));
    assertEquals(28, rows.size());
    assertEquals(
        List.of(
            "dlogprobs",
            "dprobs",
            "dcounts_sum_inv",
            "dcounts_sum",
            "dcounts",
            "dnorm_logits",
            "dlogit_maxes",
            "dlogits",
            "dh",
            "dW2",
            "db2",
            "dhpreact",
            "dbngain",
            "dbnbias",
            "dbnraw",
            "dbnvar_inv",
            "dbnvar",
            "dbndiff2",
            "dbndiff",
            "dbnmeani",
            "dhprebn",
            "dembcat",
            "dW1",
            "db1",
            "demb",
            "dC",
            "dlogits (fused)",
            "dhprebn (fused)"),
        rows.stream().map(BackpropCommand.Row::name).collect(Collectors.toList()));
    for (BackpropCommand.Row r : rows) {
      assertTrue(r.close(), r.toString());
      assertTrue(r.maxAbs() > 0, "a gradient that is all zero proves nothing: " + r);
    }
  }

  @Property(tries = 20)
  void aRowWithAWrongGradientIsNotClose(@ForAll @LongRange(min = 1, max = 1000) long off) {
    BackpropCommand.Row r = new BackpropCommand.Row("dx", false, 1e-6 * off + 1e-6, 1.0, null);
    assertFalse(r.close());
    assertTrue(new BackpropCommand.Row("dx", false, 5e-7, 1.0, null).close());
    assertFalse(new BackpropCommand.Row("dx", false, 2e-6, 0.5, null).close());
  }
}
