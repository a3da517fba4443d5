package io.github.zth.nn;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.internal.SafeTensorsEntry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor still in its file (usually a memory map), read into tensors a block of rows at a time.
 * A 124M-parameter model is a 500 MB file: reading it whole onto the heap and then copying it into
 * the model would need several times that, while copying it straight from the map into the model's
 * own parameters ({@link #copyTo}, {@link #copyTransposedTo}) needs only the parameters plus one
 * block of at most {@value #BLOCK_ELEMENTS} elements.
 *
 * <p>The stored values are little-endian float32, bfloat16 or float16 (both widened exactly to
 * FLOAT32), float64 or int64. Errors name the file and the tensor.
 */
public final class MappedTensor {

  /**
   * Most elements read into one temporary block by {@link #copyTo} and {@link #copyTransposedTo}.
   */
  public static final int BLOCK_ELEMENTS = 1 << 20;

  /** How the stored elements are encoded. */
  enum Encoding {
    F32(4),
    BF16(2),
    F16(2),
    F64(8),
    I64(8);

    final int bytes;

    Encoding(int bytes) {
      this.bytes = bytes;
    }
  }

  private final Path file;
  private final String name;
  private final Encoding encoding;
  private final ByteBuffer data;
  private final int[] shape;
  private final int rowElements;

  MappedTensor(Path file, String name, Encoding encoding, ByteBuffer data, int[] shape) {
    this.file = file;
    this.name = name;
    this.encoding = encoding;
    this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n * encoding.bytes != data.remaining()) {
      throw new IllegalArgumentException(
          where()
              + ": "
              + encoding
              + " "
              + Arrays.toString(shape)
              + " needs "
              + n * encoding.bytes
              + " bytes, got "
              + data.remaining());
    }
    this.rowElements = (int) (shape.length == 0 ? 1 : shape[0] == 0 ? 0 : n / shape[0]);
  }

  /**
   * A float32 tensor over {@code data}'s remaining bytes, for file formats zth-nn does not parse
   * itself (llm.c's checkpoints).
   *
   * @param file the file, for error messages
   * @param name the tensor's name, for error messages
   * @param data exactly {@code 4 * numel(shape)} little-endian bytes (not copied)
   * @param shape the dimensions
   * @return the view
   * @throws IllegalArgumentException if the byte count does not fit the shape
   */
  public static MappedTensor float32(Path file, String name, ByteBuffer data, int... shape) {
    return new MappedTensor(file, name, Encoding.F32, data, shape);
  }

  /**
   * A bfloat16 tensor over {@code data}'s remaining bytes, read as FLOAT32 (exactly).
   *
   * @param file the file, for error messages
   * @param name the tensor's name, for error messages
   * @param data exactly {@code 2 * numel(shape)} little-endian bytes (not copied)
   * @param shape the dimensions
   * @return the view
   * @throws IllegalArgumentException if the byte count does not fit the shape
   */
  public static MappedTensor bfloat16(Path file, String name, ByteBuffer data, int... shape) {
    return new MappedTensor(file, name, Encoding.BF16, data, shape);
  }

  /**
   * Returns the tensor's name in its file.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the stored shape.
   *
   * @return a copy of the dimensions
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns the dtype {@link #read} and {@link #rows} produce: FLOAT32 for float32, bfloat16 and
   * float16 data, else FLOAT64 or INT64 as stored.
   *
   * @return the dtype
   */
  public DType dtype() {
    return switch (encoding) {
      case F64 -> DType.FLOAT64;
      case I64 -> DType.INT64;
      default -> DType.FLOAT32;
    };
  }

  /**
   * Returns the file the tensor is stored in.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * Reads the whole tensor onto the heap, for small tensors and tests.
   *
   * @return a new tensor (FLOAT32 for float32/bfloat16/float16, FLOAT64, or INT64)
   */
  public Tensor read() {
    return shape.length == 0 ? decode(0, 1, new int[0]) : rows(0, shape[0]);
  }

  /**
   * Reads rows {@code [from, from + count)} of the first dimension.
   *
   * @param from the first row
   * @param count how many rows
   * @return a new tensor of shape (count, shape[1:]...)
   * @throws IllegalArgumentException if the tensor is 0-d or the rows are out of range
   */
  public Tensor rows(int from, int count) {
    if (shape.length == 0 || from < 0 || count < 0 || from + count > shape[0]) {
      throw new IllegalArgumentException(
          where()
              + ": cannot read rows ["
              + from
              + ", "
              + (from + count)
              + ") of shape "
              + Arrays.toString(shape));
    }
    int[] s = shape.clone();
    s[0] = count;
    return decode((long) from * rowElements, (long) count * rowElements, s);
  }

  /**
   * Copies the tensor into {@code dst} (same shape), a block of rows at a time. Runs without
   * gradients, so {@code dst} may be a parameter.
   *
   * @param dst the destination
   * @throws IllegalArgumentException if the shapes differ
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public void copyTo(Tensor dst) {
    if (!Arrays.equals(dst.shape(), shape)) {
      throw new IllegalArgumentException(
          where()
              + " has shape "
              + Arrays.toString(shape)
              + " but the model expects "
              + Arrays.toString(dst.shape()));
    }
    try (var off = GradMode.disabled()) {
      if (shape.length == 0) {
        dst.copy_(read());
        return;
      }
      int step = Math.max(1, BLOCK_ELEMENTS / Math.max(1, rowElements));
      for (int r = 0; r < shape[0]; r += step) {
        int n = Math.min(step, shape[0] - r);
        dst.narrow(0, r, n).copy_(rows(r, n));
      }
    }
  }

  /**
   * Copies this 2-D (a, b) tensor into {@code dst} of shape (b, a) as its transpose, a block of
   * rows at a time: Hugging Face's GPT-2 stores its {@code Conv1D} weights (in, out), the transpose
   * of {@code nn.Linear}'s (out, in).
   *
   * @param dst the (b, a) destination
   * @throws IllegalArgumentException if this is not 2-D or the shapes do not transpose
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public void copyTransposedTo(Tensor dst) {
    int[] d = dst.shape();
    if (shape.length != 2 || d.length != 2 || d[0] != shape[1] || d[1] != shape[0]) {
      throw new IllegalArgumentException(
          where()
              + " has shape "
              + Arrays.toString(shape)
              + " but its transpose must fit the model's "
              + Arrays.toString(d));
    }
    try (var off = GradMode.disabled()) {
      int step = Math.max(1, BLOCK_ELEMENTS / Math.max(1, rowElements));
      for (int r = 0; r < shape[0]; r += step) {
        int n = Math.min(step, shape[0] - r);
        dst.narrow(1, r, n).copy_(rows(r, n).T());
      }
    }
  }

  private Tensor decode(long first, long count, int[] s) {
    int n = Math.toIntExact(count);
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.position(Math.toIntExact(first * encoding.bytes));
    switch (encoding) {
      case F32 -> {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        return Tensor.fromArray(a, s);
      }
      case BF16, F16 -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
          int bits = b.getShort() & 0xffff;
          a[i] =
              encoding == Encoding.BF16
                  ? Float.intBitsToFloat(bits << 16)
                  : SafeTensorsEntry.halfToFloat(bits);
        }
        return Tensor.fromArray(a, s);
      }
      case F64 -> {
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        return Tensor.fromArray(a, s);
      }
      default -> {
        long[] a = new long[n];
        b.asLongBuffer().get(a);
        return Tensor.fromArray(a, s);
      }
    }
  }

  private String where() {
    return file + ": tensor \"" + name + "\"";
  }

  @Override
  public String toString() {
    return "MappedTensor[" + where() + ", " + encoding + " " + Arrays.toString(shape) + "]";
  }
}
