package io.github.zth.autograd.micrograd;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The computation graph behind a {@link Value}, as a picture: the lecture's {@code draw_dot}.
 *
 * <pre>{@code
 * Value L = a.mul(b).add(c).setLabel("L");
 * L.backward();
 * ValueGraph g = ValueGraph.trace(L);
 * String dot = g.toDot();                      // Graphviz text, left to right
 * if (ValueGraph.findDot().isPresent()) {
 *   g.render(Path.of("graph.svg"));            // runs Graphviz's dot program
 * }
 * }</pre>
 *
 * <p>Each value is a record node {@code { label | data 2.0000 | grad 0.0000 }}; each value made by
 * an operation also gets a small node for the operation, with an edge from the operation to the
 * value and one from each input to the operation. A snapshot: data and grad are read when {@link
 * #toDot} runs.
 */
public final class ValueGraph {
  /** How long {@link #render(Path)} lets Graphviz run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final List<Value> nodes;
  private final List<Edge> edges;

  /**
   * An edge from an input to the value computed from it.
   *
   * @param from the input
   * @param to the value computed from it
   */
  public record Edge(Value from, Value to) {}

  private ValueGraph(List<Value> nodes, List<Edge> edges) {
    this.nodes = nodes;
    this.edges = edges;
  }

  /**
   * Collects every value {@code root} depends on and the input edges between them (micrograd's
   * {@code trace}), without recursion.
   *
   * @param root the value to draw
   * @return the graph, nodes in topological order (inputs first)
   */
  public static ValueGraph trace(Value root) {
    List<Value> nodes = List.of(Value.topologicalOrder(root));
    List<Edge> edges = new ArrayList<>();
    for (Value v : nodes) {
      Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Value c : v.children()) {
        if (seen.add(c)) { // a + a draws one edge, as micrograd's set-valued _prev does
          edges.add(new Edge(c, v));
        }
      }
    }
    return new ValueGraph(nodes, List.copyOf(edges));
  }

  /**
   * The values in the graph, each once, inputs before the values computed from them.
   *
   * @return an unmodifiable list
   */
  public List<Value> nodes() {
    return nodes;
  }

  /**
   * The input edges, one per distinct input of each value.
   *
   * @return an unmodifiable list
   */
  public List<Edge> edges() {
    return edges;
  }

  /**
   * The graph as Graphviz DOT text laid out left to right.
   *
   * @return DOT source
   */
  public String toDot() {
    return toDot("LR");
  }

  /**
   * The graph as Graphviz DOT text.
   *
   * @param rankdir {@code "LR"} (left to right) or {@code "TB"} (top to bottom)
   * @return DOT source
   * @throws IllegalArgumentException for another direction
   */
  public String toDot(String rankdir) {
    if (!rankdir.equals("LR") && !rankdir.equals("TB")) {
      throw new IllegalArgumentException("toDot: rankdir '" + rankdir + "': expected LR or TB");
    }
    Map<Value, String> ids = new IdentityHashMap<>();
    for (Value v : nodes) {
      ids.put(v, "n" + ids.size());
    }
    StringBuilder sb = new StringBuilder(64 * nodes.size() + 64);
    sb.append("digraph {\n  rankdir=").append(rankdir).append(";\n");
    for (Value v : nodes) {
      String id = ids.get(v);
      sb.append("  ")
          .append(id)
          .append(" [shape=record, label=\"{ ")
          .append(recordEscape(v.label()))
          .append(" | ")
          .append(String.format(Locale.ROOT, "data %.4f | grad %.4f", v.data(), v.grad()))
          .append(" }\"];\n");
      if (!v.op().isEmpty()) {
        sb.append("  ").append(id).append("_op [label=\"").append(quote(v.op())).append("\"];\n");
        sb.append("  ").append(id).append("_op -> ").append(id).append(";\n");
      }
    }
    for (Edge e : edges) {
      sb.append("  ")
          .append(ids.get(e.from()))
          .append(" -> ")
          .append(ids.get(e.to()))
          .append("_op;\n");
    }
    return sb.append("}\n").toString();
  }

  /**
   * Writes {@link #toDot()} to {@code file}, through a temporary file moved into place.
   *
   * @param file where to write, e.g. {@code graph.dot}
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  public Path writeDot(Path file) throws IOException {
    Path tmp = tempBeside(file, ".dot");
    try {
      Files.writeString(tmp, toDot(), StandardCharsets.UTF_8);
      moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /**
   * Finds Graphviz's {@code dot} program on the {@code PATH}.
   *
   * @return its path, or empty when Graphviz is not installed
   */
  public static Optional<Path> findDot() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String name : new String[] {"dot", "dot.exe"}) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Draws the graph with Graphviz into {@code file}, in the format its extension names (svg, png or
   * pdf), waiting at most {@link #DEFAULT_TIMEOUT}.
   *
   * @param file the picture to write
   * @return {@code file}
   * @throws IOException if Graphviz fails, times out, or the file cannot be written
   * @throws IllegalStateException if Graphviz's {@code dot} is not on the PATH
   */
  public Path render(Path file) throws IOException {
    return render(file, DEFAULT_TIMEOUT);
  }

  /**
   * Draws the graph with Graphviz into {@code file}, in the format its extension names (svg, png or
   * pdf). The picture is written to a temporary file and moved into place only when dot succeeds.
   *
   * @param file the picture to write
   * @param timeout how long dot may run before it is stopped
   * @return {@code file}
   * @throws IOException if Graphviz fails, times out, or the file cannot be written
   * @throws IllegalStateException if Graphviz's {@code dot} is not on the PATH
   * @throws IllegalArgumentException if the extension is not svg, png or pdf
   */
  public Path render(Path file, Duration timeout) throws IOException {
    String name = file.getFileName().toString();
    String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (!Set.of("svg", "png", "pdf").contains(format) || !name.contains(".")) {
      throw new IllegalArgumentException(
          "render: " + file + ": unknown picture format (expected a .svg, .png or .pdf file)");
    }
    Path dot =
        findDot()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "render: "
                            + file
                            + ": Graphviz 'dot' is not on the PATH; install graphviz, or write the"
                            + " DOT text with writeDot/toDot"));
    Path source = tempBeside(file, ".dot");
    Path picture = tempBeside(file, "." + format);
    Path log = tempBeside(file, ".log");
    try {
      Files.writeString(source, toDot(), StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  dot.toString(), "-T" + format, "-o", picture.toString(), source.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("render: " + file + ": interrupted while dot was running", e);
      }
      if (!finished) {
        p.destroyForcibly();
        throw new IOException(
            "render: " + file + ": dot did not finish within " + timeout.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        String out = Files.readString(log, StandardCharsets.UTF_8).strip().replace('\n', ' ');
        throw new IOException(
            "render: " + file + ": dot exited with status " + p.exitValue() + ": " + out);
      }
      moveIntoPlace(picture, file);
    } finally {
      Files.deleteIfExists(source);
      Files.deleteIfExists(picture);
      Files.deleteIfExists(log);
    }
    return file;
  }

  private static Path tempBeside(Path file, String suffix) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    return Files.createTempFile(dir, "." + file.getFileName() + ".", suffix + ".tmp");
  }

  private static void moveIntoPlace(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Escapes what a record label treats as structure, and the quote and backslash of DOT strings.
   */
  private static String recordEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if ("{}|<>\"\\".indexOf(ch) >= 0) {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  /** Escapes a string for a double-quoted DOT string. */
  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
