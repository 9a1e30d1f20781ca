package org.npy4j.npy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that the target path only ever holds the old content or the complete new one: the bytes go to a
 * temporary file in the same directory ({@code .NAME.RANDOM.tmp}), which is forced to disk and renamed over the
 * target. If writing fails, the temporary file is deleted and the target is untouched. A process killed mid-save
 * leaves its temporary file behind; the next successful save of the same target deletes it (see
 * {@link #deleteStaleTemps}).
 *
 * <pre>{@code
 * AtomicWrite.write(path, ch -> NpyWriter.write(array, ch));
 * }</pre>
 */
public final class AtomicWrite {
    /** The suffix of temporary files; a leftover from a killed process is recognisable by it. */
    public static final String TEMP_SUFFIX = ".tmp";

    /**
     * Temporary files this JVM is writing. Cleaners skip them without opening them: on Linux, closing any descriptor
     * of a file drops every POSIX lock this process holds on it, so merely probing our own file would unlock it.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicWrite() {
    }

    /** Writes the content of a new file through an open channel. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} atomically with {@code body}. The temporary file is locked ({@link FileChannel#lock()})
     * from its creation until it has been renamed, and after a successful save the stale temporary files of earlier
     * saves of the same target (left by a killed process) are deleted: see {@link #deleteStaleTemps}.
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        FileChannel ch = null;
        boolean done = false;
        try {
            while (ch == null) {
                if (tmp != null) {
                    WRITING.remove(tmp);
                }
                tmp = tempFor(abs);
                WRITING.add(tmp); // before the file exists, so this JVM's cleaners never open it
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (!lockFresh(ch, tmp)) {
                    ch.close(); // a cleaner took this file between its creation and our lock: use another name
                    ch = null;
                }
            }
            body.write(ch);
            ch.force(true);
            // renamed while still locked, so no cleaner can take it for a leftover in between
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (ch != null) {
                ch.close();
            }
            if (tmp != null) {
                WRITING.remove(tmp);
                if (!done) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        syncDirectory(dir);
        deleteStaleTemps(abs);
    }

    /** Locks a just-created temporary file; false if a cleaner deleted it before the lock was ours. */
    private static boolean lockFresh(FileChannel ch, Path tmp) throws IOException {
        try {
            ch.lock();
        } catch (OverlappingFileLockException e) {
            return false; // a cleaner in this JVM holds it right now and is deleting it
        } catch (IOException | UnsupportedOperationException e) {
            return true; // no locks on this file system: cleaners fall back to the file's age
        }
        return Files.exists(tmp, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Deletes the temporary files {@code .NAME.RANDOM.tmp} beside {@code target} that no live writer holds: a writer
     * keeps its temporary file locked until the rename, and the operating system drops the lock when the process dies
     * (even by SIGKILL), so a file whose lock can be taken is a leftover. Files locked by another process or by this
     * JVM are left alone, so concurrent saves of the same target are safe. Where the file system has no locks, only
     * files untouched for {@link #STALE_AGE_MILLIS} are deleted. Best effort: never fails.
     */
    public static void deleteStaleTemps(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null) {
            return;
        }
        String prefix = "." + abs.getFileName() + ".";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> isTempName(p.getFileName().toString(), prefix))) {
            for (Path p : entries) {
                if (!WRITING.contains(p)) {
                    deleteIfStale(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning is a courtesy; the save itself has succeeded
        }
    }

    /** How old an unlockable leftover must be before it is deleted on file systems without locks: one hour. */
    public static final long STALE_AGE_MILLIS = 3_600_000L;

    private static boolean isTempName(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) {
            return false;
        }
        String random = name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length());
        if (random.isEmpty() || random.length() > 13) {
            return false;
        }
        for (int i = 0; i < random.length(); i++) {
            char c = random.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return false; // not a name tempFor makes
            }
        }
        return true;
    }

    private static void deleteIfStale(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return; // locked through another channel of this JVM
            } catch (IOException | UnsupportedOperationException e) {
                if (System.currentTimeMillis() - Files.getLastModifiedTime(p).toMillis() > STALE_AGE_MILLIS) {
                    Files.deleteIfExists(p);
                }
                return;
            }
            if (lock != null) {
                Files.deleteIfExists(p); // deleted while locked: a writer that locks it next sees it gone
                lock.release();
            }
        } catch (IOException | RuntimeException e) {
            // gone already, renamed by its writer, or not ours to open: leave it
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
