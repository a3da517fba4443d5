package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;

/** Prefix scans along one dim (cumsum and its backward, the reversed cumsum). */
public final class Scan {
  private Scan() {}

  /**
   * A contiguous tensor of dtype {@code out} holding the running sums of {@code x} along {@code
   * dim}, from the end when {@code reverse}. FLOAT32 sums run in double and round each output, as
   * torch's CPU kernel accumulates floats in its double acc_type; INT64 sums wrap like C.
   */
  public static Arr cumsum(Arr x, int dim, DType out, boolean reverse) {
    Arr r = Kernels.copy(x, out);
    if (r.dim() == 0 || r.numel() == 0) {
      return r;
    }
    int[] shape = r.shape();
    int len = shape[dim];
    int inner = 1;
    for (int i = dim + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int outer = r.numel() / (len * inner);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * len * inner + i;
        int first = reverse ? base + (len - 1) * inner : base;
        int step = reverse ? -inner : inner;
        scanLine(r, first, step, len);
      }
    }
    return r;
  }

  private static void scanLine(Arr r, int first, int step, int len) {
    Storage s = r.storage();
    if (r.dtype() == DType.FLOAT32) {
      double acc = 0;
      for (int k = 0, p = first; k < len; k++, p += step) {
        acc += s.f[p];
        s.f[p] = (float) acc;
      }
    } else if (r.dtype() == DType.FLOAT64) {
      double acc = 0;
      for (int k = 0, p = first; k < len; k++, p += step) {
        acc += s.d[p];
        s.d[p] = acc;
      }
    } else {
      long acc = 0;
      for (int k = 0, p = first; k < len; k++, p += step) {
        acc += s.l[p];
        s.l[p] = acc;
      }
    }
  }
}
