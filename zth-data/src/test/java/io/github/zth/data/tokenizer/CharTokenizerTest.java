package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharTokenizerTest {
  private static final String SAMPLE =
      "First Citizen:\nBefore we proceed, hear me speak. 😀 Ωmega 中\t!";
  private static final CharTokenizer CHARS = CharTokenizer.fromText(SAMPLE);

  @TempDir Path tmp;

  @Test
  void vocabularyIsSortedDistinctCodePoints() {
    // sorted(list(set(text))) in Python orders by code point; the emoji is one character.
    List<String> itos = CHARS.itos();
    assertEquals(SAMPLE.codePoints().distinct().count(), CHARS.vocabSize());
    assertEquals("\t", itos.get(0));
    assertEquals("\n", itos.get(1));
    assertEquals(" ", itos.get(2));
    assertEquals("😀", itos.get(itos.size() - 1));
    for (int i = 1; i < itos.size(); i++) {
      assertTrue(itos.get(i - 1).codePointAt(0) < itos.get(i).codePointAt(0));
    }
    assertEquals(CHARS.stoi().get("F"), CHARS.stoi("F"));
  }

  @Test
  void namesVocabularyPutsDotFirst() {
    CharTokenizer names =
        CharTokenizer.forNames(List.of("emma", "olivia", "ava", "bqxzjkfghlmnprstuwycd"));
    assertEquals(27, names.vocabSize());
    assertEquals(0, names.stoi("."));
    assertEquals(1, names.stoi("a"));
    assertEquals(26, names.stoi("z"));
    assertEquals("e", names.itos(5));
    assertArrayEquals(new int[] {0, 5, 13, 13, 1, 0}, names.encode(".emma."));
    assertThrows(IllegalArgumentException.class, () -> CharTokenizer.forNames(List.of("a.b")));
  }

  @Test
  void makemoreNamesGiveTheLecturesVocabulary() throws IOException {
    List<String> words = Files.readAllLines(Golden.shared("names.txt"));
    CharTokenizer names = CharTokenizer.forNames(words);
    assertEquals(32033, words.size());
    assertEquals(27, names.vocabSize());
    assertEquals(".abcdefghijklmnopqrstuvwxyz", String.join("", names.itos()));
    assertEquals(names.stoi(), CharTokenizer.forNames(words).stoi());
  }

  @Provide
  Arbitrary<String> overAlphabet() {
    return Arbitraries.of(CHARS.itos()).list().ofMaxSize(60).map(l -> String.join("", l));
  }

  @Property(tries = 200)
  void roundTripsOverItsAlphabet(@ForAll("overAlphabet") String text) {
    int[] ids = CHARS.encode(text);
    assertEquals(text.codePointCount(0, text.length()), ids.length);
    assertEquals(text, CHARS.decode(ids));
  }

  @Test
  void refusesUnknownCharactersAndIds() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CHARS.encode("FQ"));
    assertTrue(e.getMessage().contains("'Q' (U+0051) at char index 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CHARS.decode(new int[] {0, 99}));
    assertTrue(
        e.getMessage().contains("unknown token id 99 at index 1")
            && e.getMessage().contains("vocab size"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CHARS.itos(-1));
  }

  @Test
  void savesAndLoads() throws IOException {
    CHARS.save(tmp.resolve("chars"));
    Tokenizer again = Tokenizer.load(tmp.resolve("chars.model"));
    assertEquals(CHARS.itos(), ((CharTokenizer) again).itos());
    Files.writeString(tmp.resolve("bad.model"), "zth-char v1\n61\nzz\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CharTokenizer.load(tmp.resolve("bad.model")));
    assertTrue(e.getMessage().contains("bad.model:3"), e.getMessage());
  }
}
