package io.github.zth.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AtomicFiles' folder swap, including the states a kill leaves between its steps, and TextFiles'
 * errors.
 */
class AtomicFilesTest {
  @TempDir Path tmp;

  private static void save(Path dir, String version) throws IOException {
    AtomicFiles.replaceDirectory(
        dir,
        d -> {
          Files.writeString(d.resolve("a.txt"), "a" + version);
          Files.writeString(d.resolve("b.txt"), "b" + version);
        });
  }

  private List<String> siblings() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void replacesTheWholeFolderAndLeavesNothingBehind() throws IOException {
    Path dir = tmp.resolve("ckpt");
    save(dir, "1");
    Files.writeString(dir.resolve("stale.txt"), "from an older save");
    save(dir, "2");
    assertEquals("a2", Files.readString(dir.resolve("a.txt")));
    assertFalse(
        Files.exists(dir.resolve("stale.txt")), "files of the previous save must not survive");
    assertEquals(List.of("ckpt"), siblings());
  }

  @Test
  void aFailedWriteLeavesThePreviousFolder() throws IOException {
    Path dir = tmp.resolve("ckpt");
    save(dir, "1");
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.replaceDirectory(
                dir,
                d -> {
                  Files.writeString(d.resolve("a.txt"), "half");
                  throw new IOException("disk full");
                }));
    assertEquals("a1", Files.readString(dir.resolve("a.txt")));
    assertEquals(List.of("ckpt"), siblings());
  }

  /**
   * The state a kill between the two renames leaves: the old folder aside, the new one still
   * temporary.
   */
  @Test
  void aKillBetweenTheRenamesKeepsThePreviousFolderReadable() throws IOException {
    Path dir = tmp.resolve("ckpt");
    save(dir, "1");
    Path old = tmp.resolve(".ckpt.old-00000190f0c1a2b3");
    Files.move(dir, old);
    Path half = Files.createDirectory(tmp.resolve(".ckpt.tmp-123"));
    Files.writeString(half.resolve("a.txt"), "a2");
    assertEquals(old, AtomicFiles.readableDirectory(dir));
    assertEquals(
        List.of(".ckpt.old-00000190f0c1a2b3", ".ckpt.tmp-123"),
        siblings(),
        "reading must change nothing");
    save(dir, "3"); // the next save recovers first, then replaces
    assertEquals("a3", Files.readString(dir.resolve("a.txt")));
    assertEquals(List.of("ckpt"), siblings());
  }

  @Test
  void recoverRenamesTheOldFolderBackAndDropsLeftovers() throws IOException {
    Path dir = tmp.resolve("ckpt");
    save(dir, "1");
    Files.move(dir, tmp.resolve(".ckpt.old-0000000000000002"));
    Files.createDirectory(tmp.resolve(".ckpt.old-0000000000000001"));
    Files.createDirectory(tmp.resolve(".ckpt.tmp-9"));
    AtomicFiles.recoverDirectory(dir);
    assertEquals("a1", Files.readString(dir.resolve("a.txt")));
    assertEquals(List.of("ckpt"), siblings());
    assertEquals(dir, AtomicFiles.readableDirectory(dir));
  }

  private static void saveFiles(Path dir, String version) throws IOException {
    AtomicFiles.replaceFiles(
        dir,
        d -> {
          Files.writeString(d.resolve("a.txt"), "a" + version);
          Files.writeString(d.resolve("b.txt"), "b" + version);
        });
  }

  @Test
  void replaceFilesKeepsTheFoldersOtherFiles() throws IOException {
    Path dir = tmp.resolve("run");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "mine");
    saveFiles(dir, "1");
    saveFiles(dir, "2");
    assertEquals("a2", Files.readString(dir.resolve("a.txt")));
    assertEquals("b2", Files.readString(dir.resolve("b.txt")));
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(
          List.of("a.txt", "b.txt", "notes.txt"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /** A kill after the commit list but between the renames: recovery finishes the save. */
  @Test
  void aCommittedStagingFolderIsRolledForward() throws IOException {
    Path dir = tmp.resolve("run");
    saveFiles(dir, "1");
    Path staging = Files.createDirectory(dir.resolve(".zth-staging-42"));
    Files.writeString(staging.resolve("b.txt"), "b2"); // a.txt was already moved
    Files.writeString(dir.resolve("a.txt"), "a2");
    Files.writeString(staging.resolve(".commit"), "a.txt\nb.txt\n");
    AtomicFiles.recoverFiles(dir);
    assertEquals("a2", Files.readString(dir.resolve("a.txt")));
    assertEquals("b2", Files.readString(dir.resolve("b.txt")));
    assertFalse(Files.exists(staging));
  }

  /**
   * A kill before the commit list: the half-written staging folder is dropped, the old files stay.
   */
  @Test
  void anUncommittedStagingFolderIsDropped() throws IOException {
    Path dir = tmp.resolve("run");
    saveFiles(dir, "1");
    Path staging = Files.createDirectory(dir.resolve(".zth-staging-43"));
    Files.writeString(staging.resolve("a.txt"), "a2");
    AtomicFiles.recoverFiles(dir);
    assertEquals("a1", Files.readString(dir.resolve("a.txt")));
    assertFalse(Files.exists(staging));
  }

  @Test
  void textFilesNameTheFileAndTheByteOffset() throws IOException {
    Path f = tmp.resolve("names.txt");
    Files.write(f, new byte[] {'a', 'b', (byte) 0xC3, '\n', (byte) 0xFF});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TextFiles.readUtf8(f));
    assertEquals(f + ": not UTF-8 text: invalid byte 0xC3 at byte offset 2", e.getMessage());
    Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xFE, 'h', 0});
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> TextFiles.readUtf8(f))
            .getMessage()
            .contains("UTF-16"));
    Files.write(f, "é\r\nb\rc\n\nd".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("é", "b", "c", "", "d"), TextFiles.lines(TextFiles.readUtf8(f)));
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> TextFiles.readBytes(f, 3));
    assertTrue(big.getMessage().startsWith(f + ": 10 bytes, expected at most 3"), big.getMessage());
  }
}
