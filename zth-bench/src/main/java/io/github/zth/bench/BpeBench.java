package io.github.zth.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.zth.data.tokenizer.BasicTokenizer;
import io.github.zth.data.tokenizer.RegexTokenizer;
import io.github.zth.data.tokenizer.SplitPattern;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BPE training and encoding. Training: Basic and Regex (GPT-4 pattern) to vocab 512 on
 * taylorswift.txt (minbpe's own test; minbpe needs seconds) and Regex to 4096 on Tiny Shakespeare.
 * Encoding: cl100k_base over all of Tiny Shakespeare with zth's {@link TiktokenEncoding} and
 * jtokkit side by side.
 *
 * <p>Reads the corpora from {@code -Dzth.shared.data} (default {@code ../shared/data}): {@code java
 * -Dzth.shared.data=/path -jar zth-bench/target/benchmarks.jar BpeBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class BpeBench {
  private String taylor;
  private String shakespeare;
  private TiktokenEncoding zthCl100k;
  private Encoding jtokkitCl100k;

  /** Loads the corpora and both cl100k encoders. */
  @Setup
  public void setup() throws IOException {
    Path dir = Path.of(System.getProperty("zth.shared.data", "../shared/data"));
    taylor = Files.readString(dir.resolve("taylorswift.txt"), StandardCharsets.UTF_8);
    shakespeare = Files.readString(dir.resolve("tinyshakespeare.txt"), StandardCharsets.UTF_8);
    zthCl100k = TiktokenEncoding.cl100k(dir.resolve("cl100k_base.tiktoken"));
    jtokkitCl100k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }

  /** Basic then Regex (GPT-4), both to vocab 512 on taylorswift.txt: minbpe's test run. */
  @Benchmark
  public Object trainBasicAndRegex512Taylor() {
    return new Object[] {
      BasicTokenizer.train(taylor, 512), RegexTokenizer.train(taylor, 512, SplitPattern.GPT4)
    };
  }

  /** Basic to vocab 512 on taylorswift.txt. */
  @Benchmark
  public BasicTokenizer trainBasic512Taylor() {
    return BasicTokenizer.train(taylor, 512);
  }

  /** Regex (GPT-4) to vocab 512 on taylorswift.txt. */
  @Benchmark
  public RegexTokenizer trainRegex512Taylor() {
    return RegexTokenizer.train(taylor, 512, SplitPattern.GPT4);
  }

  /** Regex (GPT-4) to vocab 4096 on Tiny Shakespeare. */
  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 5, time = 1)
  public RegexTokenizer trainRegex4096Shakespeare() {
    return RegexTokenizer.train(shakespeare, 4096, SplitPattern.GPT4);
  }

  /** zth: cl100k over all of Tiny Shakespeare. */
  @Benchmark
  public int[] encodeCl100kShakespeareZth() {
    return zthCl100k.encodeOrdinary(shakespeare);
  }

  /** jtokkit: cl100k over all of Tiny Shakespeare. */
  @Benchmark
  public Object encodeCl100kShakespeareJtokkit() {
    return jtokkitCl100k.encodeOrdinary(shakespeare);
  }

  /** zth: cl100k over taylorswift.txt (more varied text: numbers, names, punctuation). */
  @Benchmark
  public int[] encodeCl100kTaylorZth() {
    return zthCl100k.encodeOrdinary(taylor);
  }

  /** jtokkit: cl100k over taylorswift.txt. */
  @Benchmark
  public Object encodeCl100kTaylorJtokkit() {
    return jtokkitCl100k.encodeOrdinary(taylor);
  }
}
