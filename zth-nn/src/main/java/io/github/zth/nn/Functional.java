package io.github.zth.nn;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.Arrays;

/**
 * Stateless forms of the layers, like {@code torch.nn.functional}: each layer's {@code forward}
 * calls one of these with its own parameters, and gradient checks call them with FLOAT64 leaves.
 */
public final class Functional {

  private Functional() {}

  /**
   * {@code x @ weight^T + bias}, torch's {@code F.linear}: with a bias, one fused {@link
   * Tensor#addmm} over the input's rows (its leading dims folded), as torch runs it.
   *
   * @param x input (…, in)
   * @param weight (out, in)
   * @param bias (out), or null for none
   * @return (…, out)
   * @throws IllegalArgumentException if the last dimension of {@code x} is not {@code in}
   */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    int[] xs = x.shape();
    if (xs.length == 0 || xs[xs.length - 1] != weight.size(1)) {
      throw new IllegalArgumentException(
          "linear: input "
              + Arrays.toString(xs)
              + " must end in in_features = "
              + weight.size(1)
              + " (weight "
              + Arrays.toString(weight.shape())
              + ")");
    }
    if (bias == null) {
      return x.matmul(weight.T()); // (..., in) @ (in, out) -> (..., out)
    }
    if (xs.length == 2) {
      return Tensor.addmm(bias, x, weight.T()); // one op, one backward node
    }
    int[] out = xs.clone();
    out[xs.length - 1] = weight.size(0);
    return Tensor.addmm(bias, x.reshape(-1, xs[xs.length - 1]), weight.T())
        .view(out); // batch dims folded into rows
  }

  /**
   * Layer normalisation over the last {@code normalizedShape.length} dimensions with the biased
   * variance, torch's {@code F.layer_norm}.
   *
   * @param x input (…, *normalizedShape)
   * @param normalizedShape the trailing shape normalised over
   * @param weight scale of shape normalizedShape, or null
   * @param bias shift of shape normalizedShape, or null
   * @param eps added to the variance
   * @return the normalised tensor, shape of {@code x}
   * @throws IllegalArgumentException if {@code x} does not end in {@code normalizedShape}
   */
  public static Tensor layerNorm(
      Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    int[] xs = x.shape();
    int k = normalizedShape.length;
    if (k == 0
        || xs.length < k
        || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape)) {
      throw new IllegalArgumentException(
          "layerNorm: input "
              + Arrays.toString(xs)
              + " must end in normalized_shape "
              + Arrays.toString(normalizedShape));
    }
    int[] dims = new int[k];
    for (int i = 0; i < k; i++) {
      dims[i] = xs.length - k + i;
    }
    Tensor mean = x.mean(dims, true);
    Tensor centered = x.sub(mean);
    Tensor var = centered.mul(centered).mean(dims, true);
    Tensor y = centered.div(var.add(eps).sqrt());
    if (weight != null) {
      y = y.mul(weight);
    }
    return bias == null ? y : y.add(bias);
  }

  /**
   * Looks rows of {@code weight} up by index, torch's {@code F.embedding}.
   *
   * @param indices INT64 indices of any shape, each in {@code [0, num)}
   * @param weight (num, dim)
   * @return indices.shape + (dim)
   * @throws IllegalArgumentException if the indices are not INT64 or out of range
   */
  public static Tensor embedding(Tensor indices, Tensor weight) {
    if (indices.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          "embedding: indices must be INT64, got " + indices.dtype());
    }
    int num = weight.size(0);
    for (long i : indices.toLongArray()) {
      if (i < 0 || i >= num) {
        throw new IllegalArgumentException(
            "embedding: index " + i + " out of range for " + num + " embeddings");
      }
    }
    return weight.index(indices);
  }

  /**
   * {@link #embedding(Tensor, Tensor)} with torch's {@code padding_idx}: rows looked up at index
   * {@code paddingIdx} return the table's row as usual but pass no gradient back to it.
   *
   * @param indices INT64 indices of any shape, each in {@code [0, num)}
   * @param weight (num, dim)
   * @param paddingIdx the padding index in {@code [0, num)}, or -1 for none
   * @return indices.shape + (dim)
   * @throws IllegalArgumentException if the indices are not INT64 or out of range
   */
  public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
    Tensor out = embedding(indices, weight);
    if (paddingIdx < 0) {
      return out;
    }
    if (paddingIdx >= weight.size(0)) {
      throw new IllegalArgumentException(
          "embedding: padding_idx "
              + paddingIdx
              + " out of range for "
              + weight.size(0)
              + " embeddings");
    }
    Tensor keep = indices.ne((double) paddingIdx).to(weight.dtype()).unsqueeze(-1); // (..., 1)
    // Same values everywhere; the detached term carries the padding rows without a gradient path.
    return out.mul(keep).add(weight.detach().index(indices).mul(keep.rsub(1.0)));
  }

  /**
   * Inverted dropout, torch's {@code F.dropout}: in training each element is kept with probability
   * {@code 1 - p} and scaled by {@code 1/(1 - p)}; otherwise {@code x} is returned unchanged.
   *
   * <p>The mask is torch's, drawn by {@link Tensor#dropout} (the same draws as attention's
   * dropout).
   *
   * @param x input
   * @param p drop probability in [0, 1]
   * @param training whether to drop (false returns x)
   * @param generator the random source
   * @return the result
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
    checkProbability("dropout", p);
    return x.dropout(p, training, generator);
  }

  static void checkProbability(String op, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(op + ": probability must be in [0, 1], got " + p);
    }
  }

  /**
   * Concatenates {@code n} consecutive time steps, the lecture's {@code FlattenConsecutive}: (B, T,
   * C) becomes (B, T/n, C·n), and (B, C·n) when {@code T/n == 1}.
   *
   * @param x input (B, T, C)
   * @param n how many consecutive steps to merge; must divide T
   * @return the merged tensor
   * @throws IllegalArgumentException if x is not 3-D or n does not divide T
   */
  public static Tensor flattenConsecutive(Tensor x, int n) {
    int[] s = x.shape();
    if (s.length != 3 || n <= 0 || s[1] % n != 0) {
      throw new IllegalArgumentException(
          "flattenConsecutive: expected (B, T, C) with T divisible by n = "
              + n
              + ", got "
              + Arrays.toString(s));
    }
    Tensor y = x.reshape(s[0], s[1] / n, s[2] * n); // (B, T/n, C*n)
    return s[1] / n == 1 ? y.squeeze(1) : y;
  }
}
