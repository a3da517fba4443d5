package io.github.zth.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the README's runnable examples. An example is a paragraph whose first line holds a bold
 * command, {@code **`bin/zth ...`**} (every bold {@code bin/zth} span in the paragraph is run, in
 * order), followed by the fenced block of what they print, in order; or a {@code sh} block, whose
 * {@code bin/zth} lines are run and whose output is not quoted. An HTML comment {@code <!--
 * readme-test: long; short: ARGS; volatile: KEY KEY -->} between the paragraph (or before the sh
 * block) and its fence marks a long run.
 */
final class ReadmeBlocks {
  private ReadmeBlocks() {}

  record Example(
      int line,
      List<String> commands,
      List<String> expected,
      boolean isLong,
      String shortArgs,
      List<String> volatileKeys) {}

  private static final Pattern BOLD_COMMAND = Pattern.compile("\\*\\*`bin/zth ([^`]+)`\\*\\*");
  private static final Pattern NOTE = Pattern.compile("<!--\\s*readme-test:(.*?)-->");
  private static final Pattern KEY = Pattern.compile("^([a-z0-9_.]+): .*");

  static List<Example> parse(String readme) {
    List<String> lines = readme.lines().toList();
    List<Example> out = new ArrayList<>();
    List<String> commands = null;
    int start = 0;
    String note = null;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      Matcher n = NOTE.matcher(l);
      if (n.find()) {
        note = n.group(1);
        continue;
      }
      if (l.startsWith("```")) {
        int end = i + 1;
        List<String> body = new ArrayList<>();
        while (end < lines.size() && !lines.get(end).startsWith("```")) {
          body.add(lines.get(end++));
        }
        if (l.strip().equals("```sh")) {
          for (String b : body) {
            if (b.startsWith("bin/zth ")) {
              out.add(example(i + 2, List.of(b.substring("bin/zth ".length())), List.of(), note));
            }
          }
        } else if (commands != null && l.strip().equals("```")) {
          List<String> expected =
              body.stream().filter(b -> !b.isBlank() && !b.strip().equals("...")).toList();
          out.add(example(start, commands, expected, note));
        }
        commands = null;
        note = null;
        i = end;
        continue;
      }
      boolean paragraphStart =
          i == 0 || lines.get(i - 1).isBlank() || lines.get(i - 1).startsWith("```");
      if (paragraphStart && BOLD_COMMAND.matcher(l).find()) {
        if (commands != null) {
          out.add(example(start, commands, List.of(), note));
        }
        commands = new ArrayList<>();
        start = i + 1;
        note = null;
        for (int j = i;
            j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("```");
            j++) {
          Matcher m = BOLD_COMMAND.matcher(lines.get(j));
          while (m.find()) {
            commands.add(m.group(1));
          }
        }
      } else if (l.startsWith("## ") && commands != null) {
        out.add(example(start, commands, List.of(), note));
        commands = null;
      }
    }
    return out;
  }

  private static Example example(
      int line, List<String> commands, List<String> expected, String note) {
    boolean isLong = false;
    String shortArgs = "";
    List<String> vol = new ArrayList<>();
    if (note != null) {
      for (String part : note.split(";")) {
        String p = part.strip();
        if (p.equals("long")) {
          isLong = true;
        } else if (p.startsWith("short:")) {
          shortArgs = p.substring("short:".length()).strip();
        } else if (p.startsWith("volatile:")) {
          vol.addAll(words(p.substring("volatile:".length())));
        } else if (!p.isEmpty()) {
          throw new IllegalArgumentException(
              "README line " + line + ": unknown readme-test item \"" + p + "\"");
        }
      }
    }
    return new Example(line, List.copyOf(commands), expected, isLong, shortArgs, vol);
  }

  /**
   * A command line split into words as the shell would, for double-quoted words without escapes.
   */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(s);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  /**
   * {@code args} with each {@code --option value} of {@code options} put in: replacing the option's
   * value where the command already gives one, appended otherwise (picocli refuses an option given
   * twice).
   */
  static List<String> withOptions(List<String> args, List<String> options) {
    List<String> out = new ArrayList<>(args);
    for (int i = 0; i < options.size(); i++) {
      String opt = options.get(i);
      boolean hasValue = i + 1 < options.size() && !options.get(i + 1).startsWith("--");
      int at = out.indexOf(opt);
      if (at < 0) {
        out.add(opt);
        if (hasValue) {
          out.add(options.get(i + 1));
        }
      } else if (hasValue) {
        out.set(at + 1, options.get(i + 1));
      }
      if (hasValue) {
        i++;
      }
    }
    return out;
  }

  /** The key of a {@code key: value} summary line, or null. */
  static String key(String line) {
    Matcher m = KEY.matcher(line.strip());
    return m.matches() ? m.group(1) : null;
  }
}
