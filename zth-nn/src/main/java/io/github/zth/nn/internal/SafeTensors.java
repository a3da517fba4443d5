package io.github.zth.nn.internal;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.autograd.io.Json;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Strict reader and writer for the safetensors format: an 8-byte little-endian header length {@code
 * N}, {@code N} bytes of UTF-8 JSON mapping each tensor name to {@code
 * {"dtype","shape","data_offsets":[begin,end]}} (offsets relative to the data buffer) plus an
 * optional {@code "__metadata__"} string map, then the data buffer.
 *
 * <p><b>Reading</b> checks everything before trusting it: the header length against a 100 MB limit
 * and the file size (before allocating), strict UTF-8 and JSON, known dtypes, non-negative shapes
 * without overflow, and that the tensors, sorted by offset, tile the data buffer exactly from 0 to
 * its end (no gaps, overlaps or trailing bytes) with {@code end - begin = numel × dtype size}. Only
 * then is data read, so the memory used is bounded by the file size. Problems raise {@link
 * IllegalArgumentException} naming the file; I/O failures raise {@link IOException}.
 *
 * <p><b>Writing</b> follows the Python/Rust library byte for byte: tensors ordered by descending
 * dtype alignment (I64, F64, F32, BF16, F16) then by name (UTF-8 byte order), laid out contiguously
 * in that order; compact JSON with {@code __metadata__} first (its keys sorted; omitted when empty)
 * and fields in the order dtype, shape, data_offsets; the header padded with spaces to a multiple
 * of 8 bytes. The file is written to a temporary name and moved into place ({@link AtomicFiles}).
 */
public final class SafeTensors {

  /** The reserved header key of the free-form string map. */
  public static final String METADATA_KEY = "__metadata__";

  /** Largest header accepted, as in the Rust library: 100 MB. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private SafeTensors() {}

  /** Orders tensors as the reference writer does: descending dtype alignment, then name. */
  static final Comparator<Planned> FILE_ORDER =
      Comparator.comparing(Planned::dtype, Comparator.reverseOrder())
          .thenComparing(Planned::name, SafeTensors::compareUtf8);

  /**
   * A tensor's header fields, for {@link #write(Path, Collection, Map, DataWriter)}, whose data is
   * written later by the caller.
   *
   * @param name the tensor name (any string except {@code __metadata__})
   * @param dtype the element type
   * @param shape the dimensions
   */
  public record Planned(String name, SafeTensorsDType dtype, long[] shape) {

    /**
     * Returns the byte count the data must have.
     *
     * @return {@code numel(shape) * dtype.byteSize()}
     * @throws IllegalArgumentException on a negative dimension or overflow
     */
    public long byteLength() {
      return SafeTensorsEntry.byteLength(name, dtype, shape);
    }

    static Planned of(SafeTensorsEntry e) {
      return new Planned(e.name(), e.dtype(), e.shape());
    }
  }

  /** Writes one tensor's data, for {@link #write(Path, Collection, Map, DataWriter)}. */
  public interface DataWriter {
    /**
     * Writes exactly the named tensor's little-endian bytes at the channel's position.
     *
     * @param name the tensor
     * @param channel the file being written
     * @throws IOException if writing fails
     */
    void write(String name, FileChannel channel) throws IOException;
  }

  // UTF-8 byte order equals code point order, which differs from String.compareTo's UTF-16 order.
  private static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  // ------------------------------------------------------------------------------------------
  // write

  /**
   * Writes tensors and metadata to {@code file} atomically.
   *
   * @param file the target file
   * @param entries the tensors (any order; names must be distinct)
   * @param metadata string metadata; may be empty
   * @throws IllegalArgumentException on duplicate names or names/values that are not valid Unicode
   * @throws IOException if writing fails
   */
  public static void write(
      Path file, Collection<SafeTensorsEntry> entries, Map<String, String> metadata)
      throws IOException {
    Map<String, SafeTensorsEntry> byName = new LinkedHashMap<>();
    List<Planned> planned = new ArrayList<>();
    for (SafeTensorsEntry e : entries) {
      byName.put(e.name(), e);
      planned.add(Planned.of(e));
    }
    write(
        file,
        planned,
        metadata,
        (name, ch) -> writeFully(ch, ByteBuffer.wrap(byName.get(name).data())));
  }

  /**
   * Writes tensors whose data the caller streams in, so a model is saved without a second copy of
   * it on the heap; otherwise as {@link #write(Path, Collection, Map)}, byte for byte.
   *
   * @param file the target file
   * @param tensors the tensors' names, dtypes and shapes (any order; names must be distinct)
   * @param metadata string metadata; may be empty
   * @param data called once per tensor, in file order, to write its bytes
   * @throws IllegalArgumentException on duplicate names or names/values that are not valid Unicode
   * @throws IllegalStateException if {@code data} writes the wrong number of bytes for a tensor
   * @throws IOException if writing fails
   */
  public static void write(
      Path file, Collection<Planned> tensors, Map<String, String> metadata, DataWriter data)
      throws IOException {
    List<Planned> ordered = new ArrayList<>(tensors);
    ordered.sort(FILE_ORDER);
    byte[] header = header(ordered, metadata);
    AtomicFiles.write(
        file,
        ch -> {
          ByteBuffer len =
              ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
          writeFully(ch, len);
          writeFully(ch, ByteBuffer.wrap(header));
          for (Planned p : ordered) {
            long before = ch.position();
            data.write(p.name(), ch);
            if (ch.position() - before != p.byteLength()) {
              throw new IllegalStateException(
                  "safetensors: "
                      + file
                      + ": tensor \""
                      + p.name()
                      + "\" needs "
                      + p.byteLength()
                      + " bytes but "
                      + (ch.position() - before)
                      + " were written");
            }
          }
        });
  }

  /**
   * Returns the bytes {@link #write} would put in the file, for in-memory use and tests.
   *
   * @param entries the tensors (any order; names must be distinct)
   * @param metadata string metadata; may be empty
   * @return the complete file content
   * @throws IllegalArgumentException as {@link #write} does, or if the result exceeds 2 GB
   */
  static byte[] encode(Collection<SafeTensorsEntry> entries, Map<String, String> metadata) {
    List<SafeTensorsEntry> ordered = new ArrayList<>(entries);
    ordered.sort(Comparator.comparing(Planned::of, FILE_ORDER));
    byte[] header = header(ordered.stream().map(Planned::of).toList(), metadata);
    long total = 8L + header.length + ordered.stream().mapToLong(e -> e.data().length).sum();
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "safetensors: " + total + " bytes do not fit in one byte array");
    }
    ByteBuffer out =
        ByteBuffer.allocate((int) total)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(header.length)
            .put(header);
    for (SafeTensorsEntry e : ordered) {
      out.put(e.data());
    }
    return out.array();
  }

  /**
   * Builds the padded header for entries already in file order.
   *
   * @param ordered the tensors in the order their data will be laid out
   * @param metadata string metadata; may be empty
   * @return the UTF-8 header, padded with spaces to a multiple of 8 bytes
   */
  static byte[] header(List<Planned> ordered, Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      Json.writeString(sb, METADATA_KEY);
      sb.append(":{");
      boolean first = true;
      for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
        checkUnicode("metadata key", m.getKey());
        checkUnicode("metadata value", m.getValue());
        if (!first) {
          sb.append(',');
        }
        first = false;
        Json.writeString(sb, m.getKey());
        sb.append(':');
        Json.writeString(sb, m.getValue());
      }
      sb.append('}');
    }
    Set<String> seen = new HashSet<>();
    long offset = 0;
    for (Planned e : ordered) {
      if (e.name().equals(METADATA_KEY)) {
        throw new IllegalArgumentException(
            "safetensors: tensor name \"" + METADATA_KEY + "\" is reserved for metadata");
      }
      checkUnicode("tensor name", e.name());
      if (!seen.add(e.name())) {
        throw new IllegalArgumentException(
            "safetensors: duplicate tensor name \"" + e.name() + "\"");
      }
      if (sb.length() > 1) {
        sb.append(',');
      }
      Json.writeString(sb, e.name());
      sb.append(":{\"dtype\":\"").append(e.dtype().name()).append("\",\"shape\":[");
      for (int i = 0; i < e.shape().length; i++) {
        sb.append(i == 0 ? "" : ",").append(e.shape()[i]);
      }
      long end = offset + e.byteLength();
      sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    sb.append('}');
    byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = java.util.Arrays.copyOf(json, padded);
    java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  private static void checkUnicode(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "safetensors: "
                + what
                + " \""
                + s
                + "\" contains a lone surrogate at index "
                + i
                + " and cannot be encoded as UTF-8");
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  // -------------------------------------------------------------------------------------------
  // read

  /**
   * Reads and validates a whole safetensors file.
   *
   * @return its tensors (in data order) and metadata
   * @throws IllegalArgumentException if the file is not a valid safetensors file; the message names
   *     the file and the problem
   * @throws IOException if the file cannot be read
   */
  public static SafeTensorsFile read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Index index = index(file, ch);
      Map<String, SafeTensorsEntry> tensors = new LinkedHashMap<>();
      for (Span span : index.spans) {
        long len = span.length();
        if (len > Integer.MAX_VALUE - 8) {
          throw bad(
              file,
              "tensor \"" + span.name + "\" has " + len + " bytes, more than a Java array holds");
        }
        byte[] data = new byte[(int) len];
        ByteBuffer buf = ByteBuffer.wrap(data);
        long pos = span.position;
        while (buf.hasRemaining()) {
          int r = ch.read(buf, pos);
          if (r < 0) {
            throw new EOFException(
                "safetensors: "
                    + file
                    + ": file shrank while reading tensor \""
                    + span.name
                    + "\"");
          }
          pos += r;
        }
        tensors.put(span.name, new SafeTensorsEntry(span.name, span.dtype, span.shape, data));
      }
      return new SafeTensorsFile(tensors, index.metadata);
    }
  }

  /**
   * Validates a file as {@link #read} does, but reads no tensor data: where each tensor lies, so a
   * caller can memory-map it instead of copying the whole file onto the heap.
   *
   * @return the tensors in data order, with absolute file positions
   * @throws IllegalArgumentException if the file is not a valid safetensors file
   * @throws IOException if the file cannot be read
   */
  public static List<Span> spans(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return index(file, ch).spans;
    }
  }

  /**
   * Where one tensor's bytes lie in a file.
   *
   * @param name the tensor name
   * @param dtype the element type
   * @param shape the dimensions
   * @param position the absolute file offset of the first byte
   * @param length the byte count, {@code numel * dtype.byteSize()}
   */
  public record Span(
      String name, SafeTensorsDType dtype, long[] shape, long position, long length) {}

  private record Index(List<Span> spans, Map<String, String> metadata) {}

  private static Index index(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw bad(file, "file is " + size + " bytes, shorter than the 8-byte header length");
    }
    long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw bad(
          file,
          "header length "
              + Long.toUnsignedString(n)
              + " exceeds the limit of "
              + MAX_HEADER_BYTES
              + " bytes");
    }
    if (n > size - 8) {
      throw bad(
          file,
          "header length "
              + n
              + " is larger than the "
              + (size - 8)
              + " bytes after the length field (truncated file?)");
    }
    String json = decodeUtf8(file, readFully(ch, 8, (int) n));
    if (!json.startsWith("{")) {
      throw bad(file, "header must be a JSON object starting with '{'");
    }
    Object root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw bad(file, "header: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw bad(file, "header must be a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Info> infos = new ArrayList<>();
    for (Map.Entry<?, ?> kv : map.entrySet()) {
      String key = (String) kv.getKey();
      try {
        if (key.equals(METADATA_KEY)) {
          metadata = metadata(kv.getValue());
        } else {
          infos.add(info(key, kv.getValue()));
        }
      } catch (IllegalArgumentException e) {
        throw bad(file, e.getMessage());
      }
    }
    long dataStart = 8 + n;
    checkLayout(file, infos, size - dataStart);
    List<Span> spans = new ArrayList<>();
    for (Info info : infos) {
      spans.add(
          new Span(
              info.name, info.dtype, info.shape, dataStart + info.begin, info.end - info.begin));
    }
    return new Index(spans, metadata);
  }

  private record Info(String name, SafeTensorsDType dtype, long[] shape, long begin, long end) {}

  private static Map<String, String> metadata(Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(
          "\"" + METADATA_KEY + "\" must be an object of strings, got " + typeName(value));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> kv : m.entrySet()) {
      if (!(kv.getValue() instanceof String s)) {
        throw new IllegalArgumentException(
            "\""
                + METADATA_KEY
                + "\" value of \""
                + kv.getKey()
                + "\" must be a string, got "
                + typeName(kv.getValue()));
      }
      out.put((String) kv.getKey(), s);
    }
    return out;
  }

  private static final String PREFIX = "safetensors: ";

  private static Info info(String name, Object value) {
    String where = "tensor \"" + name + "\"";
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(where + " must be an object, got " + typeName(value));
    }
    for (Object k : m.keySet()) {
      if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
        throw new IllegalArgumentException(
            where + " has unknown field \"" + k + "\" (expected dtype, shape, data_offsets)");
      }
    }
    if (!(m.get("dtype") instanceof String dt)) {
      throw new IllegalArgumentException(
          where + " needs a string \"dtype\", got " + typeName(m.get("dtype")));
    }
    SafeTensorsDType dtype;
    try {
      dtype = SafeTensorsDType.parse(dt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    long[] shape = longs(where, "shape", m.get("shape"), -1);
    long[] offsets = longs(where, "data_offsets", m.get("data_offsets"), 2);
    if (offsets[1] < offsets[0]) {
      throw new IllegalArgumentException(
          where + " data_offsets [" + offsets[0] + ", " + offsets[1] + "] end before they begin");
    }
    long expected = SafeTensorsEntry.byteLength(name, dtype, shape);
    if (offsets[1] - offsets[0] != expected) {
      throw new IllegalArgumentException(
          where
              + " "
              + dtype
              + " "
              + java.util.Arrays.toString(shape)
              + " needs "
              + expected
              + " bytes but data_offsets ["
              + offsets[0]
              + ", "
              + offsets[1]
              + "] span "
              + (offsets[1] - offsets[0]));
    }
    return new Info(name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] longs(String where, String field, Object value, int requiredLength) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(
          where + " needs an array \"" + field + "\", got " + typeName(value));
    }
    if (requiredLength >= 0 && list.size() != requiredLength) {
      throw new IllegalArgumentException(
          where
              + " \""
              + field
              + "\" must have "
              + requiredLength
              + " elements, got "
              + list.size());
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long v) || v < 0) {
        throw new IllegalArgumentException(
            where
                + " \""
                + field
                + "\"["
                + i
                + "] must be a non-negative integer, got "
                + list.get(i));
      }
      out[i] = v;
    }
    return out;
  }

  private static void checkLayout(Path file, List<Info> infos, long dataLength) {
    infos.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
    long expected = 0;
    for (Info info : infos) {
      String where =
          "tensor \"" + info.name + "\" data_offsets [" + info.begin + ", " + info.end + "]";
      if (info.end > dataLength) {
        throw bad(
            file,
            where
                + " run past the end of the "
                + dataLength
                + "-byte data buffer (truncated file?)");
      }
      if (info.begin < expected) {
        throw bad(file, where + " overlap the previous tensor, which ends at " + expected);
      }
      if (info.begin > expected) {
        throw bad(
            file, where + " leave a gap after byte " + expected + " (tensors must be contiguous)");
      }
      expected = info.end;
    }
    if (expected != dataLength) {
      throw bad(
          file,
          "tensors cover "
              + expected
              + " bytes but the data buffer has "
              + dataLength
              + " (trailing bytes)");
    }
  }

  private static String typeName(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof String s) {
      return "string \"" + s + "\"";
    }
    return String.valueOf(v);
  }

  private static String decodeUtf8(Path file, ByteBuffer bytes) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = dec.decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw bad(file, "header is not valid UTF-8 (byte " + (8 + bytes.position()) + ")");
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new EOFException("unexpected end of file at byte " + pos);
      }
      pos += r;
    }
    return buf.flip();
  }

  private static IllegalArgumentException bad(Path file, String problem) {
    // a problem found by SafeTensorsEntry already starts with the prefix; say it once
    String p = problem.startsWith(PREFIX) ? problem.substring(PREFIX.length()) : problem;
    return new IllegalArgumentException(PREFIX + file + ": " + p);
  }
}
