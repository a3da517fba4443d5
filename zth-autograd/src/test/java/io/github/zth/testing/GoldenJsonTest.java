package io.github.zth.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GoldenJson flattens nested arrays by key path and refuses what a golden file must not hold. */
class GoldenJsonTest {
  private static final String JSON =
      "{\"ids\": [[3, 1], [4]], \"logits\": [0.5, -2e-1, 7], \"train\": {\"x\": [9, 8]},"
          + " \"name\": \"gpt2\"}";

  @Test
  void flattensInDocumentOrderThroughNestedObjects() {
    assertArrayEquals(new long[] {3, 1, 4}, GoldenJson.longs(JSON, "ids"));
    assertArrayEquals(new double[] {0.5, -0.2, 7}, GoldenJson.numbers(JSON, "logits"));
    assertArrayEquals(new long[] {9, 8}, GoldenJson.longs(JSON, "train", "x"));
  }

  @Test
  void refusesMissingKeysFractionsAsIdsAndNonNumbers() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> GoldenJson.longs(JSON, "x"));
    assertTrue(missing.getMessage().contains("\"x\""), missing.getMessage());
    IllegalArgumentException fraction =
        assertThrows(IllegalArgumentException.class, () -> GoldenJson.longs(JSON, "logits"));
    assertTrue(fraction.getMessage().contains("element 0"), fraction.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GoldenJson.numbers(JSON, "name"));
    assertThrows(IllegalArgumentException.class, () -> GoldenJson.numbers("[1]", "ids"));
  }
}
