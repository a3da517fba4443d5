import io.github.zth.autograd.random.Generator;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import io.github.zth.gpt.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times generation with and without the KV cache for crop strides 1 (nanoGPT's per-token crop) and
 * blockSize/2: 500 new tokens from a 1-token prompt, block 256, 4 layers, 4 heads, n_embd 128,
 * vocab 65 (seeded random weights; speed does not depend on them). One warm-up round, then rounds
 * interleaving the four variants; prints medians, the cache's speed-up and whether cached and
 * uncached tokens are identical. Also reports the main thread's CPU time, which on a shared, busy
 * machine is steadier than wall time; it counts all the work only with -Dzth.threads=1. Run with the
 * jar `bin/zth` builds:
 *   java --add-modules jdk.incubator.vector -Dzth.threads=1 -cp zth-examples/target/zth.jar tools/bench/SampleBench.java [rounds]
 */
public final class SampleBench {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int block = 256;
    int tokens = 500;
    GPT model = new GPT(new GPTConfig(block, 65, 4, 4, 128, 0.0, false), new Generator(1337));
    int[] strides = {1, block / 2};
    double[][][] times = new double[strides.length][2][rounds];
    double[][][] cpu = new double[strides.length][2][rounds];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int[][][] out = new int[strides.length][2][];
    for (int r = -1; r < rounds; r++) {
      for (int si = 0; si < strides.length; si++) {
        for (int c = 0; c < 2; c++) {
          Sampler s = new Sampler(model).withTemperature(0.8).withTopK(200).withCropStride(strides[si]).withCache(c == 0);
          long c0 = mx.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          out[si][c] = s.generate(new int[] {0}, tokens, new Generator(42));
          double secs = (System.nanoTime() - t0) / 1e9;
          if (r >= 0) {
            times[si][c][r] = secs;
            cpu[si][c][r] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%-12s %-7s %-10s %-11s %-8s %-10s %-11s %-8s %s%n", "crop_stride", "rounds", "cached_s",
        "uncached_s", "speedup", "cached_cpu", "uncached_cpu", "cpu_speedup", "same_tokens");
    for (int si = 0; si < strides.length; si++) {
      double cached = median(times[si][0]);
      double plain = median(times[si][1]);
      double cachedCpu = median(cpu[si][0]);
      double plainCpu = median(cpu[si][1]);
      System.out.printf(Locale.ROOT, "%-12d %-7d %-10.3f %-11.3f %-8.2f %-10.3f %-11.3f %-8.2f %s%n", strides[si], rounds,
          cached, plain, plain / cached, cachedCpu, plainCpu, plainCpu / cachedCpu, Arrays.equals(out[si][0], out[si][1]));
    }
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
