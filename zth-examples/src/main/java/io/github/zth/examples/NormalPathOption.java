package io.github.zth.examples;

import io.github.zth.autograd.random.Generator;
import picocli.CommandLine.Option;

/**
 * The {@code --normal-path} of lectures 2 and 3 (bigram, mlp), as a picocli mixin: which randn
 * kernel set draws their initial weights, so a run can match either the notebooks' numbers or a
 * torch run on an AVX2 PC. One declaration and one way to build the generator for both.
 */
final class NormalPathOption {
  @Option(
      names = "--normal-path",
      defaultValue = "LECTURE",
      description =
          "randn kernel set: LECTURE (the notebooks') or TORCH_X86 (torch on an AVX2 PC) (default: ${DEFAULT-VALUE})")
  private Generator.NormalPath normalPath; // the field name is the help's <normalPath> label

  /** A generator seeded with {@code seed} that draws randn with the chosen kernel set. */
  Generator generator(long seed) {
    return new Generator(seed).normalPath(normalPath);
  }

  /** The chosen kernel set's name, for the summary's {@code normal_path} line. */
  String name() {
    return normalPath.name();
  }
}
