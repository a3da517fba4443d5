/**
 * Micrograd's {@code nn.py}: a multi-layer perceptron built from scalar {@link
 * io.github.zth.autograd.micrograd.Value}s.
 *
 * <p>{@link io.github.zth.autograd.micrograd.Neuron}, {@link
 * io.github.zth.autograd.micrograd.Layer} and {@link io.github.zth.autograd.micrograd.MLP} are the
 * lecture's classes; each is a {@link io.github.zth.autograd.micrograd.Module} with {@code
 * parameters()} and {@code zeroGrad()}.
 *
 * <pre>{@code
 * MLP model = new MLP(3, List.of(4, 4, 1), new SplittableRandom(1337));
 * Value y = model.applyScalar(List.of(Value.of(2.0), Value.of(3.0), Value.of(-1.0)));
 * model.zeroGrad();
 * y.backward();
 * for (Value p : model.parameters()) {
 *   p.setData(p.data() - 0.01 * p.grad());
 * }
 * }</pre>
 *
 * <p>The tensor-based layers of the later lectures live in {@code zth-nn}; this package exists to
 * read like micrograd, one scalar at a time.
 */
package io.github.zth.autograd.micrograd;
