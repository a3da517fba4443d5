/**
 * Language models: a nanoGPT-architecture {@link io.github.zth.gpt.GPT} with its
 * {@link io.github.zth.gpt.GPTConfig}, sampling with a KV cache ({@link io.github.zth.gpt.Sampler}),
 * training with exact resume ({@link io.github.zth.gpt.Trainer}) and checkpoints
 * ({@link io.github.zth.gpt.Checkpoint}); and makemore.py's ladder behind one
 * {@link io.github.zth.gpt.LanguageModel} interface — {@link io.github.zth.gpt.BigramLM},
 * {@link io.github.zth.gpt.MakemoreMLP}, {@link io.github.zth.gpt.WaveNetSequenceLM},
 * {@link io.github.zth.gpt.RnnLM} and, for {@code transformer}, a {@link io.github.zth.gpt.GPT} built from
 * {@link io.github.zth.gpt.GPTConfig#makemore}, chosen by a
 * {@link io.github.zth.gpt.MakemoreConfig} — over a {@link io.github.zth.gpt.CharDataset}. The
 * lectures' own models implement the same interface: lecture 2's count table
 * {@link io.github.zth.gpt.Bigram} and one-layer {@link io.github.zth.gpt.BigramNet}, lecture 3's
 * {@link io.github.zth.gpt.MlpLM}.
 */
package io.github.zth.gpt;
