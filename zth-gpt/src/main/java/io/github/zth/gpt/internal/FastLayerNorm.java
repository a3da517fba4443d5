package io.github.zth.gpt.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Function;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.LayerNorm;

/**
 * LayerNorm over the last dimension as one FLOAT32 pass forward and one backward, instead of the
 * eight elementwise ops and reductions of the composed form. Per row, with {@code xhat = (x - mean)·rstd}:
 * {@code y = xhat·w + b}; backward {@code dxhat = g·w},
 * {@code dx = rstd·(dxhat - mean(dxhat) - xhat·mean(dxhat·xhat))}, {@code dw = Σ g·xhat},
 * {@code db = Σ g}. Statistics are accumulated in double. FLOAT64 inputs use the module itself.
 */
public final class FastLayerNorm extends Function {

  private static final double EPS = LayerNorm.DEFAULT_EPS;
  private float[] xhat;
  private float[] rstd;
  private boolean hasBias;

  private FastLayerNorm() {}

  /**
   * Applies {@code ln} (eps 1e-5, over the last dimension) to {@code x}.
   *
   * @param ln the layer, for its weight and optional bias
   * @param x (…, C)
   * @return (…, C)
   */
  public static Tensor apply(LayerNorm ln, Tensor x) {
    if (x.dtype() != DType.FLOAT32 || ln.weight().dtype() != DType.FLOAT32) {
      return ln.forward(x);
    }
    return ln.bias() == null ? new FastLayerNorm().apply(x, ln.weight()) : new FastLayerNorm().apply(x, ln.weight(), ln.bias());
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    int[] s = in[0].shape();
    int c = s[s.length - 1];
    if (in[1].numel() != c) {
      throw new IllegalArgumentException("layerNorm: input " + java.util.Arrays.toString(s) + " must end in " + in[1].numel());
    }
    float[] x = in[0].toFloatArray();
    float[] w = in[1].toFloatArray();
    hasBias = in.length > 2;
    float[] b = hasBias ? in[2].toFloatArray() : null;
    int rows = x.length / c;
    xhat = new float[x.length];
    rstd = new float[rows];
    float[] y = new float[x.length];
    for (int r = 0; r < rows; r++) {
      int o = r * c;
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += x[o + j];
      }
      double mean = sum / c;
      double sq = 0;
      for (int j = 0; j < c; j++) {
        double d = x[o + j] - mean;
        sq += d * d;
      }
      float rs = (float) (1 / Math.sqrt(sq / c + EPS));
      rstd[r] = rs;
      float m = (float) mean;
      for (int j = 0; j < c; j++) {
        float h = (x[o + j] - m) * rs;
        xhat[o + j] = h;
        y[o + j] = b == null ? h * w[j] : h * w[j] + b[j];
      }
    }
    ctx.saveForBackward(in[1]);
    return Tensor.fromArray(y, s);
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor gradOutput) {
    Tensor wt = ctx.savedTensors().get(0);
    float[] w = wt.toFloatArray();
    float[] g = gradOutput.toFloatArray();
    int c = w.length;
    int rows = g.length / c;
    float[] dx = new float[g.length];
    float[] dw = new float[c];
    float[] db = new float[c];
    for (int r = 0; r < rows; r++) {
      int o = r * c;
      float s1 = 0;
      float s2 = 0;
      for (int j = 0; j < c; j++) {
        float gj = g[o + j];
        float h = xhat[o + j];
        float dh = gj * w[j];
        s1 += dh;
        s2 += dh * h;
        dw[j] += gj * h;
        db[j] += gj;
      }
      float m1 = s1 / c;
      float m2 = s2 / c;
      float rs = rstd[r];
      for (int j = 0; j < c; j++) {
        dx[o + j] = rs * (g[o + j] * w[j] - m1 - xhat[o + j] * m2);
      }
    }
    Tensor dW = Tensor.fromArray(dw, wt.shape());
    Tensor dX = Tensor.fromArray(dx, gradOutput.shape());
    return hasBias ? new Tensor[] {dX, dW, Tensor.fromArray(db, wt.shape())} : new Tensor[] {dX, dW};
  }
}
