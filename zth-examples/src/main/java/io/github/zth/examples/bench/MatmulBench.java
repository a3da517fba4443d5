package io.github.zth.examples.bench;

import io.github.zth.autograd.KernelSettings;
import io.github.zth.autograd.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zth bench matmul}: float32 GEMM speed, the median of several timed samples after a
 * warm-up, on square 256/512/1024 matrices and on the forward and both backward GEMMs of a small
 * GPT step (B·T = 768 rows, n_embd 128) and of lecture 2's bigram net. {@code
 * tools/bench/numpy_matmul.py} prints the same keys for numpy/OpenBLAS, so the two can be run side
 * by side.
 */
@Command(
    name = "matmul",
    mixinStandardHelpOptions = true,
    description = "Time sgemm: square sizes and GPT-step shapes; prints gflops_* lines.")
public final class MatmulBench implements Runnable {

  /** One GEMM shape: C (m×n) = op(A) (m×k) · op(B) (k×n). */
  record Shape(String key, boolean transA, boolean transB, int m, int n, int k) {
    double flops() {
      return 2.0 * m * n * k;
    }
  }

  @Spec CommandSpec spec;

  /** The thread CPU clock when {@code --clock cpu}, else null (wall time). */
  private ThreadMXBean cpuClock;

  @Option(
      names = "--samples",
      defaultValue = "7",
      description = "Timed samples per shape (median reported).")
  int samples;

  @Option(
      names = "--sample-ms",
      defaultValue = "200",
      description = "Minimum length of one sample in ms.")
  int sampleMs;

  @Option(
      names = "--clock",
      defaultValue = "wall",
      description =
          "wall (elapsed time) or cpu (this thread's CPU time; needs -Dzth.threads=1). On a"
              + " machine busier than its cores, cpu time measures the kernel rather than the scheduler.")
  String clock;

  @Option(names = "--shapes", defaultValue = "all", description = "square, gpt or all.")
  String shapes;

  @Option(
      names = "--serve",
      description =
          "After the warm-up print 'ready: 1', then read shape keys from stdin, one a line, and"
              + " answer each with one timed sample ('key: gflops') until end of input: for"
              + " tools/bench/paired.py, which alternates samples with numpy's so both see the same load.")
  boolean serve;

  /** The shapes, in print order; keys match tools/bench/numpy_matmul.py. */
  static List<Shape> shapes(String which) {
    List<Shape> out = new ArrayList<>();
    if (which.equals("square") || which.equals("all")) {
      for (int s : new int[] {256, 512, 1024}) {
        out.add(new Shape("gflops_" + s, false, false, s, s, s));
      }
    }
    if (which.equals("gpt") || which.equals("all")) {
      int rows = 768;
      // name, in features, out features: x (rows×in) @ W (in×out)
      Object[][] layers = {
        {"qkv", 128, 384},
        {"attn_proj", 128, 128},
        {"fc", 128, 512},
        {"mlp_proj", 512, 128},
        {"head", 128, 65}
      };
      for (Object[] l : layers) {
        String name = (String) l[0];
        int in = (Integer) l[1];
        int outF = (Integer) l[2];
        out.add(new Shape("gflops_gpt_" + name + "_fwd", false, false, rows, outF, in));
        out.add(new Shape("gflops_gpt_" + name + "_dx", false, true, rows, in, outF));
        out.add(new Shape("gflops_gpt_" + name + "_dw", true, false, in, outF, rows));
      }
      // Lecture 2's bigram net: one-hot rows (228146 bigrams of names.txt × 27) @ W (27×27), and
      // the weight gradient xencᵀ · dlogits.
      out.add(new Shape("gflops_bigram_fwd", false, false, 228146, 27, 27));
      out.add(new Shape("gflops_bigram_dw", true, false, 27, 27, 228146));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "bench matmul: --shapes " + which + ", expected square, gpt or all");
    }
    return out;
  }

  @Override
  public void run() {
    if (samples < 1 || sampleMs < 1) {
      throw new IllegalArgumentException(
          "bench matmul: --samples "
              + samples
              + " --sample-ms "
              + sampleMs
              + ", expected both >= 1");
    }
    if (!clock.equals("wall") && !clock.equals("cpu")) {
      throw new IllegalArgumentException(
          "bench matmul: --clock " + clock + ", expected wall or cpu");
    }
    if (clock.equals("cpu") && KernelSettings.threads() != 1) {
      throw new IllegalArgumentException(
          "bench matmul: --clock cpu times the calling thread only, so it"
              + " needs -Dzth.threads=1 (got "
              + KernelSettings.threads()
              + " threads)");
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    cpuClock = clock.equals("cpu") ? mx : null;
    List<Shape> list = shapes(shapes);
    PrintWriter out = spec.commandLine().getOut();
    List<float[][]> data = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(1);
    for (Shape s : list) {
      data.add(new float[][] {random(rnd, s.m() * s.k()), random(rnd, s.k() * s.n())});
    }
    // Every shape once before any is timed, for a second each: C2 compiles the kernels and the
    // packing loops in the background, and on a busy machine that takes seconds; a JIT warm-up that
    // spilled into the first shape's samples would time the compiler, not the GEMM.
    for (int i = 0; i < list.size(); i++) {
      float[][] d = data.get(i);
      runFor(list.get(i), d[0], d[1], 1_000_000_000L);
    }
    if (serve) {
      serve(list, data, out);
    } else {
      for (int i = 0; i < list.size(); i++) {
        float[][] d = data.get(i);
        out.printf("%s: %.1f%n", list.get(i).key(), median(list.get(i), d[0], d[1]));
        out.flush();
      }
    }
    out.println("simd: " + KernelSettings.simd());
    out.println("threads: " + KernelSettings.threads());
    out.println("clock: " + clock);
    out.println("java: " + Runtime.version());
    out.flush();
  }

  /** The --serve loop: one timed sample per key read from stdin. */
  private void serve(List<Shape> list, List<float[][]> data, PrintWriter out) {
    out.println("ready: 1");
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      for (String key = in.readLine(); key != null; key = in.readLine()) {
        int i = indexOf(list, key.trim());
        float[][] d = data.get(i);
        out.printf(
            "%s: %.1f%n",
            list.get(i).key(), runFor(list.get(i), d[0], d[1], sampleMs * 1_000_000L));
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bench matmul: reading shape keys from stdin", e);
    }
  }

  private static int indexOf(List<Shape> list, String key) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).key().equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "bench matmul --serve: unknown shape key '"
            + key
            + "', expected one of "
            + list.stream().map(Shape::key).toList());
  }

  private double median(Shape s, float[] a, float[] b) {
    long sampleNanos = sampleMs * 1_000_000L;
    // Then each shape's own warm-up (five samples), so its caches and branch history are settled.
    runFor(s, a, b, 5 * sampleNanos);
    double[] gflops = new double[samples];
    for (int i = 0; i < samples; i++) {
      gflops[i] = runFor(s, a, b, sampleNanos);
    }
    return Medians.of(gflops);
  }

  /**
   * Repeats the product for at least the given wall time; returns GFLOP/s by the chosen clock. It
   * goes through {@link Tensor#matmul} with transposed views for the backward forms, as every op
   * does, so it times what a model gets (the GEMM plus the output allocation), through the public
   * API.
   */
  private double runFor(Shape s, float[] a, float[] b, long nanos) {
    Tensor ta =
        s.transA() ? Tensor.fromArray(a, s.k(), s.m()).T() : Tensor.fromArray(a, s.m(), s.k());
    Tensor tb =
        s.transB() ? Tensor.fromArray(b, s.n(), s.k()).T() : Tensor.fromArray(b, s.k(), s.n());
    long cpuStart = cpuClock == null ? 0 : cpuClock.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long reps = 0;
    long now;
    do {
      ta.matmul(tb);
      reps++;
      now = System.nanoTime();
    } while (now - start < nanos);
    long elapsed = cpuClock == null ? now - start : cpuClock.getCurrentThreadCpuTime() - cpuStart;
    return s.flops() * reps / Math.max(1, elapsed);
  }

  private static float[] random(SplittableRandom rnd, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }
}
