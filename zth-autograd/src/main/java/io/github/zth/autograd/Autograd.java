package io.github.zth.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The backward engine: counts, for every node reachable from the root, how many consumers will
 * send it a gradient, then runs nodes once all their consumers are done (Kahn's algorithm). Both
 * passes use explicit stacks, so a million-op chain needs no deep recursion. The counters and
 * partial sums live on the nodes for the duration of one pass.
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
    List<Node> seen = new ArrayList<>();
    ArrayDeque<Node> stack = new ArrayDeque<>();
    rootNode.pendingConsumers = 0;
    seen.add(rootNode);
    stack.push(rootNode);
    // nodes first reached in this pass carry this pass's token; their counters restart from 1
    Object pass = new Object();
    rootNode.visitToken = pass;
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      for (Tensor in : n.inputs) {
        Node p = in.gradFn;
        if (p == null) {
          continue;
        }
        if (p.visitToken != pass) {
          p.visitToken = pass;
          p.pendingConsumers = 1;
          p.pendingGrad = null;
          seen.add(p);
          stack.push(p);
        } else {
          p.pendingConsumers++;
        }
      }
    }
    rootNode.pendingGrad = gradient;
    ArrayDeque<Node> ready = new ArrayDeque<>();
    ready.push(rootNode);
    try (var off = GradMode.disabled()) {
      while (!ready.isEmpty()) {
        Node n = ready.pop();
        Tensor g = n.pendingGrad;
        n.pendingGrad = null;
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
            n.saved = Tensor.saved();
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
            p.pendingGrad = p.pendingGrad == null ? gi : p.pendingGrad.add(gi);
          }
          if (--p.pendingConsumers == 0) {
            ready.push(p);
          }
        }
      }
    } finally {
      for (Node n : seen) {
        n.pendingGrad = null;
        n.visitToken = null;
      }
    }
  }
}
