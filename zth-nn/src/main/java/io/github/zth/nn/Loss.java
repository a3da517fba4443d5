package io.github.zth.nn;

import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;
import java.util.Locale;
import java.util.Objects;

/**
 * Base of the loss objects, the counterparts of torch's {@code nn.CrossEntropyLoss} and friends: a
 * loss holds its options and maps (input, target) to a loss tensor with {@link Losses}.
 *
 * <p>A loss is not a {@link Module}: {@code Module.forward} takes one tensor and a loss needs two,
 * and losses have no parameters or buffers to register, save or convert.
 *
 * <pre>{@code
 * Loss criterion = new CrossEntropyLoss(Reduction.MEAN, -100, 0.1);
 * Tensor loss = criterion.forward(model.forward(x), y);
 * }</pre>
 */
public abstract class Loss {

  private final Reduction reduction;

  /**
   * Creates a loss.
   *
   * @param reduction how per-element losses are combined
   */
  protected Loss(Reduction reduction) {
    this.reduction = Objects.requireNonNull(reduction, "reduction");
  }

  /**
   * Computes the loss.
   *
   * @param input the model's output
   * @param target what it should have been
   * @return the loss: a scalar for MEAN and SUM
   */
  public abstract Tensor forward(Tensor input, Tensor target);

  /**
   * Returns how per-element losses are combined.
   *
   * @return the reduction
   */
  public final Reduction reduction() {
    return reduction;
  }

  /**
   * The options after the reduction, for {@link #toString()}; empty by default.
   *
   * @return e.g. {@code ", label_smoothing=0.1"}
   */
  protected String extraRepr() {
    return "";
  }

  /** torch's style: {@code CrossEntropyLoss(reduction=mean, label_smoothing=0.1)}. */
  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "(reduction="
        + reduction.name().toLowerCase(Locale.ROOT)
        + extraRepr()
        + ")";
  }
}
