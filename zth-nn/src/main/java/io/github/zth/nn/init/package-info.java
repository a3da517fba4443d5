/**
 * Parameter initialisers that consume the {@link io.github.zth.autograd.random.Generator} exactly
 * as {@code torch.nn.init} does.
 */
package io.github.zth.nn.init;
