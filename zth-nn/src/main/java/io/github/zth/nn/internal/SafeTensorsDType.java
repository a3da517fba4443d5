package io.github.zth.nn.internal;

/**
 * The safetensors element types zth reads and writes, with their byte sizes.
 *
 * <p>Declared in the same relative order as the Rust library's {@code Dtype} enum (increasing
 * alignment), because its writer orders tensors by descending dtype, then by name; {@link
 * SafeTensors} does the same so files come out byte-identical.
 */
public enum SafeTensorsDType {
  /**
   * IEEE 754 half precision; read-only in spirit: {@link SafeTensorsEntry#toFloat32()} upcasts it.
   */
  F16(2),
  /** bfloat16 (the top half of a float32); {@link SafeTensorsEntry#toFloat32()} upcasts it. */
  BF16(2),
  /** IEEE 754 single precision, little-endian. */
  F32(4),
  /** IEEE 754 double precision, little-endian. */
  F64(8),
  /** Two's-complement 64-bit integer, little-endian. */
  I64(8);

  private final int byteSize;

  SafeTensorsDType(int byteSize) {
    this.byteSize = byteSize;
  }

  /**
   * Returns the size of one element in bytes.
   *
   * @return 2, 4 or 8
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * Looks up a header dtype string.
   *
   * @param name the string from the header, e.g. {@code "F32"}
   * @return the dtype
   * @throws IllegalArgumentException if zth does not support it, listing what it supports
   */
  public static SafeTensorsDType parse(String name) {
    for (SafeTensorsDType d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported dtype \"" + name + "\" (supported: F16, BF16, F32, F64, I64)");
  }
}
