/**
 * Language models: a nanoGPT-architecture {@link io.github.zth.gpt.GPT} with its {@link
 * io.github.zth.gpt.GPTConfig}, sampling with a KV cache ({@link io.github.zth.gpt.Sampler}),
 * training with exact resume ({@link io.github.zth.gpt.Trainer}) and checkpoints ({@link
 * io.github.zth.gpt.Checkpoint}); and makemore.py's ladder behind one {@link
 * io.github.zth.gpt.LanguageModel} interface — {@link io.github.zth.gpt.makemore.BigramLM}, {@link
 * io.github.zth.gpt.makemore.MakemoreMLP}, {@link io.github.zth.gpt.makemore.WaveNetSequenceLM},
 * {@link io.github.zth.gpt.makemore.RnnLM} and, for {@code transformer}, a {@link
 * io.github.zth.gpt.GPT} built from {@link io.github.zth.gpt.GPTConfig#makemore}, chosen by a
 * {@link io.github.zth.gpt.makemore.MakemoreConfig} — over a {@link
 * io.github.zth.data.CharDataset}. The lectures' own models implement the same interface: lecture
 * 2's count table {@link io.github.zth.gpt.lectures.Bigram} and one-layer {@link
 * io.github.zth.gpt.lectures.BigramNet}, lecture 3's {@link io.github.zth.gpt.lectures.MlpLM}.
 *
 * <p><b>Where training lives.</b> Lectures show the loop; library training goes through {@link
 * io.github.zth.gpt.Trainer}. The lecture models' {@code trainStep}/{@code step} methods ({@link
 * io.github.zth.gpt.lectures.BigramNet}, {@link io.github.zth.gpt.lectures.MlpLM}, {@link
 * io.github.zth.gpt.lectures.WaveNetLM}) keep the notebook's explicit forward, backward and update,
 * because seeing that loop is what those lectures teach. Every other run, nanoGPT's or
 * makemore.py's, is one {@code Trainer} over any {@link io.github.zth.gpt.LanguageModel}, with the
 * program's policy as a {@link io.github.zth.gpt.BatchSource} ({@link
 * io.github.zth.gpt.RandomWindows}, {@link io.github.zth.gpt.WordBatches}), one {@link
 * io.github.zth.gpt.TrainState} and one {@link io.github.zth.gpt.Checkpoint} folder; a new way of
 * training is a new batch source or setting, not a new loop.
 */
package io.github.zth.gpt;
