package io.github.zth.autograd.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.zth.autograd.internal.Gemm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every kernel path against one width-free definition of its float arithmetic, bit for bit: a GEMM
 * element adds, to C (beta 1), block after block of 512 k values, each block a fused multiply-add
 * chain from +0 in k order (with beta 0 the first block's sum is stored as is); a sum puts element
 * i into partial i mod 16, each partial in index order, and combines the 16 in a fixed halving
 * tree. The definitions below are written independently of the kernels. Surefire runs this class on
 * the scalar path and with {@code -Dzth.vectorBits} 128, 256 and 512 (see zth-autograd's pom), so
 * when it passes everywhere, a seeded run prints the same numbers on every path and width.
 */
class ReproducibleKernelsTest {

  private static List<GemmKernels> gemms() {
    List<GemmKernels> list = new ArrayList<>();
    list.add(VectorizationProvider.scalar());
    vector(VectorizationProvider.vector()).ifPresent(list::add);
    return list;
  }

  private static List<FusedKernels> fused() {
    List<FusedKernels> list = new ArrayList<>();
    list.add(VectorizationProvider.scalarFused());
    vector(VectorizationProvider.vectorFused()).ifPresent(list::add);
    return list;
  }

  private static <T> Optional<T> vector(Optional<T> v) {
    if (v.isEmpty() && Boolean.getBoolean("zth.test.expectVector")) {
      fail("this run adds jdk.incubator.vector, so the vector kernels must load");
    }
    return v;
  }

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 4 - 2);
    }
    return a;
  }

  /** The layout's definition: partial i mod 16, then lanes l and l + 8, l + 4, l + 2, l + 1. */
  private static float tree(float[] p) {
    float[] q = p.clone();
    for (int w = 8; w > 0; w /= 2) {
      for (int l = 0; l < w; l++) {
        q[l] = q[l] + q[l + w];
      }
    }
    return q[0];
  }

  private static float sum(float[] x, int xo, int n) {
    float[] p = new float[16];
    for (int i = 0; i < n; i++) {
      p[i % 16] = p[i % 16] + x[xo + i];
    }
    return tree(p);
  }

  private static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float[] p = new float[16];
    for (int i = 0; i < n; i++) {
      p[i % 16] = Math.fma(a[ao + i], b[bo + i], p[i % 16]);
    }
    return tree(p);
  }

  private static void same(String what, float expected, float actual) {
    assertEquals(
        Float.floatToRawIntBits(expected),
        Float.floatToRawIntBits(actual),
        what + ": expected " + expected + ", got " + actual);
  }

  @Property(tries = 40)
  void sgemmSumsFixedDepthBlocks(
      @ForAll @IntRange(min = 1, max = 70) int m,
      @ForAll @IntRange(min = 1, max = 70) int n,
      @ForAll @IntRange(min = 1, max = 1100) int k,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll boolean accumulate,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = random(r, m * k);
    float[] b = random(r, k * n);
    float[] c0 = random(r, m * n);
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    float[] expected = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = c0[i * n + j];
        for (int p0 = 0; p0 < k; p0 += 512) {
          float block = 0f;
          for (int p = p0; p < Math.min(k, p0 + 512); p++) {
            float x = transA ? a[p * lda + i] : a[i * lda + p];
            float y = transB ? b[j * ldb + p] : b[p * ldb + j];
            block = Math.fma(x, y, block);
          }
          s = p0 == 0 && !accumulate ? block : s + block;
        }
        expected[i * n + j] = s;
      }
    }
    List<GemmKernels> impls = gemms();
    impls.add(null); // through Gemm, parallel when large enough
    for (GemmKernels g : impls) {
      float[] c = accumulate ? c0.clone() : new float[m * n];
      if (g == null) {
        Gemm.sgemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, accumulate ? 1f : 0f, c, 0, n);
      } else {
        g.sgemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, accumulate ? 1f : 0f, c, 0, n);
      }
      for (int e = 0; e < m * n; e++) {
        same(
            (g == null ? "Gemm" : g.toString()) + " C[" + e / n + "," + e % n + "]",
            expected[e],
            c[e]);
      }
    }
  }

  @Property(tries = 60)
  void sumsFollowTheSixteenLaneLayout(
      @ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 0, max = 3) int off,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = random(r, n + off);
    float[] g = random(r, n + off);
    float[] w = random(r, n);
    for (FusedKernels f : fused()) {
      String name = f.toString();
      float[] y = new float[n];
      float s = f.expSum(x, off, 0.7f, 0.5f, y, 0, n, new float[FusedKernels.SCRATCH]);
      same(name + " expSum", sum(y, 0, n), s);

      float[] gs = g.clone();
      f.softmaxBackward(y, 0, gs, off, 1f, n, new float[FusedKernels.SCRATCH]);
      float d = dot(y, 0, g, off, n);
      for (int i = 0; i < n; i++) {
        same(name + " softmaxBackward[" + i + "]", 1f * y[i] * (g[off + i] - d), gs[off + i]);
      }

      float[] out = new float[n];
      float[] stats = new float[2];
      f.layerNormRow(x, off, w, null, 1e-5f, out, 0, stats, 0, n, new float[FusedKernels.SCRATCH]);
      float mean = sum(x, off, n) / n;
      float[] dev = new float[n];
      for (int i = 0; i < n; i++) {
        dev[i] = x[off + i] - mean;
      }
      float rstd = (float) (1 / Math.sqrt(dot(dev, 0, dev, 0, n) / n + 1e-5f));
      same(name + " layerNorm mean", mean, stats[0]);
      same(name + " layerNorm rstd", rstd, stats[1]);

      float[] dx = new float[n];
      f.layerNormRowBackward(
          g, off, x, off, mean, rstd, w, dx, 0, null, null, n, new float[FusedKernels.SCRATCH]);
      float[] gw = new float[n];
      float[] xhat = new float[n];
      for (int i = 0; i < n; i++) {
        gw[i] = g[off + i] * w[i];
        xhat[i] = (x[off + i] - mean) * rstd;
      }
      float m1 = sum(gw, 0, n) / n;
      float m2 = dot(gw, 0, xhat, 0, n) / n;
      for (int i = 0; i < n; i++) {
        same(
            name + " layerNorm backward[" + i + "]",
            rstd * Math.fma(-xhat[i], m2, Math.fma(g[off + i], w[i], -m1)),
            dx[i]);
      }
    }
  }
}
