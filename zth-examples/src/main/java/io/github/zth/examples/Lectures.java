package io.github.zth.examples;

import io.github.zth.data.Datasets;
import java.io.IOException;
import java.nio.file.Path;

/** What the JShell lectures ({@code lectures/*.jsh}) call that is not the library's own API. */
public final class Lectures {
  private Lectures() {}

  /**
   * A course data file by name, as the notebooks open it by name ({@code names.txt},
   * {@code tinyshakespeare.txt}, {@code taylorswift.txt}, {@code cl100k_base.tiktoken}, ...): found the
   * way every command's {@code --data} is ({@code ZTH_DATA_DIR}, then the download cache, then
   * downloaded once with its checksum).
   */
  public static Path data(String name) throws IOException {
    return Datasets.defaults().resolve(name);
  }
}
