package io.github.zth.autograd.internal.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.internal.Arr;
import io.github.zth.autograd.internal.AttentionKernels;
import io.github.zth.autograd.internal.NnKernels;
import io.github.zth.autograd.internal.Storage;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Vector API fused kernels against the scalar ones on the same inputs, bit for bit: elementwise
 * results (GELU, its slope, exp) because both evaluate one polynomial with the same fused
 * multiply-adds, and reductions (softmax, layer norm, attention) because both sum in the one fixed
 * 16-lane layout. The surefire runs repeat this at 128, 256 and 512 bits, so all widths agree. The
 * scalar exp is checked against {@code Math.exp}. In the surefire run with {@code
 * jdk.incubator.vector} ({@code zth.test.expectVector}) a vector path that failed to load fails the
 * build.
 */
class FusedKernelsPropertiesTest {
  private static final FusedKernels SCALAR = VectorizationProvider.scalarFused();

  private static FusedKernels vectorOrScalar() {
    Optional<FusedKernels> v = VectorizationProvider.vectorFused();
    if (v.isEmpty() && Boolean.getBoolean("zth.test.expectVector")) {
      fail("jdk.incubator.vector is readable but the vector fused kernels did not load");
    }
    return v.orElse(SCALAR);
  }

  private static float[] gaussian(SplittableRandom r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble(1e-12, 1);
      a[i] = (float) (scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
    }
    return a;
  }

  /** Scratch full of NaN: a kernel that read its partials before writing them would show it. */
  private static float[] dirtyScratch() {
    float[] s = new float[FusedKernels.SCRATCH];
    java.util.Arrays.fill(s, Float.NaN);
    return s;
  }

  private static Arr arr(float[] a, int... shape) {
    return new Arr(Storage.of(a), DType.FLOAT32, shape, Arr.contiguousStrides(shape), 0);
  }

  private static void same(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(expected[i]),
          Float.floatToRawIntBits(actual[i]),
          what + " [" + i + "]: scalar " + expected[i] + ", vector " + actual[i]);
    }
  }

  @Property(tries = 40)
  void geluIsBitIdentical(
      @ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 0, max = 3) int off,
      @ForAll boolean tanh,
      @ForAll long seed) {
    float[] x = gaussian(new SplittableRandom(seed), n + off, 4);
    float[][] ys = new float[2][n];
    float[][] ss = new float[2][n];
    SCALAR.gelu(tanh, x, off, ys[0], 0, ss[0], 0, n);
    vectorOrScalar().gelu(tanh, x, off, ys[1], 0, ss[1], 0, n);
    assertArrayEquals(ys[0], ys[1]);
    assertArrayEquals(ss[0], ss[1]);
    float[] noSlope = new float[n];
    vectorOrScalar().gelu(tanh, x, off, noSlope, 0, null, 0, n);
    assertArrayEquals(ys[0], noSlope);
  }

  @Property(tries = 40)
  void addIntoIsBitIdentical(
      @ForAll @IntRange(min = 0, max = 300) int n,
      @ForAll @IntRange(min = 0, max = 3) int xo,
      @ForAll @IntRange(min = 0, max = 3) int yo,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = gaussian(r, n + xo, 3);
    float[] y = gaussian(r, n + yo, 3);
    float[] expected = y.clone();
    for (int i = 0; i < n; i++) {
      expected[yo + i] = y[yo + i] + x[xo + i];
    }
    float[] s = y.clone();
    SCALAR.addInto(x, xo, s, yo, n);
    float[] v = y.clone();
    vectorOrScalar().addInto(x, xo, v, yo, n);
    assertArrayEquals(expected, s);
    assertArrayEquals(expected, v);
  }

  @Property(tries = 40)
  void expIsBitIdenticalAndAccurate(
      @ForAll @IntRange(min = 1, max = 200) int n, @ForAll long seed) {
    float[] x = gaussian(new SplittableRandom(seed), n, 30);
    float[] a = new float[n];
    float[] b = new float[n];
    float sa = SCALAR.expSum(x, 0, 1f, 0f, a, 0, n, dirtyScratch());
    float sb = vectorOrScalar().expSum(x, 0, 1f, 0f, b, 0, n, dirtyScratch());
    assertArrayEquals(a, b);
    assertEquals(Float.floatToRawIntBits(sa), Float.floatToRawIntBits(sb), sa + " vs " + sb);
    for (int i = 0; i < n; i++) {
      double e = Math.exp(x[i]);
      if (x[i] > -87f && x[i] < 88f) {
        assertEquals(e, a[i], 3e-7 * e, "exp(" + x[i] + ")");
      }
    }
  }

  @Example
  void expOfMinusInfinityAndOfUnderflowingInputsIsZero() {
    float[] x = {
      Float.NEGATIVE_INFINITY,
      -1e30f,
      -1000f,
      -104f,
      -88.5f,
      -88f,
      -87.9f,
      -87.7f, // 0 exactly
      -87.6f,
      -87.5f,
      -87.4f,
      -87.33654f,
      -87f,
      -80f,
      0f // libm's value
    };
    int zeros = 8;
    int n = x.length;
    float[] a = new float[n];
    float[] b = new float[n];
    SCALAR.expSum(x, 0, 1f, 0f, a, 0, n, dirtyScratch());
    vectorOrScalar().expSum(x, 0, 1f, 0f, b, 0, n, dirtyScratch());
    same("exp", a, b);
    for (int i = 0; i < n; i++) {
      float libm = (float) Math.exp(x[i]);
      if (i < zeros) {
        assertEquals(0, Float.floatToRawIntBits(a[i]), "exp(" + x[i] + ") = " + a[i]);
      } else {
        // subnormal results are good to their last place, 2^-149
        assertEquals(libm, a[i], Math.max(3e-7 * libm, 0x1p-148f), "exp(" + x[i] + ")");
      }
    }
  }

  @Property(tries = 40)
  void maxAndSoftmaxBackwardAgree(@ForAll @IntRange(min = 1, max = 150) int n, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] p = gaussian(r, n, 1);
    float[] g = gaussian(r, n, 1);
    assertEquals(
        SCALAR.max(p, 0, n, dirtyScratch()), vectorOrScalar().max(p, 0, n, dirtyScratch()));
    float[] ga = g.clone();
    float[] gb = g.clone();
    SCALAR.softmaxBackward(p, 0, ga, 0, 0.3f, n, dirtyScratch());
    vectorOrScalar().softmaxBackward(p, 0, gb, 0, 0.3f, n, dirtyScratch());
    same("softmaxBackward", ga, gb);
  }

  @Property(tries = 40)
  void layerNormAgrees(
      @ForAll @IntRange(min = 1, max = 9) int rows,
      @ForAll @IntRange(min = 1, max = 150) int c,
      @ForAll boolean bias,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Arr x = arr(gaussian(r, rows * c, 3), rows, c);
    float[] w = gaussian(r, c, 1);
    float[] b = bias ? gaussian(r, c, 1) : null;
    Arr g = arr(gaussian(r, rows * c, 1), rows, c);
    NnKernels.LayerNormForward fa = NnKernels.layerNorm(SCALAR, x, c, w, b, 1e-5f);
    NnKernels.LayerNormForward fb = NnKernels.layerNorm(vectorOrScalar(), x, c, w, b, 1e-5f);
    same("layerNorm", fa.y().storage().f, fb.y().storage().f);
    Arr[] da = NnKernels.layerNormBackward(SCALAR, g, x, fa.stats(), c, w, true, true, bias);
    Arr[] db =
        NnKernels.layerNormBackward(vectorOrScalar(), g, x, fb.stats(), c, w, true, true, bias);
    for (int i = 0; i < 3; i++) {
      if (da[i] != null) {
        same("layerNorm backward " + i, da[i].storage().f, db[i].storage().f);
      }
    }
  }

  @Property(tries = 30)
  void attentionAgrees(
      @ForAll @IntRange(min = 1, max = 3) int b,
      @ForAll @IntRange(min = 1, max = 40) int t,
      @ForAll @IntRange(min = 1, max = 40) int s,
      @ForAll @IntRange(min = 1, max = 20) int d,
      @ForAll boolean causal,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Arr q = arr(gaussian(r, b * t * d, 1), b, t, d);
    Arr k = arr(gaussian(r, b * s * d, 1), b, s, d);
    Arr v = arr(gaussian(r, b * s * d, 1), b, s, d);
    Arr g = arr(gaussian(r, b * t * d, 1), b, t, d);
    float scale = (float) (1 / Math.sqrt(d));
    AttentionKernels.Mask mask =
        causal ? new AttentionKernels.Mask(true, 0) : AttentionKernels.Mask.NONE;
    AttentionKernels.Forward fa =
        AttentionKernels.forward(SCALAR, q, k, v, mask, scale, null, false);
    AttentionKernels.Forward fb =
        AttentionKernels.forward(vectorOrScalar(), q, k, v, mask, scale, null, true);
    same("attention", fa.y().storage().f, fb.y().storage().f);
    Arr[] da = AttentionKernels.backward(SCALAR, g, q, k, v, fa, mask, scale, null);
    Arr[] db = AttentionKernels.backward(vectorOrScalar(), g, q, k, v, fb, mask, scale, null);
    for (int i = 0; i < 3; i++) {
      same("attention backward " + i, da[i].storage().f, db[i].storage().f);
    }
  }

  @Example
  void providerPicksVectorFusedKernelsWithVectorGemm() {
    assertEquals(VectorizationProvider.simd(), VectorizationProvider.fused().name());
  }
}
