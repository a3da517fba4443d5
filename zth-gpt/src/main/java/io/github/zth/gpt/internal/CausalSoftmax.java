package io.github.zth.gpt.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Function;
import io.github.zth.autograd.Tensor;
import java.util.Arrays;

/**
 * {@code softmax(scale * att masked to j <= i)} over the last dimension of (…, T, T) attention
 * scores, fused: the causal mask is the index comparison {@code j <= i} inside the loop, so no
 * T×T mask tensor exists, and masked entries come out exactly 0 (as after {@code masked_fill(-inf)}).
 * Backward, per row: {@code dx = scale * y * (g - sum(g * y))}.
 */
public final class CausalSoftmax extends Function {

  private final double scale;

  /**
   * A softmax for one call.
   *
   * @param scale multiplies the scores before the softmax ({@code 1/sqrt(hs)})
   */
  public CausalSoftmax(double scale) {
    this.scale = scale;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    int[] s = x.shape();
    if (s.length < 2 || s[s.length - 1] != s[s.length - 2] || !x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("causalSoftmax: expected floating (..., T, T) scores, got " + x.dtype() + " "
          + Arrays.toString(s));
    }
    int t = s[s.length - 1];
    int rows = x.numel() / t;
    Tensor y;
    if (x.dtype() == DType.FLOAT32) {
      float[] a = x.toFloatArray();
      float sc = (float) scale;
      for (int r = 0; r < rows; r++) {
        int base = r * t;
        int n = r % t + 1; // query position i attends to keys 0..i
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          max = Math.max(max, a[base + j] * sc);
        }
        float sum = 0;
        for (int j = 0; j < n; j++) {
          float e = (float) Math.exp(a[base + j] * sc - max);
          a[base + j] = e;
          sum += e;
        }
        float inv = 1 / sum;
        for (int j = 0; j < n; j++) {
          a[base + j] *= inv;
        }
        Arrays.fill(a, base + n, base + t, 0f);
      }
      y = Tensor.fromArray(a, s);
    } else {
      double[] a = x.toDoubleArray();
      for (int r = 0; r < rows; r++) {
        int base = r * t;
        int n = r % t + 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          max = Math.max(max, a[base + j] * scale);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
          double e = Math.exp(a[base + j] * scale - max);
          a[base + j] = e;
          sum += e;
        }
        for (int j = 0; j < n; j++) {
          a[base + j] /= sum;
        }
        Arrays.fill(a, base + n, base + t, 0.0);
      }
      y = Tensor.fromArray(a, s).to(x.dtype());
    }
    ctx.saveForBackward(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor gradOutput) {
    Tensor y = ctx.savedTensors().get(0);
    int[] s = y.shape();
    int t = s[s.length - 1];
    int rows = y.numel() / t;
    if (y.dtype() == DType.FLOAT32) {
      float[] ya = y.toFloatArray();
      float[] g = gradOutput.toFloatArray();
      float sc = (float) scale;
      for (int r = 0; r < rows; r++) {
        int base = r * t;
        int n = r % t + 1;
        float dot = 0;
        for (int j = 0; j < n; j++) {
          dot += g[base + j] * ya[base + j];
        }
        for (int j = 0; j < n; j++) {
          g[base + j] = sc * ya[base + j] * (g[base + j] - dot);
        }
        Arrays.fill(g, base + n, base + t, 0f);
      }
      return new Tensor[] {Tensor.fromArray(g, s)};
    }
    double[] ya = y.toDoubleArray();
    double[] g = gradOutput.toDoubleArray();
    for (int r = 0; r < rows; r++) {
      int base = r * t;
      int n = r % t + 1;
      double dot = 0;
      for (int j = 0; j < n; j++) {
        dot += g[base + j] * ya[base + j];
      }
      for (int j = 0; j < n; j++) {
        g[base + j] = scale * ya[base + j] * (g[base + j] - dot);
      }
      Arrays.fill(g, base + n, base + t, 0.0);
    }
    return new Tensor[] {Tensor.fromArray(g, s).to(y.dtype())};
  }
}
