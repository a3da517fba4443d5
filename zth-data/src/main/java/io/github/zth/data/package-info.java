/**
 * Data for the course: the corpora ({@link io.github.zth.data.Datasets}, downloaded once and checked
 * by SHA-256) and, in {@link io.github.zth.data.tokenizer}, the tokenizers.
 */
package io.github.zth.data;
