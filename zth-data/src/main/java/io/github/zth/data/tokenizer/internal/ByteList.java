package io.github.zth.data.tokenizer.internal;

import java.util.Arrays;

/** A growable byte array, reused across pieces so encoding does not allocate per word. */
public final class ByteList {
  byte[] a;
  int size;

  /**
   * Creates an empty list.
   *
   * @param capacity initial capacity
   */
  public ByteList(int capacity) {
    a = new byte[Math.max(16, capacity)];
  }

  /** Makes room for {@code n} more bytes. */
  void ensureSpare(int n) {
    if (size + n > a.length) {
      a = Arrays.copyOf(a, Math.max(a.length * 2, size + n));
    }
  }

  void add(byte b) {
    a[size++] = b;
  }

  /** Appends bytes. */
  public void addAll(byte[] b) {
    ensureSpare(b.length);
    System.arraycopy(b, 0, a, size, b.length);
    size += b.length;
  }

  /** The backing array (valid up to {@link #size()}). */
  public byte[] array() {
    return a;
  }

  /** The number of bytes. */
  public int size() {
    return size;
  }

  /** Forgets the contents, keeping the capacity. */
  public void clear() {
    size = 0;
  }

  /** A copy of the contents. */
  public byte[] toArray() {
    return Arrays.copyOf(a, size);
  }
}
