package io.github.zth.testing;

import java.util.List;

/**
 * The small names corpus that makemore's tests train on: the 20 words of {@code
 * tools/golden/makemore_models.py}, so a test's numbers can be checked against that script's
 * PyTorch output. It has 20 words because makemore.py's split keeps {@code min(1000, 10%)} words
 * for test, which leaves 18 to train on and 2 to evaluate.
 */
public final class TinyNames {
  /** The golden script's {@code WORDS}, in its order (the split's permutation depends on it). */
  public static final List<String> WORDS =
      List.of(
          "emma",
          "olivia",
          "ava",
          "isabella",
          "sophia",
          "mia",
          "amelia",
          "harper",
          "evelyn",
          "abigail",
          "emily",
          "ella",
          "avery",
          "sofia",
          "aria",
          "luna",
          "zoe",
          "lily",
          "nora",
          "chloe");

  private TinyNames() {}
}
