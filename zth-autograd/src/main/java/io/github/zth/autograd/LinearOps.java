package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Kernels;
import io.github.zth.autograd.internal.Kernels.BinOp;
import io.github.zth.autograd.internal.MatmulKernel;
import io.github.zth.autograd.internal.Shapes;

/**
 * {@code addmm}: a matrix product plus a broadcast term as one op with one backward node, the shape
 * of every Linear layer with a bias ({@code x·Wᵀ + b}). Its numbers are those of {@code matmul}
 * then {@code add}, bit for bit, forward and backward; it only saves the graph a node and the add's
 * intermediate.
 */
final class LinearOps {
  private LinearOps() {}

  static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2) {
    DType t = mat1.dtype();
    if (mat1.dim() != 2 || mat2.dim() != 2 || mat1.size(1) != mat2.size(0)) {
      throw new IllegalArgumentException(
          "addmm: expected mat1 (n, k) and mat2 (k, p), got "
              + Shapes.str(mat1.arr().shape())
              + " and "
              + Shapes.str(mat2.arr().shape()));
    }
    if (!t.isFloatingPoint() || mat2.dtype() != t || input.dtype() != t) {
      throw new IllegalArgumentException(
          "addmm: expected input, mat1 and mat2 of one floating dtype, got "
              + input.dtype()
              + ", "
              + mat1.dtype()
              + ", "
              + mat2.dtype());
    }
    int[] shape = {mat1.size(0), mat2.size(1)};
    int[] is = input.arr().shape();
    if (!java.util.Arrays.equals(Shapes.broadcast("addmm", is, shape), shape)) {
      throw new IllegalArgumentException(
          "addmm: input of shape "
              + Shapes.str(is)
              + " does not broadcast to the"
              + " product's shape "
              + Shapes.str(shape));
    }
    Arr product = MatmulKernel.matmul(mat1.arr(), mat2.arr(), new int[0]);
    Tensor out = new Tensor(Kernels.binary(BinOp.ADD, product, input.arr().expandTo(shape), t, t));
    // the gradients matmul and add would send: see LinAlg.matmulNd for the transposed layouts
    return out.record(
        "AddmmBackward0",
        Tensor.saved(mat1, mat2),
        g ->
            new Tensor[] {
              input.requiresGrad() ? Reductions.sumTo(g, is) : null,
              mat1.requiresGrad()
                  ? (LinAlg.transposed(mat1)
                      ? LinAlg.matmulNd(mat2, g.mT()).mT()
                      : LinAlg.matmulNd(g, mat2.mT()))
                  : null,
              mat2.requiresGrad()
                  ? (LinAlg.transposed(mat2)
                      ? LinAlg.matmulNd(g.mT(), mat1).mT()
                      : LinAlg.matmulNd(mat1.mT(), g))
                  : null
            },
        input,
        mat1,
        mat2);
  }
}
