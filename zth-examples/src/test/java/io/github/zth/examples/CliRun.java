package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** One run of the {@code zth} command line with its output captured: exit code, stdout, stderr. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    CommandLine cli = ZthCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A run of the words a test built up as a list (see {@link CliArgs}). */
  static CliRun of(List<String> args) {
    return of(args.toArray(new String[0]));
  }

  /**
   * Asserts the run was refused as every bad input must be: exit {@code expectedCode} and one line
   * on stderr, no stack trace.
   *
   * @return this run, for further checks of its message
   */
  CliRun assertRefused(int expectedCode) {
    assertEquals(expectedCode, code, "exit code; stdout:\n" + out + "\nstderr:\n" + err);
    assertEquals(1, err.strip().lines().count(), err);
    return this;
  }

  /** The {@code key: value} lines of stdout. */
  Map<String, String> summary() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int i = line.indexOf(": ");
      if (i > 0 && line.substring(0, i).matches("[a-z0-9_.]+")) {
        m.put(line.substring(0, i), line.substring(i + 2));
      }
    }
    return m;
  }

  /** The trailing block of stdout made of {@code key: value} lines only. */
  Map<String, String> trailingSummary() {
    String[] lines = out.strip().split("\n");
    int start = lines.length;
    while (start > 0 && lines[start - 1].matches("[a-z0-9_.]+: .*")) {
      start--;
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = start; i < lines.length; i++) {
      int c = lines[i].indexOf(": ");
      m.put(lines[i].substring(0, c), lines[i].substring(c + 2));
    }
    return m;
  }
}
