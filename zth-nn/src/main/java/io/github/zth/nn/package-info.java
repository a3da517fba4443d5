/**
 * Neural-network building blocks in the shape of {@code torch.nn}: the {@link
 * io.github.zth.nn.Module} base class (explicitly registered parameters, buffers and children;
 * dotted state-dict names; safetensors save/load), containers ({@link io.github.zth.nn.Sequential},
 * {@link io.github.zth.nn.ModuleList}, {@link io.github.zth.nn.ModuleDict}), layers initialised
 * exactly like torch's ({@link io.github.zth.nn.Linear}, {@link io.github.zth.nn.Embedding}, {@link
 * io.github.zth.nn.LayerNorm}, {@link io.github.zth.nn.BatchNorm1d}, {@link
 * io.github.zth.nn.CausalSelfAttention} with its {@link io.github.zth.nn.KVCache}, the recurrent
 * cells and the sequence layers {@link io.github.zth.nn.RNN}, {@link io.github.zth.nn.GRU}, {@link
 * io.github.zth.nn.LSTM}, activations, dropout, {@link io.github.zth.nn.FlattenConsecutive}, and
 * the skip connection {@link io.github.zth.nn.Residual}), their stateless forms in {@link
 * io.github.zth.nn.Functional}, losses in {@link io.github.zth.nn.Losses} and as objects ({@link
 * io.github.zth.nn.CrossEntropyLoss}, {@link io.github.zth.nn.NLLLoss}, {@link
 * io.github.zth.nn.MSELoss}, {@link io.github.zth.nn.MarginHingeLoss}), {@link
 * io.github.zth.nn.ModuleGradCheck} for checking a module's gradients, {@link
 * io.github.zth.nn.Diagnostics} for the activation and gradient health checks of the lectures, and
 * {@link io.github.zth.nn.TensorFiles} for checkpoints.
 *
 * <pre>{@code
 * Generator g = new Generator(2147483647);
 * Module model = new Sequential(
 *         new Linear(30, 200, false, g), new BatchNorm1d(200), new Tanh(),
 *         new Linear(200, 27, true, g));
 * Optimizer opt = new SGD(model.parameters(), 0.1);
 * Tensor loss = model.forward(x).crossEntropy(y);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * model.save(Path.of("model.safetensors"));
 * }</pre>
 *
 * <p>Optimizers, learning-rate schedules and clipping live in {@code io.github.zth.nn.optim};
 * initialisers in {@code io.github.zth.nn.init}.
 */
package io.github.zth.nn;
