package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-coded GPT-4 splitter cuts exactly where the compiled regex cuts. */
class SplitPatternTest {
  private static List<String> byRegex(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = SplitPattern.GPT4.pattern().matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Provide
  Arbitrary<String> tricky() {
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.of(
                "'", "s", "S", "ſ", "l", "L", "v", "E", "r", "t", "d", "M", "K", "a", "Z", " ",
                "  ", "\t", "\r", "\n", "\u000b", "\u000c", "\u0085", "\u00a0", "\u1680", "\u2000",
                "\u200a", "\u200b", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u001c", "0",
                "7", "²", "½", "Ⅻ", "٣", "!", "?", ".", "\"", "😀", "👋🏽", "\uD800", "\uDC00", "é",
                "e\u0301", "中", "𝔘", "𝟙", "\u00ad", "\ue000"),
            Arbitraries.strings().all().ofMaxLength(3));
    return piece.list().ofMaxSize(30).map(l -> String.join("", l));
  }

  @Property(tries = 2000)
  void gpt4SplitterEqualsTheRegex(@ForAll("tricky") String text) {
    assertEquals(byRegex(text), SplitPattern.GPT4.split(text));
  }
}
