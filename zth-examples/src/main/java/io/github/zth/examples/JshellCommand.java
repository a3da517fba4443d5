package io.github.zth.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zth jshell [LECTURE]}: the course to step through cell by cell. JShell starts with zth on
 * its class path and the usual imports loaded ({@code lectures/startup.jsh}); with a lecture it
 * runs that lecture's script first and stays in the shell, so the learner carries on from where the
 * notebook is. {@code --run} runs the script without a shell and fails on the first cell that does
 * not compile or throws, which is how CI keeps the lectures working.
 *
 * <p>Snippets run in this JVM ({@code --execution local}), which {@code bin/zth} already started
 * with the Vector API module and the chosen JDK, so a lecture in the shell is as fast as the
 * command.
 */
@Command(
    name = "jshell",
    mixinStandardHelpOptions = true,
    description =
        "Step through a lecture in JShell: 01-micrograd ... 08-tokenizer (see lectures/).")
final class JshellCommand implements Callable<Integer> {
  /**
   * The lectures in course order; {@code lectures/NN-name.jsh} in the repository and in the jar.
   */
  static final List<String> LECTURES =
      List.of(
          "01-micrograd",
          "02-bigram",
          "03-mlp",
          "04-batchnorm",
          "05-backprop",
          "06-wavenet",
          "07-gpt",
          "08-tokenizer");

  @Parameters(
      arity = "0..1",
      paramLabel = "LECTURE",
      description = "a lecture, e.g. 02-bigram (or 02)")
  String lecture;

  @Option(
      names = "--run",
      description = "run the lecture's script and exit, instead of staying in the shell")
  boolean run;

  @Override
  public Integer call() throws Exception {
    String script = lecture == null ? null : script(lecture);
    if (run && script == null) {
      throw new IllegalArgumentException(
          "--run needs a lecture: one of " + String.join(", ", LECTURES));
    }
    String startup = resource("startup");
    if (run) {
      return runScript(name(lecture), startup + "\n" + script, System.out, System.err);
    }
    Path dir = Files.createTempDirectory("zth-jshell");
    Path start = Files.writeString(dir.resolve("startup.jsh"), startup);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--execution",
                "local",
                "--class-path",
                classPath(),
                "--startup",
                "DEFAULT",
                "--startup",
                start.toString()));
    if (script != null) {
      args.add(Files.writeString(dir.resolve(name(lecture) + ".jsh"), script).toString());
    }
    return JavaShellToolBuilder.builder().start(args.toArray(String[]::new));
  }

  /**
   * Runs a script cell by cell in a fresh JShell and returns 0, or 1 at the first snippet that is
   * rejected or throws (JShell's own tool carries on past both and exits 0, which would hide a
   * broken lecture).
   */
  static int runScript(String name, String source, PrintStream out, PrintStream err) {
    try (JShell js = JShell.builder().executionEngine("local").out(out).err(err).build()) {
      js.addToClasspath(classPath());
      SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
      String rest = source;
      int line = 1;
      while (!rest.isBlank()) {
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
        String snippet = info.source();
        if (snippet == null
            || info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) {
          err.println(
              "zth jshell: "
                  + name
                  + " line "
                  + line
                  + ": an unfinished statement at the end of the script");
          return 1;
        }
        for (SnippetEvent e : js.eval(snippet)) {
          if (e.status() == Snippet.Status.REJECTED) {
            String why =
                js.diagnostics(e.snippet())
                    .map(d -> d.getMessage(null))
                    .findFirst()
                    .orElse("rejected");
            err.println("zth jshell: " + name + " line " + line + ": " + why.replace('\n', ' '));
            return 1;
          }
          if (e.exception() != null) {
            err.println(
                "zth jshell: " + name + " line " + line + ": " + ZthCli.oneLine(e.exception()));
            return 1;
          }
        }
        int consumed = rest.length() - info.remaining().length();
        line += (int) rest.substring(0, consumed).chars().filter(c -> c == '\n').count();
        rest = info.remaining();
      }
      out.flush();
      return 0;
    }
  }

  /** "02", "02-bigram" or "02-bigram.jsh" as the lecture's name; anything else is refused. */
  static String name(String given) {
    String g = given.endsWith(".jsh") ? given.substring(0, given.length() - 4) : given;
    for (String l : LECTURES) {
      if (l.equals(g) || l.startsWith(g + "-")) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "lecture " + given + ": expected one of " + String.join(", ", LECTURES));
  }

  private static String script(String given) throws IOException {
    return resource(name(given));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JshellCommand.class.getResourceAsStream("/lectures/" + name + ".jsh")) {
      if (in == null) {
        throw new IOException(
            "lectures/" + name + ".jsh is missing from the zth jar; rebuild with ./mvnw package");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The class path the snippets compile against: the jar (or classes folder) zth runs from, and
   * ours.
   */
  private static String classPath() {
    try {
      String self =
          Path.of(JshellCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      String jvm = System.getProperty("java.class.path", "");
      return jvm.isEmpty() || jvm.equals(self) ? self : self + java.io.File.pathSeparator + jvm;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the zth classes", e);
    }
  }
}
