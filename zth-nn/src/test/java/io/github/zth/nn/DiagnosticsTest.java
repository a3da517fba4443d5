package io.github.zth.nn;

import static io.github.zth.nn.LayersGoldenTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.zth.autograd.Tensor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

  @Test
  void histogramMatchesTorch() throws IOException {
    Map<String, Tensor> g = StateDicts.read(LayersGoldenTest.resource("layers.safetensors"));
    Tensor x = g.get("hist.x");
    Diagnostics.Histogram h = Diagnostics.histogram(x, 50, true);
    assertClose(g.get("hist.edges"), Tensor.fromArray(h.edges(), 51), 1e-12, "edges");
    assertClose(g.get("hist.density"), Tensor.fromArray(h.values(), 50), 1e-12, "densities");
    assertClose(
        g.get("hist.counts"),
        Tensor.fromArray(Diagnostics.histogram(x, 7, false).values(), 7),
        0,
        "counts");
  }

  @Test
  void statsAndRatios() {
    Diagnostics.Stats s = Diagnostics.stats(Tensor.of(-0.99, 0.5, 0.98, 0.0), 0.97);
    assertEquals(0.1225, s.mean(), 1e-15);
    assertEquals(0.5, s.saturated());
    assertEquals(Tensor.of(-0.99, 0.5, 0.98, 0.0).std().item(), s.std(), 1e-15);
    Tensor p = Tensor.of(1.0, 3.0).requiresGrad(true);
    p.mul(Tensor.of(0.1, 0.3)).sum().backward(); // grad = [0.1, 0.3]: grad std / data std = 0.1
    assertEquals(0.1, Diagnostics.gradToData(p), 1e-12);
    assertEquals(-3.0, Diagnostics.updateToData(p, 0.01), 1e-12);
    assertThrows(IllegalStateException.class, () -> Diagnostics.gradToData(Tensor.of(1.0, 2.0)));
    assertThrows(
        IllegalArgumentException.class, () -> Diagnostics.histogram(Tensor.of(1.0), 0, true));
    Diagnostics.Histogram constant = Diagnostics.histogram(Tensor.of(2.0, 2.0), 2, false);
    assertEquals(1.5, constant.edges()[0]);
    assertEquals(2.0, constant.values()[1]);
  }
}
