package io.github.zth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.random.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nanoGPT's uint16 token files: layout, round trip, refusals and get_batch. */
class TokenFileTest {
  @TempDir Path tmp;

  @Property(tries = 50)
  void writeThenOpenRoundTrips(
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 65535) Integer> ids,
      @ForAll @IntRange(min = 1, max = 7) int tokensPerChunk)
      throws IOException {
    Path dir = Files.createTempDirectory("tokenfile");
    try {
      int[] tokens = ids.stream().mapToInt(Integer::intValue).toArray();
      Path f = dir.resolve("train.bin");
      TokenFile.write(f, tokens);
      assertEquals(2L * tokens.length, Files.size(f));
      // Tiny chunks put many chunk boundaries inside small files (the > 2 GiB path).
      for (TokenFile tf : List.of(TokenFile.open(f), TokenFile.open(f, tokensPerChunk))) {
        assertEquals(tokens.length, tf.length());
        for (int i = 0; i < tokens.length; i++) {
          assertEquals(tokens[i], tf.get(i));
        }
        assertArrayEquals(tokens, tf.slice(0, tokens.length));
      }
    } finally {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.collect(Collectors.toList())) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  @Test
  void layoutIsLittleEndianUint16LikeNumpyTofile() throws IOException {
    // np.array([1, 256, 65535], dtype=np.uint16).tofile(f) writes exactly these six bytes.
    Path f = tmp.resolve("val.bin");
    TokenFile.write(f, new int[] {1, 256, 65535});
    assertArrayEquals(
        new byte[] {0x01, 0x00, 0x00, 0x01, (byte) 0xFF, (byte) 0xFF}, Files.readAllBytes(f));
    Path g = tmp.resolve("hand.bin");
    Files.write(g, new byte[] {0x34, 0x12, (byte) 0xFE, (byte) 0xFF});
    TokenFile tf = TokenFile.open(g);
    assertEquals(0x1234, tf.get(0));
    assertEquals(0xFFFE, tf.get(1));
  }

  @Test
  void writeLeavesNoTempFileAndReplaces() throws IOException {
    Path f = tmp.resolve("train.bin");
    TokenFile.write(f, new int[] {1, 2, 3});
    TokenFile.write(f, new int[] {7});
    assertArrayEquals(new int[] {7}, TokenFile.open(f).slice(0, 1));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(f), s.collect(Collectors.toList()));
    }
  }

  @Test
  void refusesOutOfRangeIdsNamingIndexAndValue() throws IOException {
    Path f = tmp.resolve("bad.bin");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TokenFile.write(f, new int[] {5, 65536}));
    assertTrue(
        e.getMessage().contains("index 1") && e.getMessage().contains("65536"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TokenFile.write(f, new int[] {-1}));
    assertTrue(e.getMessage().contains("index 0") && e.getMessage().contains("-1"), e.getMessage());
    assertFalse(Files.exists(f));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void refusesOddLengthNamingFileAndSize() throws IOException {
    Path f = tmp.resolve("odd.bin");
    Files.write(f, new byte[] {1, 2, 3});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TokenFile.open(f));
    assertTrue(
        e.getMessage().contains(f.toString()) && e.getMessage().contains("3 bytes"),
        e.getMessage());
  }

  @Test
  void boundsChecksGetAndSlice() throws IOException {
    Path f = tmp.resolve("t.bin");
    TokenFile.write(f, new int[] {10, 11, 12});
    TokenFile tf = TokenFile.open(f);
    assertThrows(IndexOutOfBoundsException.class, () -> tf.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> tf.get(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> tf.slice(2, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> tf.slice(-1, 1));
    assertArrayEquals(new int[] {11, 12}, tf.slice(1, 2));
    assertArrayEquals(new int[0], tf.slice(3, 0));
  }

  private TokenFile ramp(int n) throws IOException {
    int[] data = new int[n];
    for (int i = 0; i < n; i++) {
      data[i] = i;
    }
    Path f = tmp.resolve("ramp" + n + ".bin");
    TokenFile.write(f, data);
    return TokenFile.open(f);
  }

  @Test
  void getBatchOffsetsMatchTorch() throws IOException {
    // /usr/bin/python3 -c "import torch; g=torch.Generator().manual_seed(1337);
    //   print(torch.randint(1000-8, (4,), generator=g).tolist())"  ->  [119, 925, 796, 360]
    Batch b = ramp(1000).getBatch(new Generator(1337), 4, 8);
    long[] x = b.x().toLongArray();
    long[] offsets = {x[0], x[8], x[16], x[24]};
    assertArrayEquals(new long[] {119, 925, 796, 360}, offsets);
  }

  @Property(tries = 30)
  void getBatchRowsAreShiftedWindowsOfTheData(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int batchSize,
      @ForAll @IntRange(min = 1, max = 12) int blockSize)
      throws IOException {
    int n = 40;
    int[] data = new int[n];
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      data[i] = r.nextInt(65536);
    }
    Path dir = Files.createTempDirectory("tokenbatch");
    Path f = dir.resolve("d.bin");
    try {
      TokenFile.write(f, data);
      TokenFile tf = TokenFile.open(f);
      Batch b = tf.getBatch(new Generator(seed), batchSize, blockSize);
      assertEquals(DType.INT64, b.x().dtype());
      assertEquals(DType.INT64, b.y().dtype());
      assertArrayEquals(new int[] {batchSize, blockSize}, b.x().shape());
      assertArrayEquals(new int[] {batchSize, blockSize}, b.y().shape());
      long[] x = b.x().toLongArray();
      long[] y = b.y().toLongArray();
      for (int row = 0; row < batchSize; row++) {
        int o = row * blockSize;
        for (int t = 0; t + 1 < blockSize; t++) {
          assertEquals(x[o + t + 1], y[o + t]);
        }
        assertTrue(
            isWindow(data, x, o, blockSize + 1, y[o + blockSize - 1]),
            "row " + row + " is not a window of the data");
      }
    } finally {
      Files.deleteIfExists(f);
      Files.delete(dir);
    }
  }

  /** Whether x[o..o+len-2] followed by last occurs contiguously in data. */
  private static boolean isWindow(int[] data, long[] x, int o, int len, long last) {
    for (int s = 0; s + len <= data.length; s++) {
      boolean ok = data[s + len - 1] == last;
      for (int t = 0; ok && t < len - 1; t++) {
        ok = data[s + t] == x[o + t];
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  @Test
  void getBatchRefusesTooShortDataAndBadSizes() throws IOException {
    TokenFile tf = ramp(8);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tf.getBatch(new Generator(1), 2, 8));
    assertTrue(
        e.getMessage().contains("8 tokens") && e.getMessage().contains("blockSize 8"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> tf.getBatch(new Generator(1), 0, 4));
    assertThrows(IllegalArgumentException.class, () -> tf.getBatch(new Generator(1), 2, 0));
    assertEquals(2, tf.getBatch(new Generator(1), 2, 7).x().shape()[0]);
  }
}
