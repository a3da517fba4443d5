package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Index;
import io.github.zth.autograd.internal.Kernels;
import io.github.zth.autograd.internal.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** View ops (no copies) and joins; each op's backward sits right under its forward. */
final class ShapeOps {
  private ShapeOps() {}

  static int[] inferShape(String op, int[] shape, int numel, int[] from) {
    int[] out = shape.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              op + ": only one dimension can be -1, got " + Shapes.str(shape));
        }
        infer = i;
      } else if (out[i] < 0) {
        throw new IllegalArgumentException(
            op + ": invalid size " + out[i] + " in shape " + Shapes.str(shape));
      } else {
        known *= out[i];
      }
    }
    if (infer >= 0 && known != 0 && numel % known == 0) {
      out[infer] = (int) (numel / known);
    } else if (infer >= 0 || known != numel) {
      throw new IllegalArgumentException(
          op
              + ": shape "
              + Shapes.str(shape)
              + " is invalid for input of shape "
              + Shapes.str(from)
              + " ("
              + numel
              + " elements)");
    }
    return out;
  }

  static Tensor view(Tensor x, int[] shape) {
    Arr a = x.arr();
    int[] s = inferShape("view", shape, a.numel(), a.shape());
    int[] strides = Shapes.viewStrides(a.shape(), a.strides(), s);
    if (strides == null) {
      throw new IllegalArgumentException(
          "view: shape "
              + Shapes.str(s)
              + " is not compatible with the layout of a"
              + " tensor of shape "
              + Shapes.str(a.shape())
              + " and strides "
              + Shapes.str(a.strides())
              + " (at least one dim spans non-contiguous memory); use reshape(...), which copies, or contiguous() first");
    }
    int[] inShape = a.shape();
    Tensor out = new Tensor(a.restride(s, strides, a.offset()));
    return out.record("ViewBackward0", Tensor.saved(), g -> new Tensor[] {g.reshape(inShape)}, x);
  }

  static Tensor reshape(Tensor x, int[] shape) {
    Arr a = x.arr();
    int[] s = inferShape("reshape", shape, a.numel(), a.shape());
    return Shapes.viewStrides(a.shape(), a.strides(), s) != null ? view(x, s) : x.clone().view(s);
  }

  static Tensor permute(Tensor x, int[] dims) {
    Arr a = x.arr();
    int n = a.dim();
    if (dims.length != n) {
      throw new IllegalArgumentException(
          "permute: got "
              + dims.length
              + " dims "
              + Shapes.str(dims)
              + " for a tensor of rank "
              + n
              + " (shape "
              + Shapes.str(a.shape())
              + ")");
    }
    int[] shape = new int[n];
    int[] strides = new int[n];
    int[] inverse = new int[n];
    boolean[] seen = new boolean[n];
    for (int i = 0; i < n; i++) {
      int d = Shapes.wrapDim("permute", dims[i], n);
      if (seen[d]) {
        throw new IllegalArgumentException("permute: dim " + d + " repeats in " + Shapes.str(dims));
      }
      seen[d] = true;
      shape[i] = a.shape()[d];
      strides[i] = a.strides()[d];
      inverse[d] = i;
    }
    Tensor out = new Tensor(a.restride(shape, strides, a.offset()));
    return out.record(
        "PermuteBackward0", Tensor.saved(), g -> new Tensor[] {g.permute(inverse)}, x);
  }

  static Tensor transpose(Tensor x, int d0, int d1) {
    int n = x.dim();
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    if (n == 0) {
      return x;
    }
    int a = Shapes.wrapDim("transpose", d0, n);
    int b = Shapes.wrapDim("transpose", d1, n);
    p[a] = b;
    p[b] = a;
    return permute(x, p);
  }

  static Tensor narrow(Tensor x, int dim, int start, int length) {
    Arr a = x.arr();
    requireDims("narrow", a);
    int d = Shapes.wrapDim("narrow", dim, a.dim());
    int size = a.shape()[d];
    if (start < 0) {
      start += size;
    }
    if (start < 0 || length < 0 || start + length > size) {
      throw new IllegalArgumentException(
          "narrow: start "
              + start
              + " + length "
              + length
              + " exceeds size "
              + size
              + " of dim "
              + d
              + " (shape "
              + Shapes.str(a.shape())
              + ")");
    }
    int[] shape = a.shape().clone();
    shape[d] = length;
    int[] inShape = a.shape();
    int st = start;
    Tensor out = new Tensor(a.restride(shape, a.strides(), a.offset() + start * a.strides()[d]));
    return out.record(
        "SliceBackward0", Tensor.saved(), new SliceBackward(inShape, d, st, length), x);
  }

  /**
   * narrow's backward: g in the narrowed region of zeros, or added straight into the engine's sum.
   */
  private record SliceBackward(int[] inputShape, int dim, int start, int length)
      implements Node.RegionBackward {
    @Override
    public Tensor[] apply(Tensor g) {
      Tensor z = Tensor.zeros(g.dtype(), inputShape);
      addInto(z, g);
      return new Tensor[] {z};
    }

    @Override
    public void addInto(Tensor acc, Tensor g) {
      Index.addInto(narrowArr(acc.arr(), dim, start, length), g.arr());
    }
  }

  private static void requireDims(String op, Arr a) {
    if (a.dim() == 0) {
      throw new IllegalArgumentException(op + ": cannot be applied to a 0-dim tensor");
    }
  }

  static Tensor slice(Tensor x, int dim, int start, int end) {
    requireDims("slice", x.arr());
    int d = Shapes.wrapDim("slice", dim, x.dim());
    int size = x.arr().shape()[d];
    int s = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
    int e = Math.min(Math.max(end < 0 ? end + size : end, 0), size);
    return narrow(x, d, s, Math.max(e - s, 0));
  }

  static Tensor select(Tensor x, int dim, int index) {
    Arr a = x.arr();
    requireDims("select", a);
    int d = Shapes.wrapDim("select", dim, a.dim());
    int size = a.shape()[d];
    int i = index < 0 ? index + size : index;
    if (i < 0 || i >= size) {
      throw new IllegalArgumentException(
          "select: index "
              + index
              + " is out of bounds for dim "
              + d
              + " with size "
              + size
              + " (shape "
              + Shapes.str(a.shape())
              + ")");
    }
    int[] inShape = a.shape();
    Tensor out =
        new Tensor(
            a.restride(
                Shapes.remove(a.shape(), d),
                Shapes.remove(a.strides(), d),
                a.offset() + i * a.strides()[d]));
    return out.record(
        "SelectBackward0",
        Tensor.saved(),
        g -> {
          Tensor z = Tensor.zeros(g.dtype(), inShape);
          z.select(d, i).copy_(g);
          return new Tensor[] {z};
        },
        x);
  }

  static Tensor expand(Tensor x, int[] shape) {
    Arr a = x.arr();
    int nd = shape.length;
    int shift = nd - a.dim();
    if (shift < 0) {
      throw new IllegalArgumentException(
          "expand: target "
              + Shapes.str(shape)
              + " has fewer dims than the tensor's "
              + Shapes.str(a.shape()));
    }
    int[] target = shape.clone();
    for (int i = 0; i < nd; i++) {
      int own = i >= shift ? a.shape()[i - shift] : 1;
      if (target[i] == -1 && i >= shift) {
        target[i] = own;
      }
      if (target[i] < 0 || (own != 1 && own != target[i])) {
        throw new IllegalArgumentException(
            "expand: the tensor's shape "
                + Shapes.str(a.shape())
                + " cannot be expanded to "
                + Shapes.str(shape)
                + " (dim "
                + i
                + ": size "
                + own
                + " is not 1)");
      }
    }
    int[] inShape = a.shape();
    Tensor out = new Tensor(a.expandTo(target));
    return out.record(
        "ExpandBackward0", Tensor.saved(), g -> new Tensor[] {Reductions.sumTo(g, inShape)}, x);
  }

  static Tensor squeeze(Tensor x, Integer dim) {
    Arr a = x.arr();
    List<Integer> keep = new ArrayList<>();
    int d = dim == null ? -1 : Shapes.wrapDim("squeeze", dim, a.dim());
    for (int i = 0; i < a.dim(); i++) {
      boolean drop = a.shape()[i] == 1 && (dim == null || i == d);
      if (!drop) {
        keep.add(i);
      }
    }
    int[] shape = new int[keep.size()];
    int[] strides = new int[keep.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = a.shape()[keep.get(i)];
      strides[i] = a.strides()[keep.get(i)];
    }
    int[] inShape = a.shape();
    Tensor out = new Tensor(a.restride(shape, strides, a.offset()));
    return out.record(
        "SqueezeBackward0", Tensor.saved(), g -> new Tensor[] {g.reshape(inShape)}, x);
  }

  static Tensor unsqueeze(Tensor x, int dim) {
    Arr a = x.arr();
    int d = Shapes.wrapDim("unsqueeze", dim, a.dim() + 1);
    int stride = d < a.dim() ? a.shape()[d] * a.strides()[d] : 1;
    int[] inShape = a.shape();
    Tensor out =
        new Tensor(
            a.restride(
                Shapes.insert(a.shape(), d, 1), Shapes.insert(a.strides(), d, stride), a.offset()));
    return out.record(
        "UnsqueezeBackward0", Tensor.saved(), g -> new Tensor[] {g.reshape(inShape)}, x);
  }

  static Tensor flatten(Tensor x, int startDim, int endDim) {
    int[] s = x.arr().shape();
    if (s.length == 0) {
      return x.reshape(1);
    }
    int a = Shapes.wrapDim("flatten", startDim, s.length);
    int b = Shapes.wrapDim("flatten", endDim, s.length);
    if (a > b) {
      throw new IllegalArgumentException("flatten: start dim " + a + " comes after end dim " + b);
    }
    int[] out = new int[s.length - (b - a)];
    int k = 0;
    for (int i = 0; i < a; i++) {
      out[k++] = s[i];
    }
    int prod = 1;
    for (int i = a; i <= b; i++) {
      prod *= s[i];
    }
    out[k++] = prod;
    for (int i = b + 1; i < s.length; i++) {
      out[k++] = s[i];
    }
    return x.reshape(out);
  }

  static List<Tensor> split(Tensor x, int splitSize, int dim) {
    requireDims("split", x.arr());
    int d = Shapes.wrapDim("split", dim, x.dim());
    if (splitSize <= 0) {
      throw new IllegalArgumentException("split: split size must be positive, got " + splitSize);
    }
    int size = x.arr().shape()[d];
    List<Tensor> out = new ArrayList<>();
    for (int s = 0; s < size; s += splitSize) {
      out.add(narrow(x, d, s, Math.min(splitSize, size - s)));
    }
    return out;
  }

  static List<Tensor> chunk(Tensor x, int chunks, int dim) {
    if (chunks <= 0) {
      throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
    }
    requireDims("chunk", x.arr());
    int d = Shapes.wrapDim("chunk", dim, x.dim());
    int size = x.arr().shape()[d];
    return split(x, Math.max((size + chunks - 1) / chunks, 1), d);
  }

  static Tensor cat(List<Tensor> ts, int dim) {
    if (ts.isEmpty()) {
      throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
    }
    Tensor first = ts.get(0);
    int nd = first.dim();
    requireDims("cat", first.arr());
    int d = Shapes.wrapDim("cat", dim, nd);
    int total = 0;
    int[] starts = new int[ts.size()];
    for (int i = 0; i < ts.size(); i++) {
      Tensor t = ts.get(i);
      if (t.dtype() != first.dtype()) {
        throw new IllegalArgumentException(
            "cat: tensor "
                + i
                + " has dtype "
                + t.dtype()
                + ", expected "
                + first.dtype()
                + " like tensor 0");
      }
      int[] s = t.arr().shape();
      boolean ok = s.length == nd;
      for (int j = 0; ok && j < nd; j++) {
        ok = j == d || s[j] == first.arr().shape()[j];
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "cat: tensor "
                + i
                + " has shape "
                + Shapes.str(s)
                + ", expected "
                + Shapes.str(first.arr().shape())
                + " except in dim "
                + d);
      }
      starts[i] = total;
      total += s[d];
    }
    int[] shape = first.arr().shape().clone();
    shape[d] = total;
    Arr out = Arr.empty(first.dtype(), shape);
    Tensor result = new Tensor(out);
    for (int i = 0; i < ts.size(); i++) {
      Arr src = ts.get(i).arr();
      Kernels.assign(narrowArr(out, d, starts[i], src.shape()[d]), src);
    }
    Tensor[] inputs = ts.toArray(new Tensor[0]);
    return result.record(
        "CatBackward0",
        Tensor.saved(),
        g -> {
          Tensor[] gs = new Tensor[inputs.length];
          for (int i = 0; i < inputs.length; i++) {
            gs[i] =
                inputs[i].requiresGrad()
                    ? g.narrow(d, starts[i], inputs[i].arr().shape()[d])
                    : null;
          }
          return gs;
        },
        inputs);
  }

  private static Arr narrowArr(Arr a, int d, int start, int len) {
    int[] shape = a.shape().clone();
    shape[d] = len;
    return a.restride(shape, a.strides(), a.offset() + start * a.strides()[d]);
  }

  static Tensor stack(List<Tensor> ts, int dim) {
    if (ts.isEmpty()) {
      throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
    }
    int[] s0 = ts.get(0).arr().shape();
    int d = Shapes.wrapDim("stack", dim, s0.length + 1);
    List<Tensor> us = new ArrayList<>();
    for (int i = 0; i < ts.size(); i++) {
      if (!Arrays.equals(ts.get(i).arr().shape(), s0)) {
        throw new IllegalArgumentException(
            "stack: tensor "
                + i
                + " has shape "
                + Shapes.str(ts.get(i).arr().shape())
                + ", expected "
                + Shapes.str(s0)
                + " like tensor 0");
      }
      us.add(ts.get(i).unsqueeze(d));
    }
    return cat(us, d);
  }
}
