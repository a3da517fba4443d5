package io.github.zth.autograd;

import io.github.zth.autograd.internal.SelectKernels;
import io.github.zth.autograd.internal.Shapes;

/** Ops that pick elements by rank ({@code topk}); {@link LogitFilter} is the sampling side. */
final class Selection {

  private Selection() {}

  static ValuesIndices topk(Tensor x, int k, int dim) {
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("topk: not supported on BOOL tensors");
    }
    if (x.dim() == 0) {
      ValuesIndices r = topk(x.reshape(1), k, 0);
      return new ValuesIndices(r.values().reshape(), r.indices().reshape());
    }
    int d = Shapes.wrapDim("topk", dim, x.dim());
    int n = x.size(d);
    if (k < 0 || k > n) {
      throw new IllegalArgumentException(
          "topk: k "
              + k
              + " is out of range for dim "
              + d
              + " of size "
              + n
              + " in shape "
              + Shapes.str(x.shape()));
    }
    int last = x.dim() - 1;
    Tensor rows = x.detach().transpose(d, last).contiguous(); // (..., n)
    int[] shape = rows.shape();
    shape[last] = k;
    int count = n == 0 ? 0 : rows.numel() / n;
    long[] ix = SelectKernels.topk(rows.toDoubleArray(), count, n, k);
    Tensor indices = Tensor.fromArray(ix, shape).transpose(d, last).contiguous();
    return new ValuesIndices(
        x.gather(d, indices), indices); // the values' gradient flows back through gather
  }
}
