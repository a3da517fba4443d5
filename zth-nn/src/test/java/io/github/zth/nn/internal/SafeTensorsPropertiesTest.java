package io.github.zth.nn.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class SafeTensorsPropertiesTest {

  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("zth-safetensors-props");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Property(tries = 100)
  void writeThenReadGivesTheSameEntries(
      @ForAll("entries") List<SafeTensorsEntry> entries,
      @ForAll("metadata") Map<String, String> metadata)
      throws IOException {
    Path p = dir.resolve("roundtrip.safetensors");
    SafeTensors.write(p, entries, metadata);
    SafeTensorsFile back = SafeTensors.read(p);
    assertArrayEquals(
        SafeTensors.encode(entries, metadata), Files.readAllBytes(p), "write and encode agree");
    assertEquals(new TreeMap<>(metadata), new TreeMap<>(back.metadata()));
    assertEquals(
        entries.stream().collect(Collectors.toMap(SafeTensorsEntry::name, e -> e)),
        new HashMap<>(back.tensors()));
    long n = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8, "header is padded to 8 bytes");
  }

  /**
   * Any single-byte change either is refused with IllegalArgumentException/IOException or, when it
   * lands in the data buffer, reads back with exactly that byte changed. No other exception (and no
   * OutOfMemoryError) may escape.
   */
  @Property(tries = 250)
  void singleByteCorruptionIsRefusedCleanlyOrConfinedToData(
      @ForAll("entries") List<SafeTensorsEntry> entries,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
      @ForAll byte value)
      throws IOException {
    Path p = dir.resolve("valid.safetensors");
    byte[] raw = SafeTensors.encode(entries, Map.of("format", "pt"));
    Files.write(p, raw);
    raw = raw.clone();
    int at = where % raw.length;
    long headerEnd = 8 + ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    byte old = raw[at];
    raw[at] = value;
    Path bad = dir.resolve("corrupt.safetensors");
    Files.write(bad, raw);
    SafeTensorsFile f = readOrNull(bad);
    if (at >= headerEnd) {
      // Data bytes are opaque: the file still parses, the changed byte shows up in some tensor.
      assertTrue(f != null, "a change in the data buffer must still parse");
      int diffs = 0;
      for (SafeTensorsEntry e : SafeTensors.read(p).tensors().values()) {
        byte[] got = f.tensors().get(e.name()).data();
        for (int i = 0; i < got.length; i++) {
          diffs += got[i] != e.data()[i] ? 1 : 0;
        }
      }
      assertEquals(old == value ? 0 : 1, diffs);
    }
  }

  @Property(tries = 200)
  void truncationIsRefusedCleanly(
      @ForAll("entries") List<SafeTensorsEntry> entries,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut)
      throws IOException {
    byte[] raw = SafeTensors.encode(entries, Map.of());
    int keep = cut % raw.length;
    Path bad = dir.resolve("truncated.safetensors");
    Files.write(bad, java.util.Arrays.copyOf(raw, keep));
    // Every proper prefix loses either part of the header or bytes the header promises.
    assertEquals(null, readOrNull(bad));
  }

  @Property(tries = 200)
  void appendedGarbageIsRefused(
      @ForAll("entries") List<SafeTensorsEntry> entries, @ForAll("garbage") byte[] extra)
      throws IOException {
    byte[] raw = SafeTensors.encode(entries, Map.of());
    byte[] longer = java.util.Arrays.copyOf(raw, raw.length + extra.length);
    System.arraycopy(extra, 0, longer, raw.length, extra.length);
    Path bad = dir.resolve("longer.safetensors");
    Files.write(bad, longer);
    assertEquals(null, readOrNull(bad));
  }

  private static SafeTensorsFile readOrNull(Path p) {
    try {
      return SafeTensors.read(p);
    } catch (IllegalArgumentException | IOException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "errors carry a message");
      return null;
    }
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
  }

  @Provide
  Arbitrary<Map<String, String>> metadata() {
    Arbitrary<String> s =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('\n', '\u00e9', '"', '\\')
            .ofMaxLength(8);
    return Arbitraries.maps(s, s).ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<SafeTensorsEntry>> entries() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('a', 'e')
            .withChars('.', '0', '\u00fc', '"')
            .ofMinLength(1)
            .ofMaxLength(6);
    Arbitrary<SafeTensorsDType> dtypes = Arbitraries.of(SafeTensorsDType.values());
    Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 3).array(long[].class).ofMaxSize(3);
    Arbitrary<SafeTensorsEntry> entry =
        Combinators.combine(names, dtypes, shapes, Arbitraries.randomValue(r -> r.nextLong()))
            .as(
                (name, dtype, shape, seed) -> {
                  long numel = 1;
                  for (long d : shape) {
                    numel *= d;
                  }
                  byte[] data = new byte[(int) numel * dtype.byteSize()];
                  new java.util.Random(seed).nextBytes(data);
                  return new SafeTensorsEntry(name, dtype, shape, data);
                });
    return entry.list().ofMaxSize(5).uniqueElements(SafeTensorsEntry::name).map(ArrayList::new);
  }
}
