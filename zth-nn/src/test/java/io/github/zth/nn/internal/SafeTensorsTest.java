package io.github.zth.nn.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.io.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @TempDir Path tmp;

  static Path resource(String name) {
    try {
      return Path.of(SafeTensorsTest.class.getResource("/golden/safetensors/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The file written by tools/golden/nn_safetensors.py from torch tensors holds the values torch
   * printed.
   */
  @Test
  void readsTorchWrittenFile() throws IOException {
    SafeTensorsFile f = SafeTensors.read(resource("torch_written.safetensors"));
    Map<?, ?> expected = (Map<?, ?>) Json.parse(Files.readString(resource("torch_written.json")));
    assertEquals(expected.get("metadata"), f.metadata());
    Map<?, ?> tensors = (Map<?, ?>) expected.get("tensors");
    assertEquals(tensors.keySet(), f.tensors().keySet());
    for (Map.Entry<?, ?> kv : tensors.entrySet()) {
      Map<?, ?> want = (Map<?, ?>) kv.getValue();
      SafeTensorsEntry got = f.tensors().get((String) kv.getKey());
      assertEquals(want.get("dtype"), got.dtype().name(), got.name());
      assertArrayEquals(
          ((List<?>) want.get("shape")).stream().mapToLong(o -> (Long) o).toArray(),
          got.shape(),
          got.name());
      List<?> values = (List<?>) want.get("values");
      SafeTensorsEntry wide = got.toFloat32();
      ByteBuffer data = ByteBuffer.wrap(wide.data()).order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(values.size(), wide.numel(), got.name());
      for (Object v : values) {
        switch (wide.dtype()) {
          case F32 ->
              assertEquals(
                  Float.floatToRawIntBits((float) (double) (Double) v),
                  Float.floatToRawIntBits(data.getFloat()),
                  got.name());
          case F64 ->
              assertEquals(
                  Double.doubleToRawLongBits((Double) v),
                  Double.doubleToRawLongBits(data.getDouble()),
                  got.name());
          case I64 -> assertEquals((long) (Long) v, data.getLong(), got.name());
          default -> throw new AssertionError(wide.dtype());
        }
      }
    }
    assertEquals(List.of(0L), List.of(f.tensors().get("empty").numel()));
    assertArrayEquals(new long[0], f.tensors().get("pi").shape());
  }

  /** Our writer lays out the torch-written tensors exactly as the reference writer did. */
  @Test
  void rewritingTheTorchFileReproducesItsBytes() throws IOException {
    Path original = resource("torch_written.safetensors");
    SafeTensorsFile f = SafeTensors.read(original);
    Path copy = tmp.resolve("copy.safetensors");
    SafeTensors.write(copy, f.tensors().values(), f.metadata());
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
  }

  /** The tensors that {@code nn_safetensors.py check} expects in zth_written.safetensors. */
  static List<SafeTensorsEntry> zthFixtureEntries() {
    List<SafeTensorsEntry> entries = new ArrayList<>();
    ByteBuffer w = le(6 * 4);
    for (int i = 0; i < 6; i++) {
      w.putFloat((float) (i * 0.1 - 1.0));
    }
    entries.add(
        new SafeTensorsEntry("layer.weight", SafeTensorsDType.F32, new long[] {2, 3}, w.array()));
    ByteBuffer b = le(3 * 4);
    for (int i = 0; i < 3; i++) {
      b.putFloat((float) ((i + 1) / 3.0));
    }
    entries.add(
        new SafeTensorsEntry("layer.bias", SafeTensorsDType.F32, new long[] {3}, b.array()));
    ByteBuffer m = le(4 * 8);
    for (int i = 0; i < 4; i++) {
      m.putDouble(i / 7.0 - 0.5);
    }
    entries.add(
        new SafeTensorsEntry("stats.mean", SafeTensorsDType.F64, new long[] {2, 2}, m.array()));
    entries.add(
        new SafeTensorsEntry(
            "step", SafeTensorsDType.I64, new long[0], le(8).putLong(123456789012345L).array()));
    ByteBuffer t = le(4 * 8).putLong(Long.MIN_VALUE).putLong(-1).putLong(0).putLong(Long.MAX_VALUE);
    entries.add(new SafeTensorsEntry("tokens", SafeTensorsDType.I64, new long[] {4}, t.array()));
    entries.add(new SafeTensorsEntry("empty", SafeTensorsDType.F64, new long[] {0}, new byte[0]));
    entries.add(
        new SafeTensorsEntry(
            "\u00fcn\u00efcode name",
            SafeTensorsDType.F32,
            new long[] {1, 1},
            le(4).putFloat(2.5f).array()));
    return entries;
  }

  /**
   * zth_written.safetensors was produced by this writer and verified by {@code /usr/bin/python3
   * tools/golden/nn_safetensors.py check <file>}; the writer must keep producing exactly those
   * bytes.
   */
  @Test
  void writerReproducesTheFilePythonVerified() throws IOException {
    Path out = Path.of("target", "zth_written.safetensors");
    SafeTensors.write(out, zthFixtureEntries(), Map.of("written_by", "zth", "format", "pt"));
    assertArrayEquals(
        Files.readAllBytes(resource("zth_written.safetensors")), Files.readAllBytes(out));
    SafeTensorsFile back = SafeTensors.read(out);
    assertEquals(Map.of("format", "pt", "written_by", "zth"), back.metadata());
    for (SafeTensorsEntry e : zthFixtureEntries()) {
      assertEquals(e, back.tensors().get(e.name()));
    }
  }

  @Test
  void headerIsPaddedToEightBytesAndOrderedByAlignmentThenName() throws IOException {
    Path p = tmp.resolve("order.safetensors");
    SafeTensors.write(
        p,
        List.of(
            new SafeTensorsEntry("b", SafeTensorsDType.F32, new long[] {1}, new byte[4]),
            new SafeTensorsEntry("a", SafeTensorsDType.F32, new long[] {1}, new byte[4]),
            new SafeTensorsEntry("z", SafeTensorsDType.I64, new long[] {1}, new byte[8])),
        Map.of());
    byte[] raw = Files.readAllBytes(p);
    long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8);
    String header = new String(raw, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals(
        "{\"z\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}",
        header.stripTrailing());
    assertEquals(List.of("z", "a", "b"), List.copyOf(SafeTensors.read(p).tensors().keySet()));
  }

  @Test
  void writeRefusesDuplicatesAndLeavesNoTempFiles() throws IOException {
    Path p = tmp.resolve("dup.safetensors");
    SafeTensorsEntry e = new SafeTensorsEntry("x", SafeTensorsDType.F32, new long[0], new byte[4]);
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class, () -> SafeTensors.write(p, List.of(e, e), Map.of()));
    assertTrue(ex.getMessage().contains("duplicate tensor name \"x\""), ex.getMessage());
    assertFalse(Files.exists(p));
    SafeTensors.write(p, List.of(e), Map.of());
    SafeTensors.write(p, List.of(e), Map.of("k", "v"));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void entryValidatesShapeAndLength() {
    assertMessage(
        () -> new SafeTensorsEntry("w", SafeTensorsDType.F32, new long[] {2, 3}, new byte[20]),
        "tensor \"w\" F32 [2, 3] needs 24 bytes but got 20");
    assertMessage(
        () -> new SafeTensorsEntry("w", SafeTensorsDType.F32, new long[] {-1}, new byte[0]),
        "negative dimension");
    assertMessage(
        () ->
            new SafeTensorsEntry("w", SafeTensorsDType.F32, new long[] {1L << 62, 4}, new byte[0]),
        "more than 2^63 elements");
    assertMessage(
        () -> new SafeTensorsEntry("__metadata__", SafeTensorsDType.F32, new long[0], new byte[4]),
        "reserved");
  }

  @Test
  void halfToFloatHandlesSpecials() {
    assertEquals(Float.POSITIVE_INFINITY, SafeTensorsEntry.halfToFloat(0x7c00));
    assertEquals(Float.NEGATIVE_INFINITY, SafeTensorsEntry.halfToFloat(0xfc00));
    assertTrue(Float.isNaN(SafeTensorsEntry.halfToFloat(0x7e00)));
    assertEquals(1.0f, SafeTensorsEntry.halfToFloat(0x3c00));
    assertEquals(0x1p-24f, SafeTensorsEntry.halfToFloat(0x0001));
  }

  // ---------------------------------------------------------------------------- corrupt files

  @Test
  void tooShortFile() throws IOException {
    assertBad(new byte[5], "file is 5 bytes, shorter than the 8-byte header length");
  }

  @Test
  void hugeHeaderLengthIsRefusedBeforeAllocating() throws IOException {
    assertBad(
        le(16).putLong(-1L).array(),
        "header length 18446744073709551615 exceeds the limit of 100000000 bytes");
    assertBad(le(16).putLong(100_000_001L).array(), "exceeds the limit");
    assertBad(
        le(16).putLong(1000).array(),
        "header length 1000 is larger than the 8 bytes after the length field");
  }

  @Test
  void badHeaders() throws IOException {
    assertBad(file("[]", new byte[0]), "header must be a JSON object starting with '{'");
    assertBad(file("{\"a\":", new byte[0]), "header: JSON at offset 5: unexpected end of input");
    assertBad(
        file("{\"a\":{\"dtype\":\"Q8\",\"shape\":[],\"data_offsets\":[0,1]}}", new byte[1]),
        "tensor \"a\": unsupported dtype \"Q8\"");
    assertBad(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]),
        "\"shape\"[0] must be a non-negative integer, got -1");
    assertBad(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,0]}}", new byte[0]),
        "must be a non-negative integer, got 1.5");
    assertBad(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
        "F32 [2] needs 8 bytes but data_offsets [0, 4] span 4");
    assertBad(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]),
        "end before they begin");
    assertBad(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4]),
        "\"data_offsets\" must have 2 elements, got 1");
    assertBad(
        file(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}",
            new byte[4]),
        "unknown field \"x\"");
    assertBad(
        file(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}",
            new byte[4]),
        "duplicate key \"a\"");
    assertBad(
        file("{\"__metadata__\":{\"k\":1}}", new byte[0]),
        "value of \"k\" must be a string, got 1");
    assertBad(
        file(
            "{\"a\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904, 2],\"data_offsets\":[0,0]}}",
            new byte[0]),
        "more than 2^63 elements");
    byte[] badUtf8 =
        le(16).putLong(8).put(new byte[] {'{', '}', (byte) 0xC3, ' ', ' ', ' ', ' ', ' '}).array();
    assertBad(badUtf8, "header is not valid UTF-8");
  }

  @Test
  void offsetsMustTileTheBuffer() throws IOException {
    String two =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]}}";
    assertBad(
        file(String.format(two, 0, 4, 2, 6), new byte[8]),
        "tensor \"b\" data_offsets [2, 6] overlap the previous tensor, which ends at 4");
    assertBad(
        file(String.format(two, 0, 4, 8, 12), new byte[12]),
        "tensor \"b\" data_offsets [8, 12] leave a gap after byte 4");
    assertBad(
        file(String.format(two, 0, 4, 4, 8), new byte[6]),
        "tensor \"b\" data_offsets [4, 8] run past the end of the 6-byte data buffer");
    assertBad(
        file(String.format(two, 0, 4, 4, 8), new byte[9]),
        "tensors cover 8 bytes but the data buffer has 9 (trailing bytes)");
    assertBad(file(String.format(two, 0, 4, 0, 4), new byte[4]), "overlap");
    // A header that promises 2^62 bytes is refused before anything is allocated.
    assertBad(
        file(
            "{\"big\":{\"dtype\":\"F64\",\"shape\":[576460752303423488],\"data_offsets\":[0,4611686018427387904]}}",
            new byte[8]),
        "run past the end of the 8-byte data buffer");
    // Header order does not matter as long as the offsets tile the buffer.
    SafeTensorsFile f =
        SafeTensors.read(file(String.format(two, 4, 8, 0, 4), new byte[] {1, 0, 0, 0, 2, 0, 0, 0}));
    assertEquals(List.of("b", "a"), List.copyOf(f.tensors().keySet()));
    assertEquals(2, f.tensors().get("a").data()[0]);
  }

  @Test
  void missingFileIsAnIOException() {
    assertThrows(IOException.class, () -> SafeTensors.read(tmp.resolve("nope.safetensors")));
  }

  private Path file(String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = le(8 + h.length + data.length).putLong(h.length).put(h).put(data);
    return write(buf.array());
  }

  private Path write(byte[] raw) throws IOException {
    Path p = Files.createTempFile(tmp, "t", ".safetensors");
    Files.write(p, raw);
    return p;
  }

  private void assertBad(byte[] raw, String expected) throws IOException {
    assertBad(write(raw), expected);
  }

  private static void assertBad(Path p, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(p));
    String prefix = "safetensors: " + p + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    assertFalse(
        e.getMessage().substring(prefix.length()).contains("safetensors: "),
        () -> "prefix repeated: " + e.getMessage());
    assertTrue(e.getMessage().contains(expected), () -> "got: " + e.getMessage());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable ex, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
    assertTrue(e.getMessage().contains(expected), () -> "got: " + e.getMessage());
  }

  static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  static Map<String, String> linked(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
