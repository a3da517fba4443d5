package io.github.zth.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Command lines the tests build from a base list: the size of a GPT small enough to train in a
 * test, and a base with some options changed. One home, so every GPT command's test trains the same
 * kind of tiny model and changes an option the same way.
 */
final class CliArgs {
  private CliArgs() {}

  /**
   * A one-layer, two-head GPT: {@code --n-layer 1 --n-head 2 --n-embd E --block-size T}, as {@code
   * gpt train}, {@code gpt2 train} and the GPT benches all spell it.
   */
  static List<String> tinyGpt(int nEmbd, int blockSize) {
    return List.of(
        "--n-layer",
        "1",
        "--n-head",
        "2",
        "--n-embd",
        String.valueOf(nEmbd),
        "--block-size",
        String.valueOf(blockSize));
  }

  /** The words of {@code parts}, one part after another, in a list the caller may change. */
  @SafeVarargs
  static List<String> of(List<String>... parts) {
    List<String> a = new ArrayList<>();
    for (List<String> p : parts) {
      a.addAll(p);
    }
    return a;
  }

  /**
   * {@code base} then {@code extra}, where an option of {@code extra} already in {@code base} gets
   * the new value in place (picocli refuses a repeated single-value option); flags and new options
   * are appended.
   */
  static List<String> with(List<String> base, String... extra) {
    List<String> a = new ArrayList<>(base);
    for (int i = 0; i < extra.length; i++) {
      int at = extra[i].startsWith("--") ? a.indexOf(extra[i]) : -1;
      boolean hasValue = i + 1 < extra.length && !extra[i + 1].startsWith("--");
      if (at >= 0 && hasValue) {
        a.set(at + 1, extra[++i]);
      } else {
        a.add(extra[i]);
      }
    }
    return a;
  }
}
