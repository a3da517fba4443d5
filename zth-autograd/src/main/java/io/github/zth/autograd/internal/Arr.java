package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;
import java.util.Arrays;

/**
 * A strided view over a {@link Storage}: the part of a tensor the kernels see. Element {@code (i0,
 * i1, ...)} lives at {@code offset + i0*strides[0] + i1*strides[1] + ...}.
 */
public record Arr(Storage storage, DType dtype, int[] shape, int[] strides, int offset) {

  public static Arr empty(DType t, int[] shape) {
    int n = numel(shape);
    return new Arr(Storage.allocate(t, n), t, shape.clone(), contiguousStrides(shape), 0);
  }

  public static int numel(int[] shape) {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor of shape "
              + Arrays.toString(shape)
              + " has "
              + n
              + " elements, more than the 2^31-1 one storage can hold");
    }
    return (int) n;
  }

  public static int[] contiguousStrides(int[] shape) {
    int[] st = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return st;
  }

  public int numel() {
    return numel(shape);
  }

  public int dim() {
    return shape.length;
  }

  /** True when elements are laid out row-major without gaps (size-1 dims may have any stride). */
  public boolean isContiguous() {
    int expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && strides[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** Storage offsets of every element in row-major logical order. */
  public int[] offsets() {
    int n = numel();
    int[] out = new int[n];
    if (isContiguous()) {
      for (int i = 0; i < n; i++) {
        out[i] = offset + i;
      }
      return out;
    }
    int nd = shape.length;
    int[] idx = new int[nd];
    int pos = offset;
    for (int i = 0; i < n; i++) {
      out[i] = pos;
      for (int d = nd - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          pos += strides[d];
          break;
        }
        pos -= strides[d] * (shape[d] - 1);
        idx[d] = 0;
      }
    }
    return out;
  }

  /** Reads one element as a double. */
  public double getD(int storageOffset) {
    switch (dtype) {
      case FLOAT32:
        return storage.f[storageOffset];
      case FLOAT64:
        return storage.d[storageOffset];
      default:
        return storage.l[storageOffset];
    }
  }

  /** A view with a new shape/strides/offset over the same storage. */
  public Arr restride(int[] newShape, int[] newStrides, int newOffset) {
    return new Arr(storage, dtype, newShape, newStrides, newOffset);
  }

  /**
   * This view broadcast to {@code target} (stride 0 on new or size-1 dims); caller checked rules.
   */
  public Arr expandTo(int[] target) {
    int nd = target.length;
    int[] st = new int[nd];
    int shift = nd - shape.length;
    for (int i = 0; i < nd; i++) {
      int j = i - shift;
      if (j < 0 || (shape[j] == 1 && target[i] != 1)) {
        st[i] = 0;
      } else {
        st[i] = strides[j];
      }
    }
    return restride(target.clone(), st, offset);
  }
}
