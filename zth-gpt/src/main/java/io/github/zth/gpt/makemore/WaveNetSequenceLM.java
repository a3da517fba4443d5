package io.github.zth.gpt.makemore;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.gpt.*;
import io.github.zth.gpt.internal.Contexts;
import io.github.zth.gpt.lectures.WaveNetLM;
import io.github.zth.nn.Module;
import io.github.zth.nn.Sequential;

/**
 * Lecture 6's {@link WaveNetLM} read as a makemore sequence model: the logits at position {@code t}
 * are the WaveNet's prediction from the {@code window} tokens ending at {@code t}, with id 0 (the
 * start/end token) before the sequence start, exactly the contexts lecture 6 builds. makemore.py
 * has no convolutional model; this is what {@code --type cnn} trains.
 *
 * <pre>{@code
 * var m = new WaveNetSequenceLM(new WaveNetLM.Config(27, 8, 24, 128), 16, new Generator(3407));
 * Tensor logits = m.forward(idx);   // (B, T) -> (B, T, 27)
 * }</pre>
 *
 * <p>In training mode the BatchNorm layers' statistics include positions past a word's end (whose
 * targets the loss ignores), as every position of the batch is computed.
 */
public final class WaveNetSequenceLM extends Module implements LanguageModel {

  private final WaveNetLM.Config config;
  private final int blockSize;
  private final Sequential net;

  /**
   * Builds a WaveNet with lecture 6's initialisation.
   *
   * @param config the WaveNet's sizes; its block size is the window
   * @param blockSize the longest sequence {@link #generate} keeps (makemore: longest word + 1)
   * @param g the initialisation's random source
   * @throws IllegalArgumentException if blockSize is not positive
   */
  public WaveNetSequenceLM(WaveNetLM.Config config, int blockSize, Generator g) {
    if (blockSize < 1) {
      throw new IllegalArgumentException(
          "WaveNetSequenceLM: block size " + blockSize + ": expected at least 1");
    }
    this.config = config;
    this.blockSize = blockSize;
    this.net = registerModule("net", new WaveNetLM(config, g).model());
  }

  @Override
  public int blockSize() {
    return blockSize;
  }

  @Override
  public int vocabSize() {
    return config.vocab();
  }

  /**
   * Logits for every position.
   *
   * @param idx (B, T) INT64
   * @return (B, T, vocab)
   */
  @Override
  public Tensor forward(Tensor idx) {
    Contexts.requireBatch("WaveNetSequenceLM.forward", idx);
    // ctx[b, t, j] = idx[b, t - w + 1 + j], id 0 before the start
    Tensor x = Contexts.windows(idx, config.blockSize(), 0, false); // (B*T, window)
    return net.forward(x).view(idx.size(0), idx.size(1), config.vocab()); // (B, T, vocab)
  }
}
