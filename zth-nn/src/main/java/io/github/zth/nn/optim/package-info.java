/**
 * Optimizers, learning-rate schedules and gradient clipping, with torch 1.13's semantics and state
 * names: {@link io.github.zth.nn.optim.SGD} (momentum, Nesterov, L2 decay), {@link
 * io.github.zth.nn.optim.Adam} (L2 decay, amsgrad), {@link io.github.zth.nn.optim.AdamW} (decoupled
 * decay), {@link io.github.zth.nn.optim.RMSprop} (momentum, centered), over {@link
 * io.github.zth.nn.optim.ParamGroup}s that may each carry their own weight decay and learning rate;
 * {@link io.github.zth.nn.optim.GradClip} for {@code clip_grad_norm_}/{@code clip_grad_value_}.
 *
 * <p>Schedules ({@link io.github.zth.nn.optim.LrSchedule}) are pure functions of the step, matching
 * torch's {@code StepLR}/{@code ExponentialLR} and nanoGPT's cosine-with-warmup {@code get_lr}. Use
 * one as an absolute rate for every group, as nanoGPT does, or as torch's {@code LambdaLR} factor
 * of each group's initial rate:
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(ParamGroup.splitByRank(model.parameters(), 0.1), 6e-4, 0.9, 0.95, 1e-8);
 * LrSchedule factor = LrSchedule.cosineWithWarmup(1.0, 0.1, 100, 5000);
 * for (int step = 0; step < maxIters; step++) {
 *     opt.scaleLr(factor.lr(step));            // or opt.setLr(schedule.lr(step)) with absolute rates
 *     opt.zeroGrad();
 *     model.forward(x).crossEntropy(y).backward();
 *     GradClip.clipGradNorm(model.parameters(), 1.0);
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>{@link io.github.zth.nn.optim.Optimizer#stateDict()} and {@link
 * io.github.zth.nn.optim.Optimizer#loadStateDict} save and restore every group's rate, the step
 * count and each parameter's buffers, so a resumed run continues bit for bit.
 */
package io.github.zth.nn.optim;
