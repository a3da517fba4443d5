package io.github.zth.autograd;

/**
 * The result of {@link Tensor#max(int, boolean)} / {@link Tensor#min(int, boolean)}: the extreme
 * values (differentiable) and their INT64 positions along the reduced dim.
 *
 * @param values the maxima or minima
 * @param indices where they were found
 */
public record ValuesIndices(Tensor values, Tensor indices) {}
