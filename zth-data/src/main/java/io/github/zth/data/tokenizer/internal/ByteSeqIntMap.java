package io.github.zth.data.tokenizer.internal;

import java.util.Arrays;

/**
 * An immutable-after-build map from byte sequences to {@code int} values that looks up a slice of
 * an array without copying it: tiktoken's "is this whole piece a token?" check runs once per piece.
 */
public final class ByteSeqIntMap {
  private byte[] pool = new byte[1 << 16];
  private int poolSize;
  private int[] offsets = new int[1024];
  private int[] lengths = new int[1024];
  private int[] vals = new int[1024];
  private int count;
  private int[] table = new int[2048];
  private int mask = 2047;

  /** Creates an empty map. */
  public ByteSeqIntMap() {
    Arrays.fill(table, -1);
  }

  private static int hash(byte[] b, int off, int len) {
    int h = 0x811C9DC5 ^ len;
    for (int i = off, end = off + len; i < end; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h ^ (h >>> 15);
  }

  /**
   * The value of the bytes {@code b[off, off+len)}, or {@code missing}.
   *
   * @param b the array
   * @param off the slice start
   * @param len the slice length
   * @param missing what to return when absent
   * @return the value
   */
  public int get(byte[] b, int off, int len, int missing) {
    for (int i = hash(b, off, len) & mask; ; i = (i + 1) & mask) {
      int e = table[i];
      if (e < 0) {
        return missing;
      }
      if (lengths[e] == len
          && Arrays.equals(pool, offsets[e], offsets[e] + len, b, off, off + len)) {
        return vals[e];
      }
    }
  }

  /**
   * Adds a key that is not present yet.
   *
   * @param key the bytes (copied)
   * @return false when the key was already present (the map is unchanged)
   */
  public boolean add(byte[] key, int value) {
    if (containsExactly(key)) {
      return false;
    }
    if (poolSize + key.length > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + key.length));
    }
    System.arraycopy(key, 0, pool, poolSize, key.length);
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
      lengths = Arrays.copyOf(lengths, count * 2);
      vals = Arrays.copyOf(vals, count * 2);
    }
    offsets[count] = poolSize;
    lengths[count] = key.length;
    vals[count] = value;
    poolSize += key.length;
    insert(count++);
    if (count * 2 > table.length) {
      table = new int[table.length * 2];
      Arrays.fill(table, -1);
      mask = table.length - 1;
      for (int e = 0; e < count; e++) {
        insert(e);
      }
    }
    return true;
  }

  private boolean containsExactly(byte[] key) {
    for (int i = hash(key, 0, key.length) & mask; ; i = (i + 1) & mask) {
      int e = table[i];
      if (e < 0) {
        return false;
      }
      if (lengths[e] == key.length
          && Arrays.equals(pool, offsets[e], offsets[e] + key.length, key, 0, key.length)) {
        return true;
      }
    }
  }

  private void insert(int e) {
    int i = hash(pool, offsets[e], lengths[e]) & mask;
    while (table[i] >= 0) {
      i = (i + 1) & mask;
    }
    table[i] = e;
  }

  /** The number of keys. */
  public int size() {
    return count;
  }
}
