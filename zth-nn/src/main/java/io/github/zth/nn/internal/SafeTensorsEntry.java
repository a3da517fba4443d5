package io.github.zth.nn.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor as stored in a safetensors file: dtype, shape and its raw little-endian,
 * row-major bytes. The arrays are not copied; callers must not mutate them after handing them over.
 *
 * @param name the tensor name (any string except {@code __metadata__})
 * @param dtype the element type
 * @param shape the dimensions, each non-negative; empty for a 0-d tensor
 * @param data exactly {@code numel * dtype.byteSize()} bytes
 */
public record SafeTensorsEntry(String name, SafeTensorsDType dtype, long[] shape, byte[] data) {

  /**
   * Validates the entry.
   *
   * @throws IllegalArgumentException if the name is reserved, a dimension is negative, the element
   *     count overflows, or the data length does not match
   */
  public SafeTensorsEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    if (name.equals(SafeTensors.METADATA_KEY)) {
      throw new IllegalArgumentException(
          "safetensors: tensor name \"" + SafeTensors.METADATA_KEY + "\" is reserved for metadata");
    }
    long bytes = byteLength(name, dtype, shape);
    if (bytes != data.length) {
      throw new IllegalArgumentException(
          "safetensors: tensor \""
              + name
              + "\" "
              + dtype
              + " "
              + Arrays.toString(shape)
              + " needs "
              + bytes
              + " bytes but got "
              + data.length);
    }
  }

  /**
   * Returns the number of elements, the product of the shape (1 for a 0-d tensor).
   *
   * @return the element count
   */
  public long numel() {
    return data.length / dtype.byteSize();
  }

  /**
   * Computes {@code numel(shape) * dtype.byteSize()} with overflow and sign checks.
   *
   * @param name the tensor name, for the error message
   * @param dtype the element type
   * @param shape the dimensions
   * @return the byte length
   * @throws IllegalArgumentException on a negative dimension or arithmetic overflow
   */
  static long byteLength(String name, SafeTensorsDType dtype, long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "safetensors: tensor \""
                + name
                + "\" has negative dimension in shape "
                + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "safetensors: tensor \""
                + name
                + "\" shape "
                + Arrays.toString(shape)
                + " has more than 2^63 elements",
            e);
      }
    }
    try {
      return Math.multiplyExact(n, (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "safetensors: tensor \""
              + name
              + "\" shape "
              + Arrays.toString(shape)
              + " is larger than 2^63 bytes",
          e);
    }
  }

  /**
   * Returns this entry with F16/BF16 data widened to F32 (exactly: every half and bfloat16 value is
   * a float32 value); F32, F64 and I64 entries are returned unchanged.
   *
   * @return an F32 entry, or this
   */
  public SafeTensorsEntry toFloat32() {
    if (dtype != SafeTensorsDType.F16 && dtype != SafeTensorsDType.BF16) {
      return this;
    }
    ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) numel();
    ByteBuffer out = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      int bits = in.getShort() & 0xffff;
      out.putFloat(
          dtype == SafeTensorsDType.BF16 ? Float.intBitsToFloat(bits << 16) : halfToFloat(bits));
    }
    return new SafeTensorsEntry(name, SafeTensorsDType.F32, shape, out.array());
  }

  /**
   * Converts IEEE 754 binary16 bits to the float with the same value (subnormals, infinities and
   * NaN payloads included).
   *
   * @param bits the 16 bits in the low half
   * @return the float
   */
  public static float halfToFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // Subnormal or zero: value = mant * 2^-24, exact in float.
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SafeTensorsEntry e
        && name.equals(e.name)
        && dtype == e.dtype
        && Arrays.equals(shape, e.shape)
        && Arrays.equals(data, e.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "SafeTensorsEntry["
        + name
        + ", "
        + dtype
        + ", "
        + Arrays.toString(shape)
        + ", "
        + data.length
        + " bytes]";
  }
}
