package io.github.zth.data.tokenizer.internal;

import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.autograd.io.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** minbpe's {@code .model} and {@code .vocab} formats, and writing files safely. */
public final class ModelFiles {
  /** The first line of a minbpe model. */
  public static final String MINBPE_HEADER = "minbpe v1";

  private ModelFiles() {}

  /** What a minbpe {@code .model} holds. */
  public record MinbpeModel(String pattern, Map<String, Integer> specials, int[][] merges) {}

  /**
   * The first line of a file (empty when the file is empty).
   *
   * @return its first line without the line end
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is not UTF-8 text (the message names the byte
   *     offset)
   */
  public static String firstLine(Path file) throws IOException {
    List<String> lines = readLines(file);
    return lines.isEmpty() ? "" : lines.get(0).strip();
  }

  /**
   * Reads a minbpe {@code .model}, the way minbpe's {@code load} does, with errors that name the
   * file and line.
   *
   * @param file the model file
   * @return its contents
   * @throws IOException when reading fails
   */
  public static MinbpeModel readMinbpe(Path file) throws IOException {
    List<String> lines = readLines(file);
    if (lines.isEmpty() || !lines.get(0).strip().equals(MINBPE_HEADER)) {
      throw bad(file, 1, "expected '" + MINBPE_HEADER + "'", lines.isEmpty() ? "" : lines.get(0));
    }
    if (lines.size() < 3) {
      throw bad(
          file,
          lines.size() + 1,
          "expected the pattern line and the special token count",
          "end of file");
    }
    String pattern = lines.get(1).strip();
    int numSpecial;
    try {
      numSpecial = Integer.parseInt(lines.get(2).strip());
    } catch (NumberFormatException e) {
      throw bad(file, 3, "expected the number of special tokens", lines.get(2));
    }
    if (numSpecial < 0
        || numSpecial > lines.size() - 3) { // not 3 + numSpecial: it overflows for 2^31 - 1
      throw bad(
          file,
          3,
          "special token count out of range for a file of " + lines.size() + " lines",
          lines.get(2));
    }
    Map<String, Integer> specials = new LinkedHashMap<>();
    for (int i = 0; i < numSpecial; i++) {
      String line = lines.get(3 + i);
      String[] parts = line.strip().split("\\s+");
      if (parts.length != 2) {
        throw bad(file, 4 + i, "expected '<special token> <id>'", line);
      }
      specials.put(parts[0], parseId(file, 4 + i, parts[1], line));
    }
    int[][] merges = new int[lines.size() - 3 - numSpecial][];
    for (int i = 0; i < merges.length; i++) {
      int lineNo = 4 + numSpecial + i;
      String line = lines.get(lineNo - 1);
      String[] parts = line.strip().split("\\s+");
      if (parts.length != 2) {
        throw bad(file, lineNo, "expected a merge '<id> <id>'", line);
      }
      int a = parseId(file, lineNo, parts[0], line);
      int b = parseId(file, lineNo, parts[1], line);
      if (a >= 256 + i || b >= 256 + i) {
        throw bad(
            file,
            lineNo,
            "merge " + i + " (creating id " + (256 + i) + ") may only join ids below " + (256 + i),
            line);
      }
      merges[i] = new int[] {a, b};
    }
    return new MinbpeModel(pattern, specials, merges);
  }

  private static int parseId(Path file, int lineNo, String s, String line) {
    try {
      int v = Integer.parseInt(s);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(file, lineNo, "expected a non-negative token id, got '" + s + "'", line);
  }

  /**
   * An error naming a file, a line, what was expected and what was found.
   *
   * @param lineNo the 1-based line number
   * @param expected what the line should hold
   * @param got the line
   * @return the exception to throw
   */
  public static IllegalArgumentException bad(Path file, int lineNo, String expected, String got) {
    String shown = got.length() > 80 ? got.substring(0, 80) + "..." : got;
    return new IllegalArgumentException(
        file + ":" + lineNo + ": " + expected + ", got '" + shown + "'");
  }

  /**
   * The lines of a UTF-8 file, split on '\n' with a trailing '\r' removed (no final empty line).
   *
   * @return its lines
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is not UTF-8 text (the message names the byte
   *     offset)
   */
  public static List<String> readLines(Path file) throws IOException {
    String text = TextFiles.readUtf8(file);
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      String line = text.substring(start, end);
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      start = end + 1;
    }
    return lines;
  }

  /**
   * The text of a minbpe {@code .model}.
   *
   * @param pattern the split pattern source ("" for none)
   * @param specials special tokens in order
   * @param merges the merges in order
   * @return the file contents
   */
  public static String minbpeModel(String pattern, Map<String, Integer> specials, int[][] merges) {
    StringBuilder sb = new StringBuilder(merges.length * 8 + 64);
    sb.append(MINBPE_HEADER)
        .append('\n')
        .append(pattern)
        .append('\n')
        .append(specials.size())
        .append('\n');
    specials.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    for (int[] m : merges) {
      sb.append(m[0]).append(' ').append(m[1]).append('\n');
    }
    return sb.toString();
  }

  /**
   * The text of minbpe's human-readable {@code .vocab}: one line per token, merges shown as {@code
   * [left][right] -> [token] id}, undecodable bytes as U+FFFD and control characters escaped.
   *
   * @param vocab the bytes of ids 0..n-1
   * @param merges the merges (merge i creates id 256+i)
   * @param specials special tokens in order, listed last
   * @return the file contents
   */
  public static String minbpeVocab(byte[][] vocab, int[][] merges, Map<String, Integer> specials) {
    StringBuilder sb = new StringBuilder(vocab.length * 16);
    for (int id = 0; id < vocab.length; id++) {
      if (id >= 256) {
        int[] m = merges[id - 256];
        sb.append('[')
            .append(render(vocab[m[0]]))
            .append("][")
            .append(render(vocab[m[1]]))
            .append("] -> ");
      }
      sb.append('[').append(render(vocab[id])).append("] ").append(id).append('\n');
    }
    specials.forEach(
        (k, v) ->
            sb.append('[')
                .append(render(k.getBytes(StandardCharsets.UTF_8)))
                .append("] ")
                .append(v)
                .append('\n'));
    return sb.toString();
  }

  /** minbpe's render_token: decode with replacement, escape every code point of category C*. */
  public static String render(byte[] token) {
    String s = Utf8.decode(token, 0, token.length);
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (isOther(cp)) {
                sb.append(String.format("\\u%04x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }

  private static boolean isOther(int cp) {
    int t = Character.getType(cp);
    return t == Character.CONTROL
        || t == Character.FORMAT
        || t == Character.SURROGATE
        || t == Character.PRIVATE_USE
        || t == Character.UNASSIGNED;
  }

  /**
   * Writes text to a temporary file beside {@code target}, then moves it into place atomically.
   *
   * @param target the file to write
   * @param text its contents (UTF-8)
   * @throws IOException when writing fails
   */
  public static void writeAtomically(Path target, String text) throws IOException {
    writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes bytes to a temporary file beside {@code target}, then moves it into place atomically.
   *
   * @param target the file to write
   * @param bytes its contents
   * @throws IOException when writing fails
   */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    AtomicFiles.write(target, bytes);
  }
}
