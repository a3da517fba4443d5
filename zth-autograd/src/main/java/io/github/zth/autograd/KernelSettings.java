package io.github.zth.autograd;

import io.github.zth.autograd.internal.Parallel;
import io.github.zth.autograd.internal.simd.VectorizationProvider;
import java.util.Locale;

/**
 * The JVM properties that tune zth's CPU kernels, read and checked in this one place, and what the
 * kernels made of them. A program (the {@code zth} CLI among them) calls {@link #check()} first, so
 * a mistyped property is one clear line instead of a failure deep inside the first tensor op:
 *
 * <ul>
 *   <li>{@code -Dzth.threads=N}: threads of the kernel pool, a positive integer (default: one per
 *       available processor);
 *   <li>{@code -Dzth.simd=auto|vector|scalar} ({@code true} and {@code false} mean {@code vector}
 *       and {@code scalar}): {@code auto}, the default, takes the Vector API kernels only on JDKs
 *       where they were validated to compile reliably; {@code vector} forces them wherever the
 *       module is present;
 *   <li>{@code -Dzth.vectorBits=128|256|512}: the Vector API kernels' width (default: the
 *       hardware's preferred width). A width above the hardware's runs correctly but in the Vector
 *       API's slow Java fallback: it exists so one machine can test every width's code.
 * </ul>
 *
 * <p>Results do not depend on the choice: every path sums in one fixed order, so a seeded run
 * prints the same numbers on the scalar path and at every vector width. Only the speed changes.
 */
public final class KernelSettings {
  private KernelSettings() {}

  /**
   * The vector widths the kernels are written for (the fixed 16-lane sums need a width that divides
   * 512 bits).
   */
  private static final int[] WIDTHS = {128, 256, 512};

  /**
   * Checks every zth kernel property without starting anything.
   *
   * @throws IllegalArgumentException naming the first bad property, what it got and what it expects
   */
  public static void check() {
    threadsProperty();
    simdProperty();
    vectorBitsProperty();
  }

  /**
   * {@code -Dzth.threads}, checked: the requested number of kernel threads, or 0 when unset.
   *
   * @throws IllegalArgumentException when it is not a positive integer
   */
  public static int threadsProperty() {
    String s = System.getProperty("zth.threads");
    if (s == null || s.isBlank()) {
      return 0;
    }
    try {
      int t = Integer.parseInt(s.trim());
      if (t >= 1) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below with the value as given
    }
    throw new IllegalArgumentException("-Dzth.threads=" + s + ": expected a positive integer");
  }

  /**
   * {@code -Dzth.simd}, checked and normalised: {@code auto}, {@code vector} or {@code scalar}.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static String simdProperty() {
    String s = System.getProperty("zth.simd");
    if (s == null || s.isBlank()) {
      return "auto";
    }
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return "auto";
      case "vector":
      case "true":
        return "vector";
      case "scalar":
      case "false":
        return "scalar";
      default:
        throw new IllegalArgumentException(
            "-Dzth.simd=" + s + ": expected auto, vector (or true) or scalar (or false)");
    }
  }

  /**
   * {@code -Dzth.vectorBits}, checked: 128, 256 or 512, or 0 when unset (the hardware's preferred
   * width).
   *
   * @throws IllegalArgumentException for any other value
   */
  public static int vectorBitsProperty() {
    String s = System.getProperty("zth.vectorBits");
    if (s == null || s.isBlank()) {
      return 0;
    }
    try {
      int bits = Integer.parseInt(s.trim());
      for (int w : WIDTHS) {
        if (w == bits) {
          return bits;
        }
      }
    } catch (NumberFormatException e) {
      // reported below with the value as given
    }
    throw new IllegalArgumentException("-Dzth.vectorBits=" + s + ": expected 128, 256 or 512");
  }

  /**
   * The number of threads the kernels use; the first call starts the kernel pool.
   *
   * @throws IllegalArgumentException when {@code -Dzth.threads} is bad
   */
  public static int threads() {
    return Parallel.threads();
  }

  /**
   * {@code vector} or {@code scalar}: the kernel path this JVM took (decided and logged on first
   * use).
   *
   * @throws IllegalArgumentException when a kernel property is bad
   */
  public static String simd() {
    return VectorizationProvider.simd();
  }

  /**
   * The start-up line: the JDK, the kernel path with its width, or the reason the vector path is
   * off. The provider also logs it once through {@link System.Logger} (logger {@code
   * io.github.zth.kernels}).
   */
  public static String describe() {
    return VectorizationProvider.describe();
  }
}
