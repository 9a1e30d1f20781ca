package org.npy4j.npy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that the target path only ever holds the old content or the complete new one: the bytes go to a
 * temporary file in the same directory ({@code .NAME.RANDOM.tmp}), which is forced to disk and renamed over the
 * target. If writing fails, the temporary file is deleted and the target is untouched.
 *
 * <pre>{@code
 * AtomicWrite.write(path, ch -> NpyWriter.write(array, ch));
 * }</pre>
 */
public final class AtomicWrite {
    /** The suffix of temporary files; a leftover from a killed process is recognisable by it. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicWrite() {
    }

    /** Writes the content of a new file through an open channel. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    /** Writes {@code target} atomically with {@code body}. */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = tempFor(abs);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Returns a fresh temporary path beside {@code target}. */
    public static Path tempFor(Path target) {
        Path abs = target.toAbsolutePath();
        String name = abs.getFileName().toString();
        long r = ThreadLocalRandom.current().nextLong() >>> 1;
        return abs.resolveSibling("." + name + "." + Long.toString(r, 36) + TEMP_SUFFIX);
    }

    /** Forces a directory's entries to disk where the platform allows it (Linux does; elsewhere this is a no-op). */
    public static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform or file system can open or sync a directory; the rename itself is still atomic
        }
    }
}
