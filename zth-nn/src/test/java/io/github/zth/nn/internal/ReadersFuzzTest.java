package io.github.zth.nn.internal;

import io.github.zth.autograd.io.Json;
import io.github.zth.nn.TensorFiles;
import io.github.zth.testing.FileFuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes zth-nn's readers of outside bytes (safetensors files, JSON headers) with mutations of
 * valid files, and replays the committed regression corpus. {@code -Pfuzz} raises the tries.
 */
class ReadersFuzzTest {
  private static Path dir;

  @BeforeContainer
  static void makeDir() throws Exception {
    dir = Files.createTempDirectory("zth-fuzz-nn");
  }

  @AfterContainer
  static void removeDir() throws Exception {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static final List<byte[]> SAFETENSORS =
      List.of(
          SafeTensors.encode(
              List.of(
                  new SafeTensorsEntry("w", SafeTensorsDType.F32, new long[] {2, 3}, new byte[24]),
                  new SafeTensorsEntry("b", SafeTensorsDType.I64, new long[] {2}, new byte[16]),
                  new SafeTensorsEntry("h", SafeTensorsDType.F16, new long[] {3}, new byte[6]),
                  new SafeTensorsEntry("s", SafeTensorsDType.F64, new long[0], new byte[8]),
                  new SafeTensorsEntry("e", SafeTensorsDType.BF16, new long[] {0, 4}, new byte[0])),
              Map.of("format", "pt", "step", "12")),
          SafeTensors.encode(
              List.of(new SafeTensorsEntry("x", SafeTensorsDType.F32, new long[] {1}, new byte[4])),
              Map.of()));

  private static final byte[] JSON =
      ("{\"block_size\": 8, \"vocab_size\": 65, \"n_layer\": [1, 2.5e3, -0],"
              + " \"s\": \"a\\u00e9\\\"\", \"t\": true, \"n\": null, \"o\": {\"k\": {}}}")
          .getBytes(StandardCharsets.UTF_8);

  @Provide
  Arbitrary<byte[]> safetensors() {
    return Arbitraries.of(SAFETENSORS)
        .flatMap(seed -> FileFuzz.mutations().map(m -> FileFuzz.apply(seed, m)));
  }

  @Provide
  Arbitrary<byte[]> json() {
    return FileFuzz.mutations().map(m -> FileFuzz.apply(JSON, m));
  }

  private static void readSafetensors(Path f) throws Exception {
    SafeTensors.read(f);
    TensorFiles.load(f);
  }

  // Json.parse takes text, not a file: its callers add the file name, so the message must name the
  // offset.
  private static void readJson(Path f) throws Exception {
    String text = io.github.zth.autograd.io.TextFiles.readUtf8(f);
    try {
      Json.parse(text);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().startsWith("JSON at offset ")) {
        throw e;
      }
      throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
    }
  }

  @Property
  void safetensorsReaderKeepsItsContract(@ForAll("safetensors") byte[] input) throws Exception {
    FileFuzz.check(
        "safetensors",
        dir.resolve("fuzzed.safetensors"),
        input,
        ReadersFuzzTest::readSafetensors,
        1 << 20);
  }

  @Property
  void jsonParserKeepsItsContract(@ForAll("json") byte[] input) throws Exception {
    FileFuzz.check("json", dir.resolve("fuzzed.json"), input, ReadersFuzzTest::readJson, 1 << 20);
  }

  @Example
  void corpusReplays() throws Exception {
    for (Path p : FileFuzz.corpus("safetensors")) {
      FileFuzz.check(
          "safetensors",
          dir.resolve("corpus.safetensors"),
          Files.readAllBytes(p),
          ReadersFuzzTest::readSafetensors,
          1 << 20);
    }
    for (Path p : FileFuzz.corpus("json")) {
      FileFuzz.check(
          "json",
          dir.resolve("corpus.json"),
          Files.readAllBytes(p),
          ReadersFuzzTest::readJson,
          1 << 20);
    }
  }
}
