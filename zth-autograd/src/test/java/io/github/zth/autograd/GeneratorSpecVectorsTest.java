package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.random.Generator.NormalPath;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The test vectors of torch-rng-spec.md §13 (torch 1.13.1, verified there against the oracle). */
class GeneratorSpecVectorsTest {

  private static int[] bits(float[] v, int from, int to) {
    int[] b = new int[to - from];
    for (int i = from; i < to; i++) {
      b[i - from] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  private static float[] rand(Generator g, int n) {
    float[] v = new float[n];
    g.uniform(v, 0, n, 0.0, 1.0);
    return v;
  }

  private static float[] randn(Generator g, int n) {
    float[] v = new float[n];
    g.normal(v, 0, n, 0.0, 1.0);
    return v;
  }

  @Test
  void rawEngineWords() {
    Generator g = new Generator(2147483647);
    long[] w = new long[5];
    for (int i = 0; i < 5; i++) {
      w[i] = g.random();
    }
    assertArrayEquals(
        new long[] {0x64b547efL, 0xe45aaf6aL, 0xa81afd9dL, 0xa399824cL, 0x16172759L}, w);
    g = new Generator(42);
    assertArrayEquals(
        new long[] {0x5fe1dc66L, 0xcbea3db3L, 0xf362035cL},
        new long[] {g.random(), g.random(), g.random()});
    g = new Generator(5489);
    assertArrayEquals(
        new long[] {3499211612L, 581869302L, 3890346734L},
        new long[] {g.random(), g.random(), g.random()});
  }

  @Test
  void seedsUseLowThirtyTwoBitsAndKeepAllSixtyFour() {
    Generator a = new Generator((1L << 32) + 5);
    Generator b = new Generator(5);
    assertEquals(b.random64(), a.random64());
    assertEquals((1L << 32) + 5, a.initialSeed());
    assertEquals(67280421310721L, new Generator().initialSeed());
    assertEquals(-1L, new Generator(-1).initialSeed());
  }

  @Test
  void lectureRandAndMultinomial() {
    Generator g = new Generator().manualSeed(2147483647);
    float[] x = rand(g, 3);
    assertArrayEquals(new int[] {0x3f3547ef, 0x3eb55ed4, 0x3dd7ece8}, bits(x, 0, 3));
    float sum = (x[0] + x[1]) + x[2];
    for (int i = 0; i < 3; i++) {
      x[i] /= sum;
    }
    assertArrayEquals(new int[] {0x3f1b3b9e, 0x3e9b4f39, 0x3db8e637}, bits(x, 0, 3));
    assertEquals("[0.6064, 0.3033, 0.0903]", String.format("[%.4f, %.4f, %.4f]", x[0], x[1], x[2]));
    long[] s = g.multinomial(x, 1, 3, 100, true);
    assertArrayEquals(
        new long[] {
          1, 1, 2, 0, 0, 2, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 2, 0, 0, 1, 0, 0, 1, 0, 0
        },
        Arrays.copyOf(s, 30));
  }

  @Test
  void randFloat64AndDefaultSeed() {
    double[] d = new double[3];
    new Generator(2147483647).uniform(d, 0, 3, 0.0, 1.0);
    assertArrayEquals(new double[] {0.6650313816112263, 0.843458957224422, 0.723553514275463}, d);
    assertArrayEquals(
        new int[] {0x3e88daec, 0x3f5f5e04, 0x3eabaafa}, bits(rand(new Generator(), 3), 0, 3));
  }

  @Test
  void randThenExponential() {
    Generator g = new Generator(42);
    assertArrayEquals(
        new int[] {0x3f61dc66, 0x3f6a3db3, 0x3ec406b8, 0x3f75950e, 0x3ec7e8d4},
        bits(rand(g, 5), 0, 5));
    float[] e = new float[5];
    g.exponential(e, 0, 5, 1.0);
    assertArrayEquals(
        new int[] {0x3fd2ad30, 0x3edbe067, 0x3d8ab626, 0x3fb0bff5, 0x3f47c07c}, bits(e, 0, 5));
  }

  @Test
  void randn27x27BothPaths() {
    Generator g = new Generator(2147483647);
    float[] w = randn(g, 729);
    assertArrayEquals(
        new int[] {0x3fc89f51, 0xbe72fcc2, 0xbce055ae, 0xbf8ce657, 0x3e925f0e, 0xbcf2d696},
        bits(w, 0, 6));
    assertArrayEquals(
        new int[] {
          0xb8e791bf,
          0xbf295d58,
          0x3e16c440,
          0xbd873db3,
          0x3f074c78,
          0x3f145a35,
          0x3e5b857a,
          0x3f6c0855,
          0x3f077906,
          0x3f454cc2,
          0x3edba47f,
          0x3eafc47d,
          0x40047865,
          0x3fab9455,
          0xbe5eae9e,
          0x3f5cdbc8
        },
        bits(w, 713, 729));
    assertArrayEquals(new int[] {0x3f65c974, 0x3eddf222}, bits(rand(g, 2), 0, 2));

    Generator lec = new Generator(2147483647).normalPath(NormalPath.LECTURE);
    float[] l = randn(lec, 729);
    assertArrayEquals(
        new int[] {0x3fc89f51, 0xbe72fcbd, 0xbce05626, 0xbf8ce656, 0x3e925f0a, 0xbcf2d705},
        bits(l, 0, 6));
    assertArrayEquals(
        new int[] {
          0xb8e791bf,
          0xbf295d55,
          0x3e16c43f,
          0xbd873dae,
          0x3f074c78,
          0x3f145a38,
          0x3e5b8574,
          0x3f6c0855,
          0x3f077906,
          0x3f454cc5,
          0x3edba47f,
          0x3eafc47e,
          0x40047865,
          0x3fab9455,
          0xbe5eaea4,
          0x3f5cdbc8
        },
        bits(l, 713, 729));
  }

  @Test
  void scalarBoxMullerWithCache() {
    for (NormalPath path : NormalPath.values()) {
      Generator g = new Generator(2147483647).normalPath(path);
      assertArrayEquals(new int[] {0xbf7ae1c3, 0xbfd4345c, 0xbd6a2723}, bits(randn(g, 3), 0, 3));
      assertArrayEquals(new int[] {0xbeae846e}, bits(randn(g, 1), 0, 1));
      double[] d = new double[2];
      g.normal(d, 0, 2, 0.0, 1.0);
      assertArrayEquals(new double[] {2.099155128757817, 0.8963768146168783}, d);
      assertArrayEquals(
          new int[] {0x3eac62ae, 0x3e03e69d, 0x3e7016e7, 0x3e6bdc6c, 0xbf8fb9c2},
          bits(randn(g.manualSeed(42), 5), 0, 5));
    }
  }

  @Test
  void randn20BothPaths() {
    assertArrayEquals(
        new int[] {0x3ff6a529, 0x3fbe5f53, 0x3f669567, 0xc006c0db, 0xbf4214e2, 0x3f8a0650},
        bits(randn(new Generator(42), 20), 0, 6));
    assertArrayEquals(
        new int[] {0x3ff6a527, 0x3fbe5f54, 0x3f669567, 0xc006c0dd, 0xbf4214e2, 0x3f8a0650},
        bits(randn(new Generator(42).normalPath(NormalPath.LECTURE), 20), 0, 6));
  }

  @Test
  void randint32And64BitPaths() {
    long[] r = new long[32];
    new Generator(42).randint(r, 0, 32, 0, 182625);
    assertArrayEquals(
        new long[] {76542, 11942, 157126, 2164, 651, 135335, 41245, 127424, 43825, 13988},
        Arrays.copyOf(r, 10));
    Generator g = new Generator(2147483647);
    long[] a = new long[10];
    g.randint(a, 0, 10, 0, 27);
    assertArrayEquals(new long[] {0, 26, 16, 12, 5, 9, 8, 19, 24, 7}, a);
    long[] b = new long[3];
    g.randint(b, 0, 3, -(1L << 40), 1L << 40);
    assertArrayEquals(new long[] {-474503268581L, -392171800834L, 288403994336L}, b);
  }

  @Test
  void makemorePart3InitThenBatchIndices() {
    for (NormalPath path : NormalPath.values()) {
      Generator g = new Generator(2147483647).normalPath(path);
      randn(g, 27 * 10);
      randn(g, 30 * 200);
      randn(g, 200 * 27);
      randn(g, 27);
      long[] ix = new long[32];
      g.randint(ix, 0, 32, 0, 182625);
      assertArrayEquals(
          new long[] {5197, 99677, 101728, 53213, 114200, 168023, 97806, 20987},
          Arrays.copyOf(ix, 8));
    }
  }

  @Test
  void multinomialVectors() {
    int[] softmaxBits = {
      0x3bf84b05,
      0x3c0933ff,
      0x3c17a207,
      0x3c27948c,
      0x3c393472,
      0x3c4caeda,
      0x3c6235b0,
      0x3c7a001b,
      0x3c8a2586,
      0x3c98acf2,
      0x3ca8bb8c,
      0x3cba7a77,
      0x3cce172a,
      0x3ce3c3e4,
      0x3cfbb831,
      0x3d0b18b6,
      0x3d19b9b6,
      0x3d29e494,
      0x3d3bc2bb,
      0x3d4f81f4,
      0x3d6554d6,
      0x3d7d734c,
      0x3d8c0d92,
      0x3d9ac852,
      0x3dab0fa7,
      0x3dbd0d41,
      0x3dd0ef3c
    };
    float[] probs = new float[27];
    for (int i = 0; i < 27; i++) {
      probs[i] = Float.intBitsToFloat(softmaxBits[i]);
    }
    Generator g = new Generator(2147483657L);
    long[] got = new long[10];
    for (int i = 0; i < 10; i++) {
      got[i] = g.multinomial(probs, 1, 27, 1, false)[0];
    }
    assertArrayEquals(new long[] {3, 22, 18, 16, 26, 22, 24, 17, 20, 21}, got);
    assertArrayEquals(
        new long[] {2, 2, 2, 2, 1, 2, 0, 0},
        new Generator(0).multinomial(new float[] {.1f, .2f, .7f, .5f, .25f, .25f}, 2, 3, 4, true));
    float[] ones8 = new float[8];
    Arrays.fill(ones8, 1f);
    assertArrayEquals(
        new long[] {6, 7, 2, 4, 1, 5, 3, 0}, new Generator(0).multinomial(ones8, 1, 8, 8, false));
    float[] ones10 = new float[10];
    Arrays.fill(ones10, 1f);
    assertArrayEquals(new long[] {3}, new Generator(123).multinomial(ones10, 1, 10, 1, true));
  }

  @Test
  void nnLinearAndEmbeddingInit() {
    // torch.manual_seed(42); nn.Linear(30, 200); nn.Embedding(27, 10)
    double a = Math.sqrt(5);
    double gain = Math.sqrt(2.0 / (1 + a * a));
    double bw = Math.sqrt(3.0) * (gain / Math.sqrt(30));
    double bb = 1 / Math.sqrt(30);
    for (NormalPath path : NormalPath.values()) {
      Generator g = new Generator(42).normalPath(path);
      float[] w = new float[200 * 30];
      float[] b = new float[200];
      g.uniform(w, 0, w.length, -bw, bw);
      g.uniform(b, 0, b.length, -bb, bb);
      int[] expected =
          path == NormalPath.TORCH_X86
              ? new int[] {
                0x3e0eef5f,
                0x3e1b2cc8,
                0xbd2f31ce,
                0x3e2bbd67,
                0xbdd765f2,
                0xbd279346,
                0x3e286c8f,
                0xbe0386a8
              }
              : new int[] {
                0x3e0eef5e,
                0x3e1b2cc8,
                0xbd2f31cc,
                0x3e2bbd68,
                0xbdd765f2,
                0xbd279344,
                0x3e286c90,
                0xbe0386a8
              };
      int[] got = new int[8];
      System.arraycopy(bits(w, 0, 4), 0, got, 0, 4);
      System.arraycopy(bits(b, 0, 4), 0, got, 4, 4);
      assertArrayEquals(expected, got, path.toString());
      if (path == NormalPath.TORCH_X86) {
        assertArrayEquals(
            new int[] {0x3e48ba10, 0x3ed183e2, 0x3eb48d86, 0xbd87061d}, bits(randn(g, 270), 0, 4));
      }
    }
  }

  @Test
  void randperm() {
    assertArrayEquals(new long[] {2, 6, 1, 8, 4, 5, 0, 9, 3, 7}, new Generator(42).randperm(10));
  }
}
