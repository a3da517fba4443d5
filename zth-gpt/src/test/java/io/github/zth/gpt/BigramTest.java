package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.lectures.Bigram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bigram count model: small hand-checked data, and names.txt against PyTorch 1.13's numbers.
 */
class BigramTest {

  /** names.txt from the shared data folder; the test is skipped only when the file is absent. */
  static List<String> names() throws IOException {
    Path file = io.github.zth.testing.SharedData.file("names.txt");
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** A golden file written by tools/golden/lecture_*.py: one "key: value" per line. */
  static Map<String, String> golden(String name) throws IOException {
    try (InputStream in = BigramTest.class.getResourceAsStream("/golden/lectures/" + name)) {
      assertTrue(in != null, "missing golden " + name);
      Map<String, String> m = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int colon = line.indexOf(": ");
        m.put(line.substring(0, colon), line.substring(colon + 2));
      }
      return m;
    }
  }

  static double[] doubles(String s) {
    return Arrays.stream(s.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  private static final List<String> SMALL = List.of("emma", "ava");

  @Test
  void countsEveryBigramWithStartAndEndTokens() {
    CharTokenizer stoi = CharTokenizer.forNames(SMALL); // . a e m v
    Bigram m = Bigram.fit(SMALL, stoi, 0);
    long[] n = m.counts().toLongArray();
    assertArrayEquals(new int[] {5, 5}, m.counts().shape());
    assertEquals(9, Arrays.stream(n).sum());
    int dot = 0;
    int a = stoi.stoi("a");
    int e = stoi.stoi("e");
    int mm = stoi.stoi("m");
    int v = stoi.stoi("v");
    assertEquals(1, n[dot * 5 + e]);
    assertEquals(1, n[dot * 5 + a]);
    assertEquals(1, n[mm * 5 + mm]);
    assertEquals(2, n[a * 5 + dot]);
    assertEquals(1, n[a * 5 + v]);
    assertEquals(1, n[v * 5 + a]);
    // row 'a' without smoothing: '.' 2/3, 'v' 1/3
    float[] p = m.probs().toFloatArray();
    assertEquals(2f / 3f, p[a * 5 + dot]);
    assertEquals(1f / 3f, p[a * 5 + v]);
  }

  @Test
  void smoothingAddsToEveryCellAndRowsSumToOne() {
    CharTokenizer stoi = CharTokenizer.forNames(SMALL);
    Bigram m = Bigram.fit(SMALL, stoi, 3);
    float[] p = m.probs().toFloatArray();
    for (int r = 0; r < 5; r++) {
      double s = 0;
      for (int c = 0; c < 5; c++) {
        assertTrue(p[r * 5 + c] > 0f);
        s += p[r * 5 + c];
      }
      assertEquals(1.0, s, 1e-6);
    }
    int a = stoi.stoi("a");
    assertEquals((2f + 3f) / (3f + 15f), p[a * 5]); // row 'a': 3 counts + 5 cells * 3
  }

  @Test
  void nllIsTheMeanNegativeLogProbabilityOfEveryBigram() {
    CharTokenizer stoi = CharTokenizer.forNames(SMALL);
    Bigram m = Bigram.fit(SMALL, stoi, 1);
    float[] p = m.probs().toFloatArray();
    Bigram.Pairs pairs = Bigram.pairs(List.of("ava"), stoi);
    long[] xs = pairs.xs().toLongArray();
    long[] ys = pairs.ys().toLongArray();
    assertArrayEquals(new long[] {0, stoi.stoi("a"), stoi.stoi("v"), stoi.stoi("a")}, xs);
    assertArrayEquals(new long[] {stoi.stoi("a"), stoi.stoi("v"), stoi.stoi("a"), 0}, ys);
    double expected = 0;
    for (int i = 0; i < xs.length; i++) {
      expected -= Math.log(p[(int) (xs[i] * 5 + ys[i])]);
    }
    assertEquals(expected / 4, m.nll(List.of("ava")), 1e-6);
    // without smoothing an unseen bigram has probability 0: infinite NLL, as torch prints inf
    assertEquals(Double.POSITIVE_INFINITY, Bigram.fit(SMALL, stoi, 0).nll(List.of("mama")));
  }

  @Test
  void refusesBadInput() {
    CharTokenizer stoi = CharTokenizer.forNames(SMALL);
    IllegalArgumentException neg =
        assertThrows(IllegalArgumentException.class, () -> Bigram.fit(SMALL, stoi, -1));
    assertTrue(neg.getMessage().contains("smoothing -1"), neg.getMessage());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Bigram.fit(List.of("bob"), stoi, 1));
    assertTrue(unknown.getMessage().contains("'b'"), unknown.getMessage());
    // 'x' is in the vocabulary but never seen: its row of (N+0) is all zeros
    CharTokenizer wide = CharTokenizer.forNames(List.of("emma", "ava", "x"));
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> Bigram.fit(SMALL, wide, 0));
    assertTrue(empty.getMessage().contains("'x'"), empty.getMessage());
    assertEquals(
        1.0, Bigram.fit(SMALL, wide, 1).probs().sum(1, false).toFloatArray()[wide.stoi("x")], 1e-6);
    CharTokenizer noDot = CharTokenizer.fromText("abc");
    assertThrows(IllegalArgumentException.class, () -> Bigram.fit(List.of("abc"), noDot, 1));
    assertThrows(IllegalArgumentException.class, () -> Bigram.pairs(List.of("ab", ""), stoi));
  }

  @Test
  void samplesEndAtTheEndTokenAndFollowSeenBigrams() {
    CharTokenizer stoi = CharTokenizer.forNames(SMALL);
    Bigram m = Bigram.fit(SMALL, stoi, 0);
    Generator g = new Generator(7);
    for (String s : m.sample(50, g)) {
      assertTrue(s.endsWith(".") && s.indexOf('.') == s.length() - 1, s);
      String chs = "." + s;
      for (int i = 0; i + 1 < chs.length(); i++) {
        long count =
            m.counts()
                .toLongArray()[
                stoi.stoi(chs.substring(i, i + 1)) * 5 + stoi.stoi(chs.substring(i + 1, i + 2))];
        assertTrue(count > 0, "unseen bigram in " + s);
      }
    }
  }

  @Test
  void namesTxtMatchesTorch() throws IOException {
    List<String> words = names();
    Map<String, String> gold = golden("bigram.txt");
    CharTokenizer stoi = CharTokenizer.forNames(words);
    assertEquals(27, stoi.vocabSize());
    Bigram m = Bigram.fit(words, stoi, 1);
    long[] n = m.counts().toLongArray();
    assertEquals(Long.parseLong(gold.get("count_total")), Arrays.stream(n).sum());
    assertEquals(Long.parseLong(gold.get("count_e_m")), n[stoi.stoi("e") * 27 + stoi.stoi("m")]);
    assertEquals(Long.parseLong(gold.get("count_n_dot")), n[stoi.stoi("n") * 27]);
    assertEquals(
        gold.get("count_row0"),
        String.join(" ", Arrays.stream(n, 0, 27).mapToObj(Long::toString).toList()));
    assertEquals(Integer.parseInt(gold.get("bigrams")), Bigram.pairs(words, stoi).size());

    double nll = m.nll(words);
    double torch = Double.parseDouble(gold.get("nll"));
    assertEquals(torch, nll, 2e-5);
    assertEquals(
        String.format(Locale.ROOT, "%.4f", torch), String.format(Locale.ROOT, "%.4f", nll));
    assertEquals(
        Double.parseDouble(gold.get("nll_smoothing_0")),
        Bigram.fit(words, stoi, 0).nll(words),
        2e-5);
    assertEquals(
        Double.parseDouble(gold.get("nll_smoothing_5")),
        Bigram.fit(words, stoi, 5).nll(words),
        2e-5);

    List<String> samples = m.sample(5, new Generator(2147483647));
    assertEquals(List.of("mor.", "axx.", "minaymoryles.", "kondlaisah.", "anchshizarie."), samples);
    assertEquals(gold.get("samples"), String.join(" ", samples));
  }
}
