package io.github.zth.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * Where tests find the course's real data files (names.txt, Tiny Shakespeare, the tiktoken rank
 * files...): the one place that decides it, so every module's tests honour the same settings.
 *
 * <p>The folders, in order: the system property {@code -Dzth.shared.data=DIR}, the environment
 * variable {@code ZTH_DATA_DIR} (the same folder the CLI reads), then {@code ../shared/data} beside
 * the checkout. A test that needs a file calls {@link #file}, which skips the test (never fails it)
 * when no folder holds the file, naming every place it looked. Tests never download.
 */
public final class SharedData {
  /** The system property that names the folder first. */
  public static final String PROPERTY = "zth.shared.data";

  private SharedData() {}

  /** The candidate folders, in the order they are searched. */
  public static List<Path> folders() {
    List<Path> dirs = new ArrayList<>();
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      dirs.add(Path.of(prop));
    }
    String env = System.getenv("ZTH_DATA_DIR");
    if (env != null && !env.isBlank()) {
      dirs.add(Path.of(env));
    }
    // Tests run in the module folder; ../shared/data is a sibling of the checkout.
    dirs.add(Path.of("..", "..", "shared", "data"));
    dirs.add(Path.of("..", "shared", "data"));
    return dirs;
  }

  /**
   * The first copy of {@code name} in {@link #folders()}.
   *
   * @param name a file name such as {@code names.txt} or {@code gpt2/vocab.bpe}
   * @return its path, or empty when no folder holds it
   */
  public static Optional<Path> find(String name) {
    for (Path dir : folders()) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The file {@code name}, or a skipped test when it is absent everywhere.
   *
   * @param name a file name such as {@code names.txt}
   * @return its path
   */
  public static Path file(String name) {
    Optional<Path> p = find(name);
    // TestAbortedException is what JUnit's and jqwik's assumptions throw: the test is skipped, not
    // failed.
    return p.orElseThrow(
        () ->
            new TestAbortedException(
                "shared data file "
                    + name
                    + " absent; looked in "
                    + folders()
                    + " (set -D"
                    + PROPERTY
                    + "=DIR or ZTH_DATA_DIR)"));
  }
}
