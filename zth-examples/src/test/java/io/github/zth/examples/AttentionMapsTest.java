package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import io.github.zth.nn.Module;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try")
class AttentionMapsTest {
  @TempDir Path dir;

  @org.junit.jupiter.api.BeforeAll
  static void headless() {
    Charts.headless();
  }

  /**
   * The weights are the ones the model uses: multiplying them by v and projecting with c_proj gives
   * the first attention layer's own output.
   */
  @Test
  void theWeightsReproduceTheFirstAttentionLayersOutput() {
    GPTConfig cfg = new GPTConfig(8, 11, 2, 2, 16, 0.0, true);
    GPT model = new GPT(cfg, new Generator(7));
    int[] ids = {3, 1, 4, 1, 5, 9, 2};
    int t = ids.length;
    int c = cfg.nEmbd();
    int hs = c / cfg.nHead();
    double[][][] att = AttentionMaps.firstLayer(model, ids);
    assertEquals(cfg.nHead(), att.length);
    for (double[][] head : att) {
      for (int i = 0; i < t; i++) {
        double sum = 0;
        for (int j = 0; j < t; j++) {
          assertTrue(j <= i ? head[i][j] > 0 : head[i][j] == 0, "causal mask at " + i + "," + j);
          sum += head[i][j];
        }
        assertEquals(1.0, sum, 1e-6); // the layer's own FLOAT32 weights
      }
    }
    Map<String, Module> m = model.namedModules();
    model.eval();
    try (var off = GradMode.disabled()) {
      long[] idx = new long[t];
      for (int i = 0; i < t; i++) {
        idx[i] = ids[i];
      }
      Tensor x =
          m.get("transformer.wte")
              .forward(Tensor.fromArray(idx, 1, t))
              .add(m.get("transformer.wpe").forward(Tensor.arange(t)));
      Tensor h = m.get("transformer.h.0.ln_1").forward(x);
      float[] expected = m.get("transformer.h.0.attn").forward(h).toFloatArray(); // (1, T, C)
      float[] qkv =
          m.get("transformer.h.0.attn.c_attn").forward(h.reshape(t, c)).toFloatArray(); // (T, 3C)
      float[] y = new float[t * c];
      for (int head = 0; head < att.length; head++) {
        for (int i = 0; i < t; i++) {
          for (int d = 0; d < hs; d++) {
            double s = 0;
            for (int j = 0; j < t; j++) {
              s += att[head][i][j] * qkv[j * 3 * c + 2 * c + head * hs + d];
            }
            y[i * c + head * hs + d] = (float) s;
          }
        }
      }
      float[] got =
          m.get("transformer.h.0.attn.c_proj").forward(Tensor.fromArray(y, t, c)).toFloatArray();
      for (int i = 0; i < got.length; i++) {
        assertEquals(expected[i], got[i], 1e-5, "element " + i);
      }
    }
  }

  @Test
  void aPromptLongerThanTheBlockIsRefused() {
    GPT model = new GPT(new GPTConfig(4, 5, 1, 1, 8, 0.0, false), new Generator(1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AttentionMaps.firstLayer(model, new int[] {1, 2, 3, 4, 0}));
    assertTrue(
        e.getMessage().contains("5 tokens") && e.getMessage().contains("1 to 4"), e.getMessage());
  }

  @Test
  void theHeatmapLaysHeadsOutInRowsOfThree() throws Exception {
    BufferedImage three =
        ImageIO.read(
            AttentionHeatmap.save(
                    uniform(3), List.of("a", " ", "\n"), "three heads", dir.resolve("three.png"))
                .toFile());
    BufferedImage six =
        ImageIO.read(
            AttentionHeatmap.save(
                    uniform(6), List.of("a", " ", "\n"), "six heads", dir.resolve("six.png"))
                .toFile());
    assertEquals(three.getWidth(), six.getWidth());
    assertTrue(
        six.getHeight() > three.getHeight() * 3 / 2,
        three.getHeight() + " then " + six.getHeight());
    java.awt.Font mono = new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, 12);
    assertEquals("\\n", AttentionHeatmap.shown("\n", mono));
    assertEquals("x", AttentionHeatmap.shown("x", mono));
  }

  private static double[][][] uniform(int heads) {
    double[][][] att = new double[heads][3][3];
    for (double[][] h : att) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j <= i; j++) {
          h[i][j] = 1.0 / (i + 1);
        }
      }
    }
    return att;
  }
}
