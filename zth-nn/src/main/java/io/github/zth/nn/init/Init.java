package io.github.zth.nn.init;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.Arrays;

/**
 * In-place initialisers, like {@code torch.nn.init}: each fills a tensor (typically a parameter)
 * without recording gradients, drawing from the generator in row-major order exactly as torch fills
 * a contiguous tensor, so seeded runs match torch. nanoGPT's {@code _init_weights} is {@code
 * normal_(linear.weight(), 0, 0.02, g)} and {@code zeros_(linear.bias())}.
 */
public final class Init {

  private Init() {}

  /**
   * Fills with {@code normal(mean, std)}, torch's {@code nn.init.normal_}.
   *
   * @param t the tensor (FLOAT32 or FLOAT64)
   * @param std the standard deviation, non-negative
   * @param generator the random source
   * @return {@code t}
   */
  public static Tensor normal_(Tensor t, double mean, double std, Generator generator) {
    int n = t.numel();
    if (t.dtype() == DType.FLOAT64) {
      double[] v = new double[n];
      generator.normal(v, 0, n, mean, std);
      return assign(t, Tensor.fromArray(v, t.shape()));
    }
    float[] v = new float[floatingCheck("normal_", t)];
    generator.normal(v, 0, n, mean, std);
    return assign(t, Tensor.fromArray(v, t.shape()));
  }

  /**
   * Fills with {@code uniform(low, high)}, torch's {@code nn.init.uniform_}.
   *
   * @param t the tensor (FLOAT32 or FLOAT64)
   * @param low the lower bound
   * @param high the upper bound, at least {@code low}
   * @param generator the random source
   * @return {@code t}
   */
  public static Tensor uniform_(Tensor t, double low, double high, Generator generator) {
    int n = t.numel();
    if (t.dtype() == DType.FLOAT64) {
      double[] v = new double[n];
      generator.uniform(v, 0, n, low, high);
      return assign(t, Tensor.fromArray(v, t.shape()));
    }
    float[] v = new float[floatingCheck("uniform_", t)];
    generator.uniform(v, 0, n, low, high);
    return assign(t, Tensor.fromArray(v, t.shape()));
  }

  /**
   * Fills with zeros, torch's {@code nn.init.zeros_}.
   *
   * @param t the tensor
   * @return {@code t}
   */
  public static Tensor zeros_(Tensor t) {
    return constant_(t, 0.0);
  }

  /**
   * Fills with ones, torch's {@code nn.init.ones_}.
   *
   * @param t the tensor
   * @return {@code t}
   */
  public static Tensor ones_(Tensor t) {
    return constant_(t, 1.0);
  }

  /**
   * Fills with one value, torch's {@code nn.init.constant_}.
   *
   * @param t the tensor
   * @return {@code t}
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public static Tensor constant_(Tensor t, double value) {
    try (var off = GradMode.disabled()) {
      return t.fill_(value);
    }
  }

  /**
   * torch's {@code kaiming_uniform_(t, a, mode='fan_in', nonlinearity='leaky_relu')}: bound {@code
   * sqrt(3) * sqrt(2 / (1 + a²)) / sqrt(fan_in)}, the scheme {@code nn.Linear} uses with {@code a =
   * sqrt(5)}.
   *
   * @param t a tensor of at least 2 dimensions, (out, in, …)
   * @param a the negative slope of the leaky ReLU
   * @param generator the random source
   * @return {@code t}
   */
  public static Tensor kaimingUniform_(Tensor t, double a, Generator generator) {
    double gain = Math.sqrt(2.0 / (1 + a * a));
    double bound = Math.sqrt(3.0) * (gain / Math.sqrt(fanIn("kaimingUniform_", t)));
    return uniform_(t, -bound, bound, generator);
  }

  /**
   * torch's {@code xavier_uniform_(t, gain)}: bound {@code gain * sqrt(6 / (fan_in + fan_out))}.
   *
   * @param t a tensor of at least 2 dimensions, (out, in, …)
   * @param gain the scaling factor (1 for linear layers, 5/3 for tanh)
   * @param generator the random source
   * @return {@code t}
   */
  public static Tensor xavierUniform_(Tensor t, double gain, Generator generator) {
    int receptive = t.numel() / Math.max(1, t.size(0) * t.size(1));
    double fanIn = fanIn("xavierUniform_", t);
    double fanOut = (double) t.size(0) * receptive;
    double std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
    double bound = Math.sqrt(3.0) * std;
    return uniform_(t, -bound, bound, generator);
  }

  private static double fanIn(String op, Tensor t) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException(
          op
              + ": fan in can not be computed for a tensor with fewer than 2 dimensions, got "
              + Arrays.toString(t.shape()));
    }
    int receptive = 1;
    for (int d = 2; d < t.dim(); d++) {
      receptive *= t.size(d);
    }
    return (double) t.size(1) * receptive;
  }

  private static int floatingCheck(String op, Tensor t) {
    if (t.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException(
          op + ": expected a FLOAT32 or FLOAT64 tensor, got " + t.dtype());
    }
    return t.numel();
  }

  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  private static Tensor assign(Tensor t, Tensor values) {
    try (var off = GradMode.disabled()) {
      return t.copy_(values);
    }
  }
}
