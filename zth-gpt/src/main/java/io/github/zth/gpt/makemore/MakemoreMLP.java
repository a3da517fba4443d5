package io.github.zth.gpt.makemore;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.gpt.*;
import io.github.zth.gpt.internal.Contexts;
import io.github.zth.gpt.lectures.MlpLM;
import io.github.zth.nn.Embedding;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import io.github.zth.nn.Sequential;
import io.github.zth.nn.Tanh;

/**
 * makemore.py's {@code MLP} (after Bengio et al. 2003): at every position the embeddings of the
 * current token and the {@code blockSize - 1} before it (newest first; a special {@code <BLANK>}
 * id, {@code vocabSize}, before the sequence start) are concatenated and passed through {@code
 * Linear → tanh → Linear}. Unlike lecture 3's {@link MlpLM} it reads whole sequences and uses
 * PyTorch's default initialisation; parameter names are makemore's ({@code wte}, {@code mlp.0},
 * {@code mlp.2}).
 *
 * <pre>{@code
 * var m = new MakemoreMLP(27, 16, 64, 64, new Generator(3407));
 * Tensor logits = m.forward(idx);   // (B, T) -> (B, T, 27)
 * }</pre>
 */
public final class MakemoreMLP extends Module implements LanguageModel {

  private final int vocabSize;
  private final int blockSize;
  private final int nEmbd;
  private final Embedding wte;
  private final Sequential mlp;

  /**
   * Builds the model, drawing PyTorch's default initialisation in makemore's order.
   *
   * @param vocabSize number of token ids
   * @param blockSize how many tokens each prediction reads
   * @param nEmbd embedding width
   * @param nEmbd2 hidden width
   * @param g the initialisation's random source
   * @throws IllegalArgumentException on a non-positive size
   */
  public MakemoreMLP(int vocabSize, int blockSize, int nEmbd, int nEmbd2, Generator g) {
    if (vocabSize < 1 || blockSize < 1 || nEmbd < 1 || nEmbd2 < 1) {
      throw new IllegalArgumentException(
          "MakemoreMLP: vocab "
              + vocabSize
              + ", block "
              + blockSize
              + ", n_embd "
              + nEmbd
              + ", n_embd2 "
              + nEmbd2
              + ": expected positive sizes");
    }
    this.vocabSize = vocabSize;
    this.blockSize = blockSize;
    this.nEmbd = nEmbd;
    wte = registerModule("wte", new Embedding(vocabSize + 1, nEmbd, g)); // + the <BLANK> id
    mlp =
        registerModule(
            "mlp",
            new Sequential(
                new Linear(blockSize * nEmbd, nEmbd2, true, g),
                new Tanh(),
                new Linear(nEmbd2, vocabSize, true, g)));
  }

  @Override
  public int blockSize() {
    return blockSize;
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  /**
   * Logits for every position.
   *
   * @param idx (B, T) INT64 ids below the vocabulary size
   * @return (B, T, vocab)
   */
  @Override
  public Tensor forward(Tensor idx) {
    Contexts.requireBatch("MakemoreMLP.forward", idx);
    int b = idx.size(0);
    int t = idx.size(1);
    Tensor ctx =
        Contexts.windows(
            idx, blockSize, vocabSize, true); // idx[b, t - k], or <BLANK> before the start
    Tensor emb = wte.forward(ctx); // (B*T, block, n_embd)
    return mlp.forward(emb.view(b * t, blockSize * nEmbd)).view(b, t, vocabSize); // (B, T, vocab)
  }
}
