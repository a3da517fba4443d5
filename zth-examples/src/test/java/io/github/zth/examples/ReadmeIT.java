package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README runs as written: every {@code bin/zth} command it shows is run through the real
 * launcher, from a scratch folder, with only {@code ZTH_DATA_DIR} set, and every output line it
 * quotes must be printed. A stale number fails the build.
 *
 * <p>Commands whose real run is long carry a {@code <!-- readme-test: long, short: ARGS -->}
 * comment: the default build runs them with {@code ARGS} appended and checks that they succeed and
 * print the quoted summary keys; {@code ./mvnw verify -Plong} runs them as written and checks every
 * quoted line. Keys listed after {@code volatile:} (wall times) are checked for presence only. The
 * parsing rules are in {@link ReadmeBlocks}.
 */
class ReadmeIT {
  // JUnit deletes it after the class, so runs leave nothing in the system temp folder
  @TempDir static Path tmp;

  private static final boolean LONG = Boolean.getBoolean("zth.readme.long");

  @TestFactory
  Stream<DynamicTest> everyCommandRunsAndPrintsWhatTheReadmeQuotes() throws IOException {
    Path root = RepoPaths.root();
    List<ReadmeBlocks.Example> examples =
        ReadmeBlocks.parse(Files.readString(root.resolve("README.md")));
    assertTrue(examples.size() >= 8, "README examples found: " + examples.size());
    Path scratch = Files.createTempDirectory(tmp, "readme");
    // The README trains on zth-nn's own sources as a folder example: a copy, so the run reads what
    // a user's would.
    Path sources = root.resolve("zth-nn/src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.toList()) {
        Path to = scratch.resolve("zth-nn/src/main/java").resolve(sources.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    // -Dzth.readme.only=TEXT runs just the examples whose commands contain TEXT (e.g. "bigram").
    String only = System.getProperty("zth.readme.only", "");
    return examples.stream()
        .filter(ex -> ex.commands().stream().anyMatch(c -> c.contains(only)))
        .map(
            ex ->
                DynamicTest.dynamicTest(
                    "README line " + ex.line() + ": " + ex.commands(),
                    () -> check(root, scratch, ex)));
  }

  private static void check(Path root, Path scratch, ReadmeBlocks.Example ex) throws Exception {
    boolean full = !ex.isLong() || LONG;
    StringBuilder all =
        new StringBuilder(); // the quoted lines come from the commands' outputs, in order
    for (String command : ex.commands()) {
      List<String> args = ReadmeBlocks.words(command);
      if (!full) {
        args = ReadmeBlocks.withOptions(args, ReadmeBlocks.words(ex.shortArgs()));
      }
      all.append(run(root, scratch, args));
    }
    String out = all.toString();
    if (ex.expected().isEmpty()) {
      return;
    }
    List<String> printed = out.lines().map(String::stripTrailing).toList();
    if (full) {
      List<String> missing = new ArrayList<>();
      int from = 0;
      for (String want : ex.expected()) {
        int at = indexOf(printed, want, from, ex.volatileKeys());
        if (at < 0) {
          missing.add(want);
        } else {
          from = at + 1;
        }
      }
      assertEquals(
          List.of(),
          missing,
          "lines quoted at README line "
              + ex.line()
              + " but not printed, in order; printed:\n"
              + out);
    } else {
      for (String want : ex.expected()) {
        String key = ReadmeBlocks.key(want);
        if (key != null) {
          assertTrue(
              printed.stream().anyMatch(l -> key.equals(ReadmeBlocks.key(l))),
              "short run of README line "
                  + ex.line()
                  + " printed no \""
                  + key
                  + ":\" line; printed:\n"
                  + out);
        }
      }
    }
  }

  private static int indexOf(
      List<String> printed, String want, int from, List<String> volatileKeys) {
    String key = ReadmeBlocks.key(want);
    for (int i = from; i < printed.size(); i++) {
      String got = printed.get(i);
      if (got.equals(want.stripTrailing())
          || (key != null && volatileKeys.contains(key) && key.equals(ReadmeBlocks.key(got)))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Runs {@code bin/zth ARGS} from {@code scratch} and returns its stdout; a non-zero exit fails.
   */
  private static String run(Path root, Path scratch, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(root.resolve("bin/zth").toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(scratch.toFile());
    Path data = RepoPaths.dataDir();
    pb.environment().put("ZTH_DATA_DIR", data.toString());
    Path err = Files.createTempFile(scratch, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    byte[] stdout = p.getInputStream().readAllBytes();
    boolean done = p.waitFor(LONG ? 4 : 1, TimeUnit.HOURS);
    assertTrue(done, "bin/zth " + args + " did not finish");
    String out = new String(stdout, StandardCharsets.UTF_8);
    assertEquals(
        0,
        p.exitValue(),
        "bin/zth " + String.join(" ", args) + " failed: " + Files.readString(err) + "\n" + out);
    return out;
  }
}
