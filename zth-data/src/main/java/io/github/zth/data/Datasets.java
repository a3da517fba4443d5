package io.github.zth.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The course's corpora, fetched on first use into a cache folder ({@code $ZTH_DATA_DIR}, else
 * {@code ~/.cache/zth}), checked against a fixed SHA-256, and reused afterwards.
 *
 * <pre>{@code
 * List<String> words = Files.readAllLines(Datasets.names());          // makemore's 32,033 names
 * String text = Files.readString(Datasets.tinyShakespeare());         // char-rnn's Shakespeare
 * }</pre>
 *
 * <p>Nothing is downloaded unless asked for. A download goes to a temporary file in the cache folder
 * and is moved into place only when its SHA-256 matches, so a failed or partial download never
 * leaves a bad file behind. Offline, the error says which file to put in which folder.
 */
public final class Datasets {
  /** The environment variable that overrides the cache folder. */
  public static final String DATA_DIR_ENV = "ZTH_DATA_DIR";

  /**
   * A file to fetch: its name in the cache folder, where it comes from, and its SHA-256.
   *
   * @param fileName the name in the cache folder
   * @param url where to download it from
   * @param sha256 its SHA-256, lower-case hex
   */
  public record Source(String fileName, URI url, String sha256) {
    /** Checks the parts. */
    public Source {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(url, "url");
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("Source: SHA-256 must be 64 lower-case hex digits, got '" + sha256 + "'");
      }
      if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
        throw new IllegalArgumentException("Source: file name must be a plain name, got '" + fileName + "'");
      }
    }
  }

  /** makemore's names.txt: 32,033 names, one per line. */
  public static final Source NAMES =
      new Source(
          "names.txt",
          URI.create("https://raw.githubusercontent.com/karpathy/makemore/master/names.txt"),
          "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d");

  /** char-rnn's Tiny Shakespeare: 1,115,394 characters. */
  public static final Source TINY_SHAKESPEARE =
      new Source(
          "tinyshakespeare.txt",
          URI.create("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
          "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");

  /** minbpe's test text: the Wikipedia article on Taylor Swift. */
  public static final Source TAYLOR_SWIFT =
      new Source(
          "taylorswift.txt",
          URI.create("https://raw.githubusercontent.com/karpathy/minbpe/master/tests/taylorswift.txt"),
          "c2e39cb822d4ae0caac22152cefc306d466e31217a9c5524e493ad2b76792f57");

  /** Opens a URL for reading; tests pass one that serves local bytes. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens the URL.
     *
     * @param url the URL
     * @return its content
     * @throws IOException when it cannot be read
     */
    InputStream open(URI url) throws IOException;
  }

  private final Path dir;
  private final Opener opener;

  /**
   * A fetcher over a given folder and opener.
   *
   * @param dir the cache folder
   * @param opener how to read a URL
   */
  public Datasets(Path dir, Opener opener) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /** The fetcher over {@link #defaultDir()} that downloads with Java's URL connection. */
  public static Datasets defaults() {
    return new Datasets(defaultDir(), Datasets::openUrl);
  }

  /** {@code $ZTH_DATA_DIR} when set, else {@code ~/.cache/zth}. */
  public static Path defaultDir() {
    return dirFrom(System.getenv(), System.getProperty("user.home"));
  }

  static Path dirFrom(Map<String, String> env, String home) {
    String d = env.get(DATA_DIR_ENV);
    return d != null && !d.isBlank() ? Path.of(d) : Path.of(home, ".cache", "zth");
  }

  private static InputStream openUrl(URI url) throws IOException {
    URLConnection c = url.toURL().openConnection();
    c.setConnectTimeout(15_000);
    c.setReadTimeout(60_000);
    return c.getInputStream();
  }

  /**
   * makemore's names.txt in the default cache folder, downloaded if absent.
   *
   * @return its path
   * @throws IOException when it is absent and cannot be downloaded (the message says where to put it)
   */
  public static Path names() throws IOException {
    return defaults().fetch(NAMES);
  }

  /**
   * Tiny Shakespeare in the default cache folder, downloaded if absent.
   *
   * @return its path
   * @throws IOException when it is absent and cannot be downloaded (the message says where to put it)
   */
  public static Path tinyShakespeare() throws IOException {
    return defaults().fetch(TINY_SHAKESPEARE);
  }

  /**
   * minbpe's taylorswift.txt in the default cache folder, downloaded if absent.
   *
   * @return its path
   * @throws IOException when it is absent and cannot be downloaded (the message says where to put it)
   */
  public static Path taylorSwift() throws IOException {
    return defaults().fetch(TAYLOR_SWIFT);
  }

  /** The cache folder. */
  public Path dir() {
    return dir;
  }

  /**
   * The cached file of {@code source}: reused when present with the right SHA-256, else downloaded
   * once, verified, and moved into place.
   *
   * @param source what to fetch
   * @return the file's path
   * @throws IOException when the file is absent (or damaged) and the download fails or does not
   *     match the SHA-256; the message names the file, the folder and the URL
   */
  public Path fetch(Source source) throws IOException {
    Path target = dir.resolve(source.fileName());
    String damaged = "";
    if (Files.isRegularFile(target)) {
      String sha = sha256(target);
      if (sha.equals(source.sha256())) {
        return target;
      }
      damaged = " (the file there has SHA-256 " + sha + ", not the expected " + source.sha256() + ")";
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + source.fileName() + ".", ".part");
    try {
      String sha;
      try (InputStream in = opener.open(source.url());
          DigestOutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha256Digest())) {
        in.transferTo(out);
        out.flush();
        sha = HexFormat.of().formatHex(out.getMessageDigest().digest());
      } catch (IOException e) {
        throw new IOException(
            "dataset " + source.fileName() + " is not in " + dir + damaged + " and downloading it from " + source.url()
                + " failed (" + e + "); download it yourself and put it at " + target + " (or set " + DATA_DIR_ENV
                + " to the folder that holds it)",
            e);
      }
      if (!sha.equals(source.sha256())) {
        throw new IOException(
            "dataset " + source.fileName() + ": the download from " + source.url() + " has SHA-256 " + sha
                + ", expected " + source.sha256() + "; nothing was written. Put the right file at " + target);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md = sha256Digest();
    try (InputStream in = Files.newInputStream(file);
        OutputStream sink = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md)) {
      in.transferTo(sink);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
