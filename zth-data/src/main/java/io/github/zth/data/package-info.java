/**
 * Data for the course: the corpora ({@link io.github.zth.data.Datasets}, downloaded once and checked
 * by SHA-256), nanoGPT's uint16 token files with {@code get_batch} ({@link io.github.zth.data.TokenFile}),
 * shuffled minibatch epochs over (X, Y) tensors ({@link io.github.zth.data.EpochLoader}) and, in
 * {@link io.github.zth.data.tokenizer}, the tokenizers.
 */
package io.github.zth.data;
