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
    var missing =
        assertThrows(
            IllegalArgumentException.class, () -> NamesFile.words(dir.resolve("nope.txt"), 1));
    assertTrue(missing.getMessage().contains("nope.txt: no such file"), missing.getMessage());
    Path empty = Files.write(dir.resolve("empty.txt"), List.of("", " "));
    var none = assertThrows(IllegalArgumentException.class, () -> NamesFile.words(empty, 1));
    assertTrue(none.getMessage().contains("no words"), none.getMessage());
    Path few = Files.write(dir.resolve("few.txt"), List.of("a", "b"));
    var tooFew = assertThrows(IllegalArgumentException.class, () -> NamesFile.words(few, 10));
    assertTrue(tooFew.getMessage().contains("2 words, expected at least 10"), tooFew.getMessage());
  }

  /**
   * Whether names.txt resolves without a download: in ZTH_DATA_DIR (the build sets it) or the
   * cache.
   */
  private static boolean namesAtHand() {
    Datasets ds = Datasets.defaults();
    return ds.dataDir().map(d -> Files.isRegularFile(d.resolve("names.txt"))).orElse(false)
        || Files.isRegularFile(ds.dir().resolve("names.txt"));
  }

  @Test
  void aBareNameIsLookedUpInTheDataFolders() throws IOException {
    Assumptions.assumeTrue(namesAtHand(), "names.txt is in neither ZTH_DATA_DIR nor the cache");
    Assumptions.assumeFalse(
        Files.exists(Path.of("names.txt")), "a names.txt in the working folder would win");
    assertEquals(32033, NamesFile.words(Path.of("names.txt"), 10).size());
  }

  @Test
  void aMissingNameSaysWhereItLooked() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> NamesFile.words(Path.of("no-such-words.txt"), 1));
    assertTrue(
        e.getMessage().startsWith("--data no-such-words.txt: no such file; looked at "),
        e.getMessage());
    assertTrue(e.getMessage().contains("download cache"), e.getMessage());
  }

  @Test
  void withoutDataItReadsNamesTxtFromTheDataCache() throws IOException {
    // Runs only where names.txt is already at hand, so the test never downloads.
    Assumptions.assumeTrue(namesAtHand());
    List<String> words = NamesFile.words(null, 10);
    assertEquals(32033, words.size());
    assertEquals("emma", words.get(0));
  }

  @Test
  void aLectureCommandRunsWithoutData() throws IOException {
    // bigram names its input file in the heatmap title: the default must resolve to a real path.
    Assumptions.assumeTrue(namesAtHand());
    int code = ZthCli.run("bigram", "--steps", "1", "--samples", "1", "--out", dir.toString());
    assertEquals(0, code);
    assertTrue(Files.isRegularFile(dir.resolve("counts.png")));
  }
}
