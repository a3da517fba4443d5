package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.zth.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cl100k_base against jtokkit (which bundles the same ranks and follows tiktoken). */
class TiktokenTest {
  private static TiktokenEncoding cl100k;
  private static final Encoding JTOKKIT =
      Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  @TempDir Path tmp;

  private static TiktokenEncoding cl100k() throws IOException {
    if (cl100k == null) {
      cl100k = TiktokenEncoding.cl100k(Golden.shared("cl100k_base.tiktoken"));
    }
    return cl100k;
  }

  private static void assertSameAsJtokkit(String text) throws IOException {
    int[] expected = JTOKKIT.encodeOrdinary(text).toArray();
    int[] actual = cl100k().encodeOrdinary(text);
    if (!java.util.Arrays.equals(expected, actual)) {
      // Find the first differing line for a readable failure on a large corpus.
      for (String line : text.split("(?<=\n)")) {
        assertArrayEquals(
            JTOKKIT.encodeOrdinary(line).toArray(), cl100k().encodeOrdinary(line), "line: " + line);
      }
      assertArrayEquals(expected, actual);
    }
    assertEquals(text, cl100k().decode(actual));
  }

  @Test
  void knownIds() throws IOException {
    assertArrayEquals(new int[] {15339, 1917}, cl100k().encode("hello world"));
    assertEquals(100277, cl100k().vocabSize());
  }

  @Test
  void tinyShakespeareAndTaylorSwiftEqualJtokkit() throws IOException {
    assertSameAsJtokkit(
        Files.readString(Golden.shared("tinyshakespeare.txt"), StandardCharsets.UTF_8));
    assertSameAsJtokkit(Files.readString(Golden.shared("taylorswift.txt"), StandardCharsets.UTF_8));
  }

  /** Skips a property, as JUnit's Assumptions skip a test, when the shared rank file is absent. */
  static final class NeedsCl100k implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return SharedData.find("cl100k_base.tiktoken").isPresent()
          ? SkipResult.doNotSkip()
          : SkipResult.skip("cl100k_base.tiktoken absent from " + SharedData.folders());
    }
  }

  @Property(tries = 300)
  @AddLifecycleHook(NeedsCl100k.class)
  void unicodeStringsEqualJtokkit(@ForAll("texts") String text) throws IOException {
    assertSameAsJtokkit(text);
  }

  @Property(tries = 200)
  @AddLifecycleHook(NeedsCl100k.class)
  void roundTripsArbitraryUnicode(@ForAll("texts") String text) throws IOException {
    assertEquals(text, cl100k().decode(cl100k().encode(text, AllowedSpecial.ALL)));
    assertEquals(text, cl100k().decode(cl100k().encodeOrdinary(text)));
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12),
            Arbitraries.of(
                " ",
                "  ",
                "\n",
                "\r\n",
                "\t",
                "\u00a0",
                "\u3000",
                "\u2028",
                "'s",
                "'LL",
                "'ſ",
                "'Ve",
                "123456",
                "😀",
                "👋🏽",
                "🇫🇷",
                "é",
                "e\u0301",
                "中文",
                "Привет",
                "١٢٣",
                "½",
                "\u200b",
                "\ufeff",
                "<|endoftext|>"),
            Arbitraries.strings().all().ofMaxLength(6).filter(TiktokenTest::valid),
            Arbitraries.integers()
                .between(0x80, 0x10FFFF)
                .filter(Character::isDefined)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .map(Character::toString));
    return pieces.list().ofMaxSize(20).map(l -> String.join("", l));
  }

  static boolean valid(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void specialTokens() throws IOException {
    TiktokenEncoding enc = cl100k();
    String text = "hi<|endoftext|> there<|fim_prefix|>";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> enc.encode(text));
    assertTrue(e.getMessage().contains("<|endoftext|>"), e.getMessage());
    int[] all = enc.encode(text, AllowedSpecial.ALL);
    assertEquals(100257, all[1]);
    assertEquals(100258, all[all.length - 1]);
    assertArrayEquals(
        JTOKKIT.encodeOrdinary(text).toArray(), enc.encode(text, AllowedSpecial.NONE));
    int[] some = enc.encode(text, AllowedSpecial.of(Set.of("<|fim_prefix|>")));
    assertEquals(100258, some[some.length - 1]);
    assertEquals(text, enc.decode(all));
    assertEquals(text, enc.decode(some));
  }

  @Test
  void badInput() throws IOException {
    TiktokenEncoding enc = cl100k();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> enc.decode(new int[] {15339, 100261}));
    assertTrue(
        e.getMessage().contains("100261") && e.getMessage().contains("100277"), e.getMessage());
    Path corrupt = tmp.resolve("bad.tiktoken");
    Files.writeString(corrupt, "IQ== 0\nIg== 1\nnot base64!! 2\n");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TiktokenEncoding.load(corrupt, SplitPattern.GPT4, Map.of()));
    assertTrue(e.getMessage().contains("bad.tiktoken:3"), e.getMessage());
    Path wrong = tmp.resolve("cl100k_base.tiktoken");
    Files.writeString(wrong, "IQ== 0\n");
    e = assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.cl100k(wrong));
    assertTrue(e.getMessage().contains(TiktokenEncoding.CL100K_SHA256), e.getMessage());
  }

  @Test
  void saveWritesTheSameRanks() throws IOException {
    Path src = Golden.shared("cl100k_base.tiktoken");
    cl100k().save(tmp.resolve("copy"));
    assertEquals(-1L, Files.mismatch(src, tmp.resolve("copy.tiktoken")));
  }
}
