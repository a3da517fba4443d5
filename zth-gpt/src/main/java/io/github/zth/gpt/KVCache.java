package io.github.zth.gpt;

/**
 * The keys and values one attention layer has already computed during generation, so a new token
 * attends to them without re-running the context: each step costs O(T) instead of O(T²). Holds
 * (B, nh, blockSize, hs) keys and values as flat float arrays and the number of positions filled.
 *
 * <p>Make one per layer with {@link GPT#newCaches(int)}; {@link Sampler} does this for you.
 */
public final class KVCache {

  private final int batch;
  private final int nHead;
  private final int capacity;
  private final int headSize;
  final float[] keys;
  final float[] values;
  private int length;

  /**
   * An empty cache.
   *
   * @param batch number of sequences B
   * @param nHead heads
   * @param capacity most positions it can hold (the block size)
   * @param headSize size of each head
   * @throws IllegalArgumentException if a size is not positive
   */
  public KVCache(int batch, int nHead, int capacity, int headSize) {
    if (batch <= 0 || nHead <= 0 || capacity <= 0 || headSize <= 0) {
      throw new IllegalArgumentException("KVCache: sizes must be positive, got batch " + batch + ", n_head " + nHead
          + ", capacity " + capacity + ", head size " + headSize);
    }
    this.batch = batch;
    this.nHead = nHead;
    this.capacity = capacity;
    this.headSize = headSize;
    long n = (long) batch * nHead * capacity * headSize;
    this.keys = new float[Math.toIntExact(n)];
    this.values = new float[Math.toIntExact(n)];
  }

  /**
   * Returns how many positions are cached.
   *
   * @return how many positions are cached
   */
  public int length() {
    return length;
  }

  /**
   * Returns the most positions the cache holds.
   *
   * @return the most positions the cache holds
   */
  public int capacity() {
    return capacity;
  }

  /**
   * Returns the batch size the cache was made for.
   *
   * @return the batch size the cache was made for
   */
  public int batch() {
    return batch;
  }

  /** Forgets every cached position. */
  public void clear() {
    length = 0;
  }

  int nHead() {
    return nHead;
  }

  int headSize() {
    return headSize;
  }

  /** Index of (b, h, t, 0) in the flat arrays. */
  int offset(int b, int h, int t) {
    return ((b * nHead + h) * capacity + t) * headSize;
  }

  void advance(int n) {
    length += n;
  }
}
