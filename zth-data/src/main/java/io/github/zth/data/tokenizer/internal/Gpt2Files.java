package io.github.zth.data.tokenizer.internal;

import io.github.zth.autograd.io.JsonObject;
import io.github.zth.autograd.io.TextFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2's original tokenizer files, {@code encoder.json} (token to id) and {@code vocab.bpe} (the
 * merges in rank order); Hugging Face's {@code vocab.json} and {@code merges.txt} are the same
 * files. Both spell a token's bytes through GPT-2's byte-to-unicode table, which maps each byte to
 * a printable character so the files stay readable text: the printable Latin-1 bytes map to
 * themselves, and the other 68 bytes, in increasing order, to U+0100 onwards (the table of OpenAI's
 * {@code encoder.py}, github.com/openai/gpt-2, MIT licence).
 *
 * <p>{@link #ranks} rebuilds the byte-level ranks from the merges the way tiktoken's {@code
 * data_gym_to_mergeable_bpe_ranks} does (the 256 single bytes in table order, then one rank per
 * merge) and checks them against {@code encoder.json}, so the two files cannot disagree.
 */
public final class Gpt2Files {
  private Gpt2Files() {}

  /** The byte each table character stands for; -1 for characters outside the table. */
  private static final int[] CHAR_TO_BYTE = new int[256 + 68];

  /** The bytes in rank order: the printable ones, then the rest. */
  private static final int[] RANK_TO_BYTE = new int[256];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (printable(b)) {
        CHAR_TO_BYTE[b] = b;
        RANK_TO_BYTE[n++] = b;
      }
    }
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      if (!printable(b)) {
        CHAR_TO_BYTE[256 + extra++] = b;
        RANK_TO_BYTE[n++] = b;
      }
    }
  }

  /** GPT-2's printable bytes: {@code !..~}, {@code ¡..¬}, {@code ®..ÿ}. */
  private static boolean printable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /**
   * The bytes a token string of these files stands for.
   *
   * @param s the token as written in the files
   * @return its bytes, or null when a character is outside GPT-2's table
   */
  public static byte[] decode(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
      if (b < 0) {
        return null;
      }
      out[i] = (byte) b;
    }
    return out;
  }

  /**
   * The token string of these files for some bytes (the inverse of {@link #decode}).
   *
   * @return the string
   */
  public static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte x : bytes) {
      int b = x & 0xFF;
      if (printable(b)) {
        sb.append((char) b);
      } else {
        int extra = 0;
        for (int c = 0; c < b; c++) {
          if (!printable(c)) {
            extra++;
          }
        }
        sb.append((char) (256 + extra));
      }
    }
    return sb.toString();
  }

  /**
   * The byte-level ranks of GPT-2's tokenizer, from its two files, checked against each other.
   *
   * @param encoderJson {@code encoder.json} (or HF {@code vocab.json})
   * @param vocabBpe {@code vocab.bpe} (or HF {@code merges.txt})
   * @param specials names that {@code encoder.json} may hold besides the ranks (they are skipped)
   * @return the token bytes by rank
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when a file is malformed or the two disagree (the message
   *     names the file and line or token)
   */
  public static byte[][] ranks(Path encoderJson, Path vocabBpe, Iterable<String> specials)
      throws IOException {
    List<byte[]> byRank = new ArrayList<>();
    for (int b : RANK_TO_BYTE) {
      byRank.add(new byte[] {(byte) b});
    }
    List<String> lines = ModelFiles.readLines(vocabBpe);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
        continue;
      }
      String[] parts = line.split(" ");
      byte[] a = parts.length == 2 ? decode(parts[0]) : null;
      byte[] b = parts.length == 2 ? decode(parts[1]) : null;
      if (a == null || b == null || a.length == 0 || b.length == 0) {
        throw ModelFiles.bad(
            vocabBpe, i + 1, "a merge '<token> <token>' in GPT-2's byte-to-unicode spelling", line);
      }
      byte[] merged = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, merged, a.length, b.length);
      byRank.add(merged);
    }
    Map<String, Integer> encoder = readFlatIntObject(encoderJson);
    for (String s : specials) {
      encoder.remove(s);
    }
    if (encoder.size() != byRank.size()) {
      throw new IllegalArgumentException(
          encoderJson
              + ": "
              + encoder.size()
              + " tokens besides the special ones, but "
              + vocabBpe
              + " gives 256 bytes + "
              + (byRank.size() - 256)
              + " merges = "
              + byRank.size());
    }
    Map<String, Integer> expected = new HashMap<>();
    for (int r = 0; r < byRank.size(); r++) {
      expected.put(encode(byRank.get(r)), r);
    }
    for (Map.Entry<String, Integer> e : encoder.entrySet()) {
      Integer r = expected.get(e.getKey());
      if (r == null || !r.equals(e.getValue())) {
        throw new IllegalArgumentException(
            encoderJson
                + ": token "
                + quote(e.getKey())
                + " has id "
                + e.getValue()
                + ", but "
                + vocabBpe
                + (r == null ? " never makes it" : " gives it rank " + r));
      }
    }
    return byRank.toArray(new byte[0][]);
  }

  /**
   * Writes GPT-2's two files for byte-level ranks (the inverse of {@link #ranks}): every token
   * above the 256 bytes must be the concatenation of two lower-ranked tokens.
   *
   * @param ranks token bytes by rank, the first 256 in GPT-2's byte order
   * @param specials special tokens and ids to add to {@code encoder.json}
   * @param encoderJson where to write {@code encoder.json}
   * @param vocabBpe where to write {@code vocab.bpe}
   * @throws IOException when writing fails
   */
  public static void write(
      byte[][] ranks, Map<String, Integer> specials, Path encoderJson, Path vocabBpe)
      throws IOException {
    Map<String, Integer> byString = new HashMap<>();
    StringBuilder json = new StringBuilder("{");
    StringBuilder bpe = new StringBuilder("#version: 0.2\n");
    for (int r = 0; r < ranks.length; r++) {
      String s = encode(ranks[r]);
      if (r < 256
          ? (ranks[r].length != 1 || (ranks[r][0] & 0xFF) != RANK_TO_BYTE[r])
          : !split(ranks[r], byString, r, bpe)) {
        throw new IllegalArgumentException(
            "Gpt2Files.write: token of rank "
                + r
                + " "
                + quote(s)
                + " is not "
                + (r < 256
                    ? "GPT-2's byte " + RANK_TO_BYTE[r]
                    : "a merge of two lower-ranked tokens"));
      }
      byString.put(s, r);
      appendEntry(json, s, r);
    }
    for (Map.Entry<String, Integer> e : specials.entrySet()) {
      appendEntry(json, e.getKey(), e.getValue());
    }
    json.append('}');
    ModelFiles.writeAtomically(encoderJson, json.toString());
    ModelFiles.writeAtomically(vocabBpe, bpe.toString());
  }

  private static boolean split(byte[] t, Map<String, Integer> known, int rank, StringBuilder bpe) {
    // GPT-2's merge for a token is its split whose parts have the lowest ranks; any valid split
    // rebuilds the same ranks, so the first split into two known tokens is written.
    for (int k = 1; k < t.length; k++) {
      String a = encode(java.util.Arrays.copyOfRange(t, 0, k));
      String b = encode(java.util.Arrays.copyOfRange(t, k, t.length));
      if (known.containsKey(a) && known.containsKey(b)) {
        bpe.append(a).append(' ').append(b).append('\n');
        return true;
      }
    }
    return false;
  }

  private static void appendEntry(StringBuilder json, String key, int id) {
    if (json.length() > 1) {
      json.append(", ");
    }
    json.append('"');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7F) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    json.append("\": ").append(id);
  }

  private static String quote(String s) {
    return '\'' + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + '\'';
  }

  /**
   * Reads a JSON object whose values are all non-negative integers, such as {@code encoder.json}.
   * The JSON is zth-autograd's strict {@link JsonObject}, whose errors name the file and the
   * character offset or the key.
   */
  static Map<String, Integer> readFlatIntObject(Path file) throws IOException {
    JsonObject o = JsonObject.parse(file.toString(), TextFiles.readUtf8(file));
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String key : o.asMap().keySet()) {
      int id = o.getInt(key);
      if (id < 0) {
        throw new IllegalArgumentException(
            file + ": token " + quote(key) + " has id " + id + ", expected a non-negative id");
      }
      out.put(key, id);
    }
    return out;
  }
}
