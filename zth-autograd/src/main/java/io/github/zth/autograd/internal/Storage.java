package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;

/**
 * The flat array behind one or more tensor views, plus the version counter that in-place ops bump
 * so autograd can detect a saved tensor that changed before backward. FLOAT32 lives in {@code f},
 * FLOAT64 in {@code d}, INT64 and BOOL in {@code l}; the other two arrays are null.
 *
 * <p>A storage allocated inside a {@link StoragePool.Region} is owned by it; when the scope closes,
 * its array goes back to the pool and all three fields become null, so a view that outlived the
 * scope can never read or write the array's next user (the tensor layer refuses it with a message
 * first; the nulls are the backstop).
 */
public final class Storage {
  public float[] f;
  public double[] d;
  public long[] l;
  private int version;

  /** The scope that returns this array to its pool on close, or null for ordinary heap. */
  Object owner;

  private boolean released;

  private Storage(float[] f, double[] d, long[] l) {
    this.f = f;
    this.d = d;
    this.l = l;
  }

  public static Storage of(float[] a) {
    return new Storage(a, null, null);
  }

  public static Storage of(double[] a) {
    return new Storage(null, a, null);
  }

  public static Storage of(long[] a) {
    return new Storage(null, null, a);
  }

  /** A zeroed storage of n elements: from this thread's open pool scope if any, else the heap. */
  public static Storage allocate(DType t, int n) {
    StoragePool.Region scope = StoragePool.current();
    return scope == null ? fresh(t, n) : StoragePool.allocate(scope, t, n);
  }

  static Storage wrap(Object a) {
    if (a instanceof float[]) {
      return of((float[]) a);
    }
    return a instanceof double[] ? of((double[]) a) : of((long[]) a);
  }

  static Storage fresh(DType t, int n) {
    switch (t) {
      case FLOAT32:
        return of(new float[n]);
      case FLOAT64:
        return of(new double[n]);
      default:
        return of(new long[n]);
    }
  }

  /** The one backing array, whichever its element type, for {@link System#arraycopy}. */
  public Object array() {
    return f != null ? f : d != null ? d : l;
  }

  /** Whether the scope that owned this storage closed and took its array back. */
  public boolean isReleased() {
    return released;
  }

  /** Gives up the array (for the pool) and leaves every field null. */
  Object release() {
    Object a = array();
    released = true;
    owner = null;
    f = null;
    d = null;
    l = null;
    return a;
  }

  public int version() {
    return version;
  }

  public void bumpVersion() {
    version++;
  }
}
