package io.github.zth.examples;

import io.github.zth.data.Datasets;
import java.io.IOException;
import java.nio.file.Path;

/** What the JShell lectures ({@code lectures/*.jsh}) call that is not the library's own API. */
public final class Lectures {
  private Lectures() {}

  /**
   * A course data file by name, as the notebooks open it by name: {@code names.txt},
   * {@code tinyshakespeare.txt} or {@code taylorswift.txt}, fetched once into {@code ZTH_DATA_DIR} or the
   * download cache; any other name is looked up in that folder.
   */
  public static Path data(String name) throws IOException {
    return switch (name) {
      case "names.txt" -> Datasets.names();
      case "tinyshakespeare.txt", "input.txt" -> Datasets.tinyShakespeare();
      case "taylorswift.txt" -> Datasets.taylorSwift();
      default -> Datasets.defaultDir().resolve(name);
    };
  }
}
