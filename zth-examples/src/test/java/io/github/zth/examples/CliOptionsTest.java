package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every subcommand of {@code zth}: its common options, and one-line errors for bad input. */
class CliOptionsTest {
  /**
   * Commands that leave out {@code --seed} or {@code --out}, and why. Everything else must have
   * both. tokenizer train: BPE training draws no random numbers. encode/decode: print only, draw
   * nothing. bench: measures time only and prints it. gpt eval: reads a checkpoint and prints,
   * draws nothing. gpt2 hellaswag: scores a checkpoint and prints, draws nothing. jshell: the
   * lecture scripts seed their own generators, as the notebooks do, and write where they say.
   */
  private static final Map<String, Set<String>> EXEMPT =
      Map.ofEntries(
          Map.entry("zth tokenizer train", Set.of("--seed")),
          Map.entry("zth tokenizer encode", Set.of("--seed", "--out")),
          Map.entry("zth tokenizer decode", Set.of("--seed", "--out")),
          Map.entry("zth bench matmul", Set.of("--seed", "--out")),
          Map.entry("zth bench gpt-step", Set.of("--seed", "--out")),
          Map.entry("zth bench gpt2-generate", Set.of("--seed", "--out")),
          Map.entry("zth bench value", Set.of("--seed", "--out")),
          Map.entry("zth bench bpe", Set.of("--seed", "--out")),
          Map.entry("zth gpt eval", Set.of("--seed", "--out")),
          Map.entry("zth gpt2 hellaswag", Set.of("--seed", "--out")),
          Map.entry("zth jshell", Set.of("--seed", "--out")));

  @TempDir Path dir;

  /** The commands that run something: the leaves of the tree, without picocli's help command. */
  private static List<CommandSpec> leaves() {
    List<CommandSpec> out = new ArrayList<>();
    collect(ZthCli.commandLine().getCommandSpec(), out);
    return out;
  }

  private static void collect(CommandSpec spec, List<CommandSpec> out) {
    if (spec.subcommands().isEmpty()) {
      if (!(spec.userObject() instanceof CommandLine.HelpCommand)) {
        out.add(spec);
      }
      return;
    }
    for (CommandLine sub : spec.subcommands().values()) {
      if (sub.getCommandSpec().parent() == spec) { // aliases list a command twice
        collect(sub.getCommandSpec(), out);
      }
    }
  }

  @Test
  void everyCommandTakesSeedAndOutUnlessExempt() {
    List<String> names = new ArrayList<>();
    for (CommandSpec c : leaves()) {
      String name = c.qualifiedName();
      names.add(name);
      for (String option : List.of("--seed", "--out")) {
        boolean exempt = EXEMPT.getOrDefault(name, Set.of()).contains(option);
        assertEquals(
            !exempt,
            c.findOption(option) != null,
            name + " " + option + (exempt ? " is exempt" : " is missing"));
      }
    }
    assertTrue(
        names.containsAll(
            List.of(
                "zth micrograd",
                "zth bigram",
                "zth mlp",
                "zth batchnorm",
                "zth backprop",
                "zth wavenet",
                "zth gpt train",
                "zth gpt sample",
                "zth tokenizer train")),
        names.toString());
    assertTrue(
        names.containsAll(EXEMPT.keySet()),
        "an exemption for a command that no longer exists: " + names);
  }

  @Test
  void anUnknownOptionIsOneLineAndExitCode2() {
    for (CommandSpec c : leaves()) {
      List<String> args =
          new ArrayList<>(List.of(c.qualifiedName().substring("zth ".length()).split(" ")));
      requiredOptions(c, args);
      args.add("--no-such-option");
      CliRun r = CliRun.of(args.toArray(new String[0]));
      assertEquals(2, r.code(), c.qualifiedName() + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), c.qualifiedName() + ": " + r.err());
      assertTrue(r.err().contains("--no-such-option"), r.err());
      assertEquals("", r.out(), c.qualifiedName());
    }
  }

  /** Fills in the options a command requires, so the parser gets as far as the unknown one. */
  private void requiredOptions(CommandSpec c, List<String> args) {
    for (CommandLine.Model.ArgSpec a : c.requiredArgs()) {
      if (a instanceof CommandLine.Model.OptionSpec o) {
        Class<?> type = o.type();
        args.add(o.longestName());
        args.add(
            type == int.class || type == long.class || type == Integer.class
                ? "300"
                : dir.resolve("x").toString());
      }
    }
  }

  @Test
  void aMissingDataFileIsOneLineAndANonZeroExit() {
    int checked = 0;
    Path missing = dir.resolve("missing.txt");
    for (CommandSpec c : leaves()) {
      if (c.findOption("--data") == null) {
        continue;
      }
      List<String> args =
          new ArrayList<>(List.of(c.qualifiedName().substring("zth ".length()).split(" ")));
      args.addAll(List.of("--data", missing.toString()));
      if (c.findOption("--out") != null) {
        args.addAll(List.of("--out", dir.resolve("out").toString()));
      }
      if (c.findOption("--vocab-size") != null) {
        args.addAll(List.of("--vocab-size", "260"));
      }
      if (c.findOption("--model") != null) { // the data is checked before the model is read
        args.addAll(List.of("--model", dir.resolve("model").toString()));
      }
      CliRun r = CliRun.of(args.toArray(new String[0]));
      assertNotEquals(0, r.code(), c.qualifiedName() + ": " + r.out());
      assertEquals(1, r.err().strip().lines().count(), c.qualifiedName() + ": " + r.err());
      assertTrue(r.err().contains("missing.txt"), c.qualifiedName() + ": " + r.err());
      checked++;
    }
    assertTrue(checked >= 8, "commands with --data: " + checked);
  }
}
