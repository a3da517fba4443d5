package io.github.zth.autograd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes files and whole folders so that a reader, or a program killed at any instant, never sees a
 * half-written one: either the previous content or the new one, never a mix.
 *
 * <p>A file's bytes go to a temporary sibling, are forced to disk, and the sibling is renamed over
 * the target in one step. A folder (a checkpoint of several files that belong together) is filled
 * as a temporary sibling {@code .<name>.tmp-*}; the old folder is renamed aside to {@code
 * .<name>.old-*}, the new one renamed into place, and the old one deleted. The one instant where no
 * folder has the target name (between the two renames) is covered on both sides: readers ask {@link
 * #readableDirectory} which folder to read, and the next save first runs {@link #recoverDirectory},
 * which renames the complete old folder back.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/loss.tsv"), text.getBytes(StandardCharsets.UTF_8));
 * AtomicFiles.replaceDirectory(Path.of("out/checkpoint"), tmp -> {
 *   Files.writeString(tmp.resolve("config.json"), json);
 *   TensorFiles.save(model.stateDict(), tmp.resolve("model.safetensors"));
 * });
 * Path dir = AtomicFiles.readableDirectory(Path.of("out/checkpoint")); // the folder to read
 * }</pre>
 */
public final class AtomicFiles {

  /** Writes the content of a file through an open channel. */
  @FunctionalInterface
  public interface ChannelWriter {
    /**
     * Writes everything.
     *
     * @param channel the temporary file, open for writing at position 0
     * @throws IOException if writing fails
     */
    void write(FileChannel channel) throws IOException;
  }

  /** Fills a fresh, empty folder with the files of one save. */
  @FunctionalInterface
  public interface DirectoryWriter {
    /**
     * Writes every file of the folder.
     *
     * @param dir the temporary folder, empty; it becomes the target when this returns
     * @throws IOException if writing fails
     */
    void write(Path dir) throws IOException;
  }

  private static final String TMP = ".tmp-";
  private static final String OLD = ".old-";
  private static final String STAGING = ".zth-staging-";
  private static final String COMMIT = ".commit";

  private AtomicFiles() {}

  // Files.createTempFile would give the result mode 0600; a plain createFile honours the umask like
  // any other newly written file.
  private static Path createSibling(Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          target.resolveSibling(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Writes {@code target} atomically. Uses {@code ATOMIC_MOVE}; on file systems that cannot, falls
   * back to a plain replacing move (still never exposing a partial file under the target name on
   * the usual local file systems). On failure the temporary file is deleted and the old target is
   * left as it was.
   *
   * @param target the file to create or replace
   * @param writer writes the content
   * @throws IOException if writing or moving fails
   */
  public static void write(Path target, ChannelWriter writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = createSibling(absolute);
    boolean moved = false;
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writer.write(ch);
        ch.force(true);
      }
      move(tmp, absolute, true);
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Writes {@code bytes} to {@code target} atomically, as {@link #write(Path, ChannelWriter)}.
   *
   * @param target the file to create or replace
   * @param bytes the whole content
   * @return {@code target}
   * @throws IOException if writing or moving fails
   */
  public static Path write(Path target, byte[] bytes) throws IOException {
    write(
        target,
        ch -> {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        });
    return target;
  }

  /**
   * Replaces the folder {@code target} as a whole by the files {@code writer} puts in a fresh
   * folder: a crash at any point leaves either the complete old folder or the complete new one
   * (after {@link #readableDirectory}; this first runs {@link #recoverDirectory} to finish an
   * interrupted earlier save). Files inside may be written plainly; they become visible only with
   * the folder.
   *
   * @param target the folder to create or replace
   * @param writer fills the new folder
   * @return {@code target}
   * @throws IOException if writing or renaming fails; the old folder is then left in place
   */
  public static Path replaceDirectory(Path target, DirectoryWriter writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    recoverDirectory(abs);
    Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + TMP);
    try {
      if (Files.getFileStore(tmp)
          .supportsFileAttributeView("posix")) { // temp dirs are owner-only; the result is not
        Files.setPosixFilePermissions(
            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      writer.write(tmp);
      forceTree(tmp);
      Path old = null;
      if (Files.exists(abs)) {
        old =
            parent.resolve(
                "." + abs.getFileName() + OLD + String.format("%016x", System.currentTimeMillis()));
        move(abs, old, false);
      }
      move(tmp, abs, false);
      tmp = null;
      if (old != null) {
        deleteTree(old);
      }
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
    return target;
  }

  /**
   * The folder to read for {@code target}: {@code target} itself, or, when a save was interrupted
   * in the instant between its two renames, the complete previous folder it had renamed aside.
   * Never changes anything on disk, so a reader may call it while a writer is saving.
   *
   * @param target the folder written by {@link #replaceDirectory}
   * @return {@code target}, or the surviving previous folder; {@code target} when neither exists
   * @throws IOException if listing the parent fails
   */
  public static Path readableDirectory(Path target) throws IOException {
    if (Files.exists(target)) {
      return target;
    }
    List<Path> olds = siblings(target.toAbsolutePath(), OLD);
    return olds.isEmpty() ? target : olds.get(olds.size() - 1);
  }

  /**
   * Finishes an interrupted {@link #replaceDirectory} (which calls this first): when {@code target}
   * is missing but the complete previous folder was renamed aside, renames it back; then deletes
   * leftover temporary and old folders. Assumes one writer per folder: a save running at the same
   * time in another process would lose its temporary folder.
   *
   * @param target the folder
   * @return {@code target}
   * @throws IOException if listing, renaming or deleting fails
   */
  public static Path recoverDirectory(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    List<Path> olds = siblings(abs, OLD);
    if (!Files.exists(abs) && !olds.isEmpty()) {
      move(olds.remove(olds.size() - 1), abs, false);
    }
    for (Path p : olds) {
      deleteTree(p);
    }
    for (Path p : siblings(abs, TMP)) {
      deleteTree(p);
    }
    return target;
  }

  // The siblings ".<name><kind>*", oldest first: the suffix is a fixed-width hex time stamp.
  private static List<Path> siblings(Path abs, String kind) throws IOException {
    Path parent = abs.getParent();
    List<Path> out = new ArrayList<>();
    if (parent == null || abs.getFileName() == null || !Files.isDirectory(parent)) {
      return out;
    }
    String prefix = "." + abs.getFileName() + kind;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent)) {
      for (Path p : s) {
        if (p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p)) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing(Path::toString));
    return out;
  }

  /**
   * Replaces a set of files inside {@code dir} as one unit, for folders that hold other things too
   * (a run's output folder), where {@link #replaceDirectory} would take those along. {@code writer}
   * fills a hidden staging folder inside {@code dir}; a {@code .commit} list of the names is
   * written last, then each file is renamed into {@code dir}. A crash before the list leaves the
   * old files (the staging folder is dropped later); a crash after it is finished by {@link
   * #recoverFiles}, which this runs first and readers run before reading. Assumes one writer per
   * folder.
   *
   * @param dir the folder (created if missing)
   * @param writer writes the new files into the staging folder (no subfolders)
   * @return {@code dir}
   * @throws IOException if writing or renaming fails
   */
  public static Path replaceFiles(Path dir, DirectoryWriter writer) throws IOException {
    Files.createDirectories(dir);
    recoverFiles(dir);
    Path staging = Files.createTempDirectory(dir, STAGING);
    boolean committed = false;
    try {
      writer.write(staging);
      forceTree(staging);
      StringBuilder names = new StringBuilder();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(staging)) {
        for (Path p : s) {
          if (!Files.isRegularFile(p)) {
            throw new IOException(
                "AtomicFiles.replaceFiles: "
                    + p
                    + " is not a file (the staging folder takes files only)");
          }
          names.append(p.getFileName()).append('\n');
        }
      }
      write(
          staging.resolve(COMMIT),
          names.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      committed = true;
      rollForward(dir, staging);
    } finally {
      if (!committed) {
        deleteTree(staging);
      }
    }
    return dir;
  }

  /**
   * Finishes or drops an interrupted {@link #replaceFiles} in {@code dir}: a staging folder with
   * its {@code .commit} list has its remaining files renamed into place; one without is deleted.
   * Call it before reading files written by {@code replaceFiles}; it does nothing when there is
   * nothing to do.
   *
   * @param dir the folder
   * @return {@code dir}
   * @throws IOException if listing, renaming or deleting fails
   */
  public static Path recoverFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return dir;
    }
    List<Path> stagings = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, STAGING + "*")) {
      for (Path p : s) {
        stagings.add(p);
      }
    }
    stagings.sort(Comparator.comparing(Path::toString));
    for (Path staging : stagings) {
      if (Files.isRegularFile(staging.resolve(COMMIT))) {
        rollForward(dir, staging);
      } else {
        deleteTree(staging);
      }
    }
    return dir;
  }

  // Idempotent: a file already moved is skipped, so a crash in here is finished by the next call.
  private static void rollForward(Path dir, Path staging) throws IOException {
    for (String name :
        Files.readAllLines(staging.resolve(COMMIT), java.nio.charset.StandardCharsets.UTF_8)) {
      Path from = staging.resolve(name);
      if (!name.isEmpty() && Files.exists(from)) {
        move(from, dir.resolve(name), true);
      }
    }
    deleteTree(staging);
  }

  private static void move(Path from, Path to, boolean replace) throws IOException {
    try {
      if (replace) {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (AtomicMoveNotSupportedException e) {
      if (replace) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(from, to);
      }
    }
  }

  // A rename is only as durable as the data it points at: force every file before the folder is
  // swapped in.
  private static void forceTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
