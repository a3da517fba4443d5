package io.github.zth.data.tokenizer.internal;

import java.util.Arrays;

/** A binary min-heap of longs (callers pack a priority into the high bits). */
public final class LongHeap {
  private long[] a;
  private int size;

  /**
   * Creates an empty heap over a reusable array.
   *
   * @param storage initial storage (may be empty; it grows as needed)
   */
  public LongHeap(long[] storage) {
    a = storage.length == 0 ? new long[16] : storage;
  }

  /** Adds a value. */
  public void push(long v) {
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (a[parent] <= v) {
        break;
      }
      a[i] = a[parent];
      i = parent;
    }
    a[i] = v;
  }

  /** Removes and returns the smallest value. */
  public long pop() {
    long top = a[0];
    long v = a[--size];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      if (c + 1 < size && a[c + 1] < a[c]) {
        c++;
      }
      if (v <= a[c]) {
        break;
      }
      a[i] = a[c];
      i = c;
    }
    if (size > 0) {
      a[i] = v;
    }
    return top;
  }

  /** The smallest value, without removing it. */
  public long peek() {
    return a[0];
  }

  /** True when empty. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The number of values. */
  public int size() {
    return size;
  }

  /** The current storage, to reuse in a later heap. */
  public long[] array() {
    return a;
  }
}
