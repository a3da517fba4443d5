package io.github.zth.data.tokenizer.internal;

import io.github.zth.data.tokenizer.AllowedSpecial;
import io.github.zth.data.tokenizer.SplitPattern;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The encode pipeline shared by the regex-split tokenizers: cut out allowed special tokens, split
 * the rest with the pattern, BPE-merge each chunk (chunks repeat a lot in real text, so their ids
 * are cached in a bounded map), and concatenate.
 */
public final class TextEncoder {
  private static final int CACHE_LIMIT = 1 << 15;
  private static final int CACHE_MAX_CHARS = 32;

  private final Pattern split;
  private final boolean gpt4;
  private final BpeMerger merger;
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  /**
   * Creates a pipeline.
   *
   * @param split the chunk pattern, or null to merge the whole text as one chunk (minbpe's Basic)
   * @param merger the BPE merger
   */
  public TextEncoder(SplitPattern split, BpeMerger merger) {
    this.split = split == null ? null : split.pattern();
    this.gpt4 = split == SplitPattern.GPT4;
    this.merger = merger;
  }

  /**
   * Encodes {@code text} under an {@link AllowedSpecial} rule, minbpe's {@code encode}.
   *
   * @param allowed which special tokens to recognise
   * @param specials all special tokens, in priority order
   * @param allPattern {@link #specialPattern} of all of them (null when there are none)
   * @return the ids
   */
  public int[] encode(
      String text, AllowedSpecial allowed, Map<String, Integer> specials, Pattern allPattern) {
    switch (allowed.mode()) {
      case ALL:
        return encode(text, specials, allPattern);
      case NONE:
        return encode(text, Map.of(), null);
      case NONE_RAISE:
        for (String s : specials.keySet()) {
          int at = text.indexOf(s);
          if (at >= 0) {
            throw new IllegalArgumentException(
                "encode: the text contains special token '"
                    + s
                    + "' at char "
                    + at
                    + "; pass AllowedSpecial.ALL to encode it as its id, or NONE to encode it as text");
          }
        }
        return encode(text, Map.of(), null);
      default:
        Map<String, Integer> chosen = new LinkedHashMap<>();
        specials.forEach(
            (k, v) -> {
              if (allowed.allowed().contains(k)) {
                chosen.put(k, v);
              }
            });
        return encode(text, chosen, specialPattern(chosen.keySet()));
    }
  }

  /**
   * Encodes {@code text}, emitting the given special tokens as their ids.
   *
   * @param specials the special tokens to recognise (in priority order), possibly empty
   * @param specialPattern the alternation of {@code specials}, or null when empty
   * @return the ids
   */
  public int[] encode(String text, Map<String, Integer> specials, Pattern specialPattern) {
    IntList out = new IntList(text.length() / 3 + 8);
    BpeMerger.Scratch scratch = new BpeMerger.Scratch();
    ByteList buf = new ByteList(64);
    if (specialPattern == null) {
      encodeOrdinary(text, 0, text.length(), out, scratch, buf);
      return out.toArray();
    }
    Matcher m = specialPattern.matcher(text);
    int at = 0;
    while (m.find()) {
      encodeOrdinary(text, at, m.start(), out, scratch, buf);
      out.add(specials.get(m.group()));
      at = m.end();
    }
    encodeOrdinary(text, at, text.length(), out, scratch, buf);
    return out.toArray();
  }

  private void encodeOrdinary(
      String text, int from, int to, IntList out, BpeMerger.Scratch s, ByteList buf) {
    if (from == to) {
      return;
    }
    if (split == null) {
      buf.clear();
      Utf8.encode(text, from, to, buf);
      out.addAll(merger.encode(buf.array(), 0, buf.size(), s));
      return;
    }
    if (gpt4) {
      for (int start = from; start < to; ) {
        int end = Gpt4Splitter.chunkEnd(text, start, to);
        encodeChunk(text, start, end, out, s, buf);
        start = end;
      }
      return;
    }
    Matcher m = split.matcher(text);
    m.region(from, to);
    while (m.find()) {
      encodeChunk(text, m.start(), m.end(), out, s, buf);
    }
  }

  private void encodeChunk(
      String text, int start, int end, IntList out, BpeMerger.Scratch s, ByteList buf) {
    if (end - start > CACHE_MAX_CHARS) {
      buf.clear();
      Utf8.encode(text, start, end, buf);
      out.addAll(merger.encode(buf.array(), 0, buf.size(), s));
      return;
    }
    String piece = text.substring(start, end);
    int[] ids = cache.get(piece);
    if (ids == null) {
      buf.clear();
      Utf8.encode(text, start, end, buf);
      ids = merger.encode(buf.array(), 0, buf.size(), s);
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear(); // crude but bounded; a real text refills the common words at once
      }
      cache.put(piece, ids);
    }
    out.addAll(ids);
  }

  /**
   * The alternation that finds special tokens, earlier ones first at the same position (as Python's
   * {@code re.split} with {@code "|".join(...)}), or null when there are none.
   *
   * @param specials the special tokens in order
   * @return the pattern or null
   */
  public static Pattern specialPattern(Iterable<String> specials) {
    StringBuilder sb = new StringBuilder();
    for (String s : specials) {
      if (sb.length() > 0) {
        sb.append('|');
      }
      sb.append(Pattern.quote(s));
    }
    return sb.length() == 0 ? null : Pattern.compile(sb.toString());
  }
}
