/**
 * Optimizers, learning-rate schedules and gradient clipping.
 *
 * <p>Schedules ({@link io.github.zth.nn.optim.LrSchedule}) are pure functions of the step, matching
 * torch's {@code StepLR}/{@code ExponentialLR} and nanoGPT's cosine-with-warmup {@code get_lr}.
 */
package io.github.zth.nn.optim;
