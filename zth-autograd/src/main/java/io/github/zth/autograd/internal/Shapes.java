package io.github.zth.autograd.internal;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: broadcasting, dim wrapping, formatting for messages. */
public final class Shapes {
  private Shapes() {}

  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }

  /** NumPy broadcast of two shapes, or an error naming the op. */
  public static int[] broadcast(String op, int[] a, int[] b) {
    int nd = Math.max(a.length, b.length);
    int[] out = new int[nd];
    for (int i = 0; i < nd; i++) {
      int da = i - (nd - a.length) >= 0 ? a[i - (nd - a.length)] : 1;
      int db = i - (nd - b.length) >= 0 ? b[i - (nd - b.length)] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op
                + ": shapes "
                + str(a)
                + " and "
                + str(b)
                + " are not broadcastable (dim "
                + i
                + " of the broadcast shape: "
                + da
                + " vs "
                + db
                + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Wraps a possibly negative dim into [0, rank), or an error naming the op. */
  public static int wrapDim(String op, int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IllegalArgumentException(
          op
              + ": dim "
              + dim
              + " is out of range for a tensor of rank "
              + rank
              + " (expected "
              + (-r)
              + " to "
              + (r - 1)
              + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  public static int[] remove(int[] shape, int dim) {
    int[] out = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != dim) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  public static int[] insert(int[] shape, int dim, int value) {
    int[] out = new int[shape.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == dim ? value : shape[j++];
    }
    return out;
  }

  public static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Strides that let {@code newShape} view the same elements as (oldShape, oldStrides) without a
   * copy, or null when no such strides exist. ATen's rule: the new dims must split or merge runs of
   * old dims that are contiguous among themselves.
   */
  public static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
    int[] st = new int[newShape.length];
    if (Arr.numel(oldShape) == 0 || oldShape.length == 0) {
      return Arr.contiguousStrides(newShape);
    }
    int viewD = newShape.length - 1;
    long chunkBase = oldStrides[oldShape.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int d = oldShape.length - 1; d >= 0; d--) {
      tensorNumel *= oldShape[d];
      if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
          st[viewD] = (int) (viewNumel * chunkBase);
          viewNumel *= newShape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (d > 0) {
          chunkBase = oldStrides[d - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    return viewD == -1 ? st : null;
  }
}
