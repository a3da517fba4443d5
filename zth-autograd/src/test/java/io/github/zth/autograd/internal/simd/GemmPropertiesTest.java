package io.github.zth.autograd.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.zth.autograd.internal.Gemm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * GEMM against a naive double-accumulated reference, for every kernel this JVM can run: the one the
 * provider picked (through {@link Gemm}), the scalar one, and the Vector API one when the incubator
 * module is present (the second surefire execution sets {@code zth.test.expectVector}, so a vector
 * path that silently failed to load fails the build instead of skipping).
 */
class GemmPropertiesTest {
  /** Float32 unit roundoff; error bound per term of a k-long dot product is about k·u·Σ|a·b|. */
  private static final double U32 = 0x1p-24;

  @Provide
  Arbitrary<Integer> dims() {
    // Tile edges (MR = 5, NR = 8, 16 or 32, V = 4, 8 or 16) ± 1, the few-rows path's limit (8),
    // the GPT head's 65, a packed A block (140) ± 1, and anything up to 150.
    return Arbitraries.oneOf(
        Arbitraries.of(
            1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65,
            97, 139, 140, 141),
        Arbitraries.integers().between(1, 150));
  }

  @Property(tries = 60)
  void sgemmMatchesReference(
      @ForAll("dims") int m,
      @ForAll("dims") int n,
      @ForAll("dims") int k,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll boolean accumulate,
      @ForAll @IntRange(min = 0, max = 3) int pad,
      @ForAll @IntRange(min = 0, max = 5) int off,
      @ForAll long seed) {
    for (GemmKernels impl : implementations()) {
      Case cs = new Case(m, n, k, transA, transB, accumulate, pad, off, seed);
      float[] c = cs.cFloat();
      if (impl == null) {
        Gemm.sgemm(
            transA, transB, m, n, k, cs.aF, off, cs.lda, cs.bF, off + 1, cs.ldb, cs.beta(), c,
            off + 2, cs.ldc);
      } else {
        impl.sgemm(
            transA, transB, m, n, k, cs.aF, off, cs.lda, cs.bF, off + 1, cs.ldb, cs.beta(), c,
            off + 2, cs.ldc);
      }
      cs.check(name(impl), c, (k + 2) * 2 * U32);
    }
  }

  @Property(tries = 60)
  void dgemmMatchesReference(
      @ForAll("dims") int m,
      @ForAll("dims") int n,
      @ForAll("dims") int k,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll boolean accumulate,
      @ForAll @IntRange(min = 0, max = 3) int pad,
      @ForAll @IntRange(min = 0, max = 5) int off,
      @ForAll long seed) {
    for (GemmKernels impl : implementations()) {
      Case cs = new Case(m, n, k, transA, transB, accumulate, pad, off, seed);
      double[] c = cs.cDouble();
      if (impl == null) {
        Gemm.dgemm(
            transA, transB, m, n, k, cs.aD, off, cs.lda, cs.bD, off + 1, cs.ldb, cs.beta(), c,
            off + 2, cs.ldc);
      } else {
        impl.dgemm(
            transA, transB, m, n, k, cs.aD, off, cs.lda, cs.bD, off + 1, cs.ldb, cs.beta(), c,
            off + 2, cs.ldc);
      }
      cs.check(name(impl), c, 1e-12);
    }
  }

  @Property(tries = 40)
  void scalarAndVectorAgree(
      @ForAll("dims") int m,
      @ForAll("dims") int n,
      @ForAll("dims") int k,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll long seed) {
    Optional<GemmKernels> vector = vectorIfExpected();
    if (vector.isEmpty()) {
      return;
    }
    Case cs = new Case(m, n, k, transA, transB, false, 1, 0, seed);
    float[] cs1 = cs.cFloat();
    float[] cv = cs.cFloat();
    VectorizationProvider.scalar()
        .sgemm(transA, transB, m, n, k, cs.aF, 0, cs.lda, cs.bF, 1, cs.ldb, 0f, cs1, 2, cs.ldc);
    vector
        .get()
        .sgemm(transA, transB, m, n, k, cs.aF, 0, cs.lda, cs.bF, 1, cs.ldb, 0f, cv, 2, cs.ldc);
    double[] absDot = cs.absDot();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int idx = 2 + i * cs.ldc + j;
        double tol = 2 * (k + 2) * 2 * U32 * absDot[i * n + j] + 1e-30;
        if (Math.abs(cs1[idx] - cv[idx]) > tol) {
          fail(
              "scalar vs vector at ("
                  + i
                  + ", "
                  + j
                  + "): "
                  + cs1[idx]
                  + " vs "
                  + cv[idx]
                  + ", tol "
                  + tol);
        }
      }
    }
  }

  /**
   * The few-rows path equals the general kernels bit for bit (so KV-cached and whole-prompt logits
   * agree), across depth blocks (k past 512 and 1024), ragged column blocks, both layouts of A and
   * beta 0 and 1 (C then starts from NaN, which must never be read, or from values).
   */
  @Property(tries = 80)
  void skinnyEqualsTheGeneralKernelsBitForBit(
      @ForAll @IntRange(min = 1, max = SkinnyGemm.MAX_M) int m,
      @ForAll("dims") int n,
      @ForAll @IntRange(min = 1, max = 1300) int k,
      @ForAll boolean transA,
      @ForAll boolean accumulate,
      @ForAll long seed) {
    Case cs = new Case(m, n, k, transA, true, accumulate, 2, 1, seed);
    float[] skinny = cs.cFloat();
    SkinnyGemm.sgemm(
        transA, m, n, k, cs.aF, 1, cs.lda, cs.bF, 2, cs.ldb, cs.beta(), skinny, 3, cs.ldc);
    List<GemmKernels> general = new ArrayList<>(List.of(VectorizationProvider.scalar()));
    vectorIfExpected().ifPresent(general::add);
    for (GemmKernels impl : general) {
      float[] c = cs.cFloat();
      impl.sgemm(
          transA, true, m, n, k, cs.aF, 1, cs.lda, cs.bF, 2, cs.ldb, cs.beta(), c, 3, cs.ldc);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int idx = 3 + i * cs.ldc + j;
          if (Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(skinny[idx])) {
            fail(
                "skinny vs "
                    + impl.name()
                    + " at ("
                    + i
                    + ", "
                    + j
                    + ") of "
                    + m
                    + "x"
                    + n
                    + "x"
                    + k
                    + ": "
                    + skinny[idx]
                    + " vs "
                    + c[idx]);
          }
        }
      }
    }
    cs.check("skinny", skinny, (k + 2) * 2 * U32);
  }

  /** Deep k crosses the kernels' depth blocks (256 and 512), wide n their column blocks. */
  @Example
  void largeBlockedShapesMatchReference() {
    for (GemmKernels impl : implementations()) {
      for (int form = 0; form < 4; form++) {
        Case cs =
            new Case(37, 300, 600, (form & 1) != 0, (form & 2) != 0, form == 3, 0, 3, 42L + form);
        float[] c = cs.cFloat();
        GemmKernels run = impl == null ? VectorizationProvider.kernels() : impl;
        run.sgemm(
            cs.transA, cs.transB, 37, 300, 600, cs.aF, 3, cs.lda, cs.bF, 4, cs.ldb, cs.beta(), c, 5,
            cs.ldc);
        cs.check(name(impl), c, 602 * 2 * U32);
        double[] cd = cs.cDouble();
        run.dgemm(
            cs.transA, cs.transB, 37, 300, 600, cs.aD, 3, cs.lda, cs.bD, 4, cs.ldb, cs.beta(), cd,
            5, cs.ldc);
        cs.check(name(impl), cd, 1e-12);
      }
    }
  }

  /**
   * Every width of the last column panel (1 to 2·NR + 1 for 8- and 16-lane species, so both the
   * one-vector edge kernel and the full one on a ragged panel), with ragged rows and depths, with
   * and without either transpose and with beta 0 and 1.
   */
  @Example
  void everyRaggedEdgeMatchesReference() {
    int[] ns = new int[40];
    for (int i = 0; i < 33; i++) {
      ns[i] = i + 1;
    }
    System.arraycopy(new int[] {47, 48, 49, 63, 64, 65, 130}, 0, ns, 33, 7);
    for (GemmKernels impl : implementations()) {
      GemmKernels run = impl == null ? VectorizationProvider.kernels() : impl;
      for (int n : ns) {
        for (int[] mk : new int[][] {{1, 65}, {7, 130}, {13, 7}}) {
          for (int form = 0; form < 8; form++) {
            int m = mk[0];
            int k = mk[1];
            Case cs =
                new Case(
                    m,
                    n,
                    k,
                    (form & 1) != 0,
                    (form & 2) != 0,
                    (form & 4) != 0,
                    1,
                    2,
                    31L * n + form);
            float[] c = cs.cFloat();
            run.sgemm(
                cs.transA, cs.transB, m, n, k, cs.aF, 2, cs.lda, cs.bF, 3, cs.ldb, cs.beta(), c, 4,
                cs.ldc);
            cs.check(name(impl), c, (k + 2) * 2 * U32);
          }
        }
      }
    }
  }

  /**
   * A small C with a long k (the bigram's weight gradient has k = 228146) takes the path that
   * splits k over the threads and sums partial Cs; a short wide C the path that splits columns.
   */
  @Example
  void deepNarrowAndShortWideShapesMatchReference() {
    int[][] shapes = {{7, 13, 3000}, {27, 27, 2100}, {3, 700, 150}};
    for (GemmKernels impl : implementations()) {
      GemmKernels run = impl == null ? VectorizationProvider.kernels() : impl;
      for (int[] s : shapes) {
        for (int form = 0; form < 8; form++) {
          boolean acc = (form & 4) != 0;
          Case cs =
              new Case(
                  s[0], s[1], s[2], (form & 1) != 0, (form & 2) != 0, acc, form % 3, 1, 7L + form);
          float[] c = cs.cFloat();
          run.sgemm(
              cs.transA, cs.transB, s[0], s[1], s[2], cs.aF, 1, cs.lda, cs.bF, 2, cs.ldb, cs.beta(),
              c, 3, cs.ldc);
          cs.check(name(impl), c, (s[2] + 2) * 2 * U32);
        }
      }
    }
  }

  /**
   * An op(B) above the size that is packed once and shared (16 MB), as GPT-2's 50,257-token head
   * is: the split goes by columns, and the bits still equal the scalar kernel's.
   */
  @Example
  void anOperandTooLargeToShareMatchesReference() {
    for (boolean transB : new boolean[] {false, true}) {
      Case cs = new Case(12, 4200, 1030, false, transB, false, 0, 1, transB ? 5L : 6L);
      float[] scalar = cs.cFloat();
      VectorizationProvider.scalar()
          .sgemm(
              false, transB, 12, 4200, 1030, cs.aF, 1, cs.lda, cs.bF, 2, cs.ldb, 0f, scalar, 3,
              cs.ldc);
      cs.check("scalar", scalar, 1032 * 2 * U32);
      Optional<GemmKernels> vector = vectorIfExpected();
      if (vector.isPresent()) {
        float[] c = cs.cFloat();
        vector
            .get()
            .sgemm(
                false, transB, 12, 4200, 1030, cs.aF, 1, cs.lda, cs.bF, 2, cs.ldb, 0f, c, 3,
                cs.ldc);
        for (int i = 3; i < c.length; i++) {
          assertEquals(
              Float.floatToRawIntBits(scalar[i]), Float.floatToRawIntBits(c[i]), "at " + i);
        }
      }
    }
  }

  @Example
  void providerNamesItsPath() {
    String simd = VectorizationProvider.simd();
    assertTrue(simd.equals("vector") || simd.equals("scalar"), simd);
    if (!Boolean.getBoolean("zth.test.expectVector")) {
      assertEquals("scalar", simd, "without jdk.incubator.vector the provider must pick scalar");
      assertTrue(VectorizationProvider.vector().isEmpty());
    }
  }

  @Example
  void badArgumentsAreRefusedWithAClearMessage() {
    float[] x = new float[12];
    IllegalArgumentException beta =
        assertThrows(
            IllegalArgumentException.class,
            () -> Gemm.sgemm(false, false, 2, 2, 2, x, 0, 2, x, 0, 2, 0.5f, x, 0, 2));
    assertTrue(beta.getMessage().contains("beta 0.5"), beta.getMessage());
    IllegalArgumentException ld =
        assertThrows(
            IllegalArgumentException.class,
            () -> Gemm.sgemm(false, false, 2, 3, 4, x, 0, 3, x, 0, 3, 0f, x, 0, 3));
    assertTrue(ld.getMessage().contains("leading dimension 3"), ld.getMessage());
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Gemm.dgemm(
                    true,
                    false,
                    3,
                    3,
                    4,
                    new double[12],
                    1,
                    3,
                    new double[12],
                    0,
                    3,
                    0d,
                    new double[9],
                    0,
                    3));
    assertTrue(size.getMessage().contains("needs 13 elements, array has 12"), size.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
  }

  @Example
  void emptyDepthOverwritesOrKeepsC() {
    float[] c = {Float.NaN, 7f, 7f, 7f};
    Gemm.sgemm(false, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 1, 2);
    assertEquals(Float.NaN, c[0]);
    assertEquals(0f, c[1]);
    assertEquals(0f, c[2]);
    assertEquals(7f, c[3]);
    double[] d = {5d, 5d};
    Gemm.dgemm(false, false, 1, 2, 0, new double[0], 0, 1, new double[0], 0, 2, 1d, d, 0, 2);
    assertEquals(5d, d[1]);
  }

  /** null stands for "through Gemm, whatever the provider picked". */
  private static List<GemmKernels> implementations() {
    List<GemmKernels> list = new ArrayList<>();
    list.add(null);
    list.add(VectorizationProvider.scalar());
    vectorIfExpected().ifPresent(list::add);
    return list;
  }

  private static Optional<GemmKernels> vectorIfExpected() {
    Optional<GemmKernels> v = VectorizationProvider.vector();
    if (Boolean.getBoolean("zth.test.expectVector")) {
      assertFalse(
          v.isEmpty(), "this run adds jdk.incubator.vector, so the vector kernels must load");
      assertEquals("vector", v.get().name());
    }
    return v;
  }

  private static String name(GemmKernels impl) {
    return impl == null ? "Gemm(" + VectorizationProvider.simd() + ")" : impl.name();
  }

  /** Random operands laid out with offsets and padded leading dimensions, plus the reference. */
  private static final class Case {
    final int m, n, k, off, lda, ldb, ldc;
    final boolean transA, transB, accumulate;
    final float[] aF, bF, c0F;
    final double[] aD, bD, c0D;

    Case(
        int m,
        int n,
        int k,
        boolean transA,
        boolean transB,
        boolean accumulate,
        int pad,
        int off,
        long seed) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.transA = transA;
      this.transB = transB;
      this.accumulate = accumulate;
      this.off = off;
      this.lda = (transA ? m : k) + pad;
      this.ldb = (transB ? k : n) + pad;
      this.ldc = n + pad;
      SplittableRandom rnd = new SplittableRandom(seed);
      aF = new float[off + (transA ? k : m) * lda];
      bF = new float[off + 1 + (transB ? n : k) * ldb];
      c0F = new float[off + 2 + m * ldc + 3];
      aD = new double[aF.length];
      bD = new double[bF.length];
      c0D = new double[c0F.length];
      fill(rnd, aF, aD);
      fill(rnd, bF, bD);
      fill(rnd, c0F, c0D);
    }

    private static void fill(SplittableRandom rnd, float[] f, double[] d) {
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) (rnd.nextDouble() * 2 - 1);
        d[i] = rnd.nextDouble() * 2 - 1;
      }
    }

    float beta() {
      return accumulate ? 1f : 0f;
    }

    /** C before the call; with beta 0 the window holds NaN, which the kernel must never read. */
    float[] cFloat() {
      float[] c = c0F.clone();
      if (!accumulate) {
        forWindow((i, j) -> c[off + 2 + i * ldc + j] = Float.NaN);
      }
      return c;
    }

    double[] cDouble() {
      double[] c = c0D.clone();
      if (!accumulate) {
        forWindow((i, j) -> c[off + 2 + i * ldc + j] = Double.NaN);
      }
      return c;
    }

    double opA(double[] a, int i, int p) {
      return transA ? a[off + p * lda + i] : a[off + i * lda + p];
    }

    double opB(double[] b, int p, int j) {
      return transB ? b[off + 1 + j * ldb + p] : b[off + 1 + p * ldb + j];
    }

    double[] absDot() {
      double[] aw = widen(aF);
      double[] bw = widen(bF);
      double[] out = new double[m * n];
      forWindow(
          (i, j) -> {
            double s = 0;
            for (int p = 0; p < k; p++) {
              s += Math.abs(opA(aw, i, p) * opB(bw, p, j));
            }
            out[i * n + j] = s;
          });
      return out;
    }

    void check(String who, float[] c, double relTol) {
      check(who, widen(c), widen(aF), widen(bF), widen(c0F), relTol);
    }

    void check(String who, double[] c, double relTol) {
      check(who, c, aD, bD, c0D, relTol);
    }

    private void check(String who, double[] c, double[] a, double[] b, double[] c0, double relTol) {
      for (int idx = 0; idx < c.length; idx++) {
        int rel = idx - off - 2;
        boolean inWindow = rel >= 0 && rel / ldc < m && rel % ldc < n;
        if (!inWindow && Double.compare(c[idx], c0[idx]) != 0) {
          fail(who + ": wrote outside C at index " + idx);
        }
      }
      forWindow(
          (i, j) -> {
            double s = 0;
            double abs = 0;
            for (int p = 0; p < k; p++) {
              double t = opA(a, i, p) * opB(b, p, j);
              s += t;
              abs += Math.abs(t);
            }
            int idx = off + 2 + i * ldc + j;
            if (accumulate) {
              s += c0[idx];
              abs += Math.abs(c0[idx]);
            }
            double err = Math.abs(c[idx] - s);
            if (!(err <= relTol * abs + 1e-300)) {
              fail(
                  who
                      + " "
                      + (transA ? "T" : "N")
                      + (transB ? "T" : "N")
                      + " m="
                      + m
                      + " n="
                      + n
                      + " k="
                      + k
                      + " beta="
                      + beta()
                      + ": C("
                      + i
                      + ", "
                      + j
                      + ") = "
                      + c[idx]
                      + ", expected "
                      + s
                      + " (error "
                      + err
                      + " > "
                      + relTol * abs
                      + ")");
            }
          });
    }

    private void forWindow(IJ body) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          body.at(i, j);
        }
      }
    }

    private static double[] widen(float[] f) {
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
  }

  @FunctionalInterface
  private interface IJ {
    void at(int i, int j);
  }
}
