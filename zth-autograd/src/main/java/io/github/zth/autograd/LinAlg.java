package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.MatmulKernel;
import io.github.zth.autograd.internal.Shapes;
import java.util.Arrays;

/** Matrix multiplication with torch's {@code @} semantics; 1-D operands go through views. */
final class LinAlg {
  private LinAlg() {}

  static Tensor matmul(Tensor a, Tensor b) {
    if (a.dtype() != b.dtype() || a.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          "matmul: expected two tensors of one dtype, FLOAT32, FLOAT64 or INT64,"
              + " got "
              + a.dtype()
              + " @ "
              + b.dtype());
    }
    int da = a.dim();
    int db = b.dim();
    if (da == 0 || db == 0) {
      throw new IllegalArgumentException(
          "matmul: both arguments need at least 1 dim, got "
              + Shapes.str(a.arr().shape())
              + " @ "
              + Shapes.str(b.arr().shape()));
    }
    if (da == 1 && db == 1) {
      check(a.arr().shape(), b.arr().shape(), a.size(0), b.size(0));
      return matmulNd(a.unsqueeze(0), b.unsqueeze(1)).reshape();
    }
    if (da == 1) {
      check(a.arr().shape(), b.arr().shape(), a.size(0), b.size(-2));
      return matmulNd(a.unsqueeze(0), b).squeeze(-2);
    }
    if (db == 1) {
      check(a.arr().shape(), b.arr().shape(), a.size(-1), b.size(0));
      return matmulNd(a, b.unsqueeze(1)).squeeze(-1);
    }
    if (db == 2 && da > 2) {
      // As torch does: fold a's batch dims into its rows, so (B, T, in) @ (in, out) is one GEMM and
      // the
      // weight's gradient one Aᵀ·G, not B small GEMMs and a (B, in, out) gradient summed over B.
      int[] sa = a.arr().shape();
      check(sa, b.arr().shape(), sa[da - 1], b.size(0));
      int rows = 1;
      for (int i = 0; i < da - 1; i++) {
        rows *= sa[i];
      }
      int[] out = sa.clone();
      out[da - 1] = b.size(1);
      return matmulNd(a.reshape(rows, sa[da - 1]), b).view(out);
    }
    return matmulNd(a, b);
  }

  private static void check(int[] sa, int[] sb, int ka, int kb) {
    if (ka != kb) {
      throw new IllegalArgumentException(
          "matmul: "
              + Shapes.str(sa)
              + " @ "
              + Shapes.str(sb)
              + ": inner dimensions differ ("
              + ka
              + " vs "
              + kb
              + ")");
    }
  }

  static Tensor matmulNd(Tensor a, Tensor b) {
    int[] sa = a.arr().shape();
    int[] sb = b.arr().shape();
    check(sa, sb, sa[sa.length - 1], sb[sb.length - 2]);
    int[] batchA = Arrays.copyOf(sa, sa.length - 2);
    int[] batchB = Arrays.copyOf(sb, sb.length - 2);
    int[] batch;
    try {
      batch = Shapes.broadcast("matmul", batchA, batchB);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "matmul: "
              + Shapes.str(sa)
              + " @ "
              + Shapes.str(sb)
              + ": batch dimensions "
              + Shapes.str(batchA)
              + " and "
              + Shapes.str(batchB)
              + " are not broadcastable",
          e);
    }
    Arr ea =
        a.arr().expandTo(Shapes.concat(batch, new int[] {sa[sa.length - 2], sa[sa.length - 1]}));
    Arr eb =
        b.arr().expandTo(Shapes.concat(batch, new int[] {sb[sb.length - 2], sb[sb.length - 1]}));
    Tensor out = new Tensor(MatmulKernel.matmul(ea, eb, batch));
    // dC/dA = G·Bᵀ, dC/dB = Aᵀ·G: mT() is a strided view that the kernel hands to GEMM as a flag.
    // An operand stored transposed (a Linear's weight.T()) gets its gradient in that layout,
    // (Bᵀ·Gᵀ)ᵀ, so the gradient reaching the weight is contiguous instead of a transpose to copy.
    return out.record(
        "MmBackward0",
        Tensor.saved(a, b),
        g ->
            new Tensor[] {
              a.requiresGrad()
                  ? Reductions.sumTo(
                      transposed(a) ? matmulNd(b, g.mT()).mT() : matmulNd(g, b.mT()), sa)
                  : null,
              b.requiresGrad()
                  ? Reductions.sumTo(
                      transposed(b) ? matmulNd(g.mT(), a).mT() : matmulNd(a.mT(), g), sb)
                  : null
            },
        a,
        b);
  }

  /**
   * Whether the last two dims are stored column-major (a transposed view of a contiguous matrix).
   */
  static boolean transposed(Tensor x) {
    int[] shape = x.arr().shape();
    int[] st = x.arr().strides();
    int nd = shape.length;
    return shape[nd - 2] > 1 && shape[nd - 1] > 1 && st[nd - 2] == 1 && st[nd - 1] >= shape[nd - 2];
  }
}
