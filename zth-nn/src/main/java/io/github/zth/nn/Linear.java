package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;

/**
 * A fully connected layer {@code y = x W^T + b}, like {@code nn.Linear}.
 *
 * <p>Initialised exactly as torch initialises it, consuming the generator the same way so seeded
 * runs match torch bit for bit: the weight (out, in) is filled row-major with {@code uniform(-bw,
 * bw)}, {@code bw = sqrt(3) * gain / sqrt(in)}, {@code gain = sqrt(2 / (1 + a²))}, {@code a =
 * sqrt(5)} (kaiming_uniform with a = √5, computed in double as Python does); then the bias with
 * {@code uniform(-1/sqrt(in), 1/sqrt(in))}.
 *
 * <pre>{@code
 * Zth.manualSeed(42);
 * Linear fc = new Linear(30, 200);      // same numbers as torch.manual_seed(42); nn.Linear(30, 200)
 * Tensor h = fc.forward(x);             // (B, 30) -> (B, 200)
 * }</pre>
 */
public class Linear extends Module {

  private final int inFeatures;
  private final int outFeatures;

  /**
   * A layer with bias, initialised from the default generator.
   *
   * @param inFeatures size of each input sample
   * @param outFeatures size of each output sample
   */
  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true, Zth.defaultGenerator());
  }

  /**
   * A layer initialised from the default generator.
   *
   * @param inFeatures size of each input sample
   * @param outFeatures size of each output sample
   * @param bias whether to learn an additive bias
   */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    this(inFeatures, outFeatures, bias, Zth.defaultGenerator());
  }

  /**
   * A FLOAT32 layer initialised from {@code generator}.
   *
   * @param inFeatures size of each input sample, positive
   * @param outFeatures size of each output sample, positive
   * @param bias whether to learn an additive bias
   * @param generator the random source for the initial values
   * @throws IllegalArgumentException if a size is not positive
   */
  public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
    if (inFeatures <= 0 || outFeatures <= 0) {
      throw new IllegalArgumentException(
          "Linear: in_features and out_features must be positive, got "
              + inFeatures
              + ", "
              + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    double a = Math.sqrt(5);
    double gain = Math.sqrt(2 / (1 + a * a));
    double bw = Math.sqrt(3) * (gain / Math.sqrt(inFeatures));
    float[] w = new float[outFeatures * inFeatures];
    generator.uniform(w, 0, w.length, -bw, bw);
    registerParameter("weight", Tensor.fromArray(w, outFeatures, inFeatures));
    if (bias) {
      double bb = 1 / Math.sqrt(inFeatures);
      float[] b = new float[outFeatures];
      generator.uniform(b, 0, b.length, -bb, bb);
      registerParameter("bias", Tensor.fromArray(b, outFeatures));
    }
  }

  /**
   * A layer over existing tensors, which become its parameters as they are (not copies): the way to
   * tie weights, as nanoGPT's {@code transformer.wte.weight = lm_head.weight} makes the head and
   * the token embedding share one matrix ({@code new Linear(wte.weight(), null)}).
   *
   * @param weight (out_features, in_features)
   * @param bias (out_features), or null for none
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public Linear(Tensor weight, Tensor bias) {
    if (weight.dim() != 2
        || weight.size(0) == 0
        || weight.size(1) == 0
        || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))) {
      throw new IllegalArgumentException(
          "Linear: expected a weight (out, in) and a bias (out) or none, got "
              + java.util.Arrays.toString(weight.shape())
              + " and "
              + (bias == null ? "none" : java.util.Arrays.toString(bias.shape())));
    }
    this.inFeatures = weight.size(1);
    this.outFeatures = weight.size(0);
    registerParameter("weight", weight);
    if (bias != null) {
      registerParameter("bias", bias);
    }
  }

  /**
   * The hand-written {@code Linear} of makemore parts 3 and 5, for reproducing the lectures'
   * numbers: its weight is drawn as {@code torch.randn((fan_in, fan_out), generator=g) /
   * fan_in**0.5} (note the transposed shape, filled row-major) and its bias is zeros. The result is
   * stored in torch's (out, in) layout, so {@code forward} and the state dict are those of any
   * other {@code Linear}.
   *
   * @param fanIn input features, positive
   * @param fanOut output features, positive
   * @param bias whether to have a (zero) bias
   * @param generator the lecture's generator {@code g}
   * @return the layer
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public static Linear makemore(int fanIn, int fanOut, boolean bias, Generator generator) {
    Linear layer = new Linear(fanIn, fanOut, bias, new Generator(0));
    float[] w = new float[fanIn * fanOut];
    generator.normal(w, 0, w.length, 0.0, 1.0);
    // torch divides a float tensor by a Python float as float32 division by the rounded scalar
    float scale = (float) Math.sqrt(fanIn);
    Tensor weight = layer.weight();
    try (var off = io.github.zth.autograd.GradMode.disabled()) {
      weight.copy_(
          Tensor.fromArray(w, fanIn, fanOut).div(scale).T()); // (in, out) drawn, (out, in) stored
      if (bias) {
        layer.bias().zero_();
      }
    }
    return layer;
  }

  /**
   * Returns the weight parameter.
   *
   * @return (out_features, in_features)
   */
  public Tensor weight() {
    return parameter("weight");
  }

  /**
   * Returns the bias parameter.
   *
   * @return (out_features), or null when built without bias
   */
  public Tensor bias() {
    return hasParameter("bias") ? parameter("bias") : null;
  }

  /** (…, in_features) → (…, out_features). */
  @Override
  public Tensor forward(Tensor x) {
    return Functional.linear(x, weight(), bias());
  }

  @Override
  protected String extraRepr() {
    return "in_features="
        + inFeatures
        + ", out_features="
        + outFeatures
        + ", bias="
        + hasParameter("bias");
  }
}
