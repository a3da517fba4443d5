package io.github.zth.autograd.random.internal;

/** The unit draws torch builds every floating distribution from (spec §2.1). */
public final class Uniform {
  private Uniform() {}

  private static final float INV_2_24 = 0x1p-24f;
  private static final double INV_2_53 = 0x1p-53;

  /** float32 unit draw: the low 24 bits of one 32-bit word, in [0, 1 - 2^-24]. */
  public static float unitFloat(int word) {
    return (word & 0xFFFFFF) * INV_2_24;
  }

  /** float64 unit draw: the low 53 bits of {@code random64()}, in [0, 1 - 2^-53]. */
  public static double unitDouble(long word) {
    return (word & ((1L << 53) - 1)) * INV_2_53;
  }
}
