package io.github.zth.autograd.internal.simd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;

/**
 * The single decision point between the Vector API kernels and the scalar ones, taken once per JVM on
 * first use, the way Lucene's {@code VectorizationProvider} does it. The Vector API class is loaded by
 * name only here, and only when {@code jdk.incubator.vector} is in the boot layer (the JVM was started
 * with {@code --add-modules jdk.incubator.vector}); otherwise it is never loaded at all.
 * {@code -Dzth.simd=false} forces the scalar kernels. One line on stderr says which path is on.
 *
 * <p>On JDK 17 a Vector API kernel that was never compiled by C2 runs boxed and 10-100× slower than
 * scalar code, so the vector path must prove itself: every kernel form is warmed once, then a tiny
 * GEMM that includes a ragged edge is timed, and the provider falls back to scalar (saying why) if it stays below
 * {@value #MIN_GFLOPS} GFLOP/s within a bounded warm-up budget.
 */
public final class VectorizationProvider {
  /** Lowest single-thread speed of the tiny self-check GEMM that keeps the vector path on. */
  static final double MIN_GFLOPS = 10;
  private static final String VECTOR_CLASS = "io.github.zth.autograd.internal.simd.VectorGemm";
  private static final String VECTOR_FUSED_CLASS = "io.github.zth.autograd.internal.simd.VectorFused";
  private static final long SELF_CHECK_BUDGET_NANOS = 10_000_000_000L;

  private VectorizationProvider() {}

  /** Initialised on first use: the choice, made and logged exactly once. */
  private static final class Holder {
    static final GemmKernels KERNELS = choose();
  }

  /** The fused-op kernels: the Vector API ones exactly when GEMM took the vector path. */
  private static final class FusedHolder {
    static final FusedKernels FUSED =
        "vector".equals(Holder.KERNELS.name()) ? vectorFused().orElseThrow() : ScalarFused.INSTANCE;
  }

  /** The kernels every fused op (GELU, softmax, layer norm, attention) in this JVM uses. */
  public static FusedKernels fused() {
    return FusedHolder.FUSED;
  }

  /** The scalar fused kernels, always available (tests compare the two paths). */
  public static FusedKernels scalarFused() {
    return ScalarFused.INSTANCE;
  }

  /** The Vector API fused kernels, or empty when {@code jdk.incubator.vector} is not readable. */
  public static Optional<FusedKernels> vectorFused() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return Optional.empty();
    }
    try {
      Class<? extends FusedKernels> cls = Class.forName(VECTOR_FUSED_CLASS).asSubclass(FusedKernels.class);
      return Optional.of(cls.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "simd: jdk.incubator.vector is present but " + VECTOR_FUSED_CLASS + " could not be loaded", e);
    }
  }

  /** The kernels every GEMM in this JVM uses. */
  public static GemmKernels kernels() {
    return Holder.KERNELS;
  }

  /** {@code vector} or {@code scalar}: which kernels are on, for the bench command and logs. */
  public static String simd() {
    return kernels().name();
  }

  /** The scalar kernels, always available (tests compare the two paths). */
  public static GemmKernels scalar() {
    return ScalarGemm.INSTANCE;
  }

  /**
   * The Vector API kernels without the speed check, or empty when {@code jdk.incubator.vector} is not
   * readable. For tests and benchmarks that must exercise both paths in one JVM.
   */
  public static Optional<GemmKernels> vector() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return Optional.empty();
    }
    try {
      Class<? extends GemmKernels> cls = Class.forName(VECTOR_CLASS).asSubclass(GemmKernels.class);
      return Optional.of(cls.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "simd: jdk.incubator.vector is present but " + VECTOR_CLASS + " could not be loaded", e);
    }
  }

  private static GemmKernels choose() {
    if ("false".equalsIgnoreCase(System.getProperty("zth.simd", "true").trim())) {
      log("zth: simd: scalar kernels (-Dzth.simd=false)");
      return ScalarGemm.INSTANCE;
    }
    Optional<GemmKernels> vector = vector();
    if (vector.isEmpty()) {
      log("zth: simd: scalar kernels; pass --add-modules jdk.incubator.vector for faster kernels");
      return ScalarGemm.INSTANCE;
    }
    GemmKernels v = vector.get();
    double gflops = selfCheck(v);
    if (gflops < MIN_GFLOPS) {
      log(String.format(
          "zth: simd: scalar kernels; the Vector API kernel (%s) ran at %.1f GFLOP/s in the start-up"
              + " check, below %.0f", v, gflops, MIN_GFLOPS));
      return ScalarGemm.INSTANCE;
    }
    log(String.format("zth: simd: vector kernels (%s; start-up check %.0f GFLOP/s)", v, gflops));
    return v;
  }

  /**
   * Warms every form of the kernel once (all transposes, ragged edges, beta 0 and 1), then times a
   * tiny single-threaded GEMM until it is fast or the budget is spent; returns the best GFLOP/s.
   */
  static double selfCheck(GemmKernels v) {
    float[] a = new float[96 * 97];
    float[] b = new float[96 * 97];
    float[] c = new float[96 * 97];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) * 0.25f - 0.5f;
      b[i] = (i % 5) * 0.5f - 1f;
    }
    for (int form = 0; form < 8; form++) {
      boolean ta = (form & 1) != 0;
      boolean tb = (form & 2) != 0;
      float beta = (form & 4) != 0 ? 1f : 0f;
      // Ragged sizes reach the edge paths as well as the full tile: n = 17, 25, 33, 49 give a
      // narrow and a wide last column panel for 8- and 16-lane species.
      for (int n : new int[] {17, 25, 33, 49}) {
        v.sgemm(ta, tb, 13, n, 19, a, 1, 51, b, 2, 53, beta, c, 3, 55);
      }
    }
    // The timed GEMM has one extra column, so the edge path is part of what must be fast.
    int size = 96;
    double flops = 2.0 * size * (size + 1) * size;
    double best = 0;
    // Thread CPU time, not wall time: on a busy machine the check must measure the kernel, not the
    // share of a core the scheduler happened to give it.
    ThreadMXBean clock = ManagementFactory.getThreadMXBean();
    boolean cpuClock = clock.isCurrentThreadCpuTimeSupported();
    long start = System.nanoTime();
    while (best < MIN_GFLOPS && System.nanoTime() - start < SELF_CHECK_BUDGET_NANOS) {
      long t0 = cpuClock ? clock.getCurrentThreadCpuTime() : System.nanoTime();
      v.sgemm(false, false, size, size + 1, size, a, 0, size, b, 0, size + 1, 0f, c, 0, size + 1);
      long t1 = cpuClock ? clock.getCurrentThreadCpuTime() : System.nanoTime();
      best = Math.max(best, flops / Math.max(1, t1 - t0));
    }
    return best;
  }

  private static void log(String line) {
    System.err.println(line);
  }
}
