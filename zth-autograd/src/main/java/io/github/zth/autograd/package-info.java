/**
 * zth's autograd: a scalar {@code Value} (micrograd) and an n-dimensional {@link
 * io.github.zth.autograd.Tensor} with define-by-run reverse-mode differentiation, named after
 * PyTorch.
 *
 * <p>A tensor is a strided view over storage; ops broadcast with NumPy rules and record, when an
 * input {@link io.github.zth.autograd.Tensor#requiresGrad() requires grad}, how to send gradients
 * back. {@link io.github.zth.autograd.GradMode#disabled()} is {@code torch.no_grad()}; {@link
 * io.github.zth.autograd.Function} lets you write an op's backward yourself and {@link
 * io.github.zth.autograd.GradCheck} checks it against finite differences.
 *
 * <pre>{@code
 * import io.github.zth.autograd.*;
 *
 * Tensor xs = Tensor.of(0L, 5L, 13L, 13L, 1L);            // inputs  (INT64)
 * Tensor ys = Tensor.of(5L, 13L, 13L, 1L, 0L);            // targets (INT64)
 * Tensor w = Tensor.randn(27, 27).requiresGrad(true);
 * for (int step = 0; step < 10; step++) {
 *   Tensor logits = Tensor.oneHot(xs, 27).to(DType.FLOAT32).matmul(w);   // (5, 27)
 *   Tensor loss = logits.crossEntropy(ys);
 *   w.zeroGrad();
 *   loss.backward();
 *   try (var off = GradMode.disabled()) {
 *     w.sub_(w.grad().mul(50));
 *   }
 *   System.out.println(loss.item());
 * }
 * }</pre>
 */
package io.github.zth.autograd;
