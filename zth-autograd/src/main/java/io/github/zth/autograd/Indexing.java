package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Index;
import io.github.zth.autograd.internal.Shapes;

/** Index-based selection; every backward is a scatter-add of the output gradient. */
final class Indexing {
  private Indexing() {}

  static void requireIndex(String op, Tensor idx) {
    if (idx.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          op
              + ": index tensor must be INT64, got "
              + idx.dtype()
              + " (convert with to(DType.INT64))");
    }
  }

  /**
   * The index values, bounds-checked against {@code size}. Negatives count from the end where torch
   * allows it (advanced indexing) and are refused where torch refuses them (index_select, gather).
   */
  static long[] checkedIndices(String op, Tensor idx, int size, int dim, boolean wrapNegative) {
    long[] v = idx.toLongArray();
    for (int i = 0; i < v.length; i++) {
      long x = v[i];
      if (x < (wrapNegative ? -size : 0) || x >= size) {
        // torch's words: index_select says "out of range", gather and indexing "out of bounds"
        String what = op.equals("indexSelect") ? " is out of range" : " is out of bounds";
        throw new IllegalArgumentException(
            op
                + ": index "
                + x
                + what
                + " for dim "
                + dim
                + " with size "
                + size
                + (wrapNegative
                    ? ""
                    : " (indices must be in [0, " + size + "); negative ones are not allowed)"));
      }
      v[i] = x < 0 ? x + size : x;
    }
    return v;
  }

  static Tensor indexSelect(Tensor x, int dim, Tensor index) {
    requireIndex("indexSelect", index);
    if (index.dim() > 1) {
      throw new IllegalArgumentException(
          "indexSelect: index must be 0-D or 1-D, got shape " + Shapes.str(index.arr().shape()));
    }
    int d = Shapes.wrapDim("indexSelect", dim, x.dim());
    if (x.dim() == 0) {
      throw new IllegalArgumentException("indexSelect: cannot index a 0-dim tensor");
    }
    long[] idx = checkedIndices("indexSelect", index, x.arr().shape()[d], d, false);
    int[] inShape = x.arr().shape();
    Tensor out = new Tensor(Index.indexSelect(x.arr(), d, idx));
    return out.record(
        "IndexSelectBackward0",
        Tensor.saved(index),
        g -> {
          Tensor z = Tensor.zeros(g.dtype(), inShape);
          Index.indexAdd(z.arr(), d, idx, g.arr());
          return new Tensor[] {z, null};
        },
        x,
        index);
  }

  static Tensor gather(Tensor x, int dim, Tensor index) {
    requireIndex("gather", index);
    int d = Shapes.wrapDim("gather", dim, x.dim());
    int[] xs = x.arr().shape();
    int[] is = index.arr().shape();
    if (is.length != xs.length) {
      throw new IllegalArgumentException(
          "gather: index of shape "
              + Shapes.str(is)
              + " must have the same rank as"
              + " the input of shape "
              + Shapes.str(xs));
    }
    for (int i = 0; i < xs.length; i++) {
      if (i != d && is[i] > xs[i]) {
        throw new IllegalArgumentException(
            "gather: index of shape "
                + Shapes.str(is)
                + " is larger than the input "
                + Shapes.str(xs)
                + " in dim "
                + i);
      }
    }
    int size = xs.length == 0 ? 1 : xs[d];
    long[] vals = checkedIndices("gather", index, size, d, false);
    Arr idx = Arr.empty(DType.INT64, is);
    System.arraycopy(vals, 0, idx.storage().l, 0, vals.length);
    Tensor out = new Tensor(Index.gather(x.arr(), d, idx));
    return out.record(
        "GatherBackward0",
        Tensor.saved(index),
        g -> {
          Tensor z = Tensor.zeros(g.dtype(), xs);
          Index.scatterAdd(z.arr(), d, idx, g.arr());
          return new Tensor[] {z, null};
        },
        x,
        index);
  }

  /**
   * {@code x[i0, i1, ...]} for INT64 index tensors broadcast together, indexing the leading dims.
   */
  static Tensor index(Tensor x, Tensor[] idxs) {
    int k = idxs.length;
    int[] xs = x.arr().shape();
    if (k > xs.length) {
      throw new IllegalArgumentException(
          "index: too many indices (" + k + ") for a tensor of shape " + Shapes.str(xs));
    }
    int[] bshape = new int[0];
    for (Tensor t : idxs) {
      requireIndex("index", t);
      bshape = Shapes.broadcast("index", bshape, t.arr().shape());
    }
    // flatten the indexed leading dims into one row index, then gather rows with indexSelect
    Tensor linear = Tensor.zeros(DType.INT64, bshape);
    int rows = 1;
    for (int i = 0; i < k; i++) {
      long[] v = checkedIndices("index", idxs[i], xs[i], i, true);
      Tensor wrapped = Tensor.fromArray(v, idxs[i].arr().shape());
      linear = linear.mul((double) xs[i]).add(wrapped);
      rows *= xs[i];
    }
    int[] rest = java.util.Arrays.copyOfRange(xs, k, xs.length);
    Tensor flat = x.reshape(Shapes.concat(new int[] {rows}, rest));
    return flat.indexSelect(0, linear.reshape(-1)).reshape(Shapes.concat(bshape, rest));
  }

  static Tensor oneHot(Tensor index, int numClasses) {
    requireIndex("oneHot", index);
    long[] v = index.toLongArray();
    int c = numClasses;
    if (c < 0) {
      long max = -1;
      for (long e : v) {
        max = Math.max(max, e);
      }
      c = (int) max + 1;
    }
    for (long e : v) {
      if (e < 0 || e >= c) {
        throw new IllegalArgumentException(
            "oneHot: class value " + e + " is outside [0, " + c + ")");
      }
    }
    Tensor out = Tensor.zeros(DType.INT64, Shapes.concat(index.arr().shape(), new int[] {c}));
    Tensor flat = out.view(v.length, c);
    Tensor cols = Tensor.fromArray(v, v.length, 1);
    Index.scatterAdd(flat.arr(), 1, cols.arr(), Tensor.ones(DType.INT64, v.length, 1).arr());
    return out;
  }
}
