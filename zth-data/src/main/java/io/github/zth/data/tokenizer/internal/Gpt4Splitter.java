package io.github.zth.data.tokenizer.internal;

/**
 * GPT-4's split pattern as straight-line code, for speed; it must cut exactly where {@code
 * '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}|
 * ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+} cuts under Java's {@code
 * UNICODE_CHARACTER_CLASS} (a property test and the Python goldens check it). Each alternative is
 * tried in the pattern's order at the chunk start.
 */
public final class Gpt4Splitter {
  private Gpt4Splitter() {}

  /**
   * Unicode White_Space, which {@code \s} means under UNICODE_CHARACTER_CLASS and in Python's
   * regex.
   */
  static boolean isSpace(int c) {
    if (c <= 0x20) {
      return c == 0x20 || (c >= 0x09 && c <= 0x0D);
    }
    if (c < 0x85) {
      return false;
    }
    return c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  static boolean isLetter(int c) {
    if (c < 0x80) {
      return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }
    return Character.isLetter(c);
  }

  static boolean isNumber(int c) {
    if (c < 0x80) {
      return c >= '0' && c <= '9';
    }
    int t = Character.getType(c);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }

  /** Neither whitespace, letter nor number: {@code [^\s\p{L}\p{N}]}. */
  static boolean isOther(int c) {
    return !isSpace(c) && !isLetter(c) && !isNumber(c);
  }

  private static int cp(CharSequence s, int i, int end) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < end) {
      char d = s.charAt(i + 1);
      if (Character.isLowSurrogate(d)) {
        return Character.toCodePoint(c, d);
      }
    }
    return c;
  }

  private static int width(int cp) {
    return cp >= 0x10000 ? 2 : 1;
  }

  /**
   * The end of the chunk that starts at {@code start}.
   *
   * @param s the text
   * @param start the chunk start, below {@code end}
   * @param end the end of the text region
   * @return the chunk end, greater than {@code start}
   */
  public static int chunkEnd(CharSequence s, int start, int end) {
    int c = cp(s, start, end);
    int i = start + width(c);
    // '(?i:[sdmt]|ll|ve|re)
    if (c == '\'' && i < end) {
      int d = cp(s, i, end);
      int j = i + width(d);
      switch (d) {
        case 's':
        case 'S':
        case 'd':
        case 'D':
        case 'm':
        case 'M':
        case 't':
        case 'T':
        case 0x17F:
          return j;
        default:
          break;
      }
      if (j < end) {
        char e = s.charAt(j);
        if (((d == 'l' || d == 'L') && (e == 'l' || e == 'L'))
            || ((d == 'v' || d == 'V' || d == 'r' || d == 'R') && (e == 'e' || e == 'E'))) {
          return j + 1;
        }
      }
    }
    // [^\r\n\p{L}\p{N}]?+\p{L}+
    if (isLetter(c)) {
      return letters(s, i, end);
    }
    boolean number = isNumber(c);
    boolean space = isSpace(c);
    if (!number && c != '\r' && c != '\n' && i < end) {
      int d = cp(s, i, end);
      if (isLetter(d)) {
        return letters(s, i + width(d), end);
      }
    }
    // \p{N}{1,3}
    if (number) {
      int n = 1;
      while (n < 3 && i < end) {
        int d = cp(s, i, end);
        if (!isNumber(d)) {
          break;
        }
        i += width(d);
        n++;
      }
      return i;
    }
    // ' ?[^\s\p{L}\p{N}]++[\r\n]*'
    int j = -1;
    if (!space) {
      j = i; // c itself is "other"
    } else if (c == ' ' && i < end && isOther(cp(s, i, end))) {
      j = i + width(cp(s, i, end));
    }
    if (j >= 0) {
      while (j < end) {
        int d = cp(s, j, end);
        if (!isOther(d)) {
          break;
        }
        j += width(d);
      }
      while (j < end && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
        j++;
      }
      return j;
    }
    // c is whitespace: find the maximal run, remembering its last \r or \n.
    int runEnd = i;
    int lastNewline = (c == '\r' || c == '\n') ? i : -1;
    while (runEnd < end) {
      int d = cp(s, runEnd, end);
      if (!isSpace(d)) {
        break;
      }
      runEnd += width(d);
      if (d == '\r' || d == '\n') {
        lastNewline = runEnd;
      }
    }
    // \s*[\r\n]
    if (lastNewline >= 0) {
      return lastNewline;
    }
    // \s+(?!\S), then \s+: the whole run at the end of text, else all but its last character.
    if (runEnd == end || runEnd - start == 1) {
      return runEnd;
    }
    return runEnd - 1; // White_Space characters are all in the BMP: the last one is one char wide
  }

  private static int letters(CharSequence s, int i, int end) {
    while (i < end) {
      int d = cp(s, i, end);
      if (!isLetter(d)) {
        break;
      }
      i += width(d);
    }
    return i;
  }
}
