package io.github.zth.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llm.c's gpt2_tokenizer.bin: the bytes llm.c writes for GPT-2, round trips, and refusals. */
class LlmcTokenizerTest {
  @TempDir Path tmp;

  private static String goldenSha() throws IOException {
    try (InputStream in =
        LlmcTokenizerTest.class.getResourceAsStream("/golden/llmc/gpt2_tokenizer.sha256")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }

  private Path gpt2Bin() throws IOException {
    TiktokenEncoding r50k = TiktokenEncoding.r50k(SharedData.file("r50k_base.tiktoken"));
    Path f = tmp.resolve("gpt2_tokenizer.bin");
    r50k.writeLlmc(f);
    return f;
  }

  @Test
  void writesTheFileLlmcWritesForGpt2() throws Exception {
    byte[] bytes = Files.readAllBytes(gpt2Bin());
    assertEquals(
        goldenSha(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(20240328, h.getInt(0));
    assertEquals(2, h.getInt(4));
    assertEquals(50257, h.getInt(8));
    assertEquals(50256, h.getInt(12));
    assertEquals(1, bytes[1024]);
    assertEquals('!', bytes[1025]);
  }

  @Test
  void readsItBackAsGpt2() throws IOException {
    TiktokenEncoding enc = TiktokenEncoding.readLlmc(gpt2Bin());
    assertEquals(50257, enc.vocabSize());
    assertEquals(Map.of("<|endoftext|>", 50256), enc.specialTokens());
    assertArrayEquals(
        new int[] {15496, 11, 314, 1101, 257, 3303, 2746, 11},
        enc.encode("Hello, I'm a language model,"));
    assertArrayEquals(
        new int[] {31373, 220, 50256}, enc.encode("hello <|endoftext|>", AllowedSpecial.ALL));
    assertEquals("hello world", enc.decode(new int[] {31373, 995}));
  }

  private Path patched(int offset, int value) throws IOException {
    byte[] b = Files.readAllBytes(gpt2Bin());
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    Path f = tmp.resolve("bad.bin");
    Files.write(f, b);
    return f;
  }

  private static void refused(Path f, String... parts) {
    var e = assertThrows(IllegalArgumentException.class, () -> TiktokenEncoding.readLlmc(f));
    assertTrue(
        e.getMessage().startsWith("llm.c tokenizer " + f + ": at byte offset "), e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), e.getMessage());
    }
  }

  @Test
  void malformedFilesNameTheFileAndOffset() throws IOException {
    refused(patched(0, 20240520), "offset 0", "magic 20240328");
    refused(patched(4, 3), "offset 4", "version 1 or 2");
    refused(patched(12, 50257), "offset 12", "end-of-text id");
    refused(patched(8, 50258), "offset ", "the end of the file");
    byte[] b = Files.readAllBytes(gpt2Bin());
    Path truncated = tmp.resolve("truncated.bin");
    Files.write(truncated, java.util.Arrays.copyOf(b, b.length - 5));
    refused(truncated, "offset " + (b.length - 14), "token 50256");
    Path tiny = tmp.resolve("tiny.bin");
    Files.write(tiny, new byte[10]);
    refused(tiny, "offset 0", "a file of 10 bytes");
  }

  @Test
  void writingNeedsAnEndOfTextToken() throws IOException {
    TiktokenEncoding noEot = TiktokenEncoding.of("bytes", bytes256(), SplitPattern.GPT2, Map.of());
    var e =
        assertThrows(IllegalArgumentException.class, () -> noEot.writeLlmc(tmp.resolve("x.bin")));
    assertTrue(e.getMessage().contains("<|endoftext|>"), e.getMessage());
    TiktokenEncoding withEot =
        TiktokenEncoding.of("bytes", bytes256(), SplitPattern.GPT2, Map.of("<|endoftext|>", 256));
    withEot.writeLlmc(tmp.resolve("y.bin"));
    TiktokenEncoding back = TiktokenEncoding.readLlmc(tmp.resolve("y.bin"));
    assertArrayEquals(
        new int[] {104, 105, 256}, back.encode("hi<|endoftext|>", AllowedSpecial.ALL));
  }

  private static byte[][] bytes256() {
    byte[][] t = new byte[256][];
    for (int i = 0; i < 256; i++) {
      t[i] = new byte[] {(byte) i};
    }
    return t;
  }
}
