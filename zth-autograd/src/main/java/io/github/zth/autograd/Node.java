package io.github.zth.autograd;

/**
 * One recorded op in the autograd graph: the inputs it read, the backward function that maps the
 * gradient of its output to gradients of its inputs, and the tensors it saved (with their versions,
 * so an in-place change before backward is caught).
 */
final class Node {
  /** Maps the gradient of a node's output to one gradient per input (null where not needed). */
  @FunctionalInterface
  interface Backward {
    Tensor[] apply(Tensor grad);
  }

  /**
   * The backward of a one-input view that picks a region of its input (narrow, split, chunk): its
   * input gradient is zeros with {@code grad} in that region. When the input has a node of its own,
   * the engine skips the zeros and adds {@code grad} straight into that node's accumulating
   * gradient, so the pieces of a split meet in one buffer instead of one zero-padded tensor each.
   */
  interface RegionBackward extends Backward {
    /** The input's shape. */
    int[] inputShape();

    /** {@code acc[region] += grad}, where {@code acc} has the input's shape. */
    void addInto(Tensor acc, Tensor grad);
  }

  final String name;
  final Tensor[] inputs;
  Backward backward;
  Tensor[] saved;
  int[] savedVersions;

  /** The output tensor, kept only when the user asked for {@code retainGrad()}. */
  Tensor retained;

  /** Backward-pass scratch: consumers still to report, and the gradient summed so far. */
  int pendingConsumers;

  Tensor pendingGrad;

  /**
   * Whether pendingGrad is a buffer the engine allocated itself, so later gradients add into it in
   * place.
   */
  boolean pendingOwned;

  Object visitToken;

  private static final int[] NO_VERSIONS = new int[0];

  Node(String name, Tensor[] inputs, Tensor[] saved, Backward backward) {
    this.name = name;
    this.inputs = inputs;
    this.backward = backward;
    this.saved = saved;
    this.savedVersions = saved.length == 0 ? NO_VERSIONS : new int[saved.length];
    for (int i = 0; i < saved.length; i++) {
      savedVersions[i] = saved[i].version();
    }
  }

  /** Fails when a saved tensor was modified in place after this node saved it. */
  void checkVersions() {
    for (int i = 0; i < saved.length; i++) {
      int now = saved[i].version();
      if (now != savedVersions[i]) {
        throw new IllegalStateException(
            name
                + ": a tensor of shape "
                + java.util.Arrays.toString(saved[i].shape())
                + " saved for backward was modified by an in-place"
                + " operation (version "
                + savedVersions[i]
                + " when saved, "
                + now
                + " now); clone it before"
                + " changing it in place, or change it after backward()");
      }
    }
  }
}
