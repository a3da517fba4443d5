package io.github.zth.data.tokenizer;

import io.github.zth.data.tokenizer.internal.BpeMerger;
import io.github.zth.data.tokenizer.internal.BpeTrainer;
import io.github.zth.data.tokenizer.internal.ByteList;
import io.github.zth.data.tokenizer.internal.LongIntMap;
import io.github.zth.data.tokenizer.internal.ModelFiles;
import io.github.zth.data.tokenizer.internal.TextEncoder;
import io.github.zth.data.tokenizer.internal.Utf8;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * minbpe's byte-level BPE: ids 0..255 are bytes, merge {@code i} joins two earlier ids into id
 * {@code 256+i}, and special tokens (if any) have ids of their own. {@link BasicTokenizer} merges
 * across the whole text; {@link RegexTokenizer} first splits it with a {@link SplitPattern}. Models
 * are read and written in minbpe's {@code .model}/{@code .vocab} formats, so files move freely
 * between minbpe and zth. Instances are immutable and thread-safe.
 */
public abstract sealed class BpeTokenizer implements Tokenizer
    permits BasicTokenizer, RegexTokenizer {
  private final SplitPattern pattern;
  private final int[][] merges;
  private final Map<String, Integer> specials;
  private final Map<Integer, byte[]> specialBytes = new HashMap<>();
  private final byte[][] vocab;
  private final TextEncoder encoder;
  private final Pattern allSpecials;

  BpeTokenizer(SplitPattern pattern, int[][] merges, Map<String, Integer> specials) {
    this.pattern = pattern;
    this.merges = new int[merges.length][];
    this.specials = Collections.unmodifiableMap(new LinkedHashMap<>(specials));
    vocab = new byte[256 + merges.length][];
    for (int b = 0; b < 256; b++) {
      vocab[b] = new byte[] {(byte) b};
    }
    LongIntMap ranks = new LongIntMap(merges.length);
    for (int i = 0; i < merges.length; i++) {
      int a = merges[i][0];
      int b = merges[i][1];
      if (a < 0 || b < 0 || a >= 256 + i || b >= 256 + i) {
        throw new IllegalArgumentException(
            "BpeTokenizer: merge "
                + i
                + " joins ("
                + a
                + ", "
                + b
                + "); expected ids in 0.."
                + (255 + i));
      }
      this.merges[i] = new int[] {a, b};
      byte[] joined = new byte[vocab[a].length + vocab[b].length];
      System.arraycopy(vocab[a], 0, joined, 0, vocab[a].length);
      System.arraycopy(vocab[b], 0, joined, vocab[a].length, vocab[b].length);
      vocab[256 + i] = joined;
      ranks.put(LongIntMap.pair(a, b), 256 + i, -1);
    }
    specials.forEach(
        (token, id) -> {
          if (id < vocab.length || specialBytes.containsKey(id)) {
            throw new IllegalArgumentException(
                "BpeTokenizer: special token '"
                    + token
                    + "' has id "
                    + id
                    + ", already taken; expected an id >= "
                    + vocab.length
                    + " and unique");
          }
          specialBytes.put(id, Utf8.encode(token));
        });
    int[] identity = new int[256];
    for (int b = 0; b < 256; b++) {
      identity[b] = b;
    }
    encoder = new TextEncoder(pattern, new BpeMerger(ranks, identity, null));
    allSpecials = TextEncoder.specialPattern(this.specials.keySet());
  }

  /** Splits a text into distinct chunks with counts (first-appearance order) and learns merges. */
  static int[][] learn(String text, int vocabSize, SplitPattern pattern) {
    if (vocabSize < 256) {
      throw new IllegalArgumentException(
          "train: vocab size " + vocabSize + " is below 256, the byte alphabet");
    }
    if (pattern == null) {
      return BpeTrainer.train(List.of(Utf8.encode(text)), new int[] {1}, vocabSize - 256);
    }
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String chunk : pattern.split(text)) {
      counts.computeIfAbsent(chunk, k -> new int[1])[0]++;
    }
    List<byte[]> chunks = new java.util.ArrayList<>(counts.size());
    int[] weights = new int[counts.size()];
    int i = 0;
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      chunks.add(Utf8.encode(e.getKey()));
      weights[i++] = e.getValue()[0];
    }
    return BpeTrainer.train(chunks, weights, vocabSize - 256);
  }

  /** Encodes text; a special token in it is an error ({@link AllowedSpecial#NONE_RAISE}). */
  @Override
  public int[] encode(String text) {
    return encode(text, AllowedSpecial.NONE_RAISE);
  }

  /**
   * Encodes text, emitting the allowed special tokens as their ids.
   *
   * @param allowed which special tokens to recognise
   * @return the ids
   * @throws IllegalArgumentException under {@link AllowedSpecial#NONE_RAISE} when the text contains
   *     a special token, or on an unpaired surrogate
   */
  public int[] encode(String text, AllowedSpecial allowed) {
    return encoder.encode(text, allowed, specials, allSpecials);
  }

  /**
   * Encodes text with no special-token handling at all (minbpe's {@code encode_ordinary}).
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
      buf.addAll(tokenBytes(ids, i));
    }
    return Utf8.decode(buf.array(), 0, buf.size());
  }

  private byte[] tokenBytes(int[] ids, int i) {
    int id = ids[i];
    byte[] b = id >= 0 && id < vocab.length ? vocab[id] : specialBytes.get(id);
    if (b == null) {
      throw new IllegalArgumentException(
          "decode: unknown token id "
              + id
              + " at index "
              + i
              + "; this vocabulary has ids 0.."
              + (vocab.length - 1)
              + (specials.isEmpty() ? "" : " and special ids " + specials.values())
              + " (vocab size "
              + vocabSize()
              + ")");
    }
    return b;
  }

  /**
   * The bytes of one token.
   *
   * @param id the token id
   * @return a copy of its bytes
   * @throws IllegalArgumentException on an unknown id
   */
  public byte[] tokenBytes(int id) {
    return tokenBytes(new int[] {id}, 0).clone();
  }

  /** 256 byte tokens, plus one per merge, plus the special tokens (minbpe's {@code len(vocab)}). */
  @Override
  public int vocabSize() {
    return vocab.length + specials.size();
  }

  /** The merges in order, as {left, right} pairs; merge {@code i} creates id {@code 256+i}. */
  public int[][] merges() {
    int[][] copy = new int[merges.length][];
    for (int i = 0; i < merges.length; i++) {
      copy[i] = merges[i].clone();
    }
    return copy;
  }

  /** The special tokens and their ids, in registration order. */
  public Map<String, Integer> specialTokens() {
    return specials;
  }

  /** The split pattern, or null for {@link BasicTokenizer}. */
  public SplitPattern pattern() {
    return pattern;
  }

  /** Writes {@code prefix.model} and {@code prefix.vocab} in minbpe's formats. */
  @Override
  public void save(Path prefix) throws IOException {
    String p = prefix.toString();
    ModelFiles.writeAtomically(Path.of(p + ".model"), modelText());
    ModelFiles.writeAtomically(
        Path.of(p + ".vocab"), ModelFiles.minbpeVocab(vocab, merges, specials));
  }

  /** The {@code .model} file's text. */
  String modelText() {
    return ModelFiles.minbpeModel(pattern == null ? "" : pattern.source(), specials, merges);
  }

  /**
   * Loads a minbpe {@code .model}: an empty pattern line gives a {@link BasicTokenizer}, any other
   * a {@link RegexTokenizer}.
   *
   * @param modelFile the file
   * @return the tokenizer
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is malformed (the message names file and line)
   */
  public static BpeTokenizer load(Path modelFile) throws IOException {
    ModelFiles.MinbpeModel m = ModelFiles.readMinbpe(modelFile);
    try {
      if (m.pattern().isEmpty()) {
        return new BasicTokenizer(m.merges(), m.specials());
      }
      return new RegexTokenizer(SplitPattern.of(m.pattern()), m.merges(), m.specials());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(modelFile + ": " + e.getMessage(), e);
    }
  }
}
