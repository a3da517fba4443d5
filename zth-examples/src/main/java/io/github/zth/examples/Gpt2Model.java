package io.github.zth.examples;

import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.gpt.GPT;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The required {@code --model} of the {@code gpt2} commands that only read a pretrained GPT-2
 * ({@code sample}, {@code hellaswag}), as a picocli mixin: one declaration, and the model and its
 * tokenizer read the same way for both. ({@code gpt2 train}'s {@code --model} is optional, the
 * other side of {@code --from-scratch}, so it keeps its own.)
 */
final class Gpt2Model {
  @Option(
      names = "--model",
      required = true,
      description = "Hugging Face's gpt2 folder, llm.c's gpt2_124M.bin, or a zth checkpoint")
  private Path model;

  /** The weights, each failure naming {@code --model}; see {@link Gpt2Command#loadModel}. */
  GPT load() throws IOException {
    return Gpt2Command.loadModel(model);
  }

  /** GPT-2's tokenizer found beside the weights; see {@link Gpt2Command#tokenizer}. */
  TiktokenEncoding tokenizer() throws IOException {
    return Gpt2Command.tokenizer(model);
  }
}
