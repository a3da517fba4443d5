package io.github.zth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llm.c's uint16 token shards: a shard written by llm.c's own code, round trips, and refusals. */
class LlmcShardTest {
  private static final int[] GOLDEN_TOKENS = {
    50256, 15496, 11, 314, 1101, 257, 3303, 2746, 11, 0, 65535
  };

  @TempDir Path tmp;

  private Path golden() throws IOException {
    Path f = tmp.resolve("shard_small.bin");
    try (InputStream in = LlmcShardTest.class.getResourceAsStream("/golden/llmc/shard_small.bin")) {
      Files.write(f, in.readAllBytes());
    }
    return f;
  }

  @Test
  void readsAShardWrittenByLlmcsWriteDatafile() throws IOException {
    TokenFile tf = TokenFile.openLlmc(golden());
    assertEquals(GOLDEN_TOKENS.length, tf.length());
    assertArrayEquals(GOLDEN_TOKENS, tf.slice(0, GOLDEN_TOKENS.length));
  }

  @Test
  void writesTheBytesLlmcWrites() throws IOException {
    Path f = tmp.resolve("out.bin");
    TokenFile.writeLlmc(f, GOLDEN_TOKENS);
    assertEquals(-1L, Files.mismatch(f, golden()));
  }

  @Property(tries = 40)
  void writeThenOpenRoundTrips(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 65535) Integer> ids,
      @ForAll @IntRange(min = 1, max = 7) int tokensPerChunk)
      throws IOException {
    Path dir = Files.createTempDirectory("llmc");
    try {
      int[] tokens = ids.stream().mapToInt(Integer::intValue).toArray();
      Path f = dir.resolve("shard.bin");
      TokenFile.writeLlmc(f, tokens);
      assertEquals(1024 + 2L * tokens.length, Files.size(f));
      TokenFile tf = TokenFile.openLlmc(f, tokensPerChunk);
      assertArrayEquals(tokens, tf.slice(0, tokens.length));
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private Path withInt(int offset, int value) throws IOException {
    byte[] b = Files.readAllBytes(golden());
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    Path f = tmp.resolve("bad-" + offset + "-" + value + ".bin");
    Files.write(f, b);
    return f;
  }

  private static void refused(Path f, String... parts) {
    var e = assertThrows(IllegalArgumentException.class, () -> TokenFile.openLlmc(f));
    assertTrue(e.getMessage().startsWith("TokenFile.openLlmc: " + f + ": "), e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), e.getMessage());
    }
  }

  @Test
  void malformedHeadersNameTheFileAndOffset() throws IOException {
    refused(withInt(0, 20240326), "at byte offset 0", "magic is 20240326, expected 20240520");
    refused(withInt(4, 7), "at byte offset 4", "version is 7");
    refused(
        withInt(8, 12), "at byte offset 8", "token count is 12, but 22 bytes follow the header");
    refused(withInt(8, -1), "at byte offset 8", "non-negative");
    Path shortFile = tmp.resolve("short.bin");
    Files.write(shortFile, new byte[100]);
    refused(shortFile, "size is 100 bytes");
    // A headerless nanoGPT file is not a shard: the message says how to open it instead.
    Path nano = tmp.resolve("train.bin");
    TokenFile.write(nano, new int[600]);
    refused(nano, "TokenFile.open");
  }
}
