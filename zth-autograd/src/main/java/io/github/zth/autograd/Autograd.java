package io.github.zth.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The backward engine: counts, for every node reachable from the root, how many consumers will send
 * it a gradient, then runs nodes once all their consumers are done (Kahn's algorithm). Both passes
 * use explicit stacks, so a million-op chain needs no deep recursion. The counters and partial sums
 * live on the nodes for the duration of one pass.
 *
 * <p>A node's first incoming gradient is kept as is (it may be shared with other nodes); the second
 * allocates the sum, which the node then owns, so a third and later ones are added into it in
 * place. A region view's gradient (narrow, split) goes straight into the owned sum of its input's
 * node.
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
          p.pendingOwned = false;
          seen.add(p);
          stack.push(p);
        } else {
          p.pendingConsumers++;
        }
      }
    }
    rootNode.pendingGrad = gradient;
    rootNode.pendingOwned = false;
    ArrayDeque<Node> ready = new ArrayDeque<>();
    ready.push(rootNode);
    try (var off = GradMode.disabled()) {
      while (!ready.isEmpty()) {
        Node n = ready.pop();
        Tensor g = n.pendingGrad;
        n.pendingGrad = null;
        Tensor[] inGrads = null;
        Node.RegionBackward region = null;
        if (g != null) {
          if (n.backward == null) {
            throw new IllegalStateException(
                "backward: trying to backward through the graph a second time"
                    + " ("
                    + n.name
                    + " already freed its saved tensors); call backward(gradient, true) the"
                    + " first time to retain the graph");
          }
          n.checkVersions();
          if (n.retained != null) {
            n.retained.accumulateGrad(g);
          }
          if (n.backward instanceof Node.RegionBackward
              && n.inputs.length == 1
              && n.inputs[0].gradFn != null) {
            region = (Node.RegionBackward) n.backward;
          } else {
            inGrads = n.backward.apply(g);
          }
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
          if (region != null) {
            addRegion(p, region, g);
          } else if (gi != null) {
            accumulate(p, gi);
          }
          if (--p.pendingConsumers == 0) {
            ready.push(p);
          }
        }
      }
    } finally {
      for (Node n : seen) {
        n.pendingGrad = null;
        n.pendingOwned = false;
        n.visitToken = null;
      }
    }
  }

  /** pending += gi: in place into an owned sum, else into a newly allocated (then owned) one. */
  private static void accumulate(Node p, Tensor gi) {
    Tensor pg = p.pendingGrad;
    if (pg == null) {
      p.pendingGrad = gi;
    } else if (p.pendingOwned
        && pg.dtype() == gi.dtype()
        && Arrays.equals(pg.shape(), gi.shape())) {
      io.github.zth.autograd.internal.Index.addInto(pg.arr(), gi.arr());
    } else {
      p.pendingGrad = pg.add(gi);
      p.pendingOwned = true;
    }
  }

  /** pending[region] += g, the pending gradient first made an owned buffer of the input's shape. */
  private static void addRegion(Node p, Node.RegionBackward region, Tensor g) {
    Tensor pg = p.pendingGrad;
    if (pg != null
        && (pg.dtype() != g.dtype() || !Arrays.equals(pg.shape(), region.inputShape()))) {
      accumulate(p, region.apply(g)[0]);
      return;
    }
    if (pg == null) {
      p.pendingGrad = Tensor.zeros(g.dtype(), region.inputShape());
      p.pendingOwned = true;
    } else if (!p.pendingOwned) {
      p.pendingGrad =
          new Tensor(io.github.zth.autograd.internal.Kernels.copy(pg.arr(), pg.dtype()));
      p.pendingOwned = true;
    }
    region.addInto(p.pendingGrad, g);
  }
}
