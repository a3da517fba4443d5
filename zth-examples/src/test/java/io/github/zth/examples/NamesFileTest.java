package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesFileTest {
  @TempDir Path dir;

  @Test
  void readsOneWordPerLineSkippingBlankLines() throws IOException {
    Path f = Files.write(dir.resolve("w.txt"), List.of("emma", "", "  olivia ", " ", "ava"));
    assertEquals(List.of("emma", "olivia", "ava"), NamesFile.words(f, 1));
  }

  @Test
  void refusesMissingEmptyAndTooShortFiles() throws IOException {
    var missing = assertThrows(IllegalArgumentException.class, () -> NamesFile.words(dir.resolve("nope.txt"), 1));
    assertTrue(missing.getMessage().contains("nope.txt: no such file"), missing.getMessage());
    Path empty = Files.write(dir.resolve("empty.txt"), List.of("", " "));
    var none = assertThrows(IllegalArgumentException.class, () -> NamesFile.words(empty, 1));
    assertTrue(none.getMessage().contains("no words"), none.getMessage());
    Path few = Files.write(dir.resolve("few.txt"), List.of("a", "b"));
    var tooFew = assertThrows(IllegalArgumentException.class, () -> NamesFile.words(few, 10));
    assertTrue(tooFew.getMessage().contains("2 words, expected at least 10"), tooFew.getMessage());
  }

  @Test
  void withoutDataItReadsNamesTxtFromTheDataCache() throws IOException {
    // Runs only where names.txt is already cached, so the test never downloads.
    Assumptions.assumeTrue(Files.isRegularFile(Datasets.defaultDir().resolve(Datasets.NAMES.fileName())));
    List<String> words = NamesFile.words(null, 10);
    assertEquals(32033, words.size());
    assertEquals("emma", words.get(0));
  }

  @Test
  void aLectureCommandRunsWithoutData() throws IOException {
    // bigram names its input file in the heatmap title: the default must resolve to a real path.
    Assumptions.assumeTrue(Files.isRegularFile(Datasets.defaultDir().resolve(Datasets.NAMES.fileName())));
    int code = ZthCli.run("bigram", "--steps", "1", "--samples", "1", "--out", dir.toString());
    assertEquals(0, code);
    assertTrue(Files.isRegularFile(dir.resolve("counts.png")));
  }
}
