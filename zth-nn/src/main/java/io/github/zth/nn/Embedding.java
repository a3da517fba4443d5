package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.Zth;
import io.github.zth.autograd.random.Generator;

/**
 * A lookup table of learned vectors, like {@code nn.Embedding}: index {@code i} selects row {@code
 * i} of the (num, dim) weight. The weight is initialised like torch's, with {@code normal(0, 1)}
 * drawn row-major from the generator.
 */
public class Embedding extends Module {

  private final int numEmbeddings;
  private final int embeddingDim;
  private final int paddingIdx;

  /**
   * A table initialised from the default generator.
   *
   * @param numEmbeddings number of rows (vocabulary size)
   * @param embeddingDim size of each vector
   */
  public Embedding(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, Zth.defaultGenerator());
  }

  /**
   * A FLOAT32 table initialised from {@code generator}.
   *
   * @param numEmbeddings number of rows, positive
   * @param embeddingDim size of each vector, positive
   * @param generator the random source
   * @throws IllegalArgumentException if a size is not positive
   */
  public Embedding(int numEmbeddings, int embeddingDim, Generator generator) {
    this(numEmbeddings, embeddingDim, -1, generator);
  }

  /**
   * A FLOAT32 table with torch's {@code padding_idx}: that row is still drawn (so the generator
   * advances exactly as in torch), then zeroed, and it receives no gradient.
   *
   * @param numEmbeddings number of rows, positive
   * @param embeddingDim size of each vector, positive
   * @param paddingIdx the padding row in {@code [0, numEmbeddings)}, or -1 for none
   * @param generator the random source
   * @throws IllegalArgumentException if a size is not positive or paddingIdx is out of range
   */
  public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, Generator generator) {
    if (paddingIdx < -1 || paddingIdx >= numEmbeddings) {
      throw new IllegalArgumentException(
          "Embedding: padding_idx must be -1 or in [0, " + numEmbeddings + "), got " + paddingIdx);
    }
    if (numEmbeddings <= 0 || embeddingDim <= 0) {
      throw new IllegalArgumentException(
          "Embedding: num_embeddings and embedding_dim must be positive, got "
              + numEmbeddings
              + ", "
              + embeddingDim);
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    float[] w = new float[numEmbeddings * embeddingDim];
    generator.normal(w, 0, w.length, 0.0, 1.0);
    if (paddingIdx >= 0) {
      java.util.Arrays.fill(w, paddingIdx * embeddingDim, (paddingIdx + 1) * embeddingDim, 0f);
    }
    this.paddingIdx = paddingIdx;
    registerParameter("weight", Tensor.fromArray(w, numEmbeddings, embeddingDim));
  }

  /**
   * Returns the table.
   *
   * @return (num_embeddings, embedding_dim)
   */
  public Tensor weight() {
    return parameter("weight");
  }

  /** INT64 indices of any shape → indices.shape + (embedding_dim). */
  @Override
  public Tensor forward(Tensor indices) {
    return Functional.embedding(indices, weight(), paddingIdx);
  }

  @Override
  protected String extraRepr() {
    return numEmbeddings
        + ", "
        + embeddingDim
        + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
  }
}
