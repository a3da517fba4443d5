package io.github.zth.nn.optim;

import io.github.zth.autograd.Tensor;

/**
 * How the optimizers reach storage for their one-pass updates: a parameter is updated in place when
 * contiguous (the usual case: a leaf made by a factory), otherwise through a contiguous copy that is
 * written back. Gradients are contiguous already (autograd accumulates into fresh storage); buffers
 * are made contiguous by the optimizers.
 */
final class Flat {

    private Flat() {
    }

    /** The tensor to write the update into: {@code p} itself, or a contiguous copy of it. */
    static Tensor writable(Tensor p) {
        return p.isContiguous() ? p : p.contiguous();
    }

    /** Finishes an update written into {@code work}, bumping the version as in-place ops do. */
    static void written(Tensor p, Tensor work) {
        if (work == p) {
            p.arr().storage().bumpVersion();
        } else {
            p.copy_(work);
        }
    }
}
