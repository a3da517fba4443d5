package io.github.zth.autograd;

import io.github.zth.autograd.internal.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A custom differentiable op with a hand-written backward, PyTorch's {@code autograd.Function}: the
 * "layer with forward and backward" pattern. Subclass it, compute the output in {@link #forward}
 * (which runs with gradient recording off), save what backward needs in the {@link Context}, and
 * return one gradient per input from {@link #backward}. Check it with {@link GradCheck}.
 *
 * <pre>{@code
 * final class Cube extends Function {
 *   protected Tensor forward(Context ctx, Tensor... in) {
 *     ctx.saveForBackward(in[0]);
 *     return in[0].pow(3);
 *   }
 *   protected Tensor[] backward(Context ctx, Tensor grad) {
 *     Tensor x = ctx.savedTensors().get(0);
 *     return new Tensor[] {grad.mul(x.mul(x).mul(3))};
 *   }
 * }
 * Tensor y = new Cube().apply(x);   // usable in graphs like any built-in op
 * }</pre>
 *
 * <p>An op with one input can be built from two lambdas instead, in torch's line count:
 *
 * <pre>{@code
 * static final Function SILU = Function.unary("SiLU",
 *     (ctx, x) -> {
 *       Tensor s = x.sigmoid();
 *       ctx.saveForBackward(x, s);
 *       return x.mul(s);
 *     },
 *     (ctx, g) -> g.mul(ctx.saved(1).mul(ctx.saved(0).mul(ctx.saved(1).rsub(1.0)).add(1.0))));
 * }</pre>
 *
 * {@link #of} does the same for any number of inputs. A {@code Function} keeps no per-call state
 * (each {@link #apply} gets a fresh {@link Context}), so one instance serves every call and thread.
 */
public abstract class Function {
  /** Creates the op; subclasses usually hold no state. */
  protected Function() {}

  /**
   * Builds a one-input op from its forward and backward, e.g. an activation.
   *
   * @param name the op's name; its graph node is {@code name + "Backward"}, as torch names custom
   *     ops
   * @param forward computes the output from the input, saving what backward needs in the context
   * @param backward maps the output's gradient to the input's (same shape as the input)
   * @return the op; call {@link #apply} on it
   */
  public static Function unary(
      String name,
      BiFunction<Context, Tensor, Tensor> forward,
      BiFunction<Context, Tensor, Tensor> backward) {
    Objects.requireNonNull(forward, "Function.unary: forward");
    Objects.requireNonNull(backward, "Function.unary: backward");
    return of(
        name,
        (ctx, in) -> {
          if (in.length != 1) {
            throw new IllegalArgumentException(name + ": takes 1 input, got " + in.length);
          }
          return forward.apply(ctx, in[0]);
        },
        (ctx, g) -> new Tensor[] {backward.apply(ctx, g)});
  }

  /**
   * Builds an op of any number of inputs from its forward and backward, the lambda form of
   * subclassing.
   *
   * @param name the op's name; its graph node is {@code name + "Backward"}
   * @param forward computes the output from the inputs, saving what backward needs in the context
   * @param backward returns one gradient per input (null for inputs without one)
   * @return the op; call {@link #apply} on it
   */
  public static Function of(
      String name,
      BiFunction<Context, Tensor[], Tensor> forward,
      BiFunction<Context, Tensor, Tensor[]> backward) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "Function.of: the op needs a name (it names the graph node), got "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    Objects.requireNonNull(forward, "Function.of: forward");
    Objects.requireNonNull(backward, "Function.of: backward");
    return new Function() {
      @Override
      protected Tensor forward(Context ctx, Tensor... inputs) {
        return forward.apply(ctx, inputs);
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor gradOutput) {
        return backward.apply(ctx, gradOutput);
      }

      @Override
      String name() {
        return name;
      }
    };
  }

  /** The name the graph node and error messages carry; a subclass's simple name. */
  String name() {
    return getClass().getSimpleName();
  }

  /**
   * Computes the output. Gradient recording is off here; tensors saved with {@link
   * Context#saveForBackward} are checked for in-place changes before backward runs.
   *
   * @param ctx where to keep what backward needs
   * @param inputs the tensors passed to {@link #apply}
   * @return the output tensor
   */
  protected abstract Tensor forward(Context ctx, Tensor... inputs);

  /**
   * Maps the gradient of the output to one gradient per input (null for inputs without one), each
   * with its input's shape. Runs with gradient recording off.
   *
   * @param ctx the context filled by forward
   * @param gradOutput gradient of the loss with respect to the output
   * @return gradients with respect to the inputs, in order
   */
  protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

  /**
   * Runs forward and records this op in the graph when an input requires grad.
   *
   * @param inputs the op's tensor inputs, handed to forward and matched by backward's gradients
   * @return the output, with this op as its grad_fn when gradients are recorded
   */
  public final Tensor apply(Tensor... inputs) {
    String name = name() + "Backward";
    Context ctx = new Context(name);
    Tensor result = GradMode.noGrad(() -> forward(ctx, inputs.clone()));
    Tensor out = result.detach();
    int[][] shapes = new int[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      shapes[i] = inputs[i].shape();
    }
    return out.record(
        name,
        ctx.saved.toArray(new Tensor[0]),
        g -> {
          Tensor[] gs = backward(ctx, g);
          if (gs == null || gs.length != shapes.length) {
            throw new IllegalStateException(
                name
                    + ": backward returned "
                    + (gs == null ? "null" : gs.length + " gradients")
                    + ", expected "
                    + shapes.length
                    + " (one per input, null allowed)");
          }
          for (int i = 0; i < gs.length; i++) {
            if (gs[i] != null && !Arrays.equals(gs[i].shape(), shapes[i])) {
              throw new IllegalStateException(
                  name
                      + ": backward returned a gradient of shape "
                      + Shapes.str(gs[i].shape())
                      + " for input "
                      + i
                      + " of shape "
                      + Shapes.str(shapes[i]));
            }
          }
          return gs;
        },
        inputs);
  }

  /** Per-call storage shared by forward and backward (torch's {@code ctx}). */
  public static final class Context {
    private final java.util.ArrayList<Tensor> saved = new java.util.ArrayList<>();

    private final String op;

    Context(String op) {
      this.op = op;
    }

    /**
     * Keeps tensors for backward; an in-place change to them before backward is an error.
     *
     * @param tensors the tensors backward will read
     */
    public void saveForBackward(Tensor... tensors) {
      saved.addAll(Arrays.asList(tensors));
    }

    /**
     * One saved tensor, so a short backward reads {@code ctx.saved(0)}.
     *
     * @param index the position in the order of saving
     * @return the tensor saved at that position
     */
    public Tensor saved(int index) {
      if (index < 0 || index >= saved.size()) {
        throw new IndexOutOfBoundsException(
            op
                + ": ctx.saved("
                + index
                + ") is out of range, "
                + saved.size()
                + " tensors were saved");
      }
      return saved.get(index);
    }

    /**
     * @return the saved tensors, in the order they were saved
     */
    public List<Tensor> savedTensors() {
      return List.copyOf(saved);
    }
  }
}
