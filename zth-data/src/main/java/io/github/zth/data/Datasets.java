package io.github.zth.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The course's data files, found where a user expects them and fetched on first use.
 *
 * <pre>{@code
 * List<String> words = Files.readAllLines(Datasets.names());          // makemore's 32,033 names
 * Path ranks = Datasets.defaults().resolve("r50k_base.tiktoken");     // GPT-2's BPE ranks
 * }</pre>
 *
 * <p>{@link #resolve} is what every {@code --data} option goes through: a path that exists is used
 * as it is; otherwise a relative name is looked up in {@code $ZTH_DATA_DIR} (the user's own folder,
 * used as it is), then in the download cache {@code ~/.cache/zth}; a {@linkplain #KNOWN known} file
 * that is in neither is downloaded into the cache. Files in the cache are checked against their
 * pinned SHA-256 every time, because zth wrote them; a damaged one is fetched again. The error
 * names every place that was looked at, and for a known file the URL to fetch it from by hand.
 *
 * <p>A download goes to a temporary file in the cache folder and is moved into place only when its
 * SHA-256 matches, so a failed or partial download never leaves a bad file behind.
 */
public final class Datasets {
  /** The environment variable that names the user's data folder, searched before the cache. */
  public static final String DATA_DIR_ENV = "ZTH_DATA_DIR";

  private static final String OPENAI = "https://openaipublic.blob.core.windows.net/";

  /**
   * A file to fetch: its name (the relative path it has in the data folder and the cache), where it
   * comes from, and its SHA-256.
   *
   * @param fileName the relative path, {@code /}-separated, e.g. {@code gpt2/vocab.bpe}
   * @param url where to download it from
   * @param sha256 its SHA-256, lower-case hex
   */
  public record Source(String fileName, URI url, String sha256) {
    /** Checks the parts. */
    public Source {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(url, "url");
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "Source: SHA-256 must be 64 lower-case hex digits, got '" + sha256 + "'");
      }
      if (!fileName.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")) {
        throw new IllegalArgumentException(
            "Source: file name must be a relative path of plain names joined by '/', got '"
                + fileName
                + "'");
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
          URI.create(
              "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
          "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");

  /** minbpe's test text: the Wikipedia article on Taylor Swift. */
  public static final Source TAYLOR_SWIFT =
      new Source(
          "taylorswift.txt",
          URI.create(
              "https://raw.githubusercontent.com/karpathy/minbpe/master/tests/taylorswift.txt"),
          "c2e39cb822d4ae0caac22152cefc306d466e31217a9c5524e493ad2b76792f57");

  /** OpenAI's cl100k_base ranks (GPT-4); the SHA-256 is the one tiktoken pins. */
  public static final Source CL100K_BASE =
      new Source(
          "cl100k_base.tiktoken",
          URI.create(OPENAI + "encodings/cl100k_base.tiktoken"),
          "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7");

  /** OpenAI's r50k_base ranks (GPT-2); the SHA-256 is the one tiktoken pins. */
  public static final Source R50K_BASE =
      new Source(
          "r50k_base.tiktoken",
          URI.create(OPENAI + "encodings/r50k_base.tiktoken"),
          "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930");

  /** OpenAI's o200k_base ranks (GPT-4o); the SHA-256 is the one tiktoken pins. */
  public static final Source O200K_BASE =
      new Source(
          "o200k_base.tiktoken",
          URI.create(OPENAI + "encodings/o200k_base.tiktoken"),
          "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d");

  /**
   * GPT-2's original {@code encoder.json} (token to id; Hugging Face's {@code vocab.json} is the
   * same).
   */
  public static final Source GPT2_ENCODER =
      new Source(
          "gpt2/encoder.json",
          URI.create(OPENAI + "gpt-2/encodings/main/encoder.json"),
          "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783");

  /**
   * GPT-2's original {@code vocab.bpe}: its 50,000 merges in rank order (HF's {@code merges.txt}).
   */
  public static final Source GPT2_VOCAB_BPE =
      new Source(
          "gpt2/vocab.bpe",
          URI.create(OPENAI + "gpt-2/encodings/main/vocab.bpe"),
          "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5");

  /** Every file {@link #resolve} can download, by name. */
  public static final List<Source> KNOWN =
      List.of(
          NAMES,
          TINY_SHAKESPEARE,
          TAYLOR_SWIFT,
          CL100K_BASE,
          R50K_BASE,
          O200K_BASE,
          GPT2_ENCODER,
          GPT2_VOCAB_BPE);

  /** Opens a URL for reading; tests pass one that serves local bytes. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens the URL.
     *
     * @return its content
     * @throws IOException when it cannot be read
     */
    InputStream open(URI url) throws IOException;
  }

  private final Path dataDir; // null when ZTH_DATA_DIR is not set
  private final Path dir;
  private final Opener opener;

  /**
   * A fetcher over a cache folder only (no user data folder).
   *
   * @param dir the cache folder
   * @param opener how to read a URL
   */
  public Datasets(Path dir, Opener opener) {
    this(null, dir, opener);
  }

  /**
   * A fetcher that looks in a user data folder, then a cache folder, and downloads into the cache.
   *
   * @param dataDir the user's data folder ({@code $ZTH_DATA_DIR}), or null for none
   * @param cacheDir the download cache
   * @param opener how to read a URL
   */
  public Datasets(Path dataDir, Path cacheDir, Opener opener) {
    this.dataDir = dataDir;
    this.dir = Objects.requireNonNull(cacheDir, "cacheDir");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /**
   * The fetcher over {@code $ZTH_DATA_DIR} and {@code ~/.cache/zth} that downloads with Java's URL
   * connection.
   */
  public static Datasets defaults() {
    return new Datasets(
        dataDirFrom(System.getenv()),
        cacheDirFrom(System.getProperty("user.home")),
        Datasets::openUrl);
  }

  /** {@code ~/.cache/zth}, where downloads go. */
  public static Path defaultDir() {
    return cacheDirFrom(System.getProperty("user.home"));
  }

  static Path dataDirFrom(Map<String, String> env) {
    String d = env.get(DATA_DIR_ENV);
    return d != null && !d.isBlank() ? Path.of(d) : null;
  }

  static Path cacheDirFrom(String home) {
    return Path.of(home, ".cache", "zth");
  }

  private static InputStream openUrl(URI url) throws IOException {
    URLConnection c = url.toURL().openConnection();
    c.setConnectTimeout(15_000);
    c.setReadTimeout(60_000);
    return c.getInputStream();
  }

  /**
   * makemore's names.txt from {@code $ZTH_DATA_DIR} or the cache, downloaded if absent ({@link
   * #resolve}).
   *
   * @return its path
   * @throws IOException when it is absent and cannot be downloaded (the message says where it
   *     looked and where to put it)
   */
  public static Path names() throws IOException {
    return defaults().resolve(NAMES.fileName());
  }

  /**
   * Tiny Shakespeare from {@code $ZTH_DATA_DIR} or the cache, downloaded if absent ({@link
   * #resolve}).
   *
   * @return its path
   * @throws IOException when it is absent and cannot be downloaded (the message says where it
   *     looked and where to put it)
   */
  public static Path tinyShakespeare() throws IOException {
    return defaults().resolve(TINY_SHAKESPEARE.fileName());
  }

  /**
   * minbpe's taylorswift.txt from {@code $ZTH_DATA_DIR} or the cache, downloaded if absent ({@link
   * #resolve}).
   *
   * @return its path
   * @throws IOException when it is absent and cannot be downloaded (the message says where it
   *     looked and where to put it)
   */
  public static Path taylorSwift() throws IOException {
    return defaults().resolve(TAYLOR_SWIFT.fileName());
  }

  /** The download cache. */
  public Path dir() {
    return dir;
  }

  /** The user's data folder ({@code $ZTH_DATA_DIR}), if any. */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  /**
   * The known file called {@code name} (its {@link Source#fileName()}), if any.
   *
   * @param name e.g. {@code names.txt} or {@code gpt2/encoder.json}
   * @return its source
   */
  public static Optional<Source> known(String name) {
    String n = name.replace('\\', '/');
    return KNOWN.stream().filter(s -> s.fileName().equals(n)).findFirst();
  }

  /**
   * Finds a data file the way {@code --data} promises: {@code name} itself when it is an existing
   * file; else, for a relative name, {@code $ZTH_DATA_DIR/name}, then the cache's copy (a known
   * file's is SHA-checked); else a known file is downloaded into the cache.
   *
   * @param name a path, or a name such as {@code names.txt} or {@code gpt2/vocab.bpe}
   * @return an existing file
   * @throws NoSuchFileException when it is nowhere; the message names every place looked at (and,
   *     for a known file, why the download failed and where to put it by hand)
   * @throws IOException when reading or downloading fails otherwise
   */
  public Path resolve(String name) throws IOException {
    Path given = Path.of(name);
    if (Files.isRegularFile(given)
        || Files.isDirectory(given)) { // a folder of text, for commands that read text
      return given;
    }
    List<String> looked = new ArrayList<>();
    looked.add(given.toAbsolutePath().normalize().toString());
    boolean searchable =
        !given.isAbsolute()
            && !name.isBlank()
            && StreamSupport.stream(given.spliterator(), false)
                .noneMatch(p -> p.toString().equals(".."));
    if (!searchable) {
      throw new NoSuchFileException(name, null, "no such file");
    }
    if (dataDir != null) {
      Path p = dataDir.resolve(given);
      if (Files.isRegularFile(p)) {
        return p;
      }
      looked.add(p + " (" + DATA_DIR_ENV + ")");
    } else {
      looked.add("$" + DATA_DIR_ENV + " (not set)");
    }
    Optional<Source> source = known(name);
    Path cached = dir.resolve(given);
    if (source.isEmpty()) {
      if (Files.isRegularFile(cached)) {
        return cached;
      }
      looked.add(cached + " (download cache)");
      throw new NoSuchFileException(
          name,
          null,
          "no such file; looked at "
              + String.join(", ", looked)
              + "; it is not a file zth can download (those are "
              + knownNames()
              + ")");
    }
    try {
      return fetch(source.get());
    } catch (IOException e) {
      looked.add(cached + " (download cache)");
      throw new NoSuchFileException(
          name, null, "not found at " + String.join(", ", looked) + "; " + e.getMessage());
    }
  }

  private static String knownNames() {
    return KNOWN.stream().map(Source::fileName).collect(Collectors.joining(", "));
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
    Path folder = target.getParent();
    String damaged = "";
    if (Files.isRegularFile(target)) {
      String sha = sha256(target);
      if (sha.equals(source.sha256())) {
        return target;
      }
      damaged =
          " (the file there has SHA-256 " + sha + ", not the expected " + source.sha256() + ")";
    }
    Files.createDirectories(folder);
    Path tmp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".part");
    try {
      String sha;
      try (InputStream in = opener.open(source.url());
          DigestOutputStream out =
              new DigestOutputStream(Files.newOutputStream(tmp), sha256Digest())) {
        in.transferTo(out);
        out.flush();
        sha = HexFormat.of().formatHex(out.getMessageDigest().digest());
      } catch (IOException e) {
        throw new IOException(
            "dataset "
                + source.fileName()
                + " is not in "
                + dir
                + damaged
                + " and downloading it from "
                + source.url()
                + " failed ("
                + e
                + "); download it yourself and put it at "
                + target
                + " (or set "
                + DATA_DIR_ENV
                + " to a folder that holds "
                + source.fileName()
                + ")",
            e);
      }
      if (!sha.equals(source.sha256())) {
        throw new IOException(
            "dataset "
                + source.fileName()
                + ": the download from "
                + source.url()
                + " has SHA-256 "
                + sha
                + ", expected "
                + source.sha256()
                + "; nothing was written. Put the right file at "
                + target);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
        OutputStream sink =
            new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md)) {
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
