package io.github.zth.autograd.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers never see a half-written one: the bytes go to a temporary file in the
 * same directory, are forced to disk, and the file is then moved over the target in one step.
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

    private AtomicFiles() {
    }

    // Files.createTempFile would give the result mode 0600; a plain createFile honours the umask like
    // any other newly written file.
    private static Path createSibling(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
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
     * Writes {@code target} atomically. Uses {@code ATOMIC_MOVE}; on file systems that cannot, falls back
     * to a plain replacing move (still never exposing a partial file under the target name on the usual
     * local file systems). On failure the temporary file is deleted and the old target is left as it was.
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
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
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
        write(target, ch -> {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
        return target;
    }
}
