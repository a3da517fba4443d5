package io.github.zth.data.tokenizer;

import io.github.zth.data.tokenizer.internal.BpeMerger;
import io.github.zth.data.tokenizer.internal.ByteList;
import io.github.zth.data.tokenizer.internal.ByteSeqIntMap;
import io.github.zth.data.tokenizer.internal.LongIntMap;
import io.github.zth.data.tokenizer.internal.ModelFiles;
import io.github.zth.data.tokenizer.internal.TextEncoder;
import io.github.zth.data.tokenizer.internal.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OpenAI tiktoken encoding: a {@code .tiktoken} rank file (one {@code base64-token rank} per
 * line), a split pattern and special tokens. Encodings equal tiktoken's id for id: a chunk that is a
 * token in itself becomes that token, otherwise its bytes merge lowest rank first.
 *
 * <pre>{@code
 * TiktokenEncoding enc = TiktokenEncoding.cl100k(Path.of("cl100k_base.tiktoken"));
 * int[] ids = enc.encode("hello world");   // [15339, 1917]
 * }</pre>
 *
 * <p>The rank file is not bundled: download it from {@link #CL100K_URL}.
 */
public final class TiktokenEncoding implements Tokenizer {
  /** Where OpenAI publishes cl100k_base's ranks. */
  public static final String CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken";
  /** The SHA-256 of cl100k_base.tiktoken (tiktoken checks the same value). */
  public static final String CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7";

  private static final Map<String, Integer> CL100K_SPECIALS = cl100kSpecials();

  private final String name;
  private final byte[][] tokens;
  private final Map<String, Integer> specials;
  private final Map<Integer, byte[]> specialBytes = new HashMap<>();
  private final TextEncoder encoder;
  private final Pattern allSpecials;
  private final int vocabSize;

  private TiktokenEncoding(String name, byte[][] tokens, SplitPattern pattern, Map<String, Integer> specials) {
    this.name = name;
    this.tokens = tokens;
    this.specials = Collections.unmodifiableMap(new LinkedHashMap<>(specials));
    ByteSeqIntMap byBytes = new ByteSeqIntMap();
    for (int rank = 0; rank < tokens.length; rank++) {
      if (tokens[rank] != null && !byBytes.add(tokens[rank], rank)) {
        throw new IllegalArgumentException(name + ": token of rank " + rank + " repeats an earlier token");
      }
    }
    int[] byteTokens = new int[256];
    byte[] one = new byte[1];
    for (int b = 0; b < 256; b++) {
      one[0] = (byte) b;
      byteTokens[b] = byBytes.get(one, 0, 1, -1);
      if (byteTokens[b] < 0) {
        throw new IllegalArgumentException(name + ": no token for the single byte " + b + "; a byte-level encoding needs all 256");
      }
    }
    // A merge of two adjacent tokens is allowed exactly when their concatenation is a token, so
    // the pair table holds every split of every token into two tokens.
    LongIntMap pairs = new LongIntMap(tokens.length * 4);
    for (int rank = 0; rank < tokens.length; rank++) {
      byte[] t = tokens[rank];
      if (t == null) {
        continue;
      }
      for (int k = 1; k < t.length; k++) {
        int a = byBytes.get(t, 0, k, -1);
        if (a >= 0) {
          int b = byBytes.get(t, k, t.length - k, -1);
          if (b >= 0) {
            pairs.put(LongIntMap.pair(a, b), rank, -1);
          }
        }
      }
    }
    int max = tokens.length - 1;
    for (Map.Entry<String, Integer> e : specials.entrySet()) {
      int id = e.getValue();
      if (id < 0 || (id < tokens.length && tokens[id] != null) || specialBytes.containsKey(id)) {
        throw new IllegalArgumentException(name + ": special token '" + e.getKey() + "' has id " + id + ", already taken");
      }
      specialBytes.put(id, Utf8.encode(e.getKey()));
      max = Math.max(max, id);
    }
    vocabSize = max + 1;
    encoder = new TextEncoder(pattern, new BpeMerger(pairs, byteTokens, byBytes));
    allSpecials = TextEncoder.specialPattern(this.specials.keySet());
  }

  /**
   * Loads a {@code .tiktoken} rank file.
   *
   * @param rankFile lines of {@code base64-token rank}
   * @param pattern the split pattern
   * @param specialTokens special tokens and their ids
   * @return the encoding
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when a line is malformed (the message names file and line)
   */
  public static TiktokenEncoding load(Path rankFile, SplitPattern pattern, Map<String, Integer> specialTokens)
      throws IOException {
    byte[] data = Files.readAllBytes(rankFile);
    return parse(rankFile, data, pattern, specialTokens);
  }

  /**
   * OpenAI's cl100k_base (GPT-4, GPT-3.5-turbo) from its rank file, checked against
   * {@link #CL100K_SHA256}.
   *
   * @param rankFile the downloaded {@code cl100k_base.tiktoken}
   * @return the encoding, with cl100k's five special tokens
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file's SHA-256 differs
   */
  public static TiktokenEncoding cl100k(Path rankFile) throws IOException {
    byte[] data = Files.readAllBytes(rankFile);
    String sha = sha256(data);
    if (!sha.equals(CL100K_SHA256)) {
      throw new IllegalArgumentException(
          "cl100k: " + rankFile + " has SHA-256 " + sha + ", expected " + CL100K_SHA256
              + " (a damaged or different file: download it again from " + CL100K_URL + ")");
    }
    return parse(rankFile, data, SplitPattern.GPT4, CL100K_SPECIALS);
  }

  private static TiktokenEncoding parse(Path file, byte[] data, SplitPattern pattern, Map<String, Integer> specials) {
    String text = new String(data, StandardCharsets.US_ASCII);
    byte[][] byRank = new byte[Math.max(16, data.length / 12)][];
    int count = 0;
    Base64.Decoder b64 = Base64.getDecoder();
    int lineNo = 0;
    for (int start = 0; start < text.length(); ) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      lineNo++;
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      int sp = line.indexOf(' ');
      byte[] token;
      int rank;
      try {
        if (sp <= 0) {
          throw new IllegalArgumentException("no space");
        }
        token = b64.decode(line.substring(0, sp));
        rank = Integer.parseInt(line.substring(sp + 1));
      } catch (IllegalArgumentException e) {
        throw ModelFiles.bad(file, lineNo, "expected '<base64 token> <rank>'", line);
      }
      if (rank < 0 || token.length == 0) {
        throw ModelFiles.bad(file, lineNo, "expected a non-empty token and a non-negative rank", line);
      }
      // Ranks are dense (0..n-1 with few gaps): one past the file's size in bytes cannot be, and
      // would make the table below as large as the rank claims.
      if (rank >= data.length) {
        throw ModelFiles.bad(file, lineNo, "a rank below " + data.length + " (the file's size in bytes; ranks are dense)", line);
      }
      if (rank >= byRank.length) {
        byRank = java.util.Arrays.copyOf(byRank, Math.max(rank + 1, byRank.length * 2));
      }
      if (byRank[rank] != null) {
        throw ModelFiles.bad(file, lineNo, "a rank not used before (rank " + rank + " repeats)", line);
      }
      byRank[rank] = token;
      count = Math.max(count, rank + 1);
    }
    if (count == 0) {
      throw ModelFiles.bad(file, 1, "at least one '<base64 token> <rank>' line", "empty file");
    }
    String name = file.getFileName().toString();
    try {
      return new TiktokenEncoding(name, java.util.Arrays.copyOf(byRank, count), pattern, specials);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Map<String, Integer> cl100kSpecials() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("<|endoftext|>", 100257);
    m.put("<|fim_prefix|>", 100258);
    m.put("<|fim_middle|>", 100259);
    m.put("<|fim_suffix|>", 100260);
    m.put("<|endofprompt|>", 100276);
    return Collections.unmodifiableMap(m);
  }

  /** Encodes text; a special token in it is an error, as tiktoken's default. */
  @Override
  public int[] encode(String text) {
    return encode(text, AllowedSpecial.NONE_RAISE);
  }

  /**
   * Encodes text, emitting the allowed special tokens as their ids.
   *
   * @param text the text
   * @param allowed which special tokens to recognise
   * @return the ids
   */
  public int[] encode(String text, AllowedSpecial allowed) {
    return encoder.encode(text, allowed, specials, allSpecials);
  }

  /**
   * Encodes text treating special tokens as ordinary text (tiktoken's {@code encode_ordinary}).
   *
   * @param text the text
   * @return the ids
   */
  public int[] encodeOrdinary(String text) {
    return encoder.encode(text, Map.of(), null);
  }

  @Override
  public String decode(int[] ids) {
    ByteList buf = new ByteList(ids.length * 4);
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      byte[] b = id >= 0 && id < tokens.length ? tokens[id] : null;
      if (b == null) {
        b = specialBytes.get(id);
      }
      if (b == null) {
        throw new IllegalArgumentException(
            "decode: unknown token id " + id + " at index " + i + "; " + name + " has ids 0.." + (vocabSize - 1)
                + " (vocab size " + vocabSize + ")");
      }
      buf.addAll(b);
    }
    return Utf8.decode(buf.array(), 0, buf.size());
  }

  /** The largest id plus one (tiktoken's {@code n_vocab}). */
  @Override
  public int vocabSize() {
    return vocabSize;
  }

  /** The special tokens and their ids. */
  public Map<String, Integer> specialTokens() {
    return specials;
  }

  /**
   * Writes the ranks to {@code prefix.tiktoken} in tiktoken's format (the split pattern and special
   * tokens are not part of that format; pass them again to {@link #load}).
   */
  @Override
  public void save(Path prefix) throws IOException {
    StringBuilder sb = new StringBuilder(tokens.length * 16);
    Base64.Encoder b64 = Base64.getEncoder();
    for (int rank = 0; rank < tokens.length; rank++) {
      if (tokens[rank] != null) {
        sb.append(b64.encodeToString(tokens[rank])).append(' ').append(rank).append('\n');
      }
    }
    ModelFiles.writeAtomically(Path.of(prefix + ".tiktoken"), sb.toString());
  }

  @Override
  public String toString() {
    return "TiktokenEncoding[" + name + ", vocab " + vocabSize + "]";
  }
}
