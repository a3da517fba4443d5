package io.github.zth.gpt.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Function;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.Linear;

/**
 * {@code x @ W^T + b} for a (N, in) FLOAT32 input as one op: the bias is added in the GEMM's output
 * row by row and its gradient is the column sum of the output gradient, instead of a broadcast add
 * and a broadcast-reducing backward. Backward: {@code dx = g @ W}, {@code dW = g^T @ x},
 * {@code db = sum_rows(g)}. Other dtypes, shapes or bias-free layers use the layer itself.
 */
public final class LinearBias extends Function {

  private Tensor x;
  private Tensor w;

  private LinearBias() {}

  /**
   * Applies {@code layer} to {@code x}.
   *
   * @param layer the layer, for its weight (out, in) and bias (out)
   * @param x (N, in)
   * @return (N, out)
   */
  public static Tensor apply(Linear layer, Tensor x) {
    if (layer.bias() == null || x.dim() != 2 || x.dtype() != DType.FLOAT32 || layer.weight().dtype() != DType.FLOAT32) {
      return layer.forward(x);
    }
    if (x.size(1) != layer.weight().size(1)) {
      return layer.forward(x); // the layer's own check names the shapes
    }
    return new LinearBias().apply(x, layer.weight(), layer.bias());
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    x = in[0];
    w = in[1];
    Tensor y = x.matmul(w.T()); // (N, out)
    float[] out = y.contiguous().toFloatArray();
    float[] b = in[2].contiguous().toFloatArray();
    int cols = b.length;
    for (int r = 0; r < out.length; r += cols) {
      for (int c = 0; c < cols; c++) {
        out[r + c] += b[c];
      }
    }
    return Tensor.fromArray(out, y.shape());
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor g) {
    float[] ga = g.contiguous().toFloatArray();
    int cols = g.size(1);
    float[] db = new float[cols];
    for (int r = 0; r < ga.length; r += cols) {
      for (int c = 0; c < cols; c++) {
        db[c] += ga[r + c];
      }
    }
    Tensor dx = x.requiresGrad() ? g.matmul(w) : null; // (N, in)
    Tensor dw = g.T().matmul(x); // (out, in)
    return new Tensor[] {dx, dw, Tensor.fromArray(db, cols)};
  }
}
