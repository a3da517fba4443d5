/**
 * makemore.py's ladder of character-level models ({@link io.github.zth.gpt.makemore.BigramLM},
 * {@link io.github.zth.gpt.makemore.MakemoreMLP}, {@link
 * io.github.zth.gpt.makemore.WaveNetSequenceLM}, {@link io.github.zth.gpt.makemore.RnnLM}; its
 * transformer is {@code GPTConfig.makemore}), built from a {@link
 * io.github.zth.gpt.makemore.MakemoreConfig} with makemore.py's parameter names and initialisation
 * draws. They train through the one {@link io.github.zth.gpt.Trainer} with makemore's batch source.
 */
package io.github.zth.gpt.makemore;
