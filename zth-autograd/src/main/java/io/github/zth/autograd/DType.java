package io.github.zth.autograd;

/**
 * Element type of a {@link Tensor}. FLOAT32 is the default (fast paths), FLOAT64 is the
 * gradient-checking type, INT64 holds indices and targets, BOOL holds masks from comparisons.
 */
public enum DType {
  /** 32-bit IEEE float, torch.float32 (the default). */
  FLOAT32("torch.float32"),
  /** 64-bit IEEE float, torch.float64. */
  FLOAT64("torch.float64"),
  /** 64-bit signed integer, torch.int64 (indices and class targets). */
  INT64("torch.int64"),
  /** Boolean mask (stored as 0/1), torch.bool. */
  BOOL("torch.bool");

  private final String torchName;

  DType(String torchName) {
    this.torchName = torchName;
  }

  /**
   * @return true for FLOAT32 and FLOAT64, the types that can carry gradients
   */
  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /**
   * @return the name torch prints for this type, e.g. {@code torch.float64}
   */
  public String torchName() {
    return torchName;
  }
}
