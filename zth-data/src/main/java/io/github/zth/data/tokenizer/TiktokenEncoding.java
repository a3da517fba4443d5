package io.github.zth.data.tokenizer;

import io.github.zth.data.Datasets;
import io.github.zth.data.tokenizer.internal.BpeMerger;
import io.github.zth.data.tokenizer.internal.ByteList;
import io.github.zth.data.tokenizer.internal.ByteSeqIntMap;
import io.github.zth.data.tokenizer.internal.Gpt2Files;
import io.github.zth.data.tokenizer.internal.LlmcTokenizerFile;
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
 * line), a split pattern and special tokens. Encodings equal tiktoken's id for id: a chunk that is
 * a token in itself becomes that token, otherwise its bytes merge lowest rank first.
 *
 * <pre>{@code
 * TiktokenEncoding enc = TiktokenEncoding.cl100k(Path.of("cl100k_base.tiktoken"));
 * int[] ids = enc.encode("hello world");   // [15339, 1917]
 * TiktokenEncoding gpt2 = TiktokenEncoding.named("gpt2", Datasets.defaults());
 * gpt2.encode("hello world");               // [31373, 995]
 * }</pre>
 *
 * <p>Four of OpenAI's encodings have factories: GPT-2's ({@link #r50k} from its rank file, or
 * {@link #gpt2} from the original {@code encoder.json} + {@code vocab.bpe}, the same tokenizer),
 * cl100k_base (GPT-4) and o200k_base (GPT-4o). Each checks its ranks against the SHA-256 that
 * {@link Datasets} pins, so a damaged or different file is refused rather than silently encoding
 * differently. The files are not bundled; {@link #named} finds or downloads them through {@link
 * Datasets}.
 */
public final class TiktokenEncoding implements Tokenizer {
  /** Where OpenAI publishes cl100k_base's ranks. */
  public static final String CL100K_URL = Datasets.CL100K_BASE.url().toString();

  /** The SHA-256 of cl100k_base.tiktoken (tiktoken checks the same value). */
  public static final String CL100K_SHA256 = Datasets.CL100K_BASE.sha256();

  /** GPT-2's end-of-text token, the only special token of r50k_base / gpt2. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  private static final Map<String, Integer> CL100K_SPECIALS = cl100kSpecials();
  private static final Map<String, Integer> R50K_SPECIALS = Map.of(END_OF_TEXT, 50256);
  private static final Map<String, Integer> O200K_SPECIALS = o200kSpecials();

  /** The encoding names {@link #named} knows. */
  public static final java.util.List<String> NAMES =
      java.util.List.of("gpt2", "r50k_base", "cl100k_base", "o200k_base");

  private final String name;
  private final byte[][] tokens;
  private final Map<String, Integer> specials;
  private final Map<Integer, byte[]> specialBytes = new HashMap<>();
  private final TextEncoder encoder;
  private final Pattern allSpecials;
  private final int vocabSize;

  private TiktokenEncoding(
      String name, byte[][] tokens, SplitPattern pattern, Map<String, Integer> specials) {
    this.name = name;
    this.tokens = tokens;
    this.specials = Collections.unmodifiableMap(new LinkedHashMap<>(specials));
    ByteSeqIntMap byBytes = new ByteSeqIntMap();
    for (int rank = 0; rank < tokens.length; rank++) {
      if (tokens[rank] != null && !byBytes.add(tokens[rank], rank)) {
        throw new IllegalArgumentException(
            name + ": token of rank " + rank + " repeats an earlier token");
      }
    }
    int[] byteTokens = new int[256];
    byte[] one = new byte[1];
    for (int b = 0; b < 256; b++) {
      one[0] = (byte) b;
      byteTokens[b] = byBytes.get(one, 0, 1, -1);
      if (byteTokens[b] < 0) {
        throw new IllegalArgumentException(
            name + ": no token for the single byte " + b + "; a byte-level encoding needs all 256");
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
        throw new IllegalArgumentException(
            name + ": special token '" + e.getKey() + "' has id " + id + ", already taken");
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
  public static TiktokenEncoding load(
      Path rankFile, SplitPattern pattern, Map<String, Integer> specialTokens) throws IOException {
    byte[] data = Files.readAllBytes(rankFile);
    return parse(rankFile, data, pattern, specialTokens);
  }

  /**
   * OpenAI's cl100k_base (GPT-4, GPT-3.5-turbo) from its rank file, checked against {@link
   * #CL100K_SHA256}.
   *
   * @param rankFile the downloaded {@code cl100k_base.tiktoken}
   * @return the encoding, with cl100k's five special tokens
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file's SHA-256 differs
   */
  public static TiktokenEncoding cl100k(Path rankFile) throws IOException {
    return RankFile.CL100K.load(rankFile);
  }

  /**
   * OpenAI's r50k_base (GPT-2) from its rank file, checked against its pinned SHA-256: GPT-2's
   * split pattern, 50,256 ranks and {@code <|endoftext|>} = 50256.
   *
   * @param rankFile the downloaded {@code r50k_base.tiktoken}
   * @return the encoding
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file's SHA-256 differs
   */
  public static TiktokenEncoding r50k(Path rankFile) throws IOException {
    return RankFile.R50K.load(rankFile);
  }

  /**
   * OpenAI's o200k_base (GPT-4o) from its rank file, checked against its pinned SHA-256, with its
   * own split pattern ({@link SplitPattern#O200K}) and its two special tokens.
   *
   * @param rankFile the downloaded {@code o200k_base.tiktoken}
   * @return the encoding
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file's SHA-256 differs
   */
  public static TiktokenEncoding o200k(Path rankFile) throws IOException {
    return RankFile.O200K.load(rankFile);
  }

  /**
   * One of the known rank files (r50k_base, cl100k_base, o200k_base), recognised by its SHA-256, so
   * the file name does not matter.
   *
   * @param rankFile a {@code .tiktoken} file
   * @return its encoding, with its split pattern and special tokens
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is none of them
   */
  public static TiktokenEncoding fromRankFile(Path rankFile) throws IOException {
    byte[] data = Files.readAllBytes(rankFile);
    String sha = sha256(data);
    for (RankFile known : RankFile.values()) {
      if (sha.equals(known.pin.sha256())) {
        return parse(rankFile, data, known.pattern, known.specials);
      }
    }
    throw new IllegalArgumentException(
        rankFile
            + ": SHA-256 "
            + sha
            + " is none of r50k_base, cl100k_base or"
            + " o200k_base (a damaged or different file; load another rank file with TiktokenEncoding.load and its pattern)");
  }

  /**
   * GPT-2's tokenizer from its original files (Hugging Face's {@code vocab.json} and {@code
   * merges.txt} are the same). The ranks are rebuilt from the merges, checked against the token ids
   * of {@code encoder.json}, and then against r50k_base's pinned SHA-256, so either form gives the
   * very same encoding as {@link #r50k}.
   *
   * @param encoderJson {@code encoder.json} or {@code vocab.json}
   * @param vocabBpe {@code vocab.bpe} or {@code merges.txt}
   * @return the encoding, named gpt2
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when a file is malformed, the two disagree, or the ranks are
   *     not GPT-2's
   */
  public static TiktokenEncoding gpt2(Path encoderJson, Path vocabBpe) throws IOException {
    byte[][] ranks = Gpt2Files.ranks(encoderJson, vocabBpe, R50K_SPECIALS.keySet());
    String sha = sha256(rankFileText(ranks).getBytes(StandardCharsets.US_ASCII));
    if (!sha.equals(Datasets.R50K_BASE.sha256())) {
      throw new IllegalArgumentException(
          "gpt2: the ranks of "
              + encoderJson
              + " and "
              + vocabBpe
              + " are not GPT-2's"
              + " (written as a rank file they have SHA-256 "
              + sha
              + ", r50k_base.tiktoken has "
              + Datasets.R50K_BASE.sha256()
              + "): a damaged or different pair of files");
    }
    return new TiktokenEncoding("gpt2", ranks, SplitPattern.GPT2, R50K_SPECIALS);
  }

  /**
   * An encoding from token bytes in rank order, e.g. a vocabulary read from another format.
   *
   * @param name a name for messages
   * @param ranks the token bytes by rank (null for an unused rank); all 256 single bytes must be
   *     there
   * @param pattern the split pattern
   * @param specialTokens special tokens and their ids, outside the ranks
   * @return the encoding
   * @throws IllegalArgumentException when a token repeats, a single byte is missing or a special id
   *     is taken
   */
  public static TiktokenEncoding of(
      String name, byte[][] ranks, SplitPattern pattern, Map<String, Integer> specialTokens) {
    byte[][] copy = new byte[ranks.length][];
    for (int i = 0; i < ranks.length; i++) {
      copy[i] = ranks[i] == null ? null : ranks[i].clone();
    }
    return new TiktokenEncoding(name, copy, pattern, specialTokens);
  }

  /**
   * One of OpenAI's encodings by tiktoken's name, its files found (or downloaded once, SHA-checked)
   * through {@code data}: {@code gpt2} reads {@code gpt2/encoder.json} + {@code gpt2/vocab.bpe};
   * {@code r50k_base}, {@code cl100k_base} and {@code o200k_base} read their {@code .tiktoken}
   * file.
   *
   * @param encoding one of {@link #NAMES}
   * @param data where to find the files
   * @return the encoding
   * @throws IOException when a file is nowhere to be found or read
   * @throws IllegalArgumentException for another name, or a file that fails its check
   */
  public static TiktokenEncoding named(String encoding, Datasets data) throws IOException {
    switch (encoding) {
      case "gpt2":
        return gpt2(
            data.resolve(Datasets.GPT2_ENCODER.fileName()),
            data.resolve(Datasets.GPT2_VOCAB_BPE.fileName()));
      case "r50k_base":
        return r50k(data.resolve(Datasets.R50K_BASE.fileName()));
      case "cl100k_base":
        return cl100k(data.resolve(Datasets.CL100K_BASE.fileName()));
      case "o200k_base":
        return o200k(data.resolve(Datasets.O200K_BASE.fileName()));
      default:
        throw new IllegalArgumentException(
            "encoding '" + encoding + "': expected one of " + String.join(", ", NAMES));
    }
  }

  /**
   * GPT-2's tokenizer from llm.c's {@code gpt2_tokenizer.bin}. That file holds each id's bytes but
   * no merges or pattern, so encoding uses GPT-2's split pattern and takes ids as ranks, which is
   * exact for GPT-2's file (its ids are its ranks); the end-of-text token becomes the special
   * {@code <|endoftext|>}.
   *
   * @param file the {@code .bin} file
   * @return the encoding
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is malformed (the message names the byte offset)
   */
  public static TiktokenEncoding readLlmc(Path file) throws IOException {
    LlmcTokenizerFile.Contents c = LlmcTokenizerFile.read(file);
    byte[][] ranks = c.tokens().clone();
    String eot = new String(ranks[c.eot()], StandardCharsets.UTF_8);
    ranks[c.eot()] = null;
    try {
      return new TiktokenEncoding(
          file.getFileName().toString(), ranks, SplitPattern.GPT2, Map.of(eot, c.eot()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("llm.c tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes this encoding as llm.c's {@code gpt2_tokenizer.bin} (version 2): every id from 0 to
   * {@code vocabSize() - 1} must have a token, and {@code <|endoftext|>} must be a special token.
   *
   * @param file the target, written atomically
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when an id has no token or there is no end-of-text token
   */
  public void writeLlmc(Path file) throws IOException {
    Integer eot = specials.get(END_OF_TEXT);
    if (eot == null) {
      throw new IllegalArgumentException(
          "writeLlmc: " + name + " has no " + END_OF_TEXT + " token, which llm.c needs");
    }
    byte[][] all = new byte[vocabSize][];
    for (int id = 0; id < vocabSize; id++) {
      all[id] = id < tokens.length && tokens[id] != null ? tokens[id] : specialBytes.get(id);
    }
    LlmcTokenizerFile.write(file, all, eot);
  }

  /**
   * The bytes of a token, special tokens included (what {@link #decode} concatenates).
   *
   * @param id the token id
   * @return a copy of its bytes
   * @throws IllegalArgumentException for an id with no token
   */
  public byte[] tokenBytes(int id) {
    byte[] b = id >= 0 && id < tokens.length ? tokens[id] : null;
    if (b == null) {
      b = specialBytes.get(id);
    }
    if (b == null) {
      throw new IllegalArgumentException(
          "tokenBytes: no token has id " + id + " in " + name + " (vocab size " + vocabSize + ")");
    }
    return b.clone();
  }

  /** The number of ranks (ordinary tokens), without the special tokens. */
  public int rankCount() {
    return tokens.length;
  }

  /**
   * OpenAI's rank files, each with the SHA-256 and URL {@link Datasets} pins for it, its split
   * pattern and its special tokens: the one table {@link #r50k}, {@link #cl100k}, {@link #o200k}
   * and {@link #fromRankFile} read.
   */
  private enum RankFile {
    R50K("r50k_base", Datasets.R50K_BASE, SplitPattern.GPT2, R50K_SPECIALS),
    CL100K("cl100k", Datasets.CL100K_BASE, SplitPattern.GPT4, CL100K_SPECIALS),
    O200K("o200k_base", Datasets.O200K_BASE, SplitPattern.O200K, O200K_SPECIALS);

    private final String what; // names the encoding in a failed check's message
    private final Datasets.Source pin;
    private final SplitPattern pattern;
    private final Map<String, Integer> specials;

    RankFile(
        String what, Datasets.Source pin, SplitPattern pattern, Map<String, Integer> specials) {
      this.what = what;
      this.pin = pin;
      this.pattern = pattern;
      this.specials = specials;
    }

    /** The file, refused unless its SHA-256 is the pinned one. */
    TiktokenEncoding load(Path rankFile) throws IOException {
      return parse(rankFile, checked(what, rankFile, pin), pattern, specials);
    }
  }

  private static byte[] checked(String what, Path file, Datasets.Source pin) throws IOException {
    byte[] data = Files.readAllBytes(file);
    String sha = sha256(data);
    if (!sha.equals(pin.sha256())) {
      throw new IllegalArgumentException(
          what
              + ": "
              + file
              + " has SHA-256 "
              + sha
              + ", expected "
              + pin.sha256()
              + " (a damaged or different file: download it again from "
              + pin.url()
              + ")");
    }
    return data;
  }

  private static TiktokenEncoding parse(
      Path file, byte[] data, SplitPattern pattern, Map<String, Integer> specials) {
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
        throw ModelFiles.bad(
            file, lineNo, "expected a non-empty token and a non-negative rank", line);
      }
      // Ranks are dense (0..n-1 with few gaps): one past the file's size in bytes cannot be, and
      // would make the table below as large as the rank claims.
      if (rank >= data.length) {
        throw ModelFiles.bad(
            file,
            lineNo,
            "a rank below " + data.length + " (the file's size in bytes; ranks are dense)",
            line);
      }
      if (rank >= byRank.length) {
        byRank = java.util.Arrays.copyOf(byRank, Math.max(rank + 1, byRank.length * 2));
      }
      if (byRank[rank] != null) {
        throw ModelFiles.bad(
            file, lineNo, "a rank not used before (rank " + rank + " repeats)", line);
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

  private static Map<String, Integer> o200kSpecials() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put(END_OF_TEXT, 199999);
    m.put("<|endofprompt|>", 200018);
    return Collections.unmodifiableMap(m);
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
   * @param allowed which special tokens to recognise
   * @return the ids
   */
  public int[] encode(String text, AllowedSpecial allowed) {
    return encoder.encode(text, allowed, specials, allSpecials);
  }

  /**
   * Encodes text treating special tokens as ordinary text (tiktoken's {@code encode_ordinary}).
   *
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
            "decode: unknown token id "
                + id
                + " at index "
                + i
                + "; "
                + name
                + " has ids 0.."
                + (vocabSize - 1)
                + " (vocab size "
                + vocabSize
                + ")");
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
    ModelFiles.writeAtomically(Path.of(prefix + ".tiktoken"), rankFileText(tokens));
  }

  private static String rankFileText(byte[][] tokens) {
    StringBuilder sb = new StringBuilder(tokens.length * 16);
    Base64.Encoder b64 = Base64.getEncoder();
    for (int rank = 0; rank < tokens.length; rank++) {
      if (tokens[rank] != null) {
        sb.append(b64.encodeToString(tokens[rank])).append(' ').append(rank).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "TiktokenEncoding[" + name + ", vocab " + vocabSize + "]";
  }
}
