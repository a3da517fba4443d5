/**
 * The lecture notebooks' models, each with the notebook's own training step ({@link
 * io.github.zth.gpt.lectures.Bigram} and {@link io.github.zth.gpt.lectures.BigramNet}, lecture 2;
 * {@link io.github.zth.gpt.lectures.MlpLM}, lecture 3; {@link
 * io.github.zth.gpt.lectures.WaveNetLM}, lecture 6). Here the lesson is the loop, so they keep it;
 * library training goes through {@link io.github.zth.gpt.Trainer}.
 */
package io.github.zth.gpt.lectures;
