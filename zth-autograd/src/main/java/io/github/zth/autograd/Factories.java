package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Kernels;
import io.github.zth.autograd.internal.Shapes;
import io.github.zth.autograd.internal.Storage;

/** Creation of new tensors (the deterministic factories behind Tensor's static methods). */
final class Factories {
  private Factories() {}

  static int[] checkShape(String op, int[] shape) {
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException(
            op + ": negative dimension in shape " + Shapes.str(shape));
      }
    }
    return shape.clone();
  }

  static Tensor full(DType t, double v, int... shape) {
    Arr a = Arr.empty(t, checkShape("full", shape));
    if (v != 0) {
      Kernels.fill(a, v);
    }
    return new Tensor(a);
  }

  static Tensor arange(long start, long end) {
    if (end < start) {
      throw new IllegalArgumentException("arange: end " + end + " is smaller than start " + start);
    }
    long[] v = new long[Math.toIntExact(end - start)];
    for (int i = 0; i < v.length; i++) {
      v[i] = start + i;
    }
    return new Tensor(new Arr(Storage.of(v), DType.INT64, new int[] {v.length}, new int[] {1}, 0));
  }

  static Tensor arange(double start, double end, double step, DType t) {
    if (step == 0 || Double.isNaN(step) || (end - start) / step < 0) {
      throw new IllegalArgumentException(
          "arange: step " + step + " does not lead from " + start + " to " + end);
    }
    int n = (int) Math.ceil((end - start) / step);
    Arr a = Arr.empty(t, new int[] {n});
    for (int i = 0; i < n; i++) {
      Kernels.put(a, i, start + i * step);
    }
    return new Tensor(a);
  }

  static Tensor linspace(double start, double end, int steps, DType t) {
    if (steps < 0) {
      throw new IllegalArgumentException(
          "linspace: number of steps must be non-negative, got " + steps);
    }
    Arr a = Arr.empty(t, new int[] {steps});
    if (steps == 1) {
      Kernels.put(a, 0, start); // torch: one step is the start, not the end
      return new Tensor(a);
    }
    double step = steps > 1 ? (end - start) / (steps - 1) : 0;
    int half = steps / 2;
    for (int i = 0; i < steps; i++) {
      // torch fills the second half backwards from end, so the last value is exactly end
      Kernels.put(a, i, i < half ? start + step * i : end - step * (steps - i - 1));
    }
    return new Tensor(a);
  }

  static Tensor eye(int n, DType t) {
    Arr a = Arr.empty(t, checkShape("eye", new int[] {n, n}));
    for (int i = 0; i < n; i++) {
      Kernels.put(a, i * n + i, 1);
    }
    return new Tensor(a);
  }

  static Tensor of2d(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkRow(i, rows[i].length, cols);
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return fromArray(Storage.of(flat), DType.FLOAT32, flat.length, rows.length, cols);
  }

  static Tensor of2d(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] flat = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkRow(i, rows[i].length, cols);
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return fromArray(Storage.of(flat), DType.FLOAT64, flat.length, rows.length, cols);
  }

  private static void checkRow(int i, int len, int cols) {
    if (len != cols) {
      throw new IllegalArgumentException(
          "of: row " + i + " has length " + len + ", expected " + cols + " like row 0");
    }
  }

  static Tensor fromArray(Storage s, DType t, int length, int... shape) {
    checkShape("fromArray", shape);
    if (Arr.numel(shape) != length) {
      throw new IllegalArgumentException(
          "fromArray: shape "
              + Shapes.str(shape)
              + " needs "
              + Arr.numel(shape)
              + " elements, got an array of "
              + length);
    }
    return new Tensor(new Arr(s, t, shape.clone(), Arr.contiguousStrides(shape), 0));
  }
}
