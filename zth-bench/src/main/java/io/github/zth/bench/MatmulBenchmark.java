package io.github.zth.bench;

import io.github.zth.autograd.internal.Gemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sgemm through {@link Gemm} (whichever kernels the provider picks): square sizes and the GEMMs of
 * a small GPT step (B·T = 768 rows, n_embd 128), each as forward (NN), input gradient (NT, A·Bᵀ)
 * and weight gradient (TN, Aᵀ·B), and the lecture-2 bigram (one-hot rows of 27 @ W 27×27 over the
 * 228146 training bigrams, forward and weight gradient). The score is the time of one GEMM; GFLOP/s
 * = 2·m·n·k / time.
 *
 * <pre>
 * java -jar zth-bench/target/benchmarks.jar MatmulBenchmark                       # vector kernels
 * java -jar zth-bench/target/benchmarks.jar MatmulBenchmark -jvmArgsAppend -Dzth.simd=false
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {

  /** {@code m x n x k : form}, form NN (forward), NT (A·Bᵀ) or TN (Aᵀ·B). */
  @Param({
    "256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN",
    "768x384x128:NN", "768x128x384:NT", "128x384x768:TN",
    "768x128x128:NN", "768x128x128:NT", "128x128x768:TN",
    "768x512x128:NN", "768x128x512:NT", "128x512x768:TN",
    "768x128x512:NN", "768x512x128:NT", "512x128x768:TN",
    "768x65x128:NN", "768x128x65:NT", "128x65x768:TN",
    "228146x27x27:NN", "27x27x228146:TN"
  })
  public String shape;

  private boolean transA;
  private boolean transB;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    String[] dimsForm = shape.split(":");
    String[] dims = dimsForm[0].split("x");
    m = Integer.parseInt(dims[0]);
    n = Integer.parseInt(dims[1]);
    k = Integer.parseInt(dims[2]);
    transA = dimsForm[1].charAt(0) == 'T';
    transB = dimsForm[1].charAt(1) == 'T';
    SplittableRandom rnd = new SplittableRandom(1);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextDouble();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rnd.nextDouble();
    }
  }

  @Benchmark
  public float[] sgemm() {
    Gemm.sgemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
    return c;
  }
}
