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
        throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
            + " are not broadcastable (dim " + i + " of the broadcast shape: " + da + " vs " + db + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Wraps a possibly negative dim into [0, rank), or an error naming the op. */
  public static int wrapDim(String op, int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of rank "
          + rank + " (expected " + (-r) + " to " + (r - 1) + ")");
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
}
