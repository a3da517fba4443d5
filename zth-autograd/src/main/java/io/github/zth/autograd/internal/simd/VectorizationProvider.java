package io.github.zth.autograd.internal.simd;

import io.github.zth.autograd.KernelSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Optional;

/**
 * The single decision point between the Vector API kernels and the scalar ones, taken once per JVM
 * on first use, the way Lucene's {@code VectorizationProvider} does it. The Vector API class is
 * loaded by name only here, and only when {@code jdk.incubator.vector} is in the boot layer (the
 * JVM was started with {@code --add-modules jdk.incubator.vector}); otherwise it is never loaded at
 * all. The properties ({@code zth.simd}, {@code zth.vectorBits}) are read and checked by {@link
 * KernelSettings}. One line, logged through {@link System.Logger} (logger {@value #LOGGER}) at
 * INFO, names the JDK and the path, or why the vector path is off.
 *
 * <p>By default ({@code -Dzth.simd=auto}) the vector path is on only from JDK {@value
 * #VALIDATED_FROM}: on JDK 17, C2 leaves parts of the Vector API kernels in their boxed Java
 * fallback in some JVMs and not in others (JFR shows {@code FloatVector.tOpTemplate}, {@code rvOp},
 * {@code bOpTemplate}, {@code ldOp} frames), so a run's speed depended on the JIT's luck. A JFR
 * check of {@code bench gpt-step} (tools/bench/jfr_fallbacks.py) found fallbacks on both JDKs
 * during warm-up, while C1 code runs the kernels, but on JDK 17 also after it: GELU's store ({@code
 * stOp}) in C2 code, next to {@code reinterpretAsInts} compiled as its ByteBuffer fallback; JDK 25
 * had none after warm-up. {@code -Dzth.simd=vector} still forces the path on any JDK that has the
 * module. Results are the same on every path and width.
 *
 * <p>On any JDK a Vector API kernel that was never compiled by C2 runs boxed and 10-100× slower
 * than scalar code, so in auto mode the vector path must also prove itself: every kernel form is
 * warmed once, then a tiny GEMM that includes a ragged edge is timed, and the provider falls back
 * to scalar (saying why) if it stays below {@value #MIN_GFLOPS} GFLOP/s within a bounded warm-up
 * budget.
 */
public final class VectorizationProvider {
  /** Lowest single-thread speed of the tiny self-check GEMM that keeps the vector path on. */
  static final double MIN_GFLOPS = 10;

  /**
   * First JDK feature release on which the vector path is on by default: the one it was validated
   * on (issue 18: stable step times over fresh JVMs, and a JFR check). Lower it once a JDK between
   * 17 and this one has passed the same check.
   */
  static final int VALIDATED_FROM = 25;

  /** The System.Logger name of the start-up line. */
  static final String LOGGER = "io.github.zth.kernels";

  private static final String VECTOR_CLASS = "io.github.zth.autograd.internal.simd.VectorGemm";
  private static final String VECTOR_FUSED_CLASS =
      "io.github.zth.autograd.internal.simd.VectorFused";
  private static final long SELF_CHECK_BUDGET_NANOS = 10_000_000_000L;

  private VectorizationProvider() {}

  /** The choice and its start-up line. */
  record Choice(GemmKernels kernels, String line) {}

  /**
   * Initialised on first use: the choice, made and logged exactly once. A bad property is kept as a
   * message (see {@link #kernels()}), never thrown from this initialiser.
   */
  private static final class Holder {
    static final String ERROR = settingsError();
    static final Choice CHOICE =
        ERROR == null ? choose(Runtime.version().feature(), KernelSettings.simdProperty()) : null;

    static {
      if (CHOICE != null) {
        System.getLogger(LOGGER).log(System.Logger.Level.INFO, CHOICE.line());
      }
    }

    private static String settingsError() {
      try {
        KernelSettings.check();
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
  }

  private static Choice choice() {
    Choice c = Holder.CHOICE;
    if (c == null) {
      throw new IllegalArgumentException(Holder.ERROR);
    }
    return c;
  }

  /** The fused-op kernels: the Vector API ones exactly when GEMM took the vector path. */
  private static final class FusedHolder {
    static final FusedKernels FUSED =
        "vector".equals(choice().kernels().name())
            ? vectorFused().orElseThrow()
            : ScalarFused.INSTANCE;
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
      Class<? extends FusedKernels> cls =
          Class.forName(VECTOR_FUSED_CLASS).asSubclass(FusedKernels.class);
      return Optional.of(cls.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "simd: jdk.incubator.vector is present but "
              + VECTOR_FUSED_CLASS
              + " could not be loaded",
          e);
    }
  }

  /** The kernels every GEMM in this JVM uses. */
  public static GemmKernels kernels() {
    return choice().kernels();
  }

  /**
   * The start-up line: the JDK, then the kernel path and width, or the reason the vector path is
   * off.
   */
  public static String describe() {
    return choice().line();
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
   * The Vector API kernels without the speed check, or empty when {@code jdk.incubator.vector} is
   * not readable. For tests and benchmarks that must exercise both paths in one JVM.
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

  /**
   * The decision for a JDK feature release and a {@code zth.simd} mode, with its start-up line.
   * Package-private so tests can check every branch on one JDK.
   */
  static Choice choose(int jdk, String mode) {
    String head =
        "zth: JDK "
            + Runtime.version()
            + " ("
            + System.getProperty("java.vendor", "?")
            + ", "
            + System.getProperty("java.home", "?")
            + "); kernels: ";
    if (mode.equals("scalar")) {
      return new Choice(ScalarGemm.INSTANCE, head + "scalar (-Dzth.simd=scalar)");
    }
    if (mode.equals("auto") && jdk < VALIDATED_FROM) {
      return new Choice(
          ScalarGemm.INSTANCE,
          head
              + "scalar (the Vector API kernels are on by default from JDK "
              + VALIDATED_FROM
              + ", where they were validated; JDK 17's C2 leaves them in slow fallbacks in some runs."
              + " Use JDK "
              + VALIDATED_FROM
              + "+, or -Dzth.simd=vector to force them)");
    }
    Optional<GemmKernels> vector = vector();
    if (vector.isEmpty()) {
      return new Choice(
          ScalarGemm.INSTANCE,
          head
              + "scalar (jdk.incubator.vector is not loaded; start java with --add-modules jdk.incubator.vector)");
    }
    GemmKernels v = vector.get();
    if (v.vectorBits() < 128) {
      return new Choice(
          ScalarGemm.INSTANCE,
          head
              + "scalar (the CPU's vectors are "
              + v.vectorBits()
              + "-bit; the Vector API kernels need 128 or more)");
    }
    if (mode.equals("vector")) {
      return new Choice(v, head + "vector, " + v.vectorBits() + "-bit (-Dzth.simd=vector)");
    }
    double gflops = selfCheck(v);
    if (gflops < MIN_GFLOPS) {
      return new Choice(
          ScalarGemm.INSTANCE,
          String.format(
              Locale.ROOT,
              "%sscalar (the Vector API kernel, %s, ran at %.1f GFLOP/s in the start-up check, below %.0f)",
              head,
              v,
              gflops,
              MIN_GFLOPS));
    }
    return new Choice(
        v,
        String.format(
            Locale.ROOT,
            "%svector, %d-bit (start-up check %.0f GFLOP/s)",
            head,
            v.vectorBits(),
            gflops));
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
}
