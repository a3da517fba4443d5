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
    Datasets.Source src =
        served("emma\nolivia\n", sha("emma\nolivia\n".getBytes(StandardCharsets.UTF_8)));
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
    assertTrue(
        e.getMessage().contains(expected)
            && e.getMessage().contains(sha("tampered".getBytes(StandardCharsets.UTF_8))),
        e.getMessage());
    assertFalse(
        Files.exists(tmp.resolve("cache/data.txt")), "a bad download must not be moved into place");
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
    Datasets ds =
        new Datasets(
            cache,
            url -> {
              throw new java.net.UnknownHostException("raw.githubusercontent.com");
            });
    IOException e = assertThrows(IOException.class, () -> ds.fetch(Datasets.NAMES));
    assertTrue(e.getMessage().contains("put it at " + cache.resolve("names.txt")), e.getMessage());
    assertTrue(e.getMessage().contains(Datasets.NAMES.url().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(Datasets.DATA_DIR_ENV), e.getMessage());
  }

  @Test
  void sharedCopiesMatchTheHardCodedShas() throws Exception {
    // Serving the shared copies as the "origin" checks the pinned SHA-256s without the network.
    for (Datasets.Source s : Datasets.KNOWN) {
      Path shared = io.github.zth.testing.SharedData.file(s.fileName());
      Datasets.Source local = new Datasets.Source(s.fileName(), shared.toUri(), s.sha256());
      Path got = new Datasets(tmp.resolve("c"), counting()).fetch(local);
      assertEquals(tmp.resolve("c").resolve(s.fileName()), got);
      assertEquals(-1L, Files.mismatch(got, shared));
    }
  }

  @Test
  void foldersComeFromTheEnvironment() {
    assertEquals(Path.of("/data/zth"), Datasets.dataDirFrom(Map.of("ZTH_DATA_DIR", "/data/zth")));
    assertEquals(null, Datasets.dataDirFrom(Map.of("ZTH_DATA_DIR", " ")));
    assertEquals(null, Datasets.dataDirFrom(Map.of()));
    assertEquals(Path.of("/home/u", ".cache", "zth"), Datasets.cacheDirFrom("/home/u"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Datasets.Source("../x", URI.create("file:/x"), "0".repeat(64)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Datasets.Source("a/.x", URI.create("file:/x"), "0".repeat(64)));
    assertEquals(
        "gpt2/vocab.bpe",
        new Datasets.Source("gpt2/vocab.bpe", URI.create("file:/x"), "0".repeat(64)).fileName());
  }

  /** A known data set whose "URL" serves {@code content} from a local file. */
  private Datasets.Source knownServed(Datasets.Source real, String content) throws Exception {
    Path origin = tmp.resolve("origin-" + real.fileName().replace('/', '_'));
    Files.writeString(origin, content);
    return new Datasets.Source(
        real.fileName(), origin.toUri(), sha(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void resolveTakesAnExistingPathAsItIs() throws Exception {
    Path f = tmp.resolve("my words.txt");
    Files.writeString(f, "x\n");
    Datasets ds = new Datasets(tmp.resolve("data"), tmp.resolve("cache"), counting());
    assertEquals(f, ds.resolve(f.toString()));
    assertEquals(0, opens.get());
  }

  @Test
  void resolveLooksInTheDataFolderBeforeTheCache() throws Exception {
    Path data = tmp.resolve("data");
    Path cache = tmp.resolve("cache");
    Files.createDirectories(data.resolve("gpt2"));
    Files.createDirectories(cache.resolve("gpt2"));
    Files.writeString(data.resolve("corpus.txt"), "mine");
    Files.writeString(cache.resolve("corpus.txt"), "cached");
    Files.writeString(cache.resolve("other.txt"), "cached");
    Files.writeString(data.resolve("gpt2/vocab.bpe"), "user's copy, used as it is");
    Datasets ds = new Datasets(data, cache, counting());
    assertEquals(data.resolve("corpus.txt"), ds.resolve("corpus.txt"));
    assertEquals(cache.resolve("other.txt"), ds.resolve("other.txt"));
    assertEquals(data.resolve("gpt2/vocab.bpe"), ds.resolve("gpt2/vocab.bpe"));
    assertEquals(0, opens.get(), "nothing is downloaded when a folder holds the file");
  }

  @Test
  void resolveDownloadsAKnownFileIntoTheCacheOnce() throws Exception {
    // The download path itself, with the opener pointed at a local copy: a file:// "URL" whose
    // bytes hash to the pinned value. The real URLs are checked by name in
    // realSourcesAreTheUpstreamOnes.
    Datasets.Source local = knownServed(Datasets.NAMES, "emma\nolivia\n");
    Path cache = tmp.resolve("cache");
    Datasets ds =
        new Datasets(
            tmp.resolve("empty-data"),
            cache,
            url -> {
              assertEquals(Datasets.NAMES.url(), url);
              opens.incrementAndGet();
              return local.url().toURL().openStream();
            });
    // The pinned SHA-256 of names.txt does not match these bytes: the download is refused and the
    // message names every place looked at.
    IOException e = assertThrows(IOException.class, () -> ds.resolve("names.txt"));
    String m = e.getMessage();
    assertTrue(m.contains(tmp.resolve("empty-data").resolve("names.txt").toString()), m);
    assertTrue(m.contains(cache.resolve("names.txt").toString()), m);
    assertTrue(m.contains(Datasets.NAMES.sha256()), m);
    assertFalse(Files.exists(cache.resolve("names.txt")));
    assertEquals(1, opens.get());
  }

  @Test
  void resolveOfAKnownFileWithTheRightBytesLandsInTheCache() throws Exception {
    Path shared = io.github.zth.testing.SharedData.file("gpt2/vocab.bpe");
    Path cache = tmp.resolve("cache");
    Datasets ds =
        new Datasets(
            null,
            cache,
            url -> {
              assertEquals(Datasets.GPT2_VOCAB_BPE.url(), url);
              opens.incrementAndGet();
              return Files.newInputStream(shared);
            });
    Path got = ds.resolve("gpt2/vocab.bpe");
    assertEquals(cache.resolve("gpt2/vocab.bpe"), got);
    assertEquals(-1L, Files.mismatch(got, shared));
    assertEquals(got, ds.resolve("gpt2/vocab.bpe"));
    assertEquals(1, opens.get(), "the second resolve comes from the cache, checked by SHA-256");
  }

  @Test
  void resolveOfAnUnknownMissingNameNamesEveryPlace() {
    Path data = tmp.resolve("data");
    Path cache = tmp.resolve("cache");
    Datasets ds = new Datasets(data, cache, counting());
    IOException e =
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ds.resolve("nope.txt"));
    String m = e.getMessage();
    assertTrue(m.contains(Path.of("nope.txt").toAbsolutePath().toString()), m);
    assertTrue(m.contains(data.resolve("nope.txt").toString()), m);
    assertTrue(m.contains(cache.resolve("nope.txt").toString()), m);
    assertTrue(m.contains("names.txt, tinyshakespeare.txt"), m);
    assertEquals(0, opens.get());
    IOException unset =
        assertThrows(
            java.nio.file.NoSuchFileException.class,
            () -> new Datasets(null, cache, counting()).resolve("nope.txt"));
    assertTrue(unset.getMessage().contains("$ZTH_DATA_DIR (not set)"), unset.getMessage());
    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> ds.resolve(tmp.resolve("abs.txt").toString()));
    assertThrows(java.nio.file.NoSuchFileException.class, () -> ds.resolve("../names.txt"));
    assertEquals(0, opens.get());
  }

  @Test
  void realSourcesAreTheUpstreamOnes() {
    assertEquals(
        "https://raw.githubusercontent.com/karpathy/makemore/master/names.txt",
        Datasets.NAMES.url().toString());
    assertEquals(
        "https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken",
        Datasets.R50K_BASE.url().toString());
    assertEquals(
        "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json",
        Datasets.GPT2_ENCODER.url().toString());
    assertEquals(8, Datasets.KNOWN.size());
    assertEquals(Datasets.O200K_BASE, Datasets.known("o200k_base.tiktoken").orElseThrow());
    assertTrue(Datasets.known("input.txt").isEmpty());
  }

  @Test
  void pinnedShasEqualTheSharedSha256Sums() throws Exception {
    Path sums = io.github.zth.testing.SharedData.file("SHA256SUMS");
    Map<String, String> pinned = new java.util.HashMap<>();
    for (String line : Files.readAllLines(sums)) {
      String[] p = line.trim().split("\\s+");
      pinned.put(p[1], p[0]);
    }
    for (Datasets.Source s : Datasets.KNOWN) {
      assertEquals(pinned.get(s.fileName()), s.sha256(), s.fileName());
    }
  }
}
