package io.github.zth.data.tokenizer;

import io.github.zth.data.tokenizer.internal.Gpt4Splitter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The regex that cuts text into chunks before BPE, written in Python {@code regex} syntax (the form
 * minbpe stores in a {@code .model}) and compiled once for Java. Java's engine with {@link
 * Pattern#UNICODE_CHARACTER_CLASS} reads GPT-2's and GPT-4's patterns the same way: {@code \s} is
 * Unicode White_Space, {@code (?i:...)} folds case beyond ASCII ({@code 'ſ} is a contraction), and
 * possessive quantifiers work; a committed golden from Python's {@code regex} checks it. GPT-4's
 * pattern, the one used most, is also hand-coded for speed and checked against the regex.
 */
public final class SplitPattern {
  /** GPT-2's split pattern. */
  public static final SplitPattern GPT2 =
      new SplitPattern(
          "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

  /** GPT-4's (cl100k_base) split pattern, as minbpe writes it. */
  public static final SplitPattern GPT4 =
      new SplitPattern(
          "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*"
              + "|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+");

  /**
   * GPT-4o's (o200k_base) split pattern, as tiktoken writes it: words keep their case run ({@code
   * HTTPServer} splits as {@code HTTP|Server}) and take a trailing contraction, and punctuation
   * runs take a trailing {@code /}. The pattern is tiktoken's (MIT licence,
   * github.com/openai/tiktoken, {@code tiktoken_ext/openai_public.py}).
   */
  public static final SplitPattern O200K =
      new SplitPattern(
          "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
              + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
              + "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
              + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
              + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

  private final String source;
  private final Pattern pattern;

  private SplitPattern(String source) {
    this.source = source;
    try {
      this.pattern = Pattern.compile(source, Pattern.UNICODE_CHARACTER_CLASS);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "SplitPattern: cannot compile " + source + ": " + e.getDescription(), e);
    }
  }

  /**
   * A split pattern from its Python {@code regex} source; GPT-2's and GPT-4's give the constants.
   *
   * @param source the pattern
   * @return the compiled pattern
   * @throws IllegalArgumentException when Java cannot compile it
   */
  public static SplitPattern of(String source) {
    if (source.equals(GPT2.source)) {
      return GPT2;
    }
    if (source.equals(GPT4.source)) {
      return GPT4;
    }
    if (source.equals(O200K.source)) {
      return O200K;
    }
    return new SplitPattern(source);
  }

  /**
   * A split pattern by name: {@code gpt2} (also r50k_base's), {@code gpt4} (cl100k_base's) or
   * {@code o200k}.
   *
   * @return the pattern
   * @throws IllegalArgumentException for another name
   */
  public static SplitPattern named(String name) {
    switch (name) {
      case "gpt2":
        return GPT2;
      case "gpt4":
        return GPT4;
      case "o200k":
        return O200K;
      default:
        throw new IllegalArgumentException(
            "SplitPattern: unknown pattern '" + name + "', expected gpt2, gpt4 or o200k");
    }
  }

  /** The Python {@code regex} source, as stored in a {@code .model}. */
  public String source() {
    return source;
  }

  /** The compiled Java pattern (thread-safe; make one matcher per use). */
  public Pattern pattern() {
    return pattern;
  }

  /**
   * The chunks of {@code text}, as Python's {@code regex.findall(pattern, text)}.
   *
   * @return its chunks, in order
   */
  public List<String> split(String text) {
    List<String> out = new ArrayList<>();
    if (this == GPT4) {
      for (int at = 0, end = text.length(); at < end; ) {
        int next = Gpt4Splitter.chunkEnd(text, at, end);
        out.add(text.substring(at, next));
        at = next;
      }
      return out;
    }
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Override
  public String toString() {
    return source;
  }
}
