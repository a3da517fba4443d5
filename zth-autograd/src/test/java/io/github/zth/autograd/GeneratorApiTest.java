package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.random.Generator.NormalPath;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** State save/restore, the default generator, argument checks and fill boundaries. */
class GeneratorApiTest {

  /** A mixed draw sequence touching every consumer, including the cached normal. */
  private static String draws(Generator g) {
    float[] f = new float[40];
    double[] d = new double[20];
    long[] l = new long[5];
    g.uniform(f, 0, 7, 0, 1);
    g.normal(f, 7, 3, 0, 1);
    g.normal(d, 0, 17, 0.5, 2);
    g.randint(l, 0, 5, -3, 1L << 35);
    g.exponential(f, 10, 20, 2);
    long[] m = g.multinomial(new float[] {1, 2, 3, 4}, 1, 4, 2, false);
    return Arrays.toString(f)
        + Arrays.toString(d)
        + Arrays.toString(l)
        + Arrays.toString(m)
        + Arrays.toString(g.randperm(6));
  }

  @Property(tries = 30)
  void stateRestoresTheExactStream(
      @ForAll long seed, @ForAll @IntRange(max = 1500) int skip, @ForAll boolean cacheNormal) {
    Generator g = new Generator(seed);
    float[] warm = new float[skip];
    g.uniform(warm, 0, skip, 0, 1);
    if (cacheNormal) {
      g.normal(warm, 0, Math.min(1, skip), 0, 1); // leaves the second Box-Muller value cached
    }
    byte[] state = g.getState();
    assertEquals(Generator.STATE_BYTES, state.length);
    String expected = draws(g);
    Generator other = new Generator(12345).setState(state);
    assertEquals(seed, other.initialSeed());
    assertEquals(expected, draws(other));
    assertEquals(expected, draws(g.setState(state)));
  }

  @Test
  void manualSeedClearsTheCachedNormal() {
    Generator g = new Generator(3);
    float[] a = new float[1];
    g.normal(a, 0, 1, 0, 1);
    g.manualSeed(3);
    float[] b = new float[1];
    g.normal(b, 0, 1, 0, 1);
    assertEquals(a[0], b[0]);
  }

  @Test
  void defaultGeneratorIsOneSeededInstance() {
    Generator g = Zth.manualSeed(42);
    assertSame(Zth.defaultGenerator(), g);
    assertEquals(42, Zth.initialSeed());
    float[] x = new float[5];
    Zth.defaultGenerator().uniform(x, 0, 5, 0, 1);
    assertEquals(0.8822692632675171, x[0], 0.0);
  }

  @Test
  void pathIsASettingNotState() {
    Generator g = new Generator(1).normalPath(NormalPath.LECTURE);
    assertEquals(NormalPath.LECTURE, g.normalPath());
    g.manualSeed(5);
    assertEquals(NormalPath.LECTURE, g.normalPath());
    assertEquals(NormalPath.TORCH_X86, new Generator().normalPath());
  }

  @Test
  void fillsOnlyTheirWindow() {
    float[] f = new float[40];
    Arrays.fill(f, -7f);
    new Generator(2).normal(f, 5, 30, 0, 1);
    for (int i = 0; i < 40; i++) {
      assertEquals(i < 5 || i >= 35, f[i] == -7f, "index " + i);
    }
    float[] g = new float[30];
    new Generator(2).normal(g, 0, 30, 0, 1);
    assertArrayEquals(g, Arrays.copyOfRange(f, 5, 35));
    new Generator(2).normal(f, 40, 0, 0, 1);
  }

  private static void refused(String prefix, String detail, Executable call) {
    String msg = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(msg.startsWith(prefix + ":") && msg.contains(detail), msg);
  }

  @Test
  void refusesBadArgumentsNamingTheOperation() {
    Generator g = new Generator(0);
    refused("uniform", "n=-1", () -> g.uniform(new float[3], 0, -1, 0, 1));
    refused("uniform", "length 3", () -> g.uniform(new float[3], 2, 2, 0, 1));
    refused("uniform", "from=1.0, to=0.0", () -> g.uniform(new double[3], 0, 3, 1, 0));
    refused("normal", "std=-1.0", () -> g.normal(new float[3], 0, 3, 0, -1));
    refused("normal", "null", () -> g.normal((double[]) null, 0, 3, 0, 1));
    refused("randint", "low=5 >= high=5", () -> g.randint(new long[3], 0, 3, 5, 5));
    refused("exponential", "lambd=-1.0", () -> g.exponential(new float[3], 0, 3, -1));
    refused("randperm", "n=-2", () -> g.randperm(-2));
    refused("bernoulli", "p=1.5", () -> g.bernoulli(new float[3], 0, 3, 1.5));
    refused(
        "bernoulli",
        "probability NaN at index 1",
        () -> g.bernoulli(new float[2], 0, 2, new float[] {0.5f, Float.NaN}, 0));
    refused(
        "multinomial",
        "numSamples=4 > 3",
        () -> g.multinomial(new float[] {1, 1, 1}, 1, 3, 4, false));
    refused(
        "multinomial", "numSamples=0", () -> g.multinomial(new float[] {1, 1, 1}, 1, 3, 0, true));
    refused(
        "multinomial",
        "-1.0 at [0, 1]",
        () -> g.multinomial(new float[] {1, -1, 1}, 1, 3, 1, true));
    refused(
        "multinomial",
        "NaN at [1, 0]",
        () -> g.multinomial(new double[] {1, 1, Double.NaN, 1}, 2, 2, 1, true));
    refused(
        "multinomial",
        "Infinity",
        () -> g.multinomial(new float[] {Float.POSITIVE_INFINITY, 1}, 1, 2, 1, false));
    refused(
        "multinomial",
        "row 1 sums to 0",
        () -> g.multinomial(new float[] {1, 0, 0, 0}, 2, 2, 1, false));
    refused(
        "multinomial",
        "rows=2, cols=2 for 3",
        () -> g.multinomial(new float[] {1, 1, 1}, 2, 2, 1, true));
    refused("setState", "12 bytes", () -> g.setState(new byte[12]));
    refused("normalPath", "null", () -> g.normalPath(null));
  }

  @Test
  void refusalsDoNotConsumeDraws() {
    Generator a = new Generator(9);
    assertThrows(
        IllegalArgumentException.class, () -> a.multinomial(new float[] {1, -1}, 1, 2, 1, true));
    assertEquals(new Generator(9).random(), a.random());
  }

  @Test
  void seedsDiffer() {
    assertNotEquals(new Generator(1).random64(), new Generator(2).random64());
  }
}
