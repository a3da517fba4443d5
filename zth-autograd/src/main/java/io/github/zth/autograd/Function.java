package io.github.zth.autograd;

import io.github.zth.autograd.internal.Shapes;
import java.util.Arrays;
import java.util.List;

/**
 * A custom differentiable op with a hand-written backward, PyTorch's {@code autograd.Function}:
 * the "layer with forward and backward" pattern. Subclass it, compute the output in
 * {@link #forward} (which runs with gradient recording off), save what backward needs in the
 * {@link Context}, and return one gradient per input from {@link #backward}. Check it with
 * {@link GradCheck}.
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
 */
public abstract class Function {
  /** Creates the op; subclasses usually hold no state. */
  protected Function() {}

  /**
   * Computes the output. Gradient recording is off here; tensors saved with
   * {@link Context#saveForBackward} are checked for in-place changes before backward runs.
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
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public final Tensor apply(Tensor... inputs) {
    Context ctx = new Context();
    Tensor result;
    try (var off = GradMode.disabled()) {
      result = forward(ctx, inputs.clone());
    }
    Tensor out = result.detach();
    String name = getClass().getSimpleName() + "Backward";
    int[][] shapes = new int[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      shapes[i] = inputs[i].shape();
    }
    return out.record(name, ctx.saved.toArray(new Tensor[0]), g -> {
      Tensor[] gs = backward(ctx, g);
      if (gs == null || gs.length != shapes.length) {
        throw new IllegalStateException(name + ": backward returned " + (gs == null ? "null" : gs.length
            + " gradients") + ", expected " + shapes.length + " (one per input, null allowed)");
      }
      for (int i = 0; i < gs.length; i++) {
        if (gs[i] != null && !Arrays.equals(gs[i].shape(), shapes[i])) {
          throw new IllegalStateException(name + ": backward returned a gradient of shape " + Shapes.str(gs[i].shape())
              + " for input " + i + " of shape " + Shapes.str(shapes[i]));
        }
      }
      return gs;
    }, inputs);
  }

  /** Per-call storage shared by forward and backward (torch's {@code ctx}). */
  public static final class Context {
    private final java.util.ArrayList<Tensor> saved = new java.util.ArrayList<>();

    Context() {}

    /**
     * Keeps tensors for backward; an in-place change to them before backward is an error.
     *
     * @param tensors the tensors backward will read
     */
    public void saveForBackward(Tensor... tensors) {
      saved.addAll(Arrays.asList(tensors));
    }

    /** @return the saved tensors, in the order they were saved */
    public List<Tensor> savedTensors() {
      return List.copyOf(saved);
    }
  }
}
