package io.github.zth.autograd.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.internal.simd.VectorizationProvider;

/** Gather/scatter kernels behind indexSelect, gather and their scatter-add backward passes. */
public final class Index {
  private Index() {}

  /** The view of {@code x} with {@code dim} fixed at {@code i} (rank drops by one). */
  public static Arr select(Arr x, int dim, int i) {
    return x.restride(
        Shapes.remove(x.shape(), dim),
        Shapes.remove(x.strides(), dim),
        x.offset() + i * x.strides()[dim]);
  }

  /** out.select(dim, j) = x.select(dim, idx[j]); indices already validated and wrapped. */
  public static Arr indexSelect(Arr x, int dim, long[] idx) {
    int[] shape = x.shape().clone();
    shape[dim] = idx.length;
    Arr out = Arr.empty(x.dtype(), shape);
    if (dim == 0 && x.isContiguous()) {
      // rows of a contiguous tensor: one arraycopy each, no per-row views (advanced indexing of a
      // flattened tensor lands here with rows of one element)
      int row = x.numel() / Math.max(1, x.shape()[0]);
      for (int j = 0; j < idx.length; j++) {
        System.arraycopy(
            x.storage().array(),
            x.offset() + (int) idx[j] * row,
            out.storage().array(),
            j * row,
            row);
      }
      return out;
    }
    for (int j = 0; j < idx.length; j++) {
      Kernels.assign(select(out, dim, j), select(x, dim, (int) idx[j]));
    }
    return out;
  }

  /** dst.select(dim, idx[j]) += src.select(dim, j). */
  public static void indexAdd(Arr dst, int dim, long[] idx, Arr src) {
    if (dim == 0
        && dst.dtype() == src.dtype()
        && dst.isContiguous()
        && src.isContiguous()
        && (dst.dtype() == DType.FLOAT32 || dst.dtype() == DType.FLOAT64)) {
      int row = src.numel() / Math.max(1, src.shape()[0]);
      for (int j = 0; j < idx.length; j++) {
        int d0 = dst.offset() + (int) idx[j] * row;
        int s0 = src.offset() + j * row;
        if (dst.dtype() == DType.FLOAT32) {
          float[] d = dst.storage().f;
          float[] sv = src.storage().f;
          for (int i = 0; i < row; i++) {
            d[d0 + i] += sv[s0 + i];
          }
        } else {
          double[] d = dst.storage().d;
          double[] sv = src.storage().d;
          for (int i = 0; i < row; i++) {
            d[d0 + i] += sv[s0 + i];
          }
        }
      }
      return;
    }
    for (int j = 0; j < idx.length; j++) {
      addInto(select(dst, dim, (int) idx[j]), select(src, dim, j));
    }
  }

  /** dst += src elementwise (same shape, dst must not alias itself). */
  public static void addInto(Arr dst, Arr src) {
    if (dst.dtype() == DType.FLOAT32
        && src.dtype() == DType.FLOAT32
        && dst.isContiguous()
        && src.isContiguous()) {
      VectorizationProvider.fused()
          .addInto(src.storage().f, src.offset(), dst.storage().f, dst.offset(), dst.numel());
      return;
    }
    if (dst.dtype() == src.dtype() && dst.dtype().isFloatingPoint() && dst.dim() > 0) {
      addRows(dst, src);
      return;
    }
    int[] od = dst.offsets();
    int[] os = src.offsets();
    for (int i = 0; i < od.length; i++) {
      Kernels.put(dst, od[i], dst.getD(od[i]) + src.getD(os[i]));
    }
  }

  /**
   * dst += src for strided views of one floating dtype (a narrowed gradient buffer, a transposed
   * gradient): row by row along the last dim.
   */
  private static void addRows(Arr dst, Arr src) {
    int nd = dst.dim();
    int inner = dst.shape()[nd - 1];
    int ds = dst.strides()[nd - 1];
    int ss = src.strides()[nd - 1];
    if (dst.dtype() == DType.FLOAT32) {
      float[] d = dst.storage().f;
      float[] s = src.storage().f;
      Kernels.forEachRow(
          dst,
          src,
          (dp, sp) -> {
            if (ds == 1 && ss == 1) {
              VectorizationProvider.fused().addInto(s, sp, d, dp, inner);
              return;
            }
            for (int i = 0; i < inner; i++) {
              d[dp + i * ds] += s[sp + i * ss];
            }
          });
      return;
    }
    double[] d = dst.storage().d;
    double[] s = src.storage().d;
    Kernels.forEachRow(
        dst,
        src,
        (dp, sp) -> {
          for (int i = 0; i < inner; i++) {
            d[dp + i * ds] += s[sp + i * ss];
          }
        });
  }

  /**
   * Element offsets into {@code x} addressed by {@code idx} along {@code dim}: for every position p
   * of idx (row-major), the offset of x[p with p[dim] replaced by idx[p]].
   */
  public static int[] gatherOffsets(Arr x, int dim, Arr idx) {
    int nd = idx.dim();
    int[] shape = idx.shape();
    int n = idx.numel();
    int[] io = idx.offsets();
    int[] out = new int[n];
    int[] pos = new int[nd];
    for (int e = 0; e < n; e++) {
      int off = x.offset();
      for (int d = 0; d < nd; d++) {
        int c = d == dim ? (int) idx.storage().l[io[e]] : pos[d];
        off += c * x.strides()[d];
      }
      out[e] = off;
      for (int d = nd - 1; d >= 0; d--) {
        if (++pos[d] < shape[d]) {
          break;
        }
        pos[d] = 0;
      }
    }
    return out;
  }

  /** dst[p with p[dim] = idx[p]] += src[p] for every position p of idx (src has idx's shape). */
  public static void scatterAdd(Arr dst, int dim, Arr idx, Arr src) {
    int[] offs = gatherOffsets(dst, dim, idx);
    int[] so = src.offsets();
    for (int i = 0; i < offs.length; i++) {
      Kernels.put(dst, offs[i], dst.getD(offs[i]) + src.getD(so[i]));
    }
  }

  /** out[p] = x[p with p[dim] = idx[p]], shaped like idx. */
  public static Arr gather(Arr x, int dim, Arr idx) {
    int[] offs = gatherOffsets(x, dim, idx);
    Arr out = Arr.empty(x.dtype(), idx.shape());
    for (int i = 0; i < offs.length; i++) {
      Kernels.put(out, i, x.getD(offs[i]));
    }
    return out;
  }
}
