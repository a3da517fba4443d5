package io.github.zth.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader, served from local files: no test touches the network. */
class DatasetsTest {
  @TempDir Path tmp;

  private final AtomicInteger opens = new AtomicInteger();

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private Datasets.Opener counting() {
    return url -> {
      opens.incrementAndGet();
      return url.toURL().openStream();
    };
  }

  private Datasets.Source served(String content, String sha) throws IOException {
    Path origin = tmp.resolve("origin.txt");
    Files.writeString(origin, content);
    return new Datasets.Source("data.txt", origin.toUri(), sha);
  }

  private List<String> leftovers(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
    }
  }

  @Test
  void downloadsOnceThenHitsTheCache() throws Exception {
    Datasets.Source src = served("emma\nolivia\n", sha("emma\nolivia\n".getBytes(StandardCharsets.UTF_8)));
    Datasets ds = new Datasets(tmp.resolve("cache"), counting());
    Path p = ds.fetch(src);
    assertEquals(tmp.resolve("cache/data.txt"), p);
    assertEquals("emma\nolivia\n", Files.readString(p));
    assertEquals(p, ds.fetch(src));
    assertEquals(1, opens.get(), "the second fetch must come from the cache");
    assertEquals(List.of(), leftovers(tmp.resolve("cache")));
  }

  @Test
  void refusesADownloadWithTheWrongSha() throws Exception {
    String expected = sha("something else".getBytes(StandardCharsets.UTF_8));
    Datasets.Source src = served("tampered", expected);
    Datasets ds = new Datasets(tmp.resolve("cache"), counting());
    IOException e = assertThrows(IOException.class, () -> ds.fetch(src));
    assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(sha("tampered".getBytes(StandardCharsets.UTF_8))),
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("cache/data.txt")), "a bad download must not be moved into place");
    assertEquals(List.of(), leftovers(tmp.resolve("cache")));
  }

  @Test
  void replacesADamagedCachedFile() throws Exception {
    Datasets.Source src = served("good", sha("good".getBytes(StandardCharsets.UTF_8)));
    Files.createDirectories(tmp.resolve("cache"));
    Files.writeString(tmp.resolve("cache/data.txt"), "truncat");
    Path p = new Datasets(tmp.resolve("cache"), counting()).fetch(src);
    assertEquals("good", Files.readString(p));
    assertEquals(1, opens.get());
  }

  @Test
  void offlineErrorSaysWhichFileGoesWhere() {
    Path cache = tmp.resolve("cache");
    Datasets ds = new Datasets(cache, url -> {
      throw new java.net.UnknownHostException("raw.githubusercontent.com");
    });
    IOException e = assertThrows(IOException.class, () -> ds.fetch(Datasets.NAMES));
    assertTrue(e.getMessage().contains("put it at " + cache.resolve("names.txt")), e.getMessage());
    assertTrue(e.getMessage().contains(Datasets.NAMES.url().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(Datasets.DATA_DIR_ENV), e.getMessage());
  }

  @Test
  void sharedCopiesMatchTheHardCodedShas() throws Exception {
    Path shared = Path.of(System.getProperty("zth.shared.data", "../../shared/data"));
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shared.resolve("names.txt")), "shared data absent");
    // Serving the shared copies as the "origin" checks the constants without the network.
    for (Datasets.Source s : List.of(Datasets.NAMES, Datasets.TINY_SHAKESPEARE, Datasets.TAYLOR_SWIFT)) {
      Datasets.Source local = new Datasets.Source(s.fileName(), shared.resolve(s.fileName()).toUri(), s.sha256());
      Path got = new Datasets(tmp.resolve("c"), counting()).fetch(local);
      assertEquals(-1L, Files.mismatch(got, shared.resolve(s.fileName())));
    }
  }

  @Test
  void cacheFolderComesFromTheEnvironment() {
    assertEquals(Path.of("/data/zth"), Datasets.dirFrom(Map.of("ZTH_DATA_DIR", "/data/zth"), "/home/u"));
    assertEquals(Path.of("/home/u", ".cache", "zth"), Datasets.dirFrom(Map.of(), "/home/u"));
    assertThrows(IllegalArgumentException.class, () -> new Datasets.Source("../x", URI.create("file:/x"), "0".repeat(64)));
  }
}
