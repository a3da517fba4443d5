package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.zth.data.Datasets;
import io.github.zth.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPT-2's tokenizer (r50k_base from its rank file, gpt2 from encoder.json + vocab.bpe) and GPT-4o's
 * o200k_base, on the real files from the shared data folder: the test vectors, and jtokkit
 * (which bundles the same ranks and follows tiktoken) as the oracle on real text and random
 * Unicode.
 */
class OpenAiEncodingsTest {
  private static final EncodingRegistry JTOKKIT = Encodings.newDefaultEncodingRegistry();
  private static TiktokenEncoding r50k;
  private static TiktokenEncoding gpt2;
  private static TiktokenEncoding o200k;

  @TempDir Path tmp;

  private static TiktokenEncoding r50k() throws IOException {
    if (r50k == null) {
      r50k = TiktokenEncoding.r50k(SharedData.file("r50k_base.tiktoken"));
    }
    return r50k;
  }

  private static TiktokenEncoding gpt2() throws IOException {
    if (gpt2 == null) {
      gpt2 =
          TiktokenEncoding.gpt2(
              SharedData.file("gpt2/encoder.json"), SharedData.file("gpt2/vocab.bpe"));
    }
    return gpt2;
  }

  private static TiktokenEncoding o200k() throws IOException {
    if (o200k == null) {
      o200k = TiktokenEncoding.o200k(SharedData.file("o200k_base.tiktoken"));
    }
    return o200k;
  }

  @Test
  void gpt2TestVectorsFromEitherForm() throws IOException {
    for (TiktokenEncoding enc : new TiktokenEncoding[] {r50k(), gpt2()}) {
      assertArrayEquals(new int[] {31373, 995}, enc.encode("hello world"), enc.toString());
      assertArrayEquals(
          new int[] {31373, 220, 50256},
          enc.encode("hello <|endoftext|>", AllowedSpecial.ALL),
          enc.toString());
      assertArrayEquals(
          new int[] {15496, 11, 314, 1101, 257, 3303, 2746, 11},
          enc.encode("Hello, I'm a language model,"));
      assertEquals(50257, enc.vocabSize());
      assertEquals(Map.of("<|endoftext|>", 50256), enc.specialTokens());
      assertThrows(IllegalArgumentException.class, () -> enc.encode("hello <|endoftext|>"));
      assertEquals("hello <|endoftext|>", enc.decode(new int[] {31373, 220, 50256}));
    }
  }

  @Test
  void bothFormsHoldTheSameRanks() throws IOException {
    assertEquals(r50k().rankCount(), gpt2().rankCount());
    for (int id = 0; id < r50k().vocabSize(); id++) {
      assertArrayEquals(r50k().tokenBytes(id), gpt2().tokenBytes(id), "id " + id);
    }
  }

  @Test
  void gpt2FilesRoundTripThroughTheWriter() throws IOException {
    byte[][] ranks = new byte[gpt2().rankCount()][];
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = gpt2().tokenBytes(i);
    }
    Path json = tmp.resolve("vocab.json");
    Path merges = tmp.resolve("merges.txt");
    io.github.zth.data.tokenizer.internal.Gpt2Files.write(
        ranks, gpt2().specialTokens(), json, merges);
    TiktokenEncoding again = TiktokenEncoding.gpt2(json, merges);
    assertArrayEquals(
        new int[] {15496, 11, 314, 1101, 257, 3303, 2746, 11},
        again.encode("Hello, I'm a language model,"));
  }

  @Test
  void mismatchedGpt2FilesAreRefusedNamingTheFile() throws IOException {
    Path json = tmp.resolve("encoder.json");
    Path bpe = tmp.resolve("vocab.bpe");
    Files.copy(SharedData.file("gpt2/encoder.json"), json);
    // Drop the last merge: encoder.json then holds a token the merges never make.
    String merges =
        Files.readString(SharedData.file("gpt2/vocab.bpe"), StandardCharsets.UTF_8).stripTrailing();
    Files.writeString(
        bpe, merges.substring(0, merges.lastIndexOf('\n') + 1), StandardCharsets.UTF_8);
    var e = assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.gpt2(json, bpe));
    assertTrue(
        e.getMessage().contains(json.toString()) && e.getMessage().contains("50255"),
        e.getMessage());
    Files.writeString(bpe, "#version: 0.2\nĠt\n", StandardCharsets.UTF_8);
    var line = assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.gpt2(json, bpe));
    assertTrue(line.getMessage().startsWith(bpe + ":2:"), line.getMessage());
    Files.writeString(json, "{\"a\": 1,}", StandardCharsets.UTF_8);
    var bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> TiktokenEncoding.gpt2(json, SharedData.file("gpt2/vocab.bpe")));
    assertTrue(
        bad.getMessage().startsWith(json + ": malformed JSON: JSON at offset 8"), bad.getMessage());
    Files.writeString(json, "{\"a\": -1}", StandardCharsets.UTF_8);
    bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> TiktokenEncoding.gpt2(json, SharedData.file("gpt2/vocab.bpe")));
    assertEquals(json + ": token 'a' has id -1, expected a non-negative id", bad.getMessage());
  }

  @Test
  void aDifferentRankFileIsRefusedBySha() throws IOException {
    Path copy = tmp.resolve("r50k_base.tiktoken");
    String text =
        Files.readString(SharedData.file("r50k_base.tiktoken"), StandardCharsets.US_ASCII);
    Files.writeString(copy, text.substring(0, text.length() - 10), StandardCharsets.US_ASCII);
    var e = assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.r50k(copy));
    assertTrue(e.getMessage().contains(Datasets.R50K_BASE.sha256()), e.getMessage());
  }

  @Test
  void fromRankFileKnowsEachFileBySha() throws IOException {
    String text = "hello world<|endoftext|>";
    for (String name : new String[] {"r50k_base", "cl100k_base", "o200k_base"}) {
      Path file = tmp.resolve(name + "-renamed.bin"); // the name must not matter
      Files.copy(SharedData.file(name + ".tiktoken"), file);
      TiktokenEncoding byName = TiktokenEncoding.named(name, shared());
      TiktokenEncoding bySha = TiktokenEncoding.fromRankFile(file);
      assertEquals(byName.vocabSize(), bySha.vocabSize(), name);
      assertArrayEquals(
          byName.encode(text, AllowedSpecial.ALL), bySha.encode(text, AllowedSpecial.ALL), name);
    }
    var wrong =
        assertThrows(
            IllegalArgumentException.class,
            () -> TiktokenEncoding.o200k(SharedData.file("r50k_base.tiktoken")));
    assertTrue(
        wrong.getMessage().startsWith("o200k_base: ")
            && wrong.getMessage().contains(Datasets.O200K_BASE.sha256()),
        wrong.getMessage());
    Path other = Files.writeString(tmp.resolve("other.tiktoken"), "IQ== 0\n");
    var unknown =
        assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.fromRankFile(other));
    assertTrue(unknown.getMessage().contains("none of r50k_base"), unknown.getMessage());
  }

  /** The shared data folder as a {@link Datasets} that never downloads. */
  private Datasets shared() throws IOException {
    return new Datasets(
        SharedData.file("r50k_base.tiktoken").getParent(),
        tmp.resolve("cache"),
        url -> {
          throw new IOException("no network in tests: " + url);
        });
  }

  @Test
  void o200kKnownIdsAndSpecials() throws IOException {
    Encoding oracle = JTOKKIT.getEncoding(EncodingType.O200K_BASE);
    assertArrayEquals(
        oracle.encodeOrdinary("hello world").toArray(), o200k().encode("hello world"));
    assertEquals(200019, o200k().vocabSize());
    assertArrayEquals(new int[] {199999}, o200k().encode("<|endoftext|>", AllowedSpecial.ALL));
    assertArrayEquals(new int[] {200018}, o200k().encode("<|endofprompt|>", AllowedSpecial.ALL));
  }

  @Test
  void namedFindsEachEncodingThroughDatasets() throws IOException {
    SharedData.file("o200k_base.tiktoken");
    Datasets ds = shared();
    assertArrayEquals(
        new int[] {31373, 995}, TiktokenEncoding.named("gpt2", ds).encode("hello world"));
    assertArrayEquals(
        new int[] {31373, 995}, TiktokenEncoding.named("r50k_base", ds).encode("hello world"));
    assertArrayEquals(
        new int[] {15339, 1917}, TiktokenEncoding.named("cl100k_base", ds).encode("hello world"));
    assertEquals(200019, TiktokenEncoding.named("o200k_base", ds).vocabSize());
    var e =
        assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.named("p50k_base", ds));
    assertTrue(e.getMessage().contains("gpt2, r50k_base, cl100k_base, o200k_base"), e.getMessage());
  }

  private static void assertSame(Encoding oracle, TiktokenEncoding enc, String text) {
    int[] expected = oracle.encodeOrdinary(text).toArray();
    int[] actual = enc.encodeOrdinary(text);
    if (!Arrays.equals(expected, actual)) {
      for (String line : text.split("(?<=\n)")) {
        assertArrayEquals(
            oracle.encodeOrdinary(line).toArray(), enc.encodeOrdinary(line), "line: " + line);
      }
      assertArrayEquals(expected, actual);
    }
    assertEquals(text, enc.decode(actual));
  }

  @Test
  void realTextEqualsJtokkit() throws IOException {
    for (String corpus : new String[] {"tinyshakespeare.txt", "taylorswift.txt"}) {
      String text = Files.readString(SharedData.file(corpus), StandardCharsets.UTF_8);
      assertSame(JTOKKIT.getEncoding(EncodingType.R50K_BASE), r50k(), text);
      assertSame(JTOKKIT.getEncoding(EncodingType.O200K_BASE), o200k(), text);
    }
  }

  /** Skips a property when the shared rank files are absent, as Assumptions skip a test. */
  static final class NeedsRankFiles implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      boolean there =
          SharedData.find("r50k_base.tiktoken").isPresent()
              && SharedData.find("o200k_base.tiktoken").isPresent();
      return there
          ? SkipResult.doNotSkip()
          : SkipResult.skip("r50k/o200k rank files absent from " + SharedData.folders());
    }
  }

  @Property(tries = 300)
  @AddLifecycleHook(NeedsRankFiles.class)
  void unicodeStringsEqualJtokkit(@ForAll("texts") String text) throws IOException {
    assertSame(JTOKKIT.getEncoding(EncodingType.R50K_BASE), r50k(), text);
    assertSame(JTOKKIT.getEncoding(EncodingType.O200K_BASE), o200k(), text);
  }

  @Provide
  Arbitrary<String> texts() {
    return new TiktokenTest().texts();
  }
}
