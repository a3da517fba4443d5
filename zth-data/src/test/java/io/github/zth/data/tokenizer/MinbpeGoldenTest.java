package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zth's BPE against the goldens written by tools/golden/tokenizer_minbpe.py (minbpe's algorithm).
 */
class MinbpeGoldenTest {
  @TempDir Path tmp;

  private static void assertSameMerges(BpeTokenizer expected, BpeTokenizer actual) {
    int[][] e = expected.merges();
    int[][] a = actual.merges();
    assertEquals(e.length, a.length, "number of merges");
    for (int i = 0; i < e.length; i++) {
      assertArrayEquals(e[i], a[i], "merge " + i + " (id " + (256 + i) + ")");
    }
  }

  private void assertSavesLikeMinbpe(BpeTokenizer tok, String golden) throws IOException {
    tok.save(tmp.resolve(golden));
    assertEquals(
        Golden.text(golden + ".model"),
        Files.readString(tmp.resolve(golden + ".model")),
        golden + ".model");
    assertEquals(
        Golden.text(golden + ".vocab"),
        Files.readString(tmp.resolve(golden + ".vocab")),
        golden + ".vocab");
  }

  @Test
  void trainsToyTextLikeMinbpe() throws IOException {
    String toy = Golden.text("toy.txt");
    BasicTokenizer basic = BasicTokenizer.train(toy, 290);
    assertSameMerges(BasicTokenizer.load(Golden.file("toy_basic.model")), basic);
    assertSavesLikeMinbpe(basic, "toy_basic");
    RegexTokenizer gpt2 = RegexTokenizer.train(toy, 300, SplitPattern.GPT2);
    assertSameMerges(RegexTokenizer.load(Golden.file("toy_gpt2.model")), gpt2);
    assertSavesLikeMinbpe(gpt2, "toy_gpt2");
    RegexTokenizer gpt4 = RegexTokenizer.train(toy, 300, SplitPattern.GPT4);
    RegexTokenizer golden4 = RegexTokenizer.load(Golden.file("toy_gpt4.model"));
    assertSameMerges(golden4, gpt4);
    assertSavesLikeMinbpe(gpt4.withSpecialTokens(golden4.specialTokens()), "toy_gpt4");
  }

  @Test
  void wikipediaExampleBreaksTiesByFirstOccurrence() {
    BasicTokenizer tok = BasicTokenizer.train("aaabdaaabac", 256 + 3);
    assertArrayEquals(new int[] {258, 100, 258, 97, 99}, tok.encode("aaabdaaabac"));
    assertEquals("aaabdaaabac", tok.decode(tok.encode("aaabdaaabac")));
  }

  @Test
  void encodesLikeMinbpe() throws IOException {
    for (String name : new String[] {"toy_basic", "toy_gpt2", "toy_gpt4"}) {
      BpeTokenizer tok = BpeTokenizer.load(Golden.file(name + ".model"));
      for (String[] row : Golden.tsv(name + ".encode.tsv")) {
        String text = Golden.fromHex(row[0]);
        AllowedSpecial allowed;
        switch (row[1]) {
          case "all":
            allowed = AllowedSpecial.ALL;
            break;
          case "none":
            allowed = AllowedSpecial.NONE;
            break;
          case "none_raise":
            allowed = AllowedSpecial.NONE_RAISE;
            break;
          default:
            allowed = AllowedSpecial.of(Set.of(row[1].substring("set:".length())));
        }
        int[] expected = Golden.ints(row[2]);
        assertArrayEquals(
            expected, tok.encode(text, allowed), name + " " + row[1] + " '" + text + "'");
        assertEquals(text, tok.decode(expected));
      }
    }
  }

  @Test
  void taylorSwiftBasicAndGpt4At512MatchMinbpe() throws IOException {
    String text = Files.readString(Golden.shared("taylorswift.txt"), StandardCharsets.UTF_8);
    assertSameMerges(
        BasicTokenizer.load(Golden.file("taylorswift_basic_512.model")),
        BasicTokenizer.train(text, 512));
    assertSameMerges(
        RegexTokenizer.load(Golden.file("taylorswift_gpt4_512.model")),
        RegexTokenizer.train(text, 512, SplitPattern.GPT4));
  }

  @Test
  void minbpeFixturesLoadAndSaveByteIdentically() throws IOException {
    for (String name : new String[] {"taylorswift_basic_512", "taylorswift_gpt4_512", "toy_gpt4"}) {
      Tokenizer tok = Tokenizer.load(Golden.file(name + ".model"));
      assertInstanceOf(BpeTokenizer.class, tok);
      assertSavesLikeMinbpe((BpeTokenizer) tok, name);
      Tokenizer again = Tokenizer.load(tmp.resolve(name + ".model"));
      assertSameMerges((BpeTokenizer) tok, (BpeTokenizer) again);
    }
    assertEquals(512, Tokenizer.load(Golden.file("taylorswift_gpt4_512.model")).vocabSize());
    assertEquals(302, Tokenizer.load(Golden.file("toy_gpt4.model")).vocabSize());
  }

  @Test
  void invalidUtf8DecodesLikePythonReplace() throws IOException {
    BasicTokenizer bytes = BasicTokenizer.fromMerges(new int[0][]);
    for (String[] row : Golden.tsv("utf8_replace.tsv")) {
      int[] ids = new int[row[0].length() / 2];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = Integer.parseInt(row[0].substring(2 * i, 2 * i + 2), 16);
      }
      assertEquals(Golden.fromHex(row[1]), bytes.decode(ids), "bytes " + row[0]);
    }
  }

  @Test
  void splitPatternsMatchPythonRegex() throws IOException {
    for (SplitPattern p :
        new SplitPattern[] {SplitPattern.GPT2, SplitPattern.GPT4, SplitPattern.O200K}) {
      String name =
          p == SplitPattern.GPT2
              ? "split_gpt2.tsv"
              : p == SplitPattern.GPT4 ? "split_gpt4.tsv" : "split_o200k.tsv";
      for (String[] row : Golden.tsv(name)) {
        String text = Golden.fromHex(row[0]);
        StringBuilder lengths = new StringBuilder();
        for (String chunk : p.split(text)) {
          lengths
              .append(lengths.length() == 0 ? "" : " ")
              .append(chunk.codePointCount(0, chunk.length()));
        }
        assertEquals(row[1], lengths.toString(), name + ": '" + text + "' " + row[0]);
      }
    }
  }
}
