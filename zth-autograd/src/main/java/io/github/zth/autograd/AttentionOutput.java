package io.github.zth.autograd;

import io.github.zth.autograd.random.Generator;

/**
 * What {@link Tensor#scaledDotProductAttention(Tensor, Tensor, Tensor, boolean, int, double,
 * Generator, boolean)} returns: the attended values and, when asked for, the weights that
 * multiplied the values, so a caller that wants to look at attention (maps, probes) reads the
 * kernel's own numbers instead of recomputing them.
 *
 * @param output (..., T, Dv)
 * @param weights (..., T, S), after dropout, rows summing to 1 without it; null when not asked for.
 *     Not part of the autograd graph: read it, don't differentiate through it.
 */
public record AttentionOutput(Tensor output, Tensor weights) {}
