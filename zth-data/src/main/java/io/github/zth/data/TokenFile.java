package io.github.zth.data;

import io.github.zth.autograd.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A token file in nanoGPT's {@code train.bin}/{@code val.bin} layout: a flat array of little-endian
 * uint16 token ids with no header, as written by {@code np.array(ids,
 * dtype=np.uint16).tofile(path)}.
 *
 * <p>llm.c's token shards ({@code dev/data/data_common.py}'s {@code write_datafile}) are the same
 * tokens behind a 1024-byte header of 256 little-endian int32s: magic {@value #LLMC_MAGIC}, version
 * {@value #LLMC_VERSION}, the token count, then zeros. {@link #openLlmc} and {@link #writeLlmc}
 * read and write them; a malformed header is refused with the file and byte offset.
 *
 * <p>{@link #open} maps the file read-only. Files of any size are supported: the mapping is split
 * into chunks of at most 1 GiB (a {@code MappedByteBuffer} is int-indexed), each starting at an
 * even byte offset so no token straddles two chunks. The mapping holds no resource that needs
 * closing (the channel is closed right after mapping, and the JVM unmaps when the buffers become
 * unreachable), so this class is not {@code AutoCloseable}. Reads are absolute, so one instance may
 * be shared by threads.
 */
public final class TokenFile implements TokenSequence {
  /** Tokens per mapped chunk: 2^29 tokens = 1 GiB. */
  static final long DEFAULT_TOKENS_PER_CHUNK = 1L << 29;

  /** The first int32 of an llm.c GPT-2 token shard. */
  public static final int LLMC_MAGIC = 20240520;

  /** The version of llm.c's uint16 (GPT-2) shards. */
  public static final int LLMC_VERSION = 1;

  /** The size of an llm.c shard header: 256 int32s. */
  static final int LLMC_HEADER_BYTES = 256 * 4;

  private final Path path;
  private final long length;
  private final long tokensPerChunk;
  private final ByteBuffer[] chunks;

  private TokenFile(Path path, long length, long tokensPerChunk, ByteBuffer[] chunks) {
    this.path = path;
    this.length = length;
    this.tokensPerChunk = tokensPerChunk;
    this.chunks = chunks;
  }

  /**
   * Writes {@code tokens} as little-endian uint16 to a temporary file next to {@code file}, then
   * atomically moves it into place (replacing an existing file).
   *
   * @param file the target file; its parent folder must exist
   * @param tokens token ids, each in 0..65535
   * @throws IllegalArgumentException if a token id is outside 0..65535
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, int[] tokens) throws IOException {
    write("TokenFile.write", file, tokens, false);
  }

  /**
   * Writes {@code tokens} as an llm.c token shard (the header, then little-endian uint16 ids),
   * atomically, as llm.c's {@code write_datafile} does for GPT-2.
   *
   * @param file the target file; its parent folder must exist
   * @param tokens token ids, each in 0..65535
   * @throws IllegalArgumentException if a token id is outside 0..65535
   * @throws IOException if the file cannot be written
   */
  public static void writeLlmc(Path file, int[] tokens) throws IOException {
    write("TokenFile.writeLlmc", file, tokens, true);
  }

  private static void write(String op, Path file, int[] tokens, boolean llmcHeader)
      throws IOException {
    Objects.requireNonNull(file, op + ": file");
    Objects.requireNonNull(tokens, op + ": tokens");
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] > 0xFFFF) {
        throw new IllegalArgumentException(
            op
                + ": "
                + file
                + ": token at index "
                + i
                + " is "
                + tokens[i]
                + ", expected an id in 0..65535 (uint16)");
      }
    }
    AtomicFiles.write(
        file,
        ch -> {
          // Bounded buffer: token arrays may be large, the write need not double their memory.
          ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
          if (llmcHeader) {
            buf.putInt(LLMC_MAGIC).putInt(LLMC_VERSION).putInt(tokens.length);
            buf.position(LLMC_HEADER_BYTES);
          }
          for (int t : tokens) {
            if (!buf.hasRemaining()) {
              drain(ch, buf);
            }
            buf.putShort((short) t);
          }
          drain(ch, buf);
        });
  }

  private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  /**
   * Opens {@code file} through a read-only memory map.
   *
   * @param file a token file (even byte length)
   * @return the mapped token file
   * @throws IllegalArgumentException if the byte length is odd
   * @throws IOException if the file cannot be read
   */
  public static TokenFile open(Path file) throws IOException {
    return open(file, DEFAULT_TOKENS_PER_CHUNK);
  }

  /** {@link #open(Path)} with a chosen chunk size, so tests can exercise chunk boundaries. */
  static TokenFile open(Path file, long tokensPerChunk) throws IOException {
    Objects.requireNonNull(file, "TokenFile.open: file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long bytes = ch.size();
      if (bytes % 2 != 0) {
        throw new IllegalArgumentException(
            "TokenFile.open: "
                + file
                + ": size is "
                + bytes
                + " bytes, expected an even number (uint16 tokens)");
      }
      return map(ch, file, 0, bytes / 2, tokensPerChunk);
    }
  }

  /**
   * Opens an llm.c token shard through a read-only memory map, after checking its header.
   *
   * @param file a shard written by llm.c's {@code write_datafile} (GPT-2, uint16)
   * @return the mapped tokens, without the header
   * @throws IllegalArgumentException when the header or size is wrong (the message names the file
   *     and the byte offset of the bad field)
   * @throws IOException if the file cannot be read
   */
  public static TokenFile openLlmc(Path file) throws IOException {
    return openLlmc(file, DEFAULT_TOKENS_PER_CHUNK);
  }

  static TokenFile openLlmc(Path file, long tokensPerChunk) throws IOException {
    Objects.requireNonNull(file, "TokenFile.openLlmc: file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long bytes = ch.size();
      String where = "TokenFile.openLlmc: " + file + ": ";
      if (bytes < LLMC_HEADER_BYTES) {
        throw new IllegalArgumentException(
            where
                + "size is "
                + bytes
                + " bytes, expected at least the "
                + LLMC_HEADER_BYTES
                + "-byte header of an llm.c token shard");
      }
      ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      while (h.hasRemaining() && ch.read(h, h.position()) > 0) {
        continue; // a positional read may return fewer bytes than asked
      }
      int magic = h.getInt(0);
      int version = h.getInt(4);
      int count = h.getInt(8);
      if (magic != LLMC_MAGIC) {
        throw new IllegalArgumentException(
            where
                + "at byte offset 0: magic is "
                + magic
                + ", expected "
                + LLMC_MAGIC
                + " (an llm.c GPT-2 token shard; a headerless nanoGPT .bin opens with TokenFile.open)");
      }
      if (version != LLMC_VERSION) {
        throw new IllegalArgumentException(
            where
                + "at byte offset 4: version is "
                + version
                + ", expected "
                + LLMC_VERSION
                + " (uint16 GPT-2 tokens)");
      }
      long payload = bytes - LLMC_HEADER_BYTES;
      if (count < 0 || payload != 2L * count) {
        throw new IllegalArgumentException(
            where
                + "at byte offset 8: token count is "
                + count
                + ", but "
                + payload
                + " bytes follow the header, expected "
                + (count < 0 ? "a non-negative count" : 2L * count));
      }
      return map(ch, file, LLMC_HEADER_BYTES, count, tokensPerChunk);
    }
  }

  private static TokenFile map(
      FileChannel ch, Path file, long offset, long length, long tokensPerChunk) throws IOException {
    int n = (int) ((length + tokensPerChunk - 1) / tokensPerChunk);
    ByteBuffer[] chunks = new ByteBuffer[n];
    for (int c = 0; c < n; c++) {
      long first = c * tokensPerChunk;
      long count = Math.min(tokensPerChunk, length - first);
      chunks[c] =
          ch.map(FileChannel.MapMode.READ_ONLY, offset + first * 2, count * 2)
              .order(ByteOrder.LITTLE_ENDIAN);
    }
    return new TokenFile(file, length, tokensPerChunk, chunks);
  }

  /** The file this was opened from. */
  public Path path() {
    return path;
  }

  /** The file's path, for error messages. */
  @Override
  public String describe() {
    return path.toString();
  }

  /** The number of tokens, len(data). */
  @Override
  public long length() {
    return length;
  }

  /**
   * The token at {@code i}, as an int in 0..65535.
   *
   * @param i an index in 0..length()-1
   * @return the token id
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  @Override
  public int get(long i) {
    if (i < 0 || i >= length) {
      throw new IndexOutOfBoundsException(
          "TokenFile.get: "
              + path
              + ": index "
              + i
              + " out of range 0.."
              + (length - 1)
              + " (length "
              + length
              + ")");
    }
    return at(i);
  }

  private int at(long i) {
    ByteBuffer chunk = chunks[(int) (i / tokensPerChunk)];
    return chunk.getShort((int) (i % tokensPerChunk) * 2) & 0xFFFF;
  }

  /**
   * The {@code n} tokens starting at {@code from}, data[from:from+n].
   *
   * @param from the first index
   * @param n how many tokens
   * @return a new array of token ids
   * @throws IndexOutOfBoundsException if the range is not inside the file
   */
  public int[] slice(long from, int n) {
    checkRange("TokenFile.slice", from, n);
    int[] out = new int[n];
    for (int k = 0; k < n; k++) {
      out[k] = at(from + k);
    }
    return out;
  }

  private void checkRange(String op, long from, long n) {
    if (n < 0 || from < 0 || from > length - n) {
      throw new IndexOutOfBoundsException(
          op
              + ": "
              + path
              + ": range ["
              + from
              + ", "
              + from
              + " + "
              + n
              + ") not inside 0.."
              + length);
    }
  }
}
