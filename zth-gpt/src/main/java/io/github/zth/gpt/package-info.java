/**
 * Language models: a nanoGPT-architecture {@link io.github.zth.gpt.GPT} with its
 * {@link io.github.zth.gpt.GPTConfig}, sampling with a KV cache ({@link io.github.zth.gpt.Sampler}),
 * training with exact resume ({@link io.github.zth.gpt.Trainer}) and checkpoints
 * ({@link io.github.zth.gpt.Checkpoint}).
 */
package io.github.zth.gpt;
