package io.github.zth.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Fuzzing for readers of outside files: jqwik arbitraries that mutate a valid file (truncations,
 * bit flips, interesting bytes, inserted, deleted and duplicated ranges, numbers replaced by huge,
 * negative or fractional ones, 64-bit length fields overwritten), and {@link #check}, which runs a
 * reader on one input and enforces the contract every zth reader keeps:
 *
 * <ul>
 *   <li>it returns, or throws a documented exception ({@link IllegalArgumentException} or {@link
 *       IOException}) whose message names the file and where (a number or a quoted field);
 *   <li>never an {@link Error} (out of memory, stack overflow), {@link NullPointerException},
 *       {@link IndexOutOfBoundsException}, {@link NegativeArraySizeException}, {@link
 *       ClassCastException}, {@link ArithmeticException} or any other undocumented exception;
 *   <li>it finishes within a time limit and allocates at most a small multiple of the file's size.
 * </ul>
 *
 * <p>A failing input is also written to {@code target/fuzz-failures/<target>/} so it can be added
 * to the committed regression corpus under {@code src/test/resources/fuzz/<target>/}, which {@link
 * #corpus} lists.
 */
public final class FileFuzz {
  private FileFuzz() {}

  /** What a mutation does. */
  public enum Kind {
    /** Cut the file at a position. */
    TRUNCATE,
    /** Flip one bit. */
    FLIP_BIT,
    /** Overwrite one byte with an interesting value. */
    SET_BYTE,
    /** Insert a byte. */
    INSERT,
    /** Delete a range. */
    DELETE,
    /** Copy a range right after itself (duplicate keys, lines, entries). */
    DUPLICATE,
    /** Replace a run of ASCII digits with a huge, negative, zero or fractional number. */
    NUMBER,
    /** Overwrite 8 bytes with an interesting little-endian 64-bit value (length fields). */
    LONG_LE
  }

  private static final String[] NUMBERS = {
    "-1",
    "0",
    "1",
    "-0",
    "255",
    "256",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483648",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "99999999999999999999999",
    "1e308",
    "1.5",
    "1e-400",
    "NaN",
    "00"
  };
  private static final long[] LONGS = {
    0,
    1,
    7,
    8,
    -1,
    Long.MIN_VALUE,
    Long.MAX_VALUE,
    Integer.MAX_VALUE,
    1L << 31,
    1L << 32,
    100_000_000,
    100_000_001,
    1 << 20
  };
  private static final int[] BYTES = {
    0, 0xFF, 0x7F, 0x80, 0xC0, 0xED, 0xF4, '"', '{', '}', '[', ']', ',', ':', '-', '\n', '\r', ' ',
    '\\', '0', '9', 'e', '.'
  };

  /**
   * One mutation; positions are fractions of the current length so they shrink well.
   *
   * @param kind what it does
   * @param at where, in [0, 1)
   * @param span a length fraction, in [0, 1)
   * @param value which interesting value or bit
   */
  public record Mutation(Kind kind, double at, double span, int value) {
    byte[] apply(byte[] in) {
      int n = in.length;
      int pos = (int) (at * n);
      int len = Math.max(1, (int) (span * Math.min(n, 64)));
      switch (kind) {
        case TRUNCATE:
          return Arrays.copyOf(in, pos);
        case FLIP_BIT:
          {
            if (n == 0) {
              return in;
            }
            byte[] out = in.clone();
            out[pos] ^= (byte) (1 << (value & 7));
            return out;
          }
        case SET_BYTE:
          {
            if (n == 0) {
              return in;
            }
            byte[] out = in.clone();
            out[pos] = (byte) BYTES[Math.floorMod(value, BYTES.length)];
            return out;
          }
        case INSERT:
          return splice(
              in, pos, pos, new byte[] {(byte) BYTES[Math.floorMod(value, BYTES.length)]});
        case DELETE:
          return splice(in, pos, Math.min(n, pos + len), new byte[0]);
        case DUPLICATE:
          {
            int end = Math.min(n, pos + len);
            return splice(in, end, end, Arrays.copyOfRange(in, pos, end));
          }
        case NUMBER:
          return replaceNumber(in, value);
        case LONG_LE:
          {
            int p = Math.max(0, Math.min(n - 8, pos & ~7));
            if (n < 8) {
              return in;
            }
            byte[] out = in.clone();
            long v = LONGS[Math.floorMod(value, LONGS.length)];
            if (v == 1 << 20) {
              v = n; // the file's own size: a length that claims the whole file
            }
            ByteBuffer.wrap(out, p, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
            return out;
          }
        default:
          throw new AssertionError(kind);
      }
    }

    private byte[] replaceNumber(byte[] in, int which) {
      List<int[]> runs = new ArrayList<>();
      for (int i = 0; i < in.length; ) {
        if (in[i] >= '0' && in[i] <= '9') {
          int j = i;
          while (j < in.length && in[j] >= '0' && in[j] <= '9') {
            j++;
          }
          runs.add(new int[] {i > 0 && in[i - 1] == '-' ? i - 1 : i, j});
          i = j;
        } else {
          i++;
        }
      }
      if (runs.isEmpty()) {
        return in;
      }
      int[] r = runs.get((int) (at * runs.size()));
      return splice(
          in,
          r[0],
          r[1],
          NUMBERS[Math.floorMod(which, NUMBERS.length)].getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static byte[] splice(byte[] in, int from, int to, byte[] with) {
    byte[] out = new byte[in.length - (to - from) + with.length];
    System.arraycopy(in, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(in, to, out, from + with.length, in.length - to);
    return out;
  }

  /**
   * One to four mutations in a row.
   *
   * @return the arbitrary
   */
  public static Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one =
        Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.doubles().between(0, 1).filter(d -> d < 1),
                Arbitraries.doubles().between(0, 1).filter(d -> d < 1),
                Arbitraries.integers().between(0, 63))
            .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  /**
   * Applies mutations in order.
   *
   * @param seed the valid file
   * @param mutations what to do to it
   * @return the mutated bytes
   */
  public static byte[] apply(byte[] seed, List<Mutation> mutations) {
    byte[] b = seed;
    for (Mutation m : mutations) {
      b = m.apply(b);
    }
    return b;
  }

  /** A reader under test. */
  @FunctionalInterface
  public interface Reader {
    /**
     * Reads the file.
     *
     * @param file the input
     * @throws Exception as the reader does
     */
    void read(Path file) throws Exception;
  }

  /**
   * The committed regression inputs of a target: {@code src/test/resources/fuzz/<target>/*}.
   *
   * @param target the target's folder name
   * @return the files, sorted; empty when the folder is absent
   * @throws IOException if listing fails
   */
  public static List<Path> corpus(String target) throws IOException {
    Path dir = Path.of("src/test/resources/fuzz", target);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * Writes {@code bytes} to {@code file}, runs {@code reader} on it in a worker thread and checks
   * the contract (see the class comment). Allocation is measured on the worker thread.
   *
   * @param target the target's name, for failure files
   * @param file where to write the input (its name should be distinctive: messages must contain it)
   * @param bytes the input
   * @param slackBytes allocation allowed on top of 32 times the file size (fixed costs: a model's
   *     parameters, class tables)
   * @throws Exception when writing the input fails; an {@link AssertionError} when the contract is
   *     broken
   */
  public static void check(String target, Path file, byte[] bytes, Reader reader, long slackBytes)
      throws Exception {
    check(target, file, bytes, reader, slackBytes, file.getFileName().toString());
  }

  /**
   * {@link #check(String, Path, byte[], Reader, long)} for a reader of several files (a checkpoint
   * folder), whose messages may name another file of the set than the damaged one.
   *
   * @param target the target's name, for failure files
   * @param file where to write the input
   * @param bytes the input
   * @param slackBytes allocation allowed on top of 32 times the file size
   * @param mustName what every error message must contain (e.g. the folder's name)
   * @throws Exception when writing the input fails; an {@link AssertionError} when the contract is
   *     broken
   */
  public static void check(
      String target, Path file, byte[] bytes, Reader reader, long slackBytes, String mustName)
      throws Exception {
    Files.write(file, bytes);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] allocated = new long[1];
    ExecutorService ex =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fuzz-" + target);
              t.setDaemon(true);
              return t;
            });
    Throwable thrown;
    try {
      Future<Throwable> f =
          ex.submit(
              () -> {
                long before = mx.getCurrentThreadAllocatedBytes();
                try {
                  reader.read(file);
                  return null;
                } catch (Throwable t) {
                  return t;
                } finally {
                  allocated[0] = mx.getCurrentThreadAllocatedBytes() - before;
                }
              });
      try {
        thrown = f.get(20, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw fail(target, bytes, "did not finish within 20 s (a hang?)", null);
      } catch (ExecutionException e) {
        throw fail(target, bytes, "worker failed", e.getCause());
      }
    } finally {
      ex.shutdownNow();
    }
    long budget = 32L * bytes.length + slackBytes;
    if (allocated[0] > budget) {
      throw fail(
          target,
          bytes,
          "allocated "
              + allocated[0]
              + " bytes for a "
              + bytes.length
              + "-byte file (budget "
              + budget
              + ")",
          thrown);
    }
    if (thrown == null) {
      return;
    }
    boolean documented =
        (thrown instanceof IllegalArgumentException
                && thrown.getClass() == IllegalArgumentException.class)
            || (thrown instanceof IOException);
    if (!documented) {
      throw fail(target, bytes, "undocumented " + thrown.getClass().getName(), thrown);
    }
    String msg = String.valueOf(thrown.getMessage());
    if (!msg.contains(mustName) || !msg.matches("(?s).*([0-9]|\").*")) {
      throw fail(
          target, bytes, "message does not name the file and a position or field: " + msg, thrown);
    }
  }

  private static AssertionError fail(String target, byte[] bytes, String what, Throwable cause) {
    String name = HexFormat.of().formatHex(Arrays.copyOf(sha1(bytes), 8)) + ".bin";
    Path dir = Path.of("target/fuzz-failures", target);
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      // the assertion below still reports the failure
    }
    return new AssertionError(
        target + ": " + what + " (input saved as " + dir.resolve(name) + ")", cause);
  }

  private static byte[] sha1(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-1").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
