package io.github.zth.autograd;

import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.Kernels;
import io.github.zth.autograd.internal.Shapes;
import io.github.zth.autograd.random.Generator;
import java.util.List;

/**
 * An n-dimensional array with define-by-run autograd, named and behaving like {@code torch.Tensor}.
 *
 * <p>A tensor is a view: storage + dtype + shape + strides + offset. View ops ({@link #view},
 * {@link #transpose}, {@link #narrow}, {@link #expand}, ...) share storage; {@link #contiguous()}
 * copies only when needed. Binary ops broadcast with NumPy rules. When a tensor with {@link
 * #requiresGrad()} takes part in an op while {@link GradMode} is enabled, the op records how to
 * send gradients back; {@link #backward()} then accumulates into {@link #grad()} of the leaves.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 2).requiresGrad(true);
 * Tensor x = Tensor.of(1f, 2f, 3f);
 * Tensor loss = x.matmul(w).tanh().sum();
 * loss.backward();
 * System.out.println(w.grad());
 * }</pre>
 *
 * <p>In-place ops end in an underscore ({@link #sub_(Tensor)}); on a tensor that requires grad they
 * are only allowed under {@link GradMode#disabled()}, the way optimizer updates are written, and
 * are not recorded in the graph. Changing a tensor in place after an op saved it for backward makes
 * that backward fail with an {@link IllegalStateException} (torch's version counter check).
 *
 * <p>Differences from torch worth knowing: Java scalars are doubles, so a scalar operand on an
 * INT64 tensor stays INT64 when it is integral and gives FLOAT32 otherwise; 0-dim tensors take part
 * in type promotion like any other tensor; {@code sum(int[] dims, ...)} with an empty array reduces
 * nothing; there is no double backward ({@code create_graph}).
 */
public final class Tensor {
  private Arr a; // replaced only by setData, as torch's `tensor.data = ...`
  private boolean requiresGrad;
  private Tensor grad;
  Node gradFn;

  Tensor(Arr a) {
    this.a = a;
  }

  // ---------------------------------------------------------------- internal plumbing

  /** The strided view over this tensor's storage, for the ops and kernels of this package. */
  Arr arr() {
    if (a.storage().isReleased()) {
      throw new IllegalStateException(
          "a tensor of shape "
              + Shapes.str(a.shape())
              + " was made inside a BufferPool scope that has closed, and its buffer was recycled;"
              + " keep it with scope.keep(t) before the scope closes, or make it outside the scope");
    }
    return a;
  }

  int version() {
    return arr().storage().version();
  }

  private static final Tensor[] NONE = new Tensor[0];

  static Tensor[] saved(Tensor... ts) {
    return ts.length == 0 ? NONE : ts;
  }

  /**
   * Registers {@code bw} as this (freshly computed) output's backward when grad mode is on and an
   * input requires grad. Returns this, so an op reads {@code return out.record(...)}.
   */
  Tensor record(String name, Tensor[] savedTensors, Node.Backward bw, Tensor... inputs) {
    if (!GradMode.isEnabled()) {
      return this;
    }
    boolean any = false;
    for (Tensor t : inputs) {
      any |= t.requiresGrad;
    }
    if (any) {
      requiresGrad = true;
      gradFn = new Node(name, inputs, savedTensors, bw);
    }
    return this;
  }

  void accumulateGrad(Tensor g) {
    if (!java.util.Arrays.equals(g.arr().shape(), arr().shape())) {
      g = g.expand(arr().shape());
    }
    if (grad == null) {
      // .grad outlives any BufferPool scope the backward runs in: it is the parameter's, not the
      // step's
      Arr from = g.arr();
      grad = BufferPool.unpooled(() -> new Tensor(Kernels.copy(from, arr().dtype())));
    } else {
      Arr sum = grad.arr();
      io.github.zth.autograd.internal.Index.addInto(sum, g.arr());
    }
  }

  void checkInPlace(String op) {
    if (requiresGrad && GradMode.isEnabled()) {
      throw new IllegalStateException(
          op
              + ": in-place operation on a tensor of shape "
              + Shapes.str(arr().shape())
              + " that requires grad; do parameter updates inside try (var off = GradMode.disabled()) { ... }");
    }
  }

  void bumpVersion() {
    arr().storage().bumpVersion();
  }

  /**
   * Refuses to write through a view in which several elements share one memory location (a dim of
   * size > 1 with stride 0, as {@link #expand} makes): the result would depend on the order of the
   * writes. torch refuses the same writes with the same message.
   */
  void checkNoInternalOverlap(String op) {
    for (int i = 0; i < arr().dim(); i++) {
      if (arr().strides()[i] == 0 && arr().shape()[i] > 1) {
        throw new IllegalArgumentException(
            op
                + ": unsupported operation: more than one element of the written-to"
                + " tensor refers to a single memory location (shape "
                + Shapes.str(arr().shape())
                + ", strides "
                + Shapes.str(arr().strides())
                + "); clone() the tensor before writing to it");
      }
    }
  }

  // ---------------------------------------------------------------- factories

  /** A FLOAT32 tensor of zeros with the given shape. */
  public static Tensor zeros(int... shape) {
    return Factories.full(DType.FLOAT32, 0, shape);
  }

  /** A tensor of zeros of the given dtype and shape. */
  public static Tensor zeros(DType dtype, int... shape) {
    return Factories.full(dtype, 0, shape);
  }

  /** A FLOAT32 tensor of ones with the given shape. */
  public static Tensor ones(int... shape) {
    return Factories.full(DType.FLOAT32, 1, shape);
  }

  /** A tensor of ones of the given dtype and shape. */
  public static Tensor ones(DType dtype, int... shape) {
    return Factories.full(dtype, 1, shape);
  }

  /** A FLOAT32 tensor filled with {@code value}. */
  public static Tensor full(double value, int... shape) {
    return Factories.full(DType.FLOAT32, value, shape);
  }

  /** A tensor of the given dtype filled with {@code value}. */
  public static Tensor full(DType dtype, double value, int... shape) {
    return Factories.full(dtype, value, shape);
  }

  /** Zeros with the shape and dtype of {@code t}. */
  public static Tensor zerosLike(Tensor t) {
    return Factories.full(t.dtype(), 0, t.shape());
  }

  /** Ones with the shape and dtype of {@code t}. */
  public static Tensor onesLike(Tensor t) {
    return Factories.full(t.dtype(), 1, t.shape());
  }

  /** INT64 {@code [0, 1, ..., end-1]}, torch.arange(end). */
  public static Tensor arange(long end) {
    return Factories.arange(0, end);
  }

  /** INT64 {@code [start, ..., end-1]}, torch.arange(start, end). */
  public static Tensor arange(long start, long end) {
    return Factories.arange(start, end);
  }

  /**
   * FLOAT32 values from start (inclusive) to end (exclusive) by step, torch.arange(start, end,
   * step).
   */
  public static Tensor arange(double start, double end, double step) {
    return Factories.arange(start, end, step, DType.FLOAT32);
  }

  /** Like {@link #arange(double, double, double)} with an explicit floating dtype. */
  public static Tensor arange(double start, double end, double step, DType dtype) {
    return Factories.arange(start, end, step, dtype);
  }

  /** FLOAT32 {@code steps} evenly spaced values from start to end inclusive, torch.linspace. */
  public static Tensor linspace(double start, double end, int steps) {
    return Factories.linspace(start, end, steps, DType.FLOAT32);
  }

  /** Like {@link #linspace(double, double, int)} with an explicit dtype. */
  public static Tensor linspace(double start, double end, int steps, DType dtype) {
    return Factories.linspace(start, end, steps, dtype);
  }

  /** The FLOAT32 n×n identity matrix. */
  public static Tensor eye(int n) {
    return Factories.eye(n, DType.FLOAT32);
  }

  /** The n×n identity matrix of the given dtype. */
  public static Tensor eye(int n, DType dtype) {
    return Factories.eye(n, dtype);
  }

  /** A 1-D FLOAT32 tensor holding a copy of {@code values}. */
  public static Tensor of(float... values) {
    return fromArray(values, values.length);
  }

  /** A 1-D FLOAT64 tensor holding a copy of {@code values}. */
  public static Tensor of(double... values) {
    return fromArray(values, values.length);
  }

  /** A 1-D INT64 tensor holding a copy of {@code values}. */
  public static Tensor of(long... values) {
    return fromArray(values, values.length);
  }

  /** A 2-D FLOAT32 tensor from rows of equal length. */
  public static Tensor of(float[][] rows) {
    return Factories.of2d(rows);
  }

  /** A 2-D FLOAT64 tensor from rows of equal length. */
  public static Tensor of(double[][] rows) {
    return Factories.of2d(rows);
  }

  /** A 0-dim FLOAT32 tensor (torch.tensor(3.0)). */
  public static Tensor scalar(double value) {
    return Factories.full(DType.FLOAT32, value);
  }

  /** A 0-dim tensor of the given dtype. */
  public static Tensor scalar(DType dtype, double value) {
    return Factories.full(dtype, value);
  }

  /** A FLOAT32 tensor of the given shape over a copy of row-major {@code data}. */
  public static Tensor fromArray(float[] data, int... shape) {
    return Factories.fromArray(
        io.github.zth.autograd.internal.Storage.of(data.clone()),
        DType.FLOAT32,
        data.length,
        shape);
  }

  /** A FLOAT64 tensor of the given shape over a copy of row-major {@code data}. */
  public static Tensor fromArray(double[] data, int... shape) {
    return Factories.fromArray(
        io.github.zth.autograd.internal.Storage.of(data.clone()),
        DType.FLOAT64,
        data.length,
        shape);
  }

  /** An INT64 tensor of the given shape over a copy of row-major {@code data}. */
  public static Tensor fromArray(long[] data, int... shape) {
    return Factories.fromArray(
        io.github.zth.autograd.internal.Storage.of(data.clone()), DType.INT64, data.length, shape);
  }

  // ---------------------------------------------------------------- random factories

  /** FLOAT32 uniform [0, 1) from the default generator, torch.rand. */
  public static Tensor rand(int... shape) {
    return RandomOps.rand(Zth.defaultGenerator(), DType.FLOAT32, shape);
  }

  /** FLOAT32 uniform [0, 1) from {@code g}, torch.rand(..., generator=g). */
  public static Tensor rand(Generator g, int... shape) {
    return RandomOps.rand(g, DType.FLOAT32, shape);
  }

  /** Uniform [0, 1) of a floating dtype from {@code g}. */
  public static Tensor rand(Generator g, DType dtype, int... shape) {
    return RandomOps.rand(g, dtype, shape);
  }

  /** FLOAT32 standard normal from the default generator, torch.randn. */
  public static Tensor randn(int... shape) {
    return RandomOps.randn(Zth.defaultGenerator(), DType.FLOAT32, shape);
  }

  /** FLOAT32 standard normal from {@code g}, torch.randn(..., generator=g). */
  public static Tensor randn(Generator g, int... shape) {
    return RandomOps.randn(g, DType.FLOAT32, shape);
  }

  /** Standard normal of a floating dtype from {@code g}. */
  public static Tensor randn(Generator g, DType dtype, int... shape) {
    return RandomOps.randn(g, dtype, shape);
  }

  /** INT64 uniform integers in [low, high) from the default generator, torch.randint. */
  public static Tensor randint(long low, long high, int... shape) {
    return RandomOps.randint(Zth.defaultGenerator(), low, high, shape);
  }

  /** INT64 uniform integers in [low, high) from {@code g}. */
  public static Tensor randint(Generator g, long low, long high, int... shape) {
    return RandomOps.randint(g, low, high, shape);
  }

  /** A random permutation of 0..n-1 (INT64) from the default generator, torch.randperm. */
  public static Tensor randperm(int n) {
    return RandomOps.randperm(Zth.defaultGenerator(), n);
  }

  /** A random permutation of 0..n-1 (INT64) from {@code g}. */
  public static Tensor randperm(Generator g, int n) {
    return RandomOps.randperm(g, n);
  }

  /**
   * torch.multinomial: {@code numSamples} INT64 category indices per row of this 1-D or 2-D tensor
   * of (unnormalised) probabilities, from the default generator.
   */
  public Tensor multinomial(int numSamples, boolean replacement) {
    return RandomOps.multinomial(Zth.defaultGenerator(), this, numSamples, replacement);
  }

  /** torch.multinomial with an explicit generator. */
  public Tensor multinomial(int numSamples, boolean replacement, Generator g) {
    return RandomOps.multinomial(g, this, numSamples, replacement);
  }

  /** Fills in place with normal(mean, std) draws from the default generator. */
  public Tensor normal_(double mean, double std) {
    return normal_(mean, std, Zth.defaultGenerator());
  }

  /** Fills in place with normal(mean, std) draws from {@code g}. */
  public Tensor normal_(double mean, double std, Generator g) {
    checkInPlace("normal_");
    checkNoInternalOverlap("normal_");
    RandomOps.requireFloat("normal_", arr().dtype());
    RandomOps.fillNormal(arr(), g, mean, std);
    bumpVersion();
    return this;
  }

  /** Fills in place with uniform [from, to) draws from the default generator. */
  public Tensor uniform_(double from, double to) {
    return uniform_(from, to, Zth.defaultGenerator());
  }

  /** Fills in place with uniform [from, to) draws from {@code g}. */
  public Tensor uniform_(double from, double to, Generator g) {
    checkInPlace("uniform_");
    checkNoInternalOverlap("uniform_");
    RandomOps.requireFloat("uniform_", arr().dtype());
    RandomOps.fillUniform(arr(), g, from, to);
    bumpVersion();
    return this;
  }

  // ---------------------------------------------------------------- metadata and data access

  /**
   * @return a copy of the shape
   */
  public int[] shape() {
    return arr().shape().clone();
  }

  /**
   * @return the number of dimensions
   */
  public int dim() {
    return arr().dim();
  }

  /**
   * @return the number of elements
   */
  public int numel() {
    return arr().numel();
  }

  /** The size of one dim (negative counts from the end). */
  public int size(int dim) {
    if (arr().dim() == 0) {
      throw new IllegalArgumentException("size: a 0-dim tensor has no dim " + dim);
    }
    return arr().shape()[Shapes.wrapDim("size", dim, arr().dim())];
  }

  /**
   * @return a copy of the strides, in elements
   */
  public int[] stride() {
    return arr().strides().clone();
  }

  /**
   * @return the element type
   */
  public DType dtype() {
    return arr().dtype();
  }

  /**
   * @return whether the elements are laid out row-major without gaps
   */
  public boolean isContiguous() {
    return arr().isContiguous();
  }

  /** The single value of a one-element tensor, as a double. */
  public double item() {
    if (arr().numel() != 1) {
      throw new IllegalArgumentException(
          "item: a tensor with "
              + arr().numel()
              + " elements (shape "
              + Shapes.str(arr().shape())
              + ") cannot be converted to a scalar; expected exactly 1 element");
    }
    return arr().getD(arr().offset());
  }

  /** The elements in row-major order as floats (converting if needed). */
  public float[] toFloatArray() {
    Arr x = arr(); // the array leaves the tensor world, so it is never a pooled one
    return BufferPool.unpooled(() -> Kernels.copy(x, DType.FLOAT32)).storage().f;
  }

  /** The elements in row-major order as doubles (converting if needed). */
  public double[] toDoubleArray() {
    Arr x = arr(); // the array leaves the tensor world, so it is never a pooled one
    return BufferPool.unpooled(() -> Kernels.copy(x, DType.FLOAT64)).storage().d;
  }

  /** The elements in row-major order as longs (floats truncate toward zero). */
  public long[] toLongArray() {
    Arr x = arr(); // the array leaves the tensor world, so it is never a pooled one
    return BufferPool.unpooled(() -> Kernels.copy(x, DType.INT64)).storage().l;
  }

  /** Torch-style text, e.g. {@code tensor([1.0000, 2.5000])}. */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }

  // ---------------------------------------------------------------- autograd

  /** Marks this leaf as needing gradients (only floating-point tensors can); returns this. */
  public Tensor requiresGrad(boolean value) {
    if (gradFn != null) {
      throw new IllegalStateException(
          "requiresGrad: only leaf tensors can change requires_grad; this tensor"
              + " was produced by "
              + gradFn.name
              + " (use detach() first)");
    }
    if (value && !arr().dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "requiresGrad: only floating point tensors can require gradients,"
              + " got "
              + arr().dtype());
    }
    requiresGrad = value;
    return this;
  }

  /**
   * @return whether gradients flow to or through this tensor
   */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * @return true for user-created tensors and for tensors that do not require grad
   */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /**
   * @return torch's name of the op that produced this tensor, e.g. {@code MulBackward0}, or null
   */
  public String gradFnName() {
    return gradFn == null ? null : gradFn.name;
  }

  /**
   * @return the accumulated gradient, or null before any backward reached this tensor
   */
  public Tensor grad() {
    return grad;
  }

  /**
   * Clears the accumulated gradient (sets it to null, like {@code zero_grad(set_to_none=True)}).
   */
  public void zeroGrad() {
    grad = null;
  }

  /** Asks a non-leaf tensor to keep its gradient in {@link #grad()} during backward. */
  public Tensor retainGrad() {
    if (!requiresGrad) {
      throw new IllegalStateException(
          "retainGrad: can't retain the grad of a tensor that does not require grad");
    }
    if (gradFn != null) {
      gradFn.retained = this;
    }
    return this;
  }

  /** Backpropagates from this one-element tensor (gradient 1) and frees the graph. */
  public void backward() {
    if (arr().numel() != 1) {
      throw new IllegalStateException(
          "backward: grad can be implicitly created only for scalar outputs, got shape "
              + Shapes.str(arr().shape())
              + "; pass a gradient of that shape to backward(gradient)");
    }
    backward(onesLike(this), false);
  }

  /** Backpropagates {@code gradient} (same shape as this) and frees the graph. */
  public void backward(Tensor gradient) {
    backward(gradient, false);
  }

  /**
   * Backpropagates {@code gradient}; with {@code retainGraph} the saved tensors are kept so
   * backward can run through this graph again.
   */
  public void backward(Tensor gradient, boolean retainGraph) {
    if (!requiresGrad) {
      throw new IllegalStateException(
          "backward: tensor of shape "
              + Shapes.str(arr().shape())
              + " does not require grad and has no grad_fn");
    }
    if (!java.util.Arrays.equals(gradient.arr().shape(), arr().shape())) {
      throw new IllegalArgumentException(
          "backward: gradient of shape "
              + Shapes.str(gradient.arr().shape())
              + " does not match the tensor's shape "
              + Shapes.str(arr().shape()));
    }
    Autograd.backward(this, gradient.to(arr().dtype()), retainGraph);
  }

  /** A view of the same storage that is cut from the graph (torch's detach / .data). */
  public Tensor detach() {
    return new Tensor(arr());
  }

  /**
   * Makes this leaf tensor show {@code data}'s values, dtype and shape (sharing its storage) while
   * it stays the same object with the same {@code requiresGrad}: torch's {@code tensor.data =
   * data}. Whoever holds this tensor (an optimizer, a module, tied layers) sees the change, which
   * is how {@code Module.to(dtype)} converts parameters in place. The gradient is left as it is;
   * the caller converts it too when the dtype changes.
   *
   * @param data the new contents (its graph is not followed; it is used detached)
   * @return this tensor
   * @throws IllegalStateException if this tensor is not a leaf
   * @throws IllegalArgumentException if this tensor requires grad and {@code data} is not floating
   *     point
   */
  public Tensor setData(Tensor data) {
    if (gradFn != null) {
      throw new IllegalStateException(
          "setData: only a leaf tensor's data can be replaced; this tensor was"
              + " produced by "
              + gradFn.name);
    }
    if (requiresGrad && !data.arr().dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "setData: a tensor that requires grad needs floating point data, got "
              + data.arr().dtype());
    }
    a = data.arr();
    return this;
  }

  // ---------------------------------------------------------------- conversion and copies

  /** This tensor converted to {@code dtype} (differentiable between floating types). */
  public Tensor to(DType dtype) {
    if (dtype == arr().dtype()) {
      return this;
    }
    Tensor src = this;
    Tensor out = new Tensor(Kernels.copy(arr(), dtype));
    if (!dtype.isFloatingPoint()) {
      return out;
    }
    return out.record("ToCopyBackward0", saved(), g -> new Tensor[] {g.to(src.dtype())}, this);
  }

  /** A differentiable copy with its own storage. */
  public Tensor clone() {
    return new Tensor(Kernels.copy(arr(), arr().dtype()))
        .record("CloneBackward0", saved(), g -> new Tensor[] {g}, this);
  }

  /** This tensor if contiguous, else a contiguous (differentiable) copy. */
  public Tensor contiguous() {
    return arr().isContiguous() ? this : clone();
  }

  // ---------------------------------------------------------------- views

  /**
   * A view with a new shape (one dim may be -1). Like torch, it works whenever the new dims only
   * split or merge dims that are contiguous among themselves; otherwise use {@link #reshape}.
   */
  public Tensor view(int... shape) {
    return ShapeOps.view(this, shape);
  }

  /** Like {@link #view} but copies when the layout does not allow a view. */
  public Tensor reshape(int... shape) {
    return ShapeOps.reshape(this, shape);
  }

  /** Swaps two dims (a view). */
  public Tensor transpose(int dim0, int dim1) {
    return ShapeOps.transpose(this, dim0, dim1);
  }

  /** Reorders all dims (a view). */
  public Tensor permute(int... dims) {
    return ShapeOps.permute(this, dims);
  }

  /** All dims reversed; for 2-D, the matrix transpose (torch's {@code .T}). */
  public Tensor T() {
    int n = arr().dim();
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = n - 1 - i;
    }
    return permute(p);
  }

  /** The last two dims swapped (torch's {@code .mT}). */
  public Tensor mT() {
    if (arr().dim() < 2) {
      throw new IllegalArgumentException(
          "mT: expected a tensor with at least 2 dims, got shape " + Shapes.str(arr().shape()));
    }
    return transpose(-2, -1);
  }

  /** Elements {@code start .. start+length-1} along {@code dim} (a view). */
  public Tensor narrow(int dim, int start, int length) {
    return ShapeOps.narrow(this, dim, start, length);
  }

  /**
   * Python's {@code x[start:end]} along {@code dim} (negative and out-of-range bounds clip, a
   * view).
   */
  public Tensor slice(int dim, int start, int end) {
    return ShapeOps.slice(this, dim, start, end);
  }

  /** Index {@code index} of {@code dim}, removing that dim (a view). */
  public Tensor select(int dim, int index) {
    return ShapeOps.select(this, dim, index);
  }

  /** Broadcasts size-1 dims (and new leading dims) to {@code shape}; -1 keeps a size (a view). */
  public Tensor expand(int... shape) {
    return ShapeOps.expand(this, shape);
  }

  /** Removes every size-1 dim (a view). */
  public Tensor squeeze() {
    return ShapeOps.squeeze(this, null);
  }

  /** Removes {@code dim} if it has size 1 (a view). */
  public Tensor squeeze(int dim) {
    return ShapeOps.squeeze(this, dim);
  }

  /** Inserts a size-1 dim at {@code dim} (a view). */
  public Tensor unsqueeze(int dim) {
    return ShapeOps.unsqueeze(this, dim);
  }

  /** All dims flattened into one. */
  public Tensor flatten() {
    return flatten(0, -1);
  }

  /** Dims {@code startDim..endDim} flattened into one. */
  public Tensor flatten(int startDim, int endDim) {
    return ShapeOps.flatten(this, startDim, endDim);
  }

  /** Splits into pieces of {@code splitSize} along {@code dim} (the last may be smaller; views). */
  public List<Tensor> split(int splitSize, int dim) {
    return ShapeOps.split(this, splitSize, dim);
  }

  /** Splits into {@code chunks} nearly equal pieces along {@code dim} (views). */
  public List<Tensor> chunk(int chunks, int dim) {
    return ShapeOps.chunk(this, chunks, dim);
  }

  /** Concatenates tensors along an existing dim. */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    return ShapeOps.cat(tensors, dim);
  }

  /** Stacks equal-shaped tensors along a new dim. */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    return ShapeOps.stack(tensors, dim);
  }

  // ---------------------------------------------------------------- pointwise arithmetic

  /** {@code this + other} with broadcasting. */
  public Tensor add(Tensor other) {
    return Pointwise.add(this, other);
  }

  /** {@code this + s}. */
  public Tensor add(double s) {
    return Pointwise.addScalar(this, s);
  }

  /** {@code this - other} with broadcasting. */
  public Tensor sub(Tensor other) {
    return Pointwise.sub(this, other);
  }

  /** {@code this - s}. */
  public Tensor sub(double s) {
    return Pointwise.addScalar(this, -s);
  }

  /** {@code this * other} with broadcasting. */
  public Tensor mul(Tensor other) {
    return Pointwise.mul(this, other);
  }

  /** {@code this * s}. */
  public Tensor mul(double s) {
    return Pointwise.mulScalar(this, s);
  }

  /** {@code this / other} with broadcasting (true division: integers give FLOAT32). */
  public Tensor div(Tensor other) {
    return Pointwise.div(this, other);
  }

  /** {@code this / s}. */
  public Tensor div(double s) {
    return Pointwise.div(this, Pointwise.scalarLike(this, s));
  }

  /** {@code s - this} (torch's rsub). */
  public Tensor rsub(double s) {
    return Pointwise.sub(Pointwise.scalarLike(this, s), this);
  }

  /** {@code s / this}. */
  public Tensor rdiv(double s) {
    return Pointwise.div(Pointwise.scalarLike(this, s), this);
  }

  /** {@code -this}. */
  public Tensor neg() {
    return Pointwise.neg(this);
  }

  /**
   * {@code this ** exponent}, elementwise with broadcasting. Gradients follow torch 1.13: the
   * base's is 0 where the exponent is 0, the exponent's is 0 where the base is 0 and the exponent
   * non-negative.
   */
  public Tensor pow(Tensor exponent) {
    return Pointwise.pow(this, exponent);
  }

  /**
   * {@code this ** exponent}. An integral exponent keeps an INT64 tensor INT64, so a negative one
   * is refused ("Integers to negative integer powers are not allowed", as torch says for {@code x
   * ** -1}).
   */
  public Tensor pow(double exponent) {
    return Pointwise.powScalar(this, exponent);
  }

  /** Elementwise maximum of two tensors (gradient split evenly on ties, like torch). */
  public Tensor maximum(Tensor other) {
    return Pointwise.maxMin(this, other, true);
  }

  /** Elementwise minimum of two tensors (gradient split evenly on ties, like torch). */
  public Tensor minimum(Tensor other) {
    return Pointwise.maxMin(this, other, false);
  }

  /**
   * e^x (an INT64 or BOOL tensor gives FLOAT32, as torch promotes; so do log, sqrt, tanh, sigmoid).
   */
  public Tensor exp() {
    return Pointwise.exp(this);
  }

  /** Natural logarithm. */
  public Tensor log() {
    return Pointwise.log(this);
  }

  /** Square root. */
  public Tensor sqrt() {
    return Pointwise.sqrt(this);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return Pointwise.tanh(this);
  }

  /** Logistic sigmoid 1/(1+e^-x). */
  public Tensor sigmoid() {
    return Pointwise.sigmoid(this);
  }

  /** max(x, 0), keeping the dtype; NaN stays NaN and passes its gradient, as in torch. */
  public Tensor relu() {
    return Pointwise.relu(this);
  }

  /** GELU, exact erf form: x·Φ(x). */
  public Tensor gelu() {
    return Pointwise.gelu(this, false);
  }

  /** GELU; {@code tanhApproximation} selects torch's {@code approximate='tanh'} form. */
  public Tensor gelu(boolean tanhApproximation) {
    return Pointwise.gelu(this, tanhApproximation);
  }

  /** Absolute value. */
  public Tensor abs() {
    return Pointwise.abs(this);
  }

  /**
   * Clamps into [min, max] (use infinities for one-sided clamps). With min &gt; max every element
   * becomes max, as torch defines it.
   */
  public Tensor clamp(double min, double max) {
    return Pointwise.clamp(this, min, max);
  }

  /** {@code condition ? this : other}, broadcasting all three (torch.where(cond, self, other)). */
  public static Tensor where(Tensor condition, Tensor x, Tensor y) {
    return Pointwise.where(condition, x, y);
  }

  /** A copy with {@code value} where the BOOL {@code mask} (broadcast to this shape) is true. */
  public Tensor maskedFill(Tensor mask, double value) {
    return Pointwise.maskedFill(this, mask, value);
  }

  /** Lower triangle of the last two dims, keeping diagonals {@code <= diagonal}. */
  public Tensor tril(int diagonal) {
    return Pointwise.triangle(this, diagonal, true);
  }

  /** {@code tril(0)}. */
  public Tensor tril() {
    return tril(0);
  }

  /** Upper triangle of the last two dims, keeping diagonals {@code >= diagonal}. */
  public Tensor triu(int diagonal) {
    return Pointwise.triangle(this, diagonal, false);
  }

  /** {@code triu(0)}. */
  public Tensor triu() {
    return triu(0);
  }

  // ---------------------------------------------------------------- comparisons (BOOL masks)

  /** Elementwise {@code ==}, a BOOL mask. */
  public Tensor eq(Tensor other) {
    return Pointwise.compare(this, other, Kernels.BinOp.EQ, "eq");
  }

  /** Elementwise {@code == s}. */
  public Tensor eq(double s) {
    return eq(Pointwise.scalarLike(this, s));
  }

  /** Elementwise {@code !=}, a BOOL mask. */
  public Tensor ne(Tensor other) {
    return Pointwise.compare(this, other, Kernels.BinOp.NE, "ne");
  }

  /** Elementwise {@code != s}. */
  public Tensor ne(double s) {
    return ne(Pointwise.scalarLike(this, s));
  }

  /** Elementwise {@code <}, a BOOL mask. */
  public Tensor lt(Tensor other) {
    return Pointwise.compare(this, other, Kernels.BinOp.LT, "lt");
  }

  /** Elementwise {@code < s}. */
  public Tensor lt(double s) {
    return lt(Pointwise.scalarLike(this, s));
  }

  /** Elementwise {@code <=}, a BOOL mask. */
  public Tensor le(Tensor other) {
    return Pointwise.compare(this, other, Kernels.BinOp.LE, "le");
  }

  /** Elementwise {@code <= s}. */
  public Tensor le(double s) {
    return le(Pointwise.scalarLike(this, s));
  }

  /** Elementwise {@code >}, a BOOL mask. */
  public Tensor gt(Tensor other) {
    return Pointwise.compare(this, other, Kernels.BinOp.GT, "gt");
  }

  /** Elementwise {@code > s}. */
  public Tensor gt(double s) {
    return gt(Pointwise.scalarLike(this, s));
  }

  /** Elementwise {@code >=}, a BOOL mask. */
  public Tensor ge(Tensor other) {
    return Pointwise.compare(this, other, Kernels.BinOp.GE, "ge");
  }

  /** Elementwise {@code >= s}. */
  public Tensor ge(double s) {
    return ge(Pointwise.scalarLike(this, s));
  }

  // ---------------------------------------------------------------- in-place updates

  /** {@code this += other} in place (broadcast into this shape); bumps the version counter. */
  public Tensor add_(Tensor other) {
    return Pointwise.inPlace(this, other, Kernels.BinOp.ADD, "add_");
  }

  /** {@code this += s} in place. */
  public Tensor add_(double s) {
    return add_(Pointwise.scalarLike(this, s));
  }

  /** {@code this -= other} in place; the optimizer update {@code w.sub_(w.grad().mul(lr))}. */
  public Tensor sub_(Tensor other) {
    return Pointwise.inPlace(this, other, Kernels.BinOp.SUB, "sub_");
  }

  /** {@code this -= s} in place. */
  public Tensor sub_(double s) {
    return sub_(Pointwise.scalarLike(this, s));
  }

  /** {@code this *= other} in place. */
  public Tensor mul_(Tensor other) {
    return Pointwise.inPlace(this, other, Kernels.BinOp.MUL, "mul_");
  }

  /** {@code this *= s} in place. */
  public Tensor mul_(double s) {
    return mul_(Pointwise.scalarLike(this, s));
  }

  /** {@code this /= s} in place. */
  public Tensor div_(double s) {
    return Pointwise.inPlace(this, Pointwise.scalarLike(this, s), Kernels.BinOp.DIV, "div_");
  }

  /**
   * Copies {@code src} (broadcast, cast) into this tensor in place. Like every in-place op except
   * the fills, it refuses a destination whose elements share memory (an {@link #expand}ed view).
   */
  public Tensor copy_(Tensor src) {
    checkInPlace("copy_");
    checkNoInternalOverlap("copy_");
    int[] target = Shapes.broadcast("copy_", arr().shape(), src.arr().shape());
    if (!java.util.Arrays.equals(target, arr().shape())) {
      throw new IllegalArgumentException(
          "copy_: source of shape "
              + Shapes.str(src.arr().shape())
              + " cannot be broadcast to the destination shape "
              + Shapes.str(arr().shape()));
    }
    // straight from the source unless the two share storage (then they may overlap)
    Arr from =
        src.arr().storage() == arr().storage()
            ? Kernels.copy(src.arr(), src.arr().dtype())
            : src.arr();
    Kernels.assign(arr(), from.expandTo(arr().shape()));
    bumpVersion();
    return this;
  }

  /** Sets every element to {@code value} in place. */
  public Tensor fill_(double value) {
    checkInPlace("fill_");
    Kernels.fill(arr(), value);
    bumpVersion();
    return this;
  }

  /** Sets every element to zero in place. */
  public Tensor zero_() {
    return fill_(0);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all elements, a 0-dim tensor. */
  public Tensor sum() {
    return Reductions.sum(this, null, false);
  }

  /** Sum over {@code dim}. */
  public Tensor sum(int dim) {
    return sum(dim, false);
  }

  /** Sum over {@code dim}, keeping it as size 1 when {@code keepdim}. */
  public Tensor sum(int dim, boolean keepdim) {
    return Reductions.sum(this, new int[] {dim}, keepdim);
  }

  /** Sum over several dims. */
  public Tensor sum(int[] dims, boolean keepdim) {
    return Reductions.sum(this, dims, keepdim);
  }

  /** Mean of all elements (floating types only). */
  public Tensor mean() {
    return Reductions.mean(this, null, false);
  }

  /** Mean over {@code dim}. */
  public Tensor mean(int dim) {
    return mean(dim, false);
  }

  /** Mean over {@code dim}, optionally keeping it. */
  public Tensor mean(int dim, boolean keepdim) {
    return Reductions.mean(this, new int[] {dim}, keepdim);
  }

  /** Mean over several dims. */
  public Tensor mean(int[] dims, boolean keepdim) {
    return Reductions.mean(this, dims, keepdim);
  }

  /** Maximum of all elements, a 0-dim tensor (gradient split evenly between ties). */
  public Tensor max() {
    return Reductions.maxAll(this, true);
  }

  /** Minimum of all elements, a 0-dim tensor. */
  public Tensor min() {
    return Reductions.maxAll(this, false);
  }

  /** Max values and their indices along {@code dim}. */
  public ValuesIndices max(int dim, boolean keepdim) {
    return Reductions.maxMin(this, dim, keepdim, true);
  }

  /** Min values and their indices along {@code dim}. */
  public ValuesIndices min(int dim, boolean keepdim) {
    return Reductions.maxMin(this, dim, keepdim, false);
  }

  /** Index of the maximum of the flattened tensor, a 0-dim INT64 tensor. */
  public Tensor argmax() {
    return flatten().max(0, false).indices();
  }

  /** Indices of the maxima along {@code dim}. */
  public Tensor argmax(int dim, boolean keepdim) {
    return max(dim, keepdim).indices();
  }

  /**
   * The {@code k} largest elements along {@code dim}, largest first, and their INT64 positions, as
   * torch's {@code topk(k, dim)} (largest, sorted; NaN counts as largest). The gradient flows to
   * the selected elements.
   *
   * @param k how many, in {@code [0, size(dim)]}
   * @param dim the dim to select along
   * @return the values and their indices, {@code size(dim)} replaced by {@code k}
   * @throws IllegalArgumentException if {@code k} is out of range or the tensor is BOOL
   */
  public ValuesIndices topk(int k, int dim) {
    return Selection.topk(this, k, dim);
  }

  /**
   * {@link #topk(int, int)} along the last dim.
   *
   * @param k how many
   * @return the values and their indices
   */
  public ValuesIndices topk(int k) {
    return Selection.topk(this, k, -1);
  }

  /** Indices of the minima along {@code dim}. */
  public Tensor argmin(int dim, boolean keepdim) {
    return min(dim, keepdim).indices();
  }

  /** Unbiased variance of all elements (divides by N-1, like torch). */
  public Tensor var() {
    return Reductions.var(this, null, 1, false, false);
  }

  /** Unbiased variance over {@code dim}. */
  public Tensor var(int dim, boolean keepdim) {
    return Reductions.var(this, new int[] {dim}, 1, keepdim, false);
  }

  /** Variance over {@code dims} dividing by N - {@code correction} (1 = unbiased, 0 = biased). */
  public Tensor var(int[] dims, int correction, boolean keepdim) {
    return Reductions.var(this, dims, correction, keepdim, false);
  }

  /** Variance over {@code dims}, unbiased or biased. */
  public Tensor var(int[] dims, boolean unbiased, boolean keepdim) {
    return Reductions.var(this, dims, unbiased ? 1 : 0, keepdim, false);
  }

  /** Unbiased standard deviation of all elements. */
  public Tensor std() {
    return Reductions.var(this, null, 1, false, true);
  }

  /** Unbiased standard deviation over {@code dim}. */
  public Tensor std(int dim, boolean keepdim) {
    return Reductions.var(this, new int[] {dim}, 1, keepdim, true);
  }

  /** Standard deviation over {@code dims} dividing by N - {@code correction}. */
  public Tensor std(int[] dims, int correction, boolean keepdim) {
    return Reductions.var(this, dims, correction, keepdim, true);
  }

  /** log(sum(exp(x))) over {@code dim}, computed stably. */
  public Tensor logsumexp(int dim, boolean keepdim) {
    return Reductions.logsumexp(this, new int[] {dim}, keepdim);
  }

  /**
   * Running sums along {@code dim}, torch's {@code cumsum}: {@code out[i] = x[0] + ... + x[i]}.
   * INT64 and BOOL inputs give INT64; FLOAT32 sums accumulate in double like torch's CPU kernel.
   *
   * @param dim the dim to scan (negative counts from the end)
   * @return a tensor of this shape
   * @throws IllegalArgumentException if dim is out of range
   */
  public Tensor cumsum(int dim) {
    return Reductions.cumsum(this, dim);
  }

  /** log(sum(exp(x))) over several dims. */
  public Tensor logsumexp(int[] dims, boolean keepdim) {
    return Reductions.logsumexp(this, dims, keepdim);
  }

  // ---------------------------------------------------------------- linear algebra

  /** Matrix product with torch's {@code @} semantics (1-D, 2-D, batched and broadcast N-D). */
  public Tensor matmul(Tensor other) {
    return LinAlg.matmul(this, other);
  }

  // ---------------------------------------------------------------- indexing

  /**
   * Rows (slices along {@code dim}) picked by a 1-D INT64 index. Indices must lie in [0, size):
   * like torch's index_select, a negative index is out of range (advanced {@link #index(Tensor)}
   * does count it from the end).
   */
  public Tensor indexSelect(int dim, Tensor index) {
    return Indexing.indexSelect(this, dim, index);
  }

  /**
   * torch.gather: {@code out[i][j] = this[i][index[i][j]]} for dim 1, and so on. Indices must lie
   * in [0, size), as in torch.
   */
  public Tensor gather(int dim, Tensor index) {
    return Indexing.gather(this, dim, index);
  }

  /**
   * Advanced indexing {@code this[idx]} with an INT64 tensor of any shape: the result has shape
   * {@code idx.shape + this.shape[1:]} (an embedding lookup). Backward scatter-adds.
   */
  public Tensor index(Tensor idx) {
    return Indexing.index(this, new Tensor[] {idx});
  }

  /**
   * {@code this[rows, cols]} with broadcast INT64 index tensors, e.g. {@code probs[arange(n), ys]}.
   */
  public Tensor index(Tensor rows, Tensor cols) {
    return Indexing.index(this, new Tensor[] {rows, cols});
  }

  /** One-hot INT64 encoding with a new last dim of size {@code numClasses} (F.one_hot). */
  public static Tensor oneHot(Tensor index, int numClasses) {
    return Indexing.oneHot(index, numClasses);
  }

  // ---------------------------------------------------------------- neural-network functions

  /** Softmax along {@code dim}. */
  public Tensor softmax(int dim) {
    return NNOps.softmax(this, dim, false);
  }

  /** Log-softmax along {@code dim}, computed stably. */
  public Tensor logSoftmax(int dim) {
    return NNOps.softmax(this, dim, true);
  }

  /**
   * Layer normalisation over the trailing {@code normalizedShape} dims, torch's {@code
   * F.layer_norm}: {@code (x - mean) / sqrt(biased var + eps) * weight + bias}. FLOAT32 runs one
   * fused kernel pass forward and one backward.
   *
   * @param normalizedShape the trailing dims to normalise over, e.g. {@code {C}}
   * @param weight scale of shape normalizedShape, or null for none
   * @param bias shift of shape normalizedShape, or null for none
   * @param eps added to the variance, positive (torch's default is 1e-5)
   * @return a tensor of this shape
   * @throws IllegalArgumentException if the shapes do not fit or eps is not positive
   */
  public Tensor layerNorm(int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    return NNOps.layerNorm(this, normalizedShape, weight, bias, eps);
  }

  /**
   * Attention, torch's {@code F.scaled_dot_product_attention(q, k, v, is_causal=causal)}: {@code
   * softmax(q·kᵀ/sqrt(D))·v}, with query i seeing keys {@code j <= i} when causal. In FLOAT32 the
   * scale, the mask and the softmax live inside one kernel (no (T, S) mask tensor is built) and
   * backward reuses the saved probabilities.
   *
   * <pre>{@code
   * Tensor y = Tensor.scaledDotProductAttention(q, k, v, true); // (B, nh, T, hs) each -> (B, nh, T, hs)
   * }</pre>
   *
   * @param q queries (..., T, D)
   * @param k keys (..., S, D), same batch dims as q
   * @param v values (..., S, Dv)
   * @param causal whether to mask out keys after each query's position
   * @return (..., T, Dv)
   * @throws IllegalArgumentException if the shapes or dtypes do not fit
   */
  public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, boolean causal) {
    return AttentionOps.attend(q, k, v, causal, 0, 0, null, false).output();
  }

  /**
   * Mean cross-entropy of logits (C), (N, C) or (N, C, d...) against INT64 class targets of shape
   * (N, d...), or against a floating target of class probabilities shaped like the logits (torch's
   * "probabilities" form, differentiable in the target too).
   */
  public Tensor crossEntropy(Tensor target) {
    return NNOps.crossEntropy(this, target, Reduction.MEAN, -100);
  }

  /**
   * Cross-entropy with a reduction and an ignored target value (torch default -100; a probability
   * target accepts only a negative ignoreIndex, as torch does).
   */
  public Tensor crossEntropy(Tensor target, Reduction reduction, long ignoreIndex) {
    return NNOps.crossEntropy(this, target, reduction, ignoreIndex);
  }

  /** Mean negative log-likelihood of log-probabilities (N, C) against INT64 targets. */
  public Tensor nllLoss(Tensor target) {
    return NNOps.nllLoss(this, target, Reduction.MEAN, -100);
  }

  /** Negative log-likelihood with a reduction and an ignored target value. */
  public Tensor nllLoss(Tensor target, Reduction reduction, long ignoreIndex) {
    return NNOps.nllLoss(this, target, reduction, ignoreIndex);
  }

  /** Mean squared error against {@code target} (broadcast). */
  public Tensor mseLoss(Tensor target) {
    return NNOps.mseLoss(this, target, Reduction.MEAN);
  }

  /** Squared error with a reduction. */
  public Tensor mseLoss(Tensor target, Reduction reduction) {
    return NNOps.mseLoss(this, target, reduction);
  }

  // ---------------------------------------------------------------- attention and linear, full
  // forms

  /**
   * Attention with everything a transformer layer needs, torch's {@code
   * F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=causal)} plus two things torch
   * leaves to the caller: queries that continue a key sequence (a KV cache) and the weights.
   *
   * <p>With {@code causal}, query i sits at key position {@code queryStart + i} and sees keys up to
   * it: {@code queryStart = 0} is torch's mask (and nanoGPT's); for a KV cache holding S keys of
   * which the last T are the queries' own, {@code queryStart = S - T}. Dropout draws torch's {@code
   * F.dropout} mask over the (…, T, S) weights, row-major from {@code generator}, and backward goes
   * through it; the scale, mask, softmax, dropout and weighted sum run in one FLOAT32 kernel.
   *
   * <pre>{@code
   * Tensor y = Tensor.scaledDotProductAttention(q, k, v, true, 0, 0.1, gen, false).output(); // training
   * Tensor w = Tensor.scaledDotProductAttention(q, k, v, true, 0, 0, null, true).weights();  // (B, nh, T, T)
   * }</pre>
   *
   * @param q queries (..., T, D)
   * @param k keys (..., S, D), same batch dims as q
   * @param v values (..., S, Dv)
   * @param causal whether each query sees only keys up to its own position
   * @param queryStart with {@code causal}, the key position of query 0 ({@code >= 0}); ignored
   *     otherwise
   * @param dropoutP probability of dropping a weight, in [0, 1]
   * @param generator the dropout mask's random source; may be null when {@code dropoutP} is 0
   * @param needWeights whether to return the weights too
   * @return the output (..., T, Dv) and, if asked, the weights (..., T, S)
   * @throws IllegalArgumentException if the shapes, dtypes, probability or start do not fit
   */
  public static AttentionOutput scaledDotProductAttention(
      Tensor q,
      Tensor k,
      Tensor v,
      boolean causal,
      int queryStart,
      double dropoutP,
      Generator generator,
      boolean needWeights) {
    return AttentionOps.attend(q, k, v, causal, queryStart, dropoutP, generator, needWeights);
  }

  /**
   * {@code input + mat1·mat2} as one op, torch's {@code torch.addmm(input, mat1, mat2)}: what a
   * Linear layer with a bias computes ({@code addmm(b, x, W.T())}), with one backward node instead
   * of a product and a broadcast add. The numbers are exactly those of {@code
   * mat1.matmul(mat2).add(input)}.
   *
   * @param input broadcastable to (n, p), e.g. a bias (p)
   * @param mat1 (n, k)
   * @param mat2 (k, p)
   * @return (n, p)
   * @throws IllegalArgumentException if the shapes or dtypes do not fit
   */
  public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2) {
    return LinearOps.addmm(input, mat1, mat2);
  }

  /**
   * Inverted dropout, torch's {@code torch.dropout(input, p, train)}: in training each element is
   * kept with probability {@code 1 - p} and scaled by {@code 1/(1 - p)}; otherwise this tensor is
   * returned. The mask is torch's: {@code bernoulli_(1 - p)} drawn from {@code generator} (one
   * 53-bit uniform per element, row-major), divided by {@code 1 - p} in this tensor's dtype, then
   * multiplied in, so seeded runs drop what torch drops.
   *
   * @param p drop probability in [0, 1]
   * @param train whether to drop (false returns this tensor)
   * @param generator the random source
   * @return the result
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  public Tensor dropout(double p, boolean train, Generator generator) {
    return DropoutOps.dropout(this, p, train, generator);
  }
}
