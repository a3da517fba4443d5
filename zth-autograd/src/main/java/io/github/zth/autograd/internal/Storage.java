package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;

/**
 * The flat array behind one or more tensor views, plus the version counter that in-place ops bump
 * so autograd can detect a saved tensor that changed before backward. FLOAT32 lives in {@code f},
 * FLOAT64 in {@code d}, INT64 and BOOL in {@code l}; the other two arrays are null.
 */
public final class Storage {
  public final float[] f;
  public final double[] d;
  public final long[] l;
  private int version;

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

  public static Storage allocate(DType t, int n) {
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

  public int version() {
    return version;
  }

  public void bumpVersion() {
    version++;
  }
}
