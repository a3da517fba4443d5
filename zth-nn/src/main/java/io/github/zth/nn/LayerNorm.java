package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/**
 * Layer normalisation over the trailing dimensions, like {@code nn.LayerNorm}: subtract the mean,
 * divide by {@code sqrt(biased variance + eps)}, then scale by {@code weight} (ones) and shift by
 * {@code bias} (zeros; optional, as in nanoGPT's {@code LayerNorm(ndim, bias)}).
 */
public class LayerNorm extends Module {

  /** torch's default epsilon. */
  public static final double DEFAULT_EPS = 1e-5;

  private final int[] normalizedShape;
  private final double eps;

  /**
   * Normalises over the last dimension of size {@code dim}, with bias, eps 1e-5.
   *
   * @param dim size of the last dimension
   */
  public LayerNorm(int dim) {
    this(new int[] {dim}, DEFAULT_EPS, true);
  }

  /**
   * Normalises over the last dimension of size {@code dim}, eps 1e-5.
   *
   * @param dim size of the last dimension
   * @param bias whether to learn a shift
   */
  public LayerNorm(int dim, boolean bias) {
    this(new int[] {dim}, DEFAULT_EPS, bias);
  }

  /**
   * Normalises over the trailing {@code normalizedShape}.
   *
   * @param normalizedShape the trailing shape, each size positive
   * @param eps added to the variance, positive
   * @param bias whether to learn a shift
   * @throws IllegalArgumentException on an empty or non-positive shape or a non-positive eps
   */
  public LayerNorm(int[] normalizedShape, double eps, boolean bias) {
    if (normalizedShape.length == 0
        || java.util.Arrays.stream(normalizedShape).anyMatch(d -> d <= 0)
        || !(eps > 0)) {
      throw new IllegalArgumentException(
          "LayerNorm: need a non-empty positive normalized_shape and eps > 0, got "
              + java.util.Arrays.toString(normalizedShape)
              + ", eps "
              + eps);
    }
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    registerParameter("weight", Tensor.ones(normalizedShape));
    if (bias) {
      registerParameter("bias", Tensor.zeros(normalizedShape));
    }
  }

  /**
   * Returns the scale parameter.
   *
   * @return the weight, of shape normalized_shape
   */
  public Tensor weight() {
    return parameter("weight");
  }

  /**
   * Returns the shift parameter.
   *
   * @return the bias, or null when built without
   */
  public Tensor bias() {
    return hasParameter("bias") ? parameter("bias") : null;
  }

  /** (…, *normalized_shape) → same shape. */
  @Override
  public Tensor forward(Tensor x) {
    return x.layerNorm(normalizedShape, weight(), bias(), eps); // fused in FLOAT32
  }

  @Override
  protected String extraRepr() {
    return "("
        + java.util.Arrays.toString(normalizedShape).replace("[", "").replace("]", "")
        + (normalizedShape.length == 1 ? "," : "")
        + "), eps="
        + eps
        + ", elementwise_affine=true"
        + (hasParameter("bias") ? "" : ", bias=false");
  }
}
