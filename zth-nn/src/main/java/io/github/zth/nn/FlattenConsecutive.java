package io.github.zth.nn;

import io.github.zth.autograd.Tensor;

/**
 * The WaveNet-style merge of makemore part 5: concatenates {@code n} consecutive time steps, (B, T,
 * C) → (B, T/n, C·n), squeezing the time dimension when it becomes 1.
 */
public class FlattenConsecutive extends Module {

  private final int n;

  /**
   * Creates the layer.
   *
   * @param n how many consecutive steps to merge, positive
   * @throws IllegalArgumentException if n is not positive
   */
  public FlattenConsecutive(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("FlattenConsecutive: n must be positive, got " + n);
    }
    this.n = n;
  }

  /** (B, T, C) → (B, T/n, C·n), or (B, C·n) when T == n. */
  @Override
  public Tensor forward(Tensor x) {
    return Functional.flattenConsecutive(x, n);
  }

  @Override
  protected String extraRepr() {
    return "n=" + n;
  }
}
