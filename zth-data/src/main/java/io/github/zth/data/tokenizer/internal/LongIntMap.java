package io.github.zth.data.tokenizer.internal;

import java.util.Arrays;

/**
 * An open-addressing map from non-negative {@code long} keys to {@code int} values, with no boxing.
 * Pair keys are {@code (long) left << 32 | right}; the BPE merge loop looks one up per adjacent
 * pair.
 */
public final class LongIntMap {
  private static final long EMPTY = -1L;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  /**
   * Creates a map sized for about {@code expected} entries.
   *
   * @param expected the expected number of entries
   */
  public LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    Arrays.fill(keys, EMPTY);
    values = new int[cap];
    mask = cap - 1;
  }

  /** The key of an ordered pair of token ids. */
  public static long pair(int left, int right) {
    return (long) left << 32 | (right & 0xffffffffL);
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29)) & mask;
  }

  /**
   * The value of {@code key}, or {@code missing} when absent.
   *
   * @param key a non-negative key
   * @param missing what to return for an absent key
   * @return the value
   */
  public int get(long key, int missing) {
    long[] k = keys;
    int m = mask;
    for (int i = slot(key, m); ; i = (i + 1) & m) {
      long x = k[i];
      if (x == key) {
        return values[i];
      }
      if (x == EMPTY) {
        return missing;
      }
    }
  }

  /**
   * Sets {@code key} to {@code value}.
   *
   * @param key a non-negative key
   * @return the previous value, or {@code missing} when the key was new
   */
  public int put(long key, int value, int missing) {
    if (key < 0) {
      throw new IllegalArgumentException("LongIntMap.put: negative key " + key);
    }
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        int old = values[i];
        values[i] = value;
        return old;
      }
      if (keys[i] == EMPTY) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
          grow();
        }
        return missing;
      }
    }
  }

  /** The number of entries. */
  public int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new int[keys.length];
    mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        int i = slot(oldKeys[j], mask);
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
