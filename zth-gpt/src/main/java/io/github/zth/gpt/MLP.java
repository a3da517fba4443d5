package io.github.zth.gpt;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.Functional;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;

/**
 * The feed-forward half of a block, nanoGPT's and makemore's {@code MLP}: widen to 4C, GELU (exact,
 * nanoGPT's {@code nn.GELU()}, or the tanh approximation, makemore's {@code NewGELU}, as the config
 * says), project back, dropout.
 */
final class MLP extends Module {

  private final GPTConfig config;
  private final Linear cFc;
  private final Linear cProj;
  private final Generator generator;

  /**
   * Creates the two Linear layers.
   *
   * @param config the model shape
   * @param generator consumed for the default Linear initialisation and for dropout
   */
  public MLP(GPTConfig config, Generator generator) {
    this.config = config;
    this.generator = generator;
    cFc =
        registerModule(
            "c_fc", new Linear(config.nEmbd(), 4 * config.nEmbd(), config.bias(), generator));
    cProj =
        registerModule(
            "c_proj", new Linear(4 * config.nEmbd(), config.nEmbd(), config.bias(), generator));
  }

  /** (B, T, C) → (B, T, C). */
  @Override
  public Tensor forward(Tensor x) {
    int[] shape = x.shape();
    Tensor x2 =
        x.reshape(-1, shape[shape.length - 1]); // (B*T, C): one GEMM for the weight gradient, not B
    Tensor h = cFc.forward(x2).gelu(config.geluTanh()); // (B*T, 4C)
    Tensor y = cProj.forward(h).view(shape); // (B, T, C)
    return Functional.dropout(y, config.dropout(), isTraining(), generator);
  }
}
