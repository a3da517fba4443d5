package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused at the boundary with a message naming what was wrong. */
class BpeErrorsTest {
  @TempDir Path tmp;

  private static void assertMessage(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void unknownIdsNameTheIdAndVocabSize() {
    BasicTokenizer tok = BasicTokenizer.train("aaabdaaabac", 259);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {97, 259})),
        "unknown token id 259",
        "index 1",
        "vocab size 259");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {-1})),
        "unknown token id -1");
  }

  @Test
  void trainingRefusesImpossibleSizes() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> BasicTokenizer.train("abc", 255)),
        "below 256");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> RegexTokenizer.train("ab", 260)),
        "no adjacent pairs left after 1 merges");
  }

  @Test
  void loneSurrogatesAreRefused() {
    BasicTokenizer tok = BasicTokenizer.fromMerges(new int[0][]);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> tok.encode("ab\uD800c")),
        "unpaired surrogate U+D800 at char index 2");
  }

  @Test
  void corruptModelsNameFileAndLine() throws IOException {
    String[][] cases = {
      {"minbpe v2\n\n0\n", ":1:"},
      {"minbpe v1\n\nx\n", ":3:"},
      {"minbpe v1\n\n1\n<|eot|>\n", ":4:"},
      {"minbpe v1\n\n0\n97 97\n256 98\n98 x\n", ":6:"},
      {"minbpe v1\n\n0\n97 97\n257 98\n", ":5:"},
      {"minbpe v1\n\n5\n", ":3:"},
      {"minbpe v1\n\\p{L\n0\n", "cannot compile"},
      {"minbpe v1\n\n1\n<|eot|> 256\n97 97\n", "already taken"},
    };
    for (int i = 0; i < cases.length; i++) {
      Path f = tmp.resolve("bad" + i + ".model");
      Files.writeString(f, cases[i][0]);
      assertMessage(
          assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(f)),
          "bad" + i + ".model",
          cases[i][1]);
    }
  }

  @Test
  void noneRaiseNamesTheSpecialToken() {
    RegexTokenizer tok =
        RegexTokenizer.fromMerges(SplitPattern.GPT4, new int[0][])
            .withSpecialTokens(java.util.Map.of("<|e|>", 256));
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> tok.encode("hi <|e|>")),
        "'<|e|>' at char 3");
  }
}
