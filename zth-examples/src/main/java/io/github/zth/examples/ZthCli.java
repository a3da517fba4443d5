package io.github.zth.examples;

import io.github.zth.autograd.KernelSettings;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code zth} command-line program: one subcommand per lecture of "Neural Networks: Zero to
 * Hero".
 *
 * <p>Run it through {@code bin/zth}, which builds {@code zth-examples/target/zth.jar} when needed
 * and turns the fast Vector API kernels on. Every subcommand ends with {@code key: value} summary
 * lines so scripts can read its results; a bad option or a missing file ends it with one line on
 * stderr and a non-zero exit code.
 */
@Command(
    name = "zth",
    mixinStandardHelpOptions = true,
    versionProvider = ZthCli.Version.class,
    description = "Neural Networks: Zero to Hero, lecture by lecture, in pure Java.",
    // In course order; one subcommand per line keeps merges of new lectures trivial.
    subcommands = {
      MicrogradCommand.class,
      BigramCommand.class,
      MlpCommand.class,
      BatchNormCommand.class,
      BackpropCommand.class,
      WaveNetCommand.class,
      MakemoreCommand.class,
      GptCommand.class,
      Gpt2Command.class,
      TokenizerCommand.class,
      JshellCommand.class,
      io.github.zth.examples.bench.BenchCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class ZthCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the program and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the program without exiting, for tests and embedding.
   *
   * @param args the command line
   * @return the exit status: 0 on success, 1 on a failed run, 2 on a usage error
   */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The configured command line: one-line errors instead of stack traces. The kernels' JVM
   * properties ({@code -Dzth.threads}, {@code -Dzth.simd}, {@code -Dzth.vectorBits}) are checked
   * before any command runs, so a bad one is a usage error, not a failure inside the first tensor
   * op.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ZthCli());
    cli.setExecutionStrategy(
        parseResult -> {
          try {
            KernelSettings.check();
          } catch (IllegalArgumentException e) {
            parseResult.commandSpec().commandLine().getErr().println("zth: " + e.getMessage());
            return 2;
          }
          try {
            return new CommandLine.RunLast().execute(parseResult);
          } catch (OutOfMemoryError e) {
            // picocli's exception handler sees Exceptions only; an Error would print a trace
            List<CommandLine> chain = parseResult.asCommandLineList();
            return report(chain.get(chain.size() - 1), e);
          }
        });
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println(
              "zth: "
                  + ex.getMessage()
                  + " (see '"
                  + qualifiedName(ex.getCommandLine())
                  + " --help')");
          return 2;
        });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(commandLine, ex));
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A failed run: one line naming the command, the trace only under -Dzth.stacktrace=true. */
  private static int report(CommandLine cl, Throwable ex) {
    cl.getErr().println(qualifiedName(cl) + ": " + oneLine(ex));
    if (Boolean.getBoolean("zth.stacktrace")) {
      ex.printStackTrace(cl.getErr());
    }
    return 1;
  }

  private static String qualifiedName(CommandLine cl) {
    return cl.getCommandSpec().qualifiedName();
  }

  /** A failure as one readable line: the message, or the exception's name when it has none. */
  static String oneLine(Throwable ex) {
    Throwable t = ex;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof java.nio.file.NoSuchFileException
        && ((java.nio.file.NoSuchFileException) t).getReason() == null) {
      msg = "no such file: " + msg;
    } else if (t instanceof OutOfMemoryError) {
      msg = "out of memory (raise -Xmx through ZTH_JAVA_OPTS)";
    }
    return msg.replace('\n', ' ');
  }

  /** Reports the version written into the jar's manifest by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ZthCli.class.getPackage().getImplementationVersion();
      return new String[] {"zth " + (v == null ? "(development build)" : v)};
    }
  }
}
