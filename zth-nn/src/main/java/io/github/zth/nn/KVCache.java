package io.github.zth.nn;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;

/**
 * The keys and values one {@link CausalSelfAttention} layer has already computed during generation,
 * so a new token attends to them without re-running the context: each step costs O(T) instead of
 * O(T²). Holds (B, nh, capacity, hs) key and value tensors and the number of positions filled.
 *
 * <p>Make one per layer (a GPT's {@code newCaches(batch)} does); the layer's {@link
 * CausalSelfAttention#forward(Tensor, KVCache)} fills it.
 */
public final class KVCache {

  private final int batch;
  private final int nHead;
  private final int capacity;
  private final int headSize;
  private final Tensor keys;
  private final Tensor values;
  private int length;

  /**
   * An empty FLOAT32 cache.
   *
   * @param batch number of sequences B
   * @param nHead heads
   * @param capacity most positions it can hold (the block size)
   * @param headSize size of each head
   * @throws IllegalArgumentException if a size is not positive
   */
  public KVCache(int batch, int nHead, int capacity, int headSize) {
    this(batch, nHead, capacity, headSize, DType.FLOAT32);
  }

  /**
   * An empty cache in the model's dtype.
   *
   * @param batch number of sequences B
   * @param nHead heads
   * @param capacity most positions it can hold (the block size)
   * @param headSize size of each head
   * @param dtype the dtype of the layer's keys and values (its parameters' dtype)
   * @throws IllegalArgumentException if a size is not positive
   */
  public KVCache(int batch, int nHead, int capacity, int headSize, DType dtype) {
    if (batch <= 0 || nHead <= 0 || capacity <= 0 || headSize <= 0) {
      throw new IllegalArgumentException(
          "KVCache: sizes must be positive, got batch "
              + batch
              + ", n_head "
              + nHead
              + ", capacity "
              + capacity
              + ", head size "
              + headSize);
    }
    this.batch = batch;
    this.nHead = nHead;
    this.capacity = capacity;
    this.headSize = headSize;
    this.keys = Tensor.zeros(dtype, batch, nHead, capacity, headSize);
    this.values = Tensor.zeros(dtype, batch, nHead, capacity, headSize);
  }

  /** How many positions are cached, which is also the position index of the next token. */
  public int length() {
    return length;
  }

  /** The most positions it holds, usually the block size; appending past it is refused. */
  public int capacity() {
    return capacity;
  }

  /** How many sequences it holds; every forward through it must have this batch size. */
  public int batch() {
    return batch;
  }

  /** Forgets every cached position. */
  public void clear() {
    length = 0;
  }

  /**
   * Appends the keys and values of new positions and returns every cached position's.
   *
   * @param k (B, nh, Tn, hs) new keys
   * @param v (B, nh, Tn, hs) new values
   * @return the keys and values of positions {@code 0 .. length()} (views, not copies)
   * @throws IllegalArgumentException if the shapes are not this cache's or it has no room left
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  Tensor[] append(Tensor k, Tensor v) {
    int tn = k.dim() == 4 ? k.size(2) : 0;
    if (k.dim() != 4
        || k.size(0) != batch
        || k.size(1) != nHead
        || k.size(3) != headSize
        || !java.util.Arrays.equals(k.shape(), v.shape())
        || length + tn > capacity) {
      throw new IllegalArgumentException(
          "KVCache: a cache of batch "
              + batch
              + ", "
              + nHead
              + " heads of size "
              + headSize
              + ", "
              + length
              + "/"
              + capacity
              + " positions cannot take keys "
              + java.util.Arrays.toString(k.shape()));
    }
    try (var off = GradMode.disabled()) {
      keys.narrow(2, length, tn).copy_(k);
      values.narrow(2, length, tn).copy_(v);
    }
    length += tn;
    return new Tensor[] {keys.narrow(2, 0, length), values.narrow(2, 0, length)};
  }
}
