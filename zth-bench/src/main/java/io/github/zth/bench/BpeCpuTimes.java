package io.github.zth.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.zth.data.tokenizer.BasicTokenizer;
import io.github.zth.data.tokenizer.RegexTokenizer;
import io.github.zth.data.tokenizer.SplitPattern;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BpeBench's workloads timed by thread CPU time, interleaved round-robin, with medians: on a
 * machine shared with other busy processes, wall-clock JMH scores mostly measure the neighbours,
 * while CPU time still compares the two encoders fairly. Run: {@code java -cp
 * zth-bench/target/benchmarks.jar io.github.zth.bench.BpeCpuTimes /path/to/shared/data 15}
 */
public final class BpeCpuTimes {
  private BpeCpuTimes() {}

  /**
   * Runs the comparison.
   *
   * @param args the shared data folder, then the number of rounds
   * @throws IOException when a corpus is missing
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    String taylor = Files.readString(dir.resolve("taylorswift.txt"), StandardCharsets.UTF_8);
    String shakespeare =
        Files.readString(dir.resolve("tinyshakespeare.txt"), StandardCharsets.UTF_8);
    TiktokenEncoding zth = TiktokenEncoding.cl100k(dir.resolve("cl100k_base.tiktoken"));
    Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    Map<String, Runnable> work = new LinkedHashMap<>();
    work.put("train_basic_512_taylor", () -> BasicTokenizer.train(taylor, 512));
    work.put("train_regex_512_taylor", () -> RegexTokenizer.train(taylor, 512, SplitPattern.GPT4));
    work.put("encode_cl100k_shakespeare_zth", () -> zth.encodeOrdinary(shakespeare));
    work.put("encode_cl100k_shakespeare_jtokkit", () -> jtokkit.encodeOrdinary(shakespeare));
    work.put("encode_cl100k_taylor_zth", () -> zth.encodeOrdinary(taylor));
    work.put("encode_cl100k_taylor_jtokkit", () -> jtokkit.encodeOrdinary(taylor));
    work.put(
        "train_regex_4096_shakespeare",
        () -> RegexTokenizer.train(shakespeare, 4096, SplitPattern.GPT4));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int warm = 0; warm < 3; warm++) {
      work.values().forEach(Runnable::run);
    }
    Map<String, long[]> cpu = new LinkedHashMap<>();
    Map<String, long[]> wall = new LinkedHashMap<>();
    work.keySet()
        .forEach(
            k -> {
              cpu.put(k, new long[rounds]);
              wall.put(k, new long[rounds]);
            });
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, Runnable> e : work.entrySet()) {
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        e.getValue().run();
        wall.get(e.getKey())[r] = System.nanoTime() - w0;
        cpu.get(e.getKey())[r] = mx.getCurrentThreadCpuTime() - c0;
      }
    }
    for (String k : work.keySet()) {
      System.out.printf(Locale.ROOT, "%s_cpu_median_ms: %.1f%n", k, median(cpu.get(k)) / 1e6);
      System.out.printf(Locale.ROOT, "%s_wall_median_ms: %.1f%n", k, median(wall.get(k)) / 1e6);
    }
    System.out.printf(
        Locale.ROOT,
        "train_basic_plus_regex_512_cpu_median_ms: %.1f%n",
        (median(cpu.get("train_basic_512_taylor")) + median(cpu.get("train_regex_512_taylor")))
            / 1e6);
    for (String corpus : new String[] {"shakespeare", "taylor"}) {
      double z = median(cpu.get("encode_cl100k_" + corpus + "_zth"));
      double j = median(cpu.get("encode_cl100k_" + corpus + "_jtokkit"));
      System.out.printf(
          Locale.ROOT, "encode_cl100k_%s_speedup_vs_jtokkit_cpu: %.2f%n", corpus, j / z);
    }
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
