package io.github.zth.data.tokenizer.internal;

/**
 * UTF-8 the way minbpe and tiktoken see it: strings become bytes (a lone surrogate is refused, as
 * Python's {@code str.encode} refuses it), and bytes become strings with Python's {@code
 * errors="replace"}: each maximal ill-formed subpart turns into one U+FFFD.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * Appends the UTF-8 bytes of {@code s[from, to)} to {@code out}.
   *
   * @param s the text
   * @param from first char index
   * @param to end char index (exclusive)
   * @param out where the bytes go
   * @throws IllegalArgumentException on an unpaired surrogate
   */
  public static void encode(CharSequence s, int from, int to, ByteList out) {
    out.ensureSpare(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.add((byte) c);
      } else if (c < 0x800) {
        out.ensureSpare(2 + to - i);
        out.add((byte) (0xC0 | c >> 6));
        out.add((byte) (0x80 | c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        out.ensureSpare(3 + to - i);
        out.add((byte) (0xE0 | c >> 12));
        out.add((byte) (0x80 | c >> 6 & 0x3F));
        out.add((byte) (0x80 | c & 0x3F));
      } else {
        char d = i + 1 < to ? s.charAt(i + 1) : 0;
        if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(d)) {
          throw new IllegalArgumentException(
              String.format(
                  "encode: unpaired surrogate U+%04X at char index %d: text must be valid Unicode",
                  (int) c, i));
        }
        int cp = Character.toCodePoint(c, d);
        i++;
        out.ensureSpare(4 + to - i);
        out.add((byte) (0xF0 | cp >> 18));
        out.add((byte) (0x80 | cp >> 12 & 0x3F));
        out.add((byte) (0x80 | cp >> 6 & 0x3F));
        out.add((byte) (0x80 | cp & 0x3F));
      }
    }
  }

  /**
   * The UTF-8 bytes of a whole string.
   *
   * @param s the text
   * @return its bytes
   */
  public static byte[] encode(CharSequence s) {
    ByteList out = new ByteList(s.length() + 8);
    encode(s, 0, s.length(), out);
    return out.toArray();
  }

  /**
   * Decodes bytes, replacing each maximal ill-formed subpart with U+FFFD as Python does.
   *
   * @param b the bytes
   * @param off first byte
   * @param len number of bytes
   * @return the text
   */
  public static String decode(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(len);
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        sb.append((char) c);
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      int cp;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        if (c == 0xE0) {
          lo = 0xA0;
        } else if (c == 0xED) {
          hi = 0x9F;
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        if (c == 0xF0) {
          lo = 0x90;
        } else if (c == 0xF4) {
          hi = 0x8F;
        }
      } else {
        sb.append('\uFFFD');
        i++;
        continue;
      }
      int j = i + 1;
      boolean ok = true;
      for (int k = 0; k < need; k++, j++) {
        int d = j < end ? b[j] & 0xFF : -1;
        if (d < lo || d > hi) {
          ok = false;
          break;
        }
        cp = cp << 6 | d & 0x3F;
        lo = 0x80;
        hi = 0xBF;
      }
      if (ok) {
        sb.appendCodePoint(cp);
      } else {
        sb.append('\uFFFD');
      }
      i = j;
    }
    return sb.toString();
  }
}
