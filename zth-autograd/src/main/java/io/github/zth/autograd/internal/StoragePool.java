package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The caching allocator behind {@code BufferPool}: free arrays keyed by element type and length,
 * and the scope open on each thread, which {@link Storage#allocate} asks for a buffer. A training
 * step allocates the same sizes every time, so after the first step every request is a hit.
 *
 * <p>The open scope is per thread, as {@code GradMode}'s switch is: {@link #CURRENT} is the one
 * piece of static mutable state here, and it only says which pool this thread's allocations go to.
 * Kernel-pool threads have no scope, so what they allocate is ordinary heap. The free lists are
 * guarded by the pool's lock, so a pool may be used from several threads.
 */
public final class StoragePool {
  private static final ThreadLocal<Region> CURRENT = new ThreadLocal<>();

  private final Map<Long, ArrayDeque<Object>> free = new HashMap<>();
  private final long maxBytes;
  private long cachedBytes;
  private long ownedBytes;

  /**
   * A pool that manages at most {@code maxBytes}: buffers owned by open scopes plus those cached. A
   * scope holds every buffer it allocates until it closes, where the garbage collector would have
   * reclaimed a dead intermediate mid-step; the cap bounds that extra footprint. Past it, a scope's
   * allocations are ordinary heap arrays, outside the pool.
   */
  public StoragePool(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("BufferPool: maxBytes must be 0 or more, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The cap {@link #StoragePool(long)} was given. */
  public long maxBytes() {
    return maxBytes;
  }

  /** A region of one thread's work whose allocations come from, and go back to, one pool. */
  public static final class Region {
    private final StoragePool pool;
    private final Region outer;
    private final Thread thread;
    private final List<Storage> owned = new ArrayList<>();
    private boolean closed;

    private Region(StoragePool pool, Region outer) {
      this.pool = pool;
      this.outer = outer;
      this.thread = Thread.currentThread();
    }

    /** Leaves {@code s} out of this scope's release, so it stays valid after close. */
    public void keep(Storage s) {
      if (s.owner == this) {
        s.owner = null;
      } else if (s.owner instanceof Region) {
        ((Region) s.owner).keep(s);
      }
    }

    /**
     * Marks every buffer allocated in this scope (and not kept) released and returns it to the
     * pool, then makes the enclosing scope current again.
     */
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != thread) {
        throw new IllegalStateException(
            "BufferPool.Scope.close: opened on thread "
                + thread.getName()
                + ", closed on "
                + Thread.currentThread().getName()
                + "; a scope belongs to the thread that opened it");
      }
      if (CURRENT.get() != this) {
        throw new IllegalStateException(
            "BufferPool.Scope.close: an inner scope is still open; close scopes in the reverse"
                + " order of opening them (try-with-resources does)");
      }
      closed = true;
      CURRENT.set(outer);
      for (Storage s : owned) {
        if (s.owner == this) {
          pool.give(s.release());
        } else {
          pool.disown(s); // kept: it belongs to the heap now
        }
      }
      owned.clear();
    }
  }

  /** Opens a scope on this thread, inside any scope already open here. */
  public Region open() {
    Region s = new Region(this, CURRENT.get());
    CURRENT.set(s);
    return s;
  }

  /** The scope open on this thread, or null. */
  static Region current() {
    return CURRENT.get();
  }

  /** Suspends this thread's scope (allocations go to the heap) until the result is closed. */
  public static Suspended suspend() {
    Region s = CURRENT.get();
    CURRENT.remove();
    return new Suspended(s);
  }

  /** Restores the scope that {@link #suspend} set aside. */
  public static final class Suspended implements AutoCloseable {
    private final Region scope;

    private Suspended(Region scope) {
      this.scope = scope;
    }

    @Override
    public void close() {
      if (scope != null) {
        CURRENT.set(scope);
      }
    }
  }

  /** Bytes held in the free lists, waiting for the next request of their size. */
  public synchronized long cachedBytes() {
    return cachedBytes;
  }

  /** A zeroed storage of n elements, recycled when one of that size is free, owned by scope. */
  static Storage allocate(Region scope, DType t, int n) {
    Object a = scope.pool.take(t, n);
    Storage s;
    if (a != null) {
      s = Storage.wrap(a);
    } else if (scope.pool.reserve(t, n)) {
      s = Storage.fresh(t, n);
    } else {
      return Storage.fresh(t, n); // over the cap: an ordinary heap buffer the GC may reclaim
    }
    s.owner = scope;
    scope.owned.add(s);
    return s;
  }

  /** The free list's key: the backing array's kind (as {@link Storage} picks it) and length. */
  private static long key(DType t, int n) {
    long kind = t == DType.FLOAT32 ? 0 : t == DType.FLOAT64 ? 1 : 2;
    return (kind << 32) | n;
  }

  private static long key(Object a) {
    if (a instanceof float[]) {
      return key(DType.FLOAT32, ((float[]) a).length);
    }
    return a instanceof double[]
        ? key(DType.FLOAT64, ((double[]) a).length)
        : key(DType.INT64, ((long[]) a).length);
  }

  private synchronized Object take(DType t, int n) {
    ArrayDeque<Object> q = free.get(key(t, n));
    Object a = q == null ? null : q.poll();
    if (a == null) {
      return null;
    }
    cachedBytes -= bytes(a);
    ownedBytes += bytes(a);
    if (a instanceof float[]) {
      Arrays.fill((float[]) a, 0f);
    } else if (a instanceof double[]) {
      Arrays.fill((double[]) a, 0d);
    } else {
      Arrays.fill((long[]) a, 0L);
    }
    return a;
  }

  /** Counts a new buffer of n elements against the cap, or returns false if it would pass it. */
  private synchronized boolean reserve(DType t, int n) {
    long b = (t == DType.FLOAT32 ? 4L : 8L) * n;
    if (ownedBytes + cachedBytes + b > maxBytes) {
      return false;
    }
    ownedBytes += b;
    return true;
  }

  private synchronized void give(Object a) {
    free.computeIfAbsent(key(a), k -> new ArrayDeque<>()).push(a);
    ownedBytes -= bytes(a);
    cachedBytes += bytes(a);
  }

  private synchronized void disown(Storage s) {
    ownedBytes -= bytes(s.array());
  }

  private static long bytes(Object a) {
    if (a instanceof float[]) {
      return 4L * ((float[]) a).length;
    }
    return 8L * (a instanceof double[] ? ((double[]) a).length : ((long[]) a).length);
  }
}
