package io.github.zth.examples;

import io.github.zth.data.Datasets;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one way a command turns a data option ({@code --data names.txt}, {@code --model}, a rank
 * file...) into a file: {@link Datasets#resolve}, so every command looks in the same places in the
 * same order, and fails with the same one-line message that names them all.
 */
final class DataOption {
  private DataOption() {}

  /**
   * The file {@code given} names.
   *
   * @param option the option, for the message, e.g. {@code --data}
   * @param given what the user typed
   * @return an existing file
   * @throws IllegalArgumentException when it is nowhere (the message names every place looked at)
   * @throws IOException when reading or downloading fails otherwise
   */
  static Path resolve(String option, Path given) throws IOException {
    return resolve(option, given.toString());
  }

  /**
   * The file {@code name} names; see {@link #resolve(String, Path)}.
   *
   * @param option the option, for the message
   * @param name a path or a data set name
   * @return an existing file
   * @throws IOException when reading or downloading fails otherwise
   */
  static Path resolve(String option, String name) throws IOException {
    try {
      return Datasets.defaults().resolve(name);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + " " + name + ": " + e.getReason(), e);
    }
  }
}
