package io.github.zth.data.tokenizer.internal;

import java.util.Arrays;

/**
 * Byte-pair merging of one piece of text: start from one token per byte, then repeatedly merge the
 * adjacent pair with the lowest rank (leftmost on a tie), as tiktoken's {@code byte_pair_merge}
 * does. For a minbpe model the rank of a pair is the id it merges into, and this order gives the
 * same ids as minbpe's "merge every occurrence of the best pair" loop, because a merge's id is
 * always larger than the ids it joins.
 */
public final class BpeMerger {
  /** Rank of a pair that cannot merge. */
  public static final int NONE = Integer.MAX_VALUE;

  private static final int SMALL = 64;

  private final LongIntMap pairRanks;
  private final int[] byteTokens;
  private final ByteSeqIntMap wholePieces;

  /**
   * Creates a merger.
   *
   * @param pairRanks (left id, right id) to the id of their merge; lower ids merge first
   * @param byteTokens the token id of each byte value
   * @param wholePieces when non-null, a piece that is itself a token becomes that token at once
   *     (tiktoken's shortcut, which can differ from what the merges would reach)
   */
  public BpeMerger(LongIntMap pairRanks, int[] byteTokens, ByteSeqIntMap wholePieces) {
    this.pairRanks = pairRanks;
    this.byteTokens = byteTokens.clone();
    this.wholePieces = wholePieces;
  }

  /** Working arrays for one encode call (one thread). */
  public static final class Scratch {
    int[] tok = new int[SMALL];
    int[] rank = new int[SMALL];
    int[] next = new int[0];
    int[] prev = new int[0];
    long[] heap = new long[0];

    void ensure(int n) {
      if (tok.length < n) {
        tok = new int[Math.max(n, tok.length * 2)];
        rank = new int[tok.length];
      }
    }
  }

  /**
   * Encodes the bytes {@code b[off, off+len)} and returns the token ids.
   *
   * @param b the bytes
   * @param off first byte
   * @param len number of bytes, at least 1
   * @param s working arrays
   * @return the ids
   */
  public int[] encode(byte[] b, int off, int len, Scratch s) {
    if (len == 1) {
      return new int[] {byteTokens[b[off] & 0xFF]};
    }
    if (wholePieces != null) {
      int whole = wholePieces.get(b, off, len, -1);
      if (whole >= 0) {
        return new int[] {whole};
      }
    }
    return len <= SMALL ? mergeSmall(b, off, len, s) : mergeLarge(b, off, len, s);
  }

  private int rankOf(int left, int right) {
    return pairRanks.get(LongIntMap.pair(left, right), NONE);
  }

  /** Quadratic but cache-friendly: pieces are usually a word or less. */
  private int[] mergeSmall(byte[] b, int off, int len, Scratch s) {
    s.ensure(len);
    int[] tok = s.tok;
    int[] rank = s.rank;
    for (int i = 0; i < len; i++) {
      tok[i] = byteTokens[b[off + i] & 0xFF];
    }
    int n = len;
    for (int i = 0; i < n - 1; i++) {
      rank[i] = rankOf(tok[i], tok[i + 1]);
    }
    while (n > 1) {
      int best = NONE;
      int at = -1;
      for (int i = 0; i < n - 1; i++) {
        if (rank[i] < best) {
          best = rank[i];
          at = i;
        }
      }
      if (at < 0) {
        break;
      }
      tok[at] = best;
      System.arraycopy(tok, at + 2, tok, at + 1, n - at - 2);
      System.arraycopy(rank, at + 2, rank, at + 1, Math.max(0, n - at - 3));
      n--;
      if (at < n - 1) {
        rank[at] = rankOf(tok[at], tok[at + 1]);
      }
      if (at > 0) {
        rank[at - 1] = rankOf(tok[at - 1], tok[at]);
      }
    }
    return Arrays.copyOf(tok, n);
  }

  /** A linked list of tokens and a min-heap of (rank, position): long pieces in n log n. */
  private int[] mergeLarge(byte[] b, int off, int len, Scratch s) {
    s.ensure(len);
    if (s.next.length < len) {
      s.next = new int[len];
      s.prev = new int[len];
      s.heap = new long[len * 2];
    }
    int[] tok = s.tok;
    int[] rank = s.rank;
    int[] next = s.next;
    int[] prev = s.prev;
    for (int i = 0; i < len; i++) {
      tok[i] = byteTokens[b[off + i] & 0xFF];
      next[i] = i + 1 < len ? i + 1 : -1;
      prev[i] = i - 1;
    }
    LongHeap heap = new LongHeap(s.heap);
    for (int i = 0; i < len - 1; i++) {
      rank[i] = rankOf(tok[i], tok[i + 1]);
      if (rank[i] != NONE) {
        heap.push((long) rank[i] << 32 | i);
      }
    }
    rank[len - 1] = NONE;
    int n = len;
    while (!heap.isEmpty()) {
      long e = heap.pop();
      int r = (int) (e >>> 32);
      int i = (int) e;
      if (tok[i] < 0 || rank[i] != r) {
        continue;
      }
      int j = next[i];
      tok[i] = r;
      tok[j] = -1;
      n--;
      int k = next[j];
      next[i] = k;
      if (k >= 0) {
        prev[k] = i;
        rank[i] = rankOf(r, tok[k]);
        if (rank[i] != NONE) {
          heap.push((long) rank[i] << 32 | i);
        }
      } else {
        rank[i] = NONE;
      }
      int p = prev[i];
      if (p >= 0) {
        rank[p] = rankOf(tok[p], r);
        if (rank[p] != NONE) {
          heap.push((long) rank[p] << 32 | p);
        }
      }
    }
    s.heap = heap.array();
    int[] out = new int[n];
    for (int i = 0, o = 0; i >= 0; i = next[i]) {
      out[o++] = tok[i];
    }
    return out;
  }
}
