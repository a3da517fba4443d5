package io.github.zth.data.tokenizer.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Byte-level BPE training that gives minbpe's merges without recounting every pair per merge.
 *
 * <p>minbpe recounts all adjacent pairs into a fresh dict each step and takes {@code max(stats,
 * key=stats.get)}: the highest count, and among equal counts the pair inserted first, i.e. the pair
 * whose first occurrence in the token sequence comes first. Here the text is stored once per
 * distinct chunk (chunks in order of first appearance, weighted by how often they occur), pair
 * counts are updated only where a merge changes the sequence, and a heap orders pairs by count.
 * Position order over the distinct chunks equals first-occurrence order over the whole text,
 * because the first instance of a chunk precedes every later one.
 *
 * <p>A pair only gains occurrences in the merge that creates its newer token (or at the start, for
 * two bytes), and that merge walks positions in increasing order; afterwards occurrences only
 * disappear. So each pair's position list is sorted, and its first live entry, found by advancing a
 * cursor past dead entries, is its first occurrence: ties are broken exactly, in amortised constant
 * time.
 */
public final class BpeTrainer {
  /**
   * Per byte position, four ints side by side (one cache line serves a whole merge step): the token
   * starting there (-1 once absorbed into the token on its left), the next and previous live
   * positions in its chunk (-1 at the ends), and the id of the pair starting there (-1 if none).
   */
  private final int[] node;

  /** How often the chunk holding each position occurs; null when there is one chunk. */
  private final int[] weight;

  private final int size;
  private final int baseWeight;

  /**
   * Pairs are found without hashing: a pair is born in the merge that creates its newer token (or
   * at the start, for two bytes), so during merge X the pairs (t, X) and (X, t) are looked up by t
   * in these arrays, valid while their stamp equals X.
   */
  private int[] withLeft;

  private int[] withRight;
  private int[] withLeftStamp;
  private int[] withRightStamp;
  private int pairs;
  private int[] left = new int[1024];
  private int[] right = new int[1024];
  private int[] count = new int[1024];

  /** Index of the first possibly-live entry of each pair's position list. */
  private int[] cursor = new int[1024];

  private int[][] positions = new int[1024][];
  private int[] posLen = new int[1024];
  private final LongHeap heap = new LongHeap(new long[1 << 12]);
  private final IntList touched = new IntList(1024);
  private boolean[] isTouched = new boolean[1024];

  private BpeTrainer(List<byte[]> chunks, int[] chunkCounts) {
    int n = 0;
    for (byte[] c : chunks) {
      n += c.length;
    }
    size = n;
    baseWeight = chunkCounts.length == 0 ? 1 : chunkCounts[0];
    node = new int[n * 4];
    weight = chunks.size() == 1 ? null : new int[n];
    int at = 0;
    for (int c = 0; c < chunks.size(); c++) {
      byte[] bytes = chunks.get(c);
      for (int i = 0; i < bytes.length; i++, at++) {
        node[at << 2] = bytes[i] & 0xFF;
        if (weight != null) {
          weight[at] = chunkCounts[c];
        }
        node[at << 2 | 2] = i == 0 ? -1 : at - 1;
        node[at << 2 | 1] = i == bytes.length - 1 ? -1 : at + 1;
      }
    }
    // Two passes so every byte pair's position list is allocated once, at its final size.
    int[] bytePairs = new int[256 * 256];
    Arrays.fill(bytePairs, -1);
    int[] occurrences = new int[256 * 256];
    for (int i = 0; i < n; i++) {
      int nx = node[i << 2 | 1];
      node[i << 2 | 3] = -1;
      if (nx >= 0) {
        int slot = node[i << 2] << 8 | node[nx << 2];
        if (bytePairs[slot] < 0) {
          bytePairs[slot] = newPair(node[i << 2], node[nx << 2]);
        }
        node[i << 2 | 3] = bytePairs[slot];
        occurrences[slot]++;
      }
    }
    for (int slot = 0; slot < bytePairs.length; slot++) {
      if (bytePairs[slot] >= 0) {
        positions[bytePairs[slot]] = new int[occurrences[slot]];
      }
    }
    for (int i = 0; i < n; i++) {
      if (node[i << 2 | 3] >= 0) {
        increment(node[i << 2 | 3], i, weight == null ? baseWeight : weight[i]);
      }
    }
    pushTouched();
  }

  private void allocateBirthTables(int vocabSize) {
    withLeft = new int[vocabSize];
    withRight = new int[vocabSize];
    withLeftStamp = new int[vocabSize];
    withRightStamp = new int[vocabSize];
    Arrays.fill(withLeftStamp, -1);
    Arrays.fill(withRightStamp, -1);
  }

  /** The id of pair (t, x) for the token x being created now. */
  private int pairEndingWith(int t, int x) {
    if (withLeftStamp[t] != x) {
      withLeftStamp[t] = x;
      withLeft[t] = newPair(t, x);
    }
    return withLeft[t];
  }

  /** The id of pair (x, t) for the token x being created now. */
  private int pairStartingWith(int x, int t) {
    if (withRightStamp[t] != x) {
      withRightStamp[t] = x;
      withRight[t] = newPair(x, t);
    }
    return withRight[t];
  }

  /**
   * Learns merges over distinct chunks.
   *
   * @param chunks the distinct chunks' bytes, in order of first appearance in the text
   * @param chunkCounts how many times each chunk occurs
   * @param numMerges how many merges to learn
   * @return the merges in order, as {left, right} pairs of ids; merge {@code i} creates id {@code
   *     256+i}
   * @throws IllegalArgumentException when the text runs out of pairs before {@code numMerges}
   */
  public static int[][] train(List<byte[]> chunks, int[] chunkCounts, int numMerges) {
    BpeTrainer t = new BpeTrainer(chunks, chunkCounts);
    t.allocateBirthTables(256 + numMerges);
    int[][] merges = new int[numMerges][];
    for (int m = 0; m < numMerges; m++) {
      int best = t.selectBest();
      if (best < 0) {
        throw new IllegalArgumentException(
            "train: the text has no adjacent pairs left after "
                + m
                + " merges; vocab size "
                + (256 + numMerges)
                + " needs "
                + numMerges
                + " merges: use a smaller vocab size or more text");
      }
      merges[m] = new int[] {t.left[best], t.right[best]};
      t.merge(best, 256 + m);
    }
    return merges;
  }

  private static long key(int count, int id) {
    return (long) (Integer.MAX_VALUE - count) << 32 | id;
  }

  /** The pair minbpe would pick: highest count, earliest first occurrence; -1 if none. */
  private int selectBest() {
    int topCount = -1;
    IntList ties = new IntList(8);
    while (!heap.isEmpty()) {
      long e = heap.peek();
      int c = Integer.MAX_VALUE - (int) (e >>> 32);
      if (topCount >= 0 && c != topCount) {
        break;
      }
      heap.pop();
      int id = (int) e;
      int now = count[id];
      if (now != c) {
        // A decrease is only recorded here, lazily; an increase already pushed a fresh entry.
        if (now > 0 && now < c) {
          heap.push(key(now, id));
        }
        continue;
      }
      if (isTouched[id]) {
        continue; // a duplicate entry of a pair already among the ties
      }
      isTouched[id] = true;
      ties.add(id);
      topCount = c;
    }
    if (ties.size() == 0) {
      return -1;
    }
    int best = -1;
    int bestPos = Integer.MAX_VALUE;
    int[] order = ties.toArray();
    // Try candidates by a lower bound on their first position, so most need no cursor advance.
    long[] byFirst = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      int id = order[i];
      byFirst[i] = (long) positions[id][cursor[id]] << 32 | id;
    }
    Arrays.sort(byFirst);
    for (long f : byFirst) {
      int id = (int) f;
      if ((int) (f >>> 32) >= bestPos) {
        break;
      }
      int firstPos = firstOccurrence(id);
      if (firstPos < bestPos) {
        bestPos = firstPos;
        best = id;
      }
    }
    for (int id : order) {
      isTouched[id] = false;
      if (id != best) {
        heap.push(key(count[id], id));
      }
    }
    return best;
  }

  private int firstOccurrence(int id) {
    int[] pos = positions[id];
    int c = cursor[id];
    while (node[pos[c] << 2 | 3] != id) {
      c++; // dead entries never come back to life, so the cursor only moves forward
    }
    cursor[id] = c;
    return pos[c];
  }

  private void merge(int id, int newId) {
    int[] node = this.node;
    int b = right[id];
    int[] pos = positions[id];
    int len = posLen[id];
    for (int k = cursor[id]; k < len; k++) {
      int q = pos[k];
      if (node[q << 2 | 3] != id) {
        continue; // merged away, or overlapped by the previous occurrence (as in "aaa")
      }
      int r = node[q << 2 | 1];
      int w = weight == null ? baseWeight : weight[q];
      int p = node[q << 2 | 2];
      int n = node[r << 2 | 1];
      if (p >= 0) {
        count[node[p << 2 | 3]] -= w;
        node[p << 2 | 3] = pairEndingWith(node[p << 2], newId);
        increment(node[p << 2 | 3], p, w);
      }
      if (n >= 0) {
        count[node[r << 2 | 3]] -= w;
        node[q << 2 | 3] = pairStartingWith(newId, node[n << 2]);
        increment(node[q << 2 | 3], q, w);
        node[n << 2 | 2] = q;
      } else {
        node[q << 2 | 3] = -1;
      }
      node[q << 2] = newId;
      node[r << 2] = -1;
      node[r << 2 | 3] = -1;
      node[q << 2 | 1] = n;
    }
    count[id] = 0;
    positions[id] = null;
    posLen[id] = 0;
    pushTouched();
  }

  private void increment(int id, int pos, int w) {
    count[id] += w;
    if (positions[id] == null) {
      positions[id] = new int[4];
    } else if (posLen[id] == positions[id].length) {
      positions[id] = Arrays.copyOf(positions[id], posLen[id] * 2);
    }
    positions[id][posLen[id]++] = pos;
    if (!isTouched[id]) {
      isTouched[id] = true;
      touched.add(id);
    }
  }

  private void pushTouched() {
    for (int i = 0; i < touched.size(); i++) {
      int id = touched.get(i);
      isTouched[id] = false;
      if (count[id] > 0) {
        heap.push(key(count[id], id));
      }
    }
    touched.clear();
  }

  private int newPair(int a, int b) {
    if (pairs == left.length) {
      int cap = pairs * 2;
      left = Arrays.copyOf(left, cap);
      right = Arrays.copyOf(right, cap);
      count = Arrays.copyOf(count, cap);
      cursor = Arrays.copyOf(cursor, cap);
      positions = Arrays.copyOf(positions, cap);
      posLen = Arrays.copyOf(posLen, cap);
      isTouched = Arrays.copyOf(isTouched, cap);
    }
    left[pairs] = a;
    right[pairs] = b;
    return pairs++;
  }
}
