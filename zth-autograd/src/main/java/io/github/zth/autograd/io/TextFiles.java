package io.github.zth.autograd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads UTF-8 text files strictly. {@code Files.readString} reports a bad byte as {@code
 * MalformedInputException: Input length = 1}, naming neither the file nor where; a program that
 * prints that line leaves its user guessing. Here every problem is an {@link
 * IllegalArgumentException} whose message names the file, the byte offset and what was expected,
 * and a file too large for one Java string is refused before anything is allocated.
 *
 * <pre>{@code
 * String text = TextFiles.readUtf8(Path.of("input.txt"));
 * // IllegalArgumentException: input.txt: not UTF-8 text: invalid byte 0xFF at byte offset 3
 * }</pre>
 */
public final class TextFiles {

  /** The largest file read: a Java string holds at most about 2^31 chars, one per byte at most. */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 16;

  private TextFiles() {}

  /**
   * Reads a whole file as UTF-8 (a leading byte-order mark is kept as U+FEFF, as Python keeps it).
   *
   * @return its text
   * @throws IllegalArgumentException if it is not valid UTF-8 or larger than {@link #MAX_BYTES}
   * @throws IOException if it cannot be read (missing files raise {@code NoSuchFileException})
   */
  public static String readUtf8(Path file) throws IOException {
    return decodeUtf8(file, readBytes(file, MAX_BYTES));
  }

  /**
   * Reads a whole file as bytes, refusing one larger than {@code maxBytes} before allocating.
   *
   * @param maxBytes the largest size accepted
   * @return the bytes
   * @throws IllegalArgumentException if the file is larger than {@code maxBytes}
   * @throws IOException if it cannot be read
   */
  public static byte[] readBytes(Path file, long maxBytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Math.min(maxBytes, MAX_BYTES)) {
        throw new IllegalArgumentException(
            file + ": " + size + " bytes, expected at most " + Math.min(maxBytes, MAX_BYTES));
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read until full or the file ends early (it shrank while reading)
      }
      return buf.position() == size
          ? buf.array()
          : java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /**
   * Decodes bytes read from {@code file} as strict UTF-8.
   *
   * @param file the file the bytes came from, for the message
   * @param bytes the content
   * @return the text
   * @throws IllegalArgumentException at the first byte that is not valid UTF-8, naming its offset
   */
  public static String decodeUtf8(Path file, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      int at = in.position();
      String hint =
          bytes.length >= 2
                  && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                      || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))
              ? " (it looks like UTF-16: save it as UTF-8)"
              : "";
      String found =
          at < bytes.length
              ? String.format("invalid byte 0x%02X", bytes[at] & 0xFF)
              : "a truncated character";
      throw new IllegalArgumentException(
          file + ": not UTF-8 text: " + found + " at byte offset " + at + hint);
    }
  }

  /**
   * Splits text into lines as {@code Files.readAllLines} does: at {@code \n}, {@code \r\n} and
   * {@code \r}, with no empty last line after a final line end.
   *
   * @return its lines
   */
  public static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < n) {
      out.add(text.substring(start));
    }
    return out;
  }

  /**
   * The text a model trains on, read from a file or from a whole folder, as the course suggests
   * training on any text ("a code repository, say"). A folder is read recursively in sorted order
   * of its relative paths, so the same folder always gives the same text; hidden files and folders
   * (a name starting with {@code .}, such as {@code .git}) are passed over, and a file that holds a
   * NUL byte or is not UTF-8 is skipped as binary and counted.
   *
   * @param text the files' texts, joined in order
   * @param files the files read, in order
   * @param bytes each file's size, in the same order
   * @param skippedBinary how many files were skipped as binary
   */
  public record Corpus(String text, List<Path> files, List<Long> bytes, int skippedBinary) {}

  /**
   * Reads a file as {@link #readUtf8} does, or a folder as {@link Corpus} says.
   *
   * @param fileOrFolder the path
   * @return the text and what it was read from
   * @throws IllegalArgumentException if a single file is not UTF-8, if a folder holds no text file,
   *     or if the text would exceed {@link #MAX_BYTES}
   * @throws IOException if reading fails
   */
  public static Corpus readCorpus(Path fileOrFolder) throws IOException {
    if (!Files.isDirectory(fileOrFolder)) {
      String text = readUtf8(fileOrFolder);
      return new Corpus(text, List.of(fileOrFolder), List.of(Files.size(fileOrFolder)), 0);
    }
    List<Path> all;
    try (java.util.stream.Stream<Path> walk = Files.walk(fileOrFolder)) {
      all =
          walk.filter(p -> Files.isRegularFile(p) && !hidden(fileOrFolder, p))
              .sorted(java.util.Comparator.comparing(p -> fileOrFolder.relativize(p).toString()))
              .toList();
    }
    StringBuilder sb = new StringBuilder();
    List<Path> files = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    int skipped = 0;
    long total = 0;
    for (Path p : all) {
      byte[] b = readBytes(p, MAX_BYTES);
      String text = null;
      if (!containsNul(b)) {
        try {
          text = decodeUtf8(p, b);
        } catch (IllegalArgumentException notText) {
          text = null;
        }
      }
      if (text == null) {
        skipped++;
        continue;
      }
      total += b.length;
      if (total > MAX_BYTES) {
        throw new IllegalArgumentException(
            fileOrFolder + ": more than " + MAX_BYTES + " bytes of text");
      }
      sb.append(text);
      files.add(p);
      sizes.add((long) b.length);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          fileOrFolder
              + ": no text files in the folder ("
              + skipped
              + " binary files skipped), expected at least one UTF-8 file");
    }
    return new Corpus(sb.toString(), List.copyOf(files), List.copyOf(sizes), skipped);
  }

  private static boolean hidden(Path root, Path p) {
    for (Path part : root.relativize(p)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsNul(byte[] b) {
    for (byte x : b) {
      if (x == 0) {
        return true;
      }
    }
    return false;
  }
}
