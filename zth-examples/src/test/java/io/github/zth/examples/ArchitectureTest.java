package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules of "one home per idea", checked over the main sources of every published module,
 * so that a change which breaks one fails the build instead of waiting for a reviewer. zth-examples
 * runs it because it is the module that sees all the others; zth-bench is exempt (it measures
 * internals).
 */
class ArchitectureTest {
  /** Published modules and the package each one owns. */
  private static final Map<String, String> MODULES =
      Map.of(
          "zth-autograd", "io.github.zth.autograd",
          "zth-nn", "io.github.zth.nn",
          "zth-data", "io.github.zth.data",
          "zth-gpt", "io.github.zth.gpt",
          "zth-examples", "io.github.zth.examples",
          "zth-testing", "io.github.zth.testing");

  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^public\\s+(?:(?:abstract|final|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
          Pattern.MULTILINE);
  private static final Pattern MODULE_SUBCLASS =
      Pattern.compile("\\bclass\\s+(\\w+)(?:<[^>]*>)?\\s+extends\\s+(?:[\\w.]+\\.)?Module\\b");

  private static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("zth-autograd")) ? here : here.getParent();
  }

  /** Every main source file of the published modules, keyed by module. */
  private static Map<String, List<Path>> mainSources() {
    Map<String, List<Path>> out = new TreeMap<>();
    for (String module : MODULES.keySet()) {
      Path src = root().resolve(module).resolve("src/main");
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(src)) {
        out.put(module, files.filter(p -> p.toString().endsWith(".java")).sorted().toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void noModuleImportsAnotherModulesInternalPackage() {
    List<String> bad = new ArrayList<>();
    mainSources()
        .forEach(
            (module, files) -> {
              String own = MODULES.get(module) + ".";
              for (Path f : files) {
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                  String imported = m.group(1);
                  if (imported.startsWith("io.github.zth.")
                      && imported.contains(".internal")
                      && !imported.startsWith(own)) {
                    bad.add(root().relativize(f) + " imports " + imported);
                  }
                }
              }
            });
    assertEquals(List.of(), bad, "cross-module imports of internal packages");
  }

  @Test
  void noTwoPublicTypesShareASimpleName() {
    Map<String, List<String>> byName = new TreeMap<>();
    mainSources()
        .forEach(
            (module, files) -> {
              for (Path f : files) {
                Matcher m = PUBLIC_TYPE.matcher(read(f));
                while (m.find()) {
                  byName
                      .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                      .add(root().relativize(f).toString());
                }
              }
            });
    Map<String, List<String>> dup = new TreeMap<>();
    byName.forEach(
        (name, where) -> {
          if (where.size() > 1) {
            dup.put(name, where);
          }
        });
    assertEquals(Map.of(), dup, "public types that share a simple name");
  }

  @Test
  void oneAttentionModule() {
    List<String> attention = new ArrayList<>();
    mainSources()
        .forEach(
            (module, files) -> {
              for (Path f : files) {
                Matcher m = MODULE_SUBCLASS.matcher(read(f));
                while (m.find()) {
                  if (m.group(1).contains("Attention")) {
                    attention.add(m.group(1));
                  }
                }
              }
            });
    assertEquals(1, attention.size(), "attention modules in main code: " + attention);
  }

  /**
   * Tensor storage is reachable only inside zth-autograd: no public method of {@link Tensor} hands
   * out an internal type. Together with the import rule above, every float loop over storage must
   * then live in zth-autograd's kernel layer; code elsewhere can only loop over copies.
   */
  @Test
  void tensorExposesNoInternalType() {
    List<String> bad = new ArrayList<>();
    for (Method m : Tensor.class.getMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && m.getReturnType().getName().contains(".internal.")) {
        bad.add(m.getName() + " returns " + m.getReturnType().getName());
      }
    }
    assertTrue(bad.isEmpty(), "Tensor's public methods expose internal types: " + bad);
  }
}
