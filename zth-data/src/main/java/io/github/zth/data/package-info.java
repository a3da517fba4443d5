/**
 * Data for the course: the corpora ({@link io.github.zth.data.Datasets}, downloaded once and
 * checked by SHA-256), nanoGPT's uint16 token files ({@link io.github.zth.data.TokenFile}) and its
 * {@code get_batch} over any token sequence ({@link io.github.zth.data.TokenSequence}), shuffled
 * minibatch epochs over (X, Y) tensors ({@link io.github.zth.data.EpochLoader}) and, in {@link
 * io.github.zth.data.tokenizer}, the tokenizers.
 */
package io.github.zth.data;
