package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.zth.autograd.micrograd.Value;
import io.github.zth.autograd.micrograd.ValueGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueGraphTest {

  /** The lecture's first graph: L = (a*b + c) * f. */
  private static Value lectureGraph() {
    Value a = Value.of(2.0, "a");
    Value b = Value.of(-3.0, "b");
    Value c = Value.of(10.0, "c");
    Value e = a.mul(b).setLabel("e");
    Value d = e.add(c).setLabel("d");
    Value f = Value.of(-2.0, "f");
    Value l = d.mul(f).setLabel("L");
    l.backward();
    return l;
  }

  @Test
  void dotTextHasOneRecordPerValueAndOneNodePerOperation() {
    String dot = ValueGraph.trace(lectureGraph()).toDot();
    assertTrue(dot.startsWith("digraph {\n  rankdir=LR;\n"), dot);
    assertTrue(dot.contains("[shape=record, label=\"{ a | data 2.0000 | grad 6.0000 }\"]"), dot);
    assertTrue(dot.contains("[shape=record, label=\"{ L | data -8.0000 | grad 1.0000 }\"]"), dot);
    assertTrue(dot.contains("[shape=record, label=\"{ d | data 4.0000 | grad -2.0000 }\"]"), dot);
    assertEquals(7, count(dot, "shape=record")); // a, b, c, e, d, f, L
    assertEquals(3, count(dot, "_op [label="));
    assertEquals(3 + 6, count(dot, " -> ")); // op -> value, and each input -> op
    assertTrue(dot.endsWith("}\n"));
  }

  @Test
  void edgesRunFromInputsToTheirOperation() {
    Value a = Value.of(1.0, "a");
    Value b = a.add(a).setLabel("b");
    ValueGraph g = ValueGraph.trace(b);
    assertEquals(List.of(a, b), g.nodes());
    assertEquals(List.of(new ValueGraph.Edge(a, b)), g.edges()); // one edge for a + a, as micrograd
    String dot = g.toDot("TB");
    assertTrue(dot.contains("rankdir=TB;"));
    assertTrue(dot.contains("n0 -> n1_op;"), dot);
    assertTrue(dot.contains("n1_op -> n1;"), dot);
    assertTrue(dot.contains("n1_op [label=\"+\"];"), dot);
  }

  @Test
  void labelsAreEscapedForRecordsAndQuotes() {
    Value v = Value.of(1.0, "a|b {\"c\"}");
    String dot = ValueGraph.trace(v).toDot();
    assertTrue(dot.contains("label=\"{ a\\|b \\{\\\"c\\\"\\} | data 1.0000"), dot);
  }

  @Test
  void refusesUnknownDirectionsAndFormats(@TempDir Path dir) {
    ValueGraph g = ValueGraph.trace(Value.of(1.0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.toDot("RL"));
    assertEquals("toDot: rankdir 'RL': expected LR or TB", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.render(dir.resolve("graph.gif")));
    assertThrows(IllegalArgumentException.class, () -> g.render(dir.resolve("graph")));
  }

  @Test
  void writeDotLeavesOnlyTheFinishedFile(@TempDir Path dir) throws IOException {
    Path file = ValueGraph.trace(lectureGraph()).writeDot(dir.resolve("graph.dot"));
    assertTrue(Files.readString(file).contains("rankdir=LR"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void rendersSvgWhenGraphvizIsInstalled(@TempDir Path dir) throws IOException {
    assumeTrue(ValueGraph.findDot().isPresent(), "Graphviz 'dot' is not on the PATH");
    Path svg = ValueGraph.trace(lectureGraph()).render(dir.resolve("graph.svg"));
    String text = Files.readString(svg);
    assertTrue(text.contains("<svg"), text);
    assertTrue(text.contains("data &#45;8.0000") || text.contains("data -8.0000"), text);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(svg), files.toList()); // temporary files are gone
    }
    assertFalse(Files.exists(dir.resolve("graph.svg.tmp")));
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
