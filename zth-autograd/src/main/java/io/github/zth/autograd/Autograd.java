package io.github.zth.autograd;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The backward engine: counts, for every node reachable from the root, how many consumers will
 * send it a gradient, then runs nodes once all their consumers are done (Kahn's algorithm). Both
 * passes use explicit stacks, so a million-op chain needs no deep recursion.
 */
final class Autograd {
  private Autograd() {}

  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
    Node rootNode = root.gradFn;
    if (rootNode == null) {
      root.accumulateGrad(gradient);
      return;
    }
    Map<Node, int[]> pendingConsumers = new IdentityHashMap<>();
    ArrayDeque<Node> stack = new ArrayDeque<>();
    pendingConsumers.put(rootNode, new int[] {0});
    stack.push(rootNode);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      for (Tensor in : n.inputs) {
        Node p = in.gradFn;
        if (p == null) {
          continue;
        }
        int[] count = pendingConsumers.get(p);
        if (count == null) {
          pendingConsumers.put(p, new int[] {1});
          stack.push(p);
        } else {
          count[0]++;
        }
      }
    }
    Map<Node, Tensor> grads = new IdentityHashMap<>();
    grads.put(rootNode, gradient);
    ArrayDeque<Node> ready = new ArrayDeque<>();
    ready.push(rootNode);
    try (var off = GradMode.disabled()) {
      while (!ready.isEmpty()) {
        Node n = ready.pop();
        Tensor g = grads.remove(n);
        Tensor[] inGrads = null;
        if (g != null) {
          if (n.backward == null) {
            throw new IllegalStateException("backward: trying to backward through the graph a second time"
                + " (" + n.name + " already freed its saved tensors); call backward(gradient, true) the"
                + " first time to retain the graph");
          }
          n.checkVersions();
          if (n.retained != null) {
            n.retained.accumulateGrad(g);
          }
          inGrads = n.backward.apply(g);
          if (!retainGraph) {
            n.backward = null;
            n.saved = new Tensor[0];
            n.savedVersions = new int[0];
          }
        }
        for (int i = 0; i < n.inputs.length; i++) {
          Tensor in = n.inputs[i];
          Tensor gi = inGrads == null ? null : inGrads[i];
          Node p = in.gradFn;
          if (p == null) {
            if (gi != null && in.requiresGrad()) {
              in.accumulateGrad(gi);
            }
            continue;
          }
          if (gi != null) {
            Tensor prev = grads.get(p);
            grads.put(p, prev == null ? gi : prev.add(gi));
          }
          int[] count = pendingConsumers.get(p);
          if (--count[0] == 0) {
            ready.push(p);
          }
        }
      }
    }
  }
}
