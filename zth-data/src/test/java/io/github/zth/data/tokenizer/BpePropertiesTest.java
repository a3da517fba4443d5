package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the BPE tokenizers: minbpe equivalence on random texts, round trips, special
 * tokens.
 */
class BpePropertiesTest {
  private static final String SPECIAL = "<|endoftext|>";
  private static final RegexTokenizer TOY_GPT4;
  private static final BasicTokenizer TOY_BASIC;

  static {
    try {
      String toy = Golden.text("toy.txt");
      TOY_GPT4 =
          RegexTokenizer.train(toy, 330).withSpecialTokens(Map.of(SPECIAL, 330, "<|x|>", 331));
      TOY_BASIC = BasicTokenizer.train(toy, 320);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unicode text: surrogate pairs, emoji, mixed scripts, whitespace runs, no lone surrogates. */
  @Provide
  Arbitrary<String> unicode() {
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(10),
            Arbitraries.of(
                " ", "   ", "\n\n", "\r\n", "\t", "\u00a0", "\u3000", "'s", "'LL", "'ſ", "😀",
                "👋🏽", "🇫🇷", "e\u0301", "中文", "Привет", "١٢٣", "12345", "\u200d", "\ufffd",
                "<|x"),
            Arbitraries.integers()
                .between(0, 0x10FFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .map(Character::toString));
    return pieces.list().ofMaxSize(25).map(l -> String.join("", l));
  }

  /** Small alphabets make many equal counts, which is where minbpe's tie order matters. */
  @Provide
  Arbitrary<String> tieHeavy() {
    return Arbitraries.strings().withChars("ab c\né").ofMinLength(2).ofMaxLength(120);
  }

  @Property(tries = 200)
  void basicTrainingEqualsMinbpe(
      @ForAll("tieHeavy") String text, @ForAll @IntRange(min = 1, max = 40) int merges) {
    int[][] expected = MinbpeReference.train(List.of(text), merges);
    if (expected.length < merges) {
      assertThrows(IllegalArgumentException.class, () -> BasicTokenizer.train(text, 256 + merges));
      return;
    }
    assertTrue(Arrays.deepEquals(expected, BasicTokenizer.train(text, 256 + merges).merges()));
  }

  @Property(tries = 200)
  void regexTrainingEqualsMinbpe(
      @ForAll("tieHeavy") String text, @ForAll @IntRange(min = 1, max = 30) int merges) {
    int[][] expected = MinbpeReference.train(SplitPattern.GPT4.split(text), merges);
    if (expected.length < merges) {
      assertThrows(
          IllegalArgumentException.class,
          () -> RegexTokenizer.train(text, 256 + merges, SplitPattern.GPT4));
      return;
    }
    assertTrue(
        Arrays.deepEquals(
            expected, RegexTokenizer.train(text, 256 + merges, SplitPattern.GPT4).merges()));
  }

  @Property(tries = 100)
  void encodingEqualsMinbpe(@ForAll("unicode") String text) {
    List<Integer> expected = new ArrayList<>();
    for (String chunk : SplitPattern.GPT4.split(text)) {
      expected.addAll(MinbpeReference.encodeChunk(chunk, TOY_GPT4.merges()));
    }
    assertArrayEquals(
        expected.stream().mapToInt(Integer::intValue).toArray(), TOY_GPT4.encodeOrdinary(text));
    // Basic merges the whole text as one piece: this exercises the long-piece (heap) merge path.
    int[] basic =
        MinbpeReference.encodeChunk(text, TOY_BASIC.merges()).stream()
            .mapToInt(Integer::intValue)
            .toArray();
    assertArrayEquals(basic, TOY_BASIC.encode(text));
  }

  @Property(tries = 300)
  void roundTrips(@ForAll("unicode") String text) {
    assertEquals(text, TOY_BASIC.decode(TOY_BASIC.encode(text)));
    assertEquals(text, TOY_GPT4.decode(TOY_GPT4.encode(text, AllowedSpecial.NONE)));
    assertEquals(text, TOY_GPT4.decode(TOY_GPT4.encode(text, AllowedSpecial.ALL)));
  }

  @Property(tries = 100)
  void specialTokensFollowTheAllowedRule(
      @ForAll("unicode") String before, @ForAll("unicode") String after) {
    Assume.that(!(before + after).contains(SPECIAL) && !(before + after).contains("<|x|>"));
    String text = before + SPECIAL + after;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TOY_GPT4.encode(text));
    assertTrue(e.getMessage().contains(SPECIAL), e.getMessage());
    int[] all = TOY_GPT4.encode(text, AllowedSpecial.ALL);
    int[] expected =
        IntStream.concat(
                IntStream.concat(Arrays.stream(TOY_GPT4.encode(before)), IntStream.of(330)),
                Arrays.stream(TOY_GPT4.encode(after)))
            .toArray();
    assertArrayEquals(expected, all);
    assertArrayEquals(expected, TOY_GPT4.encode(text, AllowedSpecial.of(Set.of(SPECIAL))));
    int[] none = TOY_GPT4.encode(text, AllowedSpecial.NONE);
    assertFalse(Arrays.stream(none).anyMatch(id -> id == 330));
    assertArrayEquals(TOY_GPT4.encodeOrdinary(text), none);
    assertArrayEquals(none, TOY_GPT4.encode(text, AllowedSpecial.of(Set.of("<|x|>"))));
    assertEquals(text, TOY_GPT4.decode(all));
    assertEquals(text, TOY_GPT4.decode(none));
  }

  @Property(tries = 50)
  void trainedTokenizersRoundTripTheirModelFiles(@ForAll("tieHeavy") String text)
      throws IOException {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bpe");
    try {
      RegexTokenizer tok = RegexTokenizer.train(text, 260, SplitPattern.GPT2);
      tok.save(dir.resolve("m"));
      BpeTokenizer again = BpeTokenizer.load(dir.resolve("m.model"));
      assertTrue(Arrays.deepEquals(tok.merges(), again.merges()));
      assertEquals(SplitPattern.GPT2, again.pattern());
    } catch (IllegalArgumentException tooFewPairs) {
      assertTrue(
          tooFewPairs.getMessage().contains("no adjacent pairs left"), tooFewPairs.getMessage());
    } finally {
      try (var files = java.nio.file.Files.list(dir)) {
        for (java.nio.file.Path p : files.toList()) {
          java.nio.file.Files.delete(p);
        }
      }
      java.nio.file.Files.delete(dir);
    }
  }

  @Property(tries = 20)
  void specialsAreTriedInRegistrationOrder(@ForAll @IntRange(min = 0, max = 1) int order) {
    Map<String, Integer> specials = new LinkedHashMap<>();
    if (order == 0) {
      specials.put("<a>", 400);
      specials.put("<a>b", 401);
    } else {
      specials.put("<a>b", 401);
      specials.put("<a>", 400);
    }
    RegexTokenizer tok =
        RegexTokenizer.fromMerges(SplitPattern.GPT4, TOY_GPT4.merges()).withSpecialTokens(specials);
    int[] ids = tok.encode("<a>b", AllowedSpecial.ALL);
    // Python's re tries the alternatives left to right at each position, as does Java's.
    assertEquals(order == 0 ? 400 : 401, ids[0]);
  }
}
