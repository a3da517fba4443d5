package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.micrograd.MLP;
import io.github.zth.examples.MicrogradDemo.Moons;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MicrogradCommandTest {

  @Test
  void trainsToFullAccuracyAndWritesThePictures(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ZthCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute("micrograd", "--out", dir.toString());
    String text = out.toString();
    assertEquals(0, status, err.toString());
    assertTrue(text.contains("step 0 loss "), text);
    assertTrue(text.contains("step 99 loss "), text);
    assertTrue(text.contains("\naccuracy: 1.00\n"), text);
    assertTrue(text.contains("\nsteps: 100\n"), text);
    assertTrue(text.contains("\ntrain_seconds: "), text);
    byte[] png = Files.readAllBytes(dir.resolve("decision_boundary.png"));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertTrue(Files.readString(dir.resolve("graph.dot")).contains("label=\"{ o | data "));
    if (io.github.zth.autograd.micrograd.ValueGraph.findDot().isPresent()) {
      assertTrue(Files.readString(dir.resolve("graph.svg")).contains("<svg"));
    }
  }

  @Test
  void refusesBadOptionsWithOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cli = ZthCli.commandLine();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("micrograd", "--steps", "0"));
    assertTrue(err.toString().startsWith("zth: --steps 0: expected at least 1"), err.toString());
  }

  @Test
  void moonsAreTwoLabelledHalfCircles() {
    Moons m = MicrogradDemo.makeMoons(100, 0.0, 1);
    assertEquals(100, m.size());
    assertEquals(-1.0, m.y()[0]);
    assertEquals(1.0, m.y()[99]);
    assertEquals(1.0, m.x()[0][0], 1e-12); // outer circle starts at (1, 0)
    assertEquals(-1.0, m.x()[49][0], 1e-12); // and ends at (-1, 0)
    assertEquals(0.0, m.x()[50][0], 1e-12); // inner one starts at (0, 0.5)
    assertEquals(0.5, m.x()[50][1], 1e-12);
    assertEquals(2.0, m.x()[99][0], 1e-12);
    assertThrows(IllegalArgumentException.class, () -> MicrogradDemo.makeMoons(1, 0.1, 1));
  }

  @Test
  void plainAndFusedGraphsGiveTheSameLossAndGradients() {
    Moons data = MicrogradDemo.makeMoons(20, 0.1, 3);
    MLP model = new MLP(2, List.of(4, 4, 1), 3);
    MicrogradDemo.Step fused = MicrogradDemo.loss(model, data, false);
    MicrogradDemo.Step plain = MicrogradDemo.loss(model, data, true);
    assertEquals(plain.loss().data(), fused.loss().data(), 1e-12);
    assertEquals(plain.accuracy(), fused.accuracy());
    model.zeroGrad();
    plain.loss().backward();
    double[] g = model.parameters().stream().mapToDouble(p -> p.grad()).toArray();
    model.zeroGrad();
    fused.loss().backward();
    for (int i = 0; i < g.length; i++) {
      assertEquals(g[i], model.parameters().get(i).grad(), 1e-12);
    }
  }

  @Test
  void summaryPrintsKeyValueLinesAndRefusesBadKeys() {
    StringWriter s = new StringWriter();
    new Summary()
        .put("accuracy", 1.0, 2)
        .put("steps", 100)
        .put("graph", "fused")
        .print(new PrintWriter(s));
    assertEquals(
        "accuracy: 1.00\nsteps: 100\ngraph: fused\n",
        s.toString().replace(System.lineSeparator(), "\n"));
    assertThrows(IllegalArgumentException.class, () -> new Summary().put("Bad Key", "x"));
    assertThrows(IllegalArgumentException.class, () -> new Summary().put("k", "two\nlines"));
  }
}
