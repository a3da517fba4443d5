package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#topk} against PyTorch 1.13 (tools/golden/topk.py), and the sampling {@link
 * LogitFilter}.
 */
class TopkTest {

  private static double[] doubles(String s) {
    return s.isBlank()
        ? new double[0]
        : Arrays.stream(s.trim().split(" "))
            .mapToDouble(v -> v.equals("nan") ? Double.NaN : Double.parseDouble(v))
            .toArray();
  }

  @Test
  void matchesTorchValuesIndicesAndGradients() throws Exception {
    List<String> lines =
        Files.readAllLines(Path.of(getClass().getResource("/golden/topk.txt").toURI()));
    int cases = 0;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      int[] shape = Arrays.stream(f[1].split(",")).mapToInt(Integer::parseInt).toArray();
      Tensor x = Tensor.fromArray(doubles(f[2]), shape).requiresGrad(true);
      ValuesIndices r = x.topk(Integer.parseInt(f[3]), Integer.parseInt(f[4]));
      assertArrayEquals(doubles(f[5]), r.values().toDoubleArray(), 0.0, f[0]);
      assertArrayEquals(
          Arrays.stream(doubles(f[6])).mapToLong(d -> (long) d).toArray(),
          r.indices().toLongArray(),
          f[0]);
      assertEquals(DType.INT64, r.indices().dtype());
      int m = r.values().numel();
      double[] w = new double[m];
      for (int i = 0; i < m; i++) {
        w[i] = i + 1;
      }
      if (m > 0) {
        r.values().mul(Tensor.fromArray(w, r.values().shape())).sum().backward();
        assertArrayEquals(doubles(f[7]), x.grad().toDoubleArray(), 0.0, f[0]);
      }
      cases++;
    }
    assertEquals(6, cases);
  }

  @Test
  void gradientPassesGradCheckAndBadKIsRefused() {
    Tensor x = Tensor.randn(new Generator(3), 3, 7).to(DType.FLOAT64);
    GradCheck.assertGradients(in -> in.get(0).topk(3, 1).values(), x);
    GradCheck.assertGradients(in -> in.get(0).topk(2, 0).values(), x);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.topk(8, 1));
    assertTrue(
        e.getMessage().contains("topk: k 8") && e.getMessage().contains("size 7"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> x.topk(-1));
  }

  @Test
  void logitFilterKeepsTopKAndTheNucleusAndNeverOverflows() {
    Tensor logits = Tensor.fromArray(new float[] {2f, 1f, 0f, -1f, 3f, 3f, 0f, -5f}, 2, 4);
    float[] k2 = LogitFilter.apply(logits, 1.0, 2, 1.0).toFloatArray();
    float ninf = Float.NEGATIVE_INFINITY;
    assertArrayEquals(
        new float[] {0f, -1f, ninf, ninf, 0f, 0f, ninf, ninf}, k2); // each row's max subtracted
    // row 0 probabilities ~ .64 .24 .09 .03: p = 0.8 keeps the two that cross it
    float[] p8 = LogitFilter.apply(logits, 1.0, 0, 0.8).toFloatArray();
    assertArrayEquals(new float[] {0f, -1f, ninf, ninf}, Arrays.copyOf(p8, 4));
    assertArrayEquals(
        new float[] {0f, 0f, ninf, ninf}, Arrays.copyOfRange(p8, 4, 8)); // ties: .5 +.5 reach .8
    float[] half =
        LogitFilter.apply(logits, 0.5, 10, 1.0).toFloatArray(); // k beyond the row keeps all
    assertEquals(-2f, half[1]);
    float[] cold = LogitFilter.apply(logits, 1e-300, 0, 1.0).toFloatArray();
    assertEquals(0f, cold[0]);
    assertEquals(ninf, cold[1]);
    assertEquals(2.0, LogitFilter.apply(logits, 1e-300, 0, 1.0).softmax(-1).sum().item(), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> LogitFilter.apply(logits, 0, 0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> LogitFilter.apply(logits, 1.0, 0, 0));
  }
}
