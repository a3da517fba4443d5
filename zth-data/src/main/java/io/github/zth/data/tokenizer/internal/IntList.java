package io.github.zth.data.tokenizer.internal;

import java.util.Arrays;

/** A growable int array: token ids are collected without boxing. */
public final class IntList {
  private int[] a;
  private int size;

  /**
   * Creates an empty list.
   *
   * @param capacity initial capacity
   */
  public IntList(int capacity) {
    a = new int[Math.max(8, capacity)];
  }

  /** Appends one value. */
  public void add(int v) {
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
    }
    a[size++] = v;
  }

  /** Appends values. */
  public void addAll(int[] v) {
    if (size + v.length > a.length) {
      a = Arrays.copyOf(a, Math.max(a.length * 2, size + v.length));
    }
    System.arraycopy(v, 0, a, size, v.length);
    size += v.length;
  }

  /** The value at {@code i}. */
  public int get(int i) {
    return a[i];
  }

  /** The number of values. */
  public int size() {
    return size;
  }

  /** A copy of the contents. */
  public int[] toArray() {
    return Arrays.copyOf(a, size);
  }

  /** Forgets the contents, keeping the capacity. */
  public void clear() {
    size = 0;
  }
}
