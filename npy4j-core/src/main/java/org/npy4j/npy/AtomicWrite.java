package org.npy4j.npy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that the target path only ever holds the old content or the complete new one: the bytes go to a
 * temporary file in the same directory ({@code .NAME.RANDOM.save.tmp}), which is forced to disk and renamed over the
 * target. If writing fails, the temporary file is deleted and the target is untouched. A process killed mid-save
 * leaves its temporary file behind; the next successful save of the same target deletes it (see
 * {@link #deleteStaleTemps}), and so do a successful {@code w+} creation ({@link org.npy4j.Npy#create}) and a
 * successful {@link NpyAppender#close()}, whose own temporary files ({@code .NAME.RANDOM.work.tmp}) are held the same
 * way. The new file gets the old one's POSIX permissions (a private file stays private).
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
        /**
         * Writes the whole content through {@code channel}, positioned at 0.
         *
         * @param channel the new, empty temporary file, open for writing (closed by {@link #write(Path, Body)})
         * @throws IOException if writing fails; the target is then left untouched
         */
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} atomically with {@code body}. The temporary file is locked ({@link FileChannel#lock()})
     * from its creation until it has been renamed, and after a successful save the stale temporary files of earlier
     * saves of the same target (left by a killed process) are deleted: see {@link #deleteStaleTemps}.
     *
     * @param target the file to write
     * @param body writes the content into the temporary file
     * @throws IOException if {@code body} or the rename fails; {@code target} is then left as it was
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        FileChannel ch = null;
        boolean done = false;
        Set<PosixFilePermission> mode = modeOf(abs);
        java.nio.file.attribute.FileTime before = dirTime(dir);
        try {
            while (ch == null) {
                if (tmp != null) {
                    WRITING.remove(tmp);
                }
                tmp = saveTempFor(abs);
                WRITING.add(tmp); // before the file exists, so this JVM's cleaners never open it
                ch = createTemp(tmp, mode);
                if (!lockFresh(ch, tmp, mode)) {
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
        cleanAfter(abs, before);
    }

    /**
     * Deletes the leftovers beside {@code abs} after a successful write that began when the directory's modification
     * time was {@code before} ({@link #dirTimeOf}).
     */
    static void cleanAfter(Path abs, java.nio.file.attribute.FileTime before) {
        Path dir = abs.getParent();
        // Listing the directory costs O(entries): saving 10 000 files into one folder would be quadratic. Leftovers
        // can only appear through another process's changes, which move the directory's modification time; so scan
        // only when it moved since this JVM's previous save there ended (a missed scan is caught by the next one).
        // Temporaries that remain (live writers', or other targets' that only their own saves may clean) can turn into
        // leftovers without the directory changing: while there are any, keep scanning.
        int live = 0;
        if (dir != null && (before == null || !before.equals(LAST_SEEN.get(dir)))) {
            live = deleteStaleTemps(abs);
        }
        java.nio.file.attribute.FileTime after = dirTime(dir);
        if (live > 0 && dir != null) {
            LAST_SEEN.remove(dir);
        } else if (after != null && dir != null) {
            if (LAST_SEEN.size() > 1024) {
                LAST_SEEN.clear();
            }
            LAST_SEEN.put(dir, after);
        }
    }

    /** The modification time of the directory of {@code abs} (an absolute path), or null if unknown. */
    static java.nio.file.attribute.FileTime dirTimeOf(Path abs) {
        return dirTime(abs.getParent());
    }

    /** Each directory's modification time when this JVM's last save there ended. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, java.nio.file.attribute.FileTime> LAST_SEEN =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static java.nio.file.attribute.FileTime dirTime(Path dir) {
        if (dir == null) {
            return null;
        }
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The replacement must not be more open than what it replaces (NumPy writes into the existing file, whose mode
     * stays): returns the target's POSIX permissions, or null for a new target or a non-POSIX file system.
     */
    private static Set<PosixFilePermission> modeOf(Path target) {
        try {
            return Files.getPosixFilePermissions(target);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Creates the temporary file, with the target's mode less the umask when there is one: never more open than the
     * target from the first byte on ({@link #lockFresh} then restores bits the umask removed).
     */
    private static FileChannel createTemp(Path tmp, Set<PosixFilePermission> mode) throws IOException {
        if (mode == null) {
            return FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return FileChannel.open(tmp, CREATE_NEW_WRITE, PosixFilePermissions.asFileAttribute(mode));
    }

    private static final Set<StandardOpenOption> CREATE_NEW_WRITE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /**
     * Locks a just-created temporary file and gives it exactly {@code mode} (if not null); false if a cleaner deleted
     * it before the lock was ours. One {@code stat} of the locked file proves both that it is still there and whether
     * the umask took bits that the target had (then, and only then, a {@code chmod} follows).
     */
    private static boolean lockFresh(FileChannel ch, Path tmp, Set<PosixFilePermission> mode) throws IOException {
        boolean locked;
        try {
            ch.lock();
            locked = true;
        } catch (OverlappingFileLockException e) {
            return false; // a cleaner in this JVM holds it right now and is deleting it
        } catch (IOException | UnsupportedOperationException e) {
            locked = false; // no locks on this file system: cleaners fall back to the file's age
        }
        if (mode == null) {
            return !locked || Files.exists(tmp, LinkOption.NOFOLLOW_LINKS);
        }
        Set<PosixFilePermission> now;
        try {
            now = Files.readAttributes(tmp, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
        } catch (NoSuchFileException e) {
            if (locked) {
                return false;
            }
            throw e;
        }
        if (!now.equals(mode)) {
            Files.setPosixFilePermissions(tmp, mode);
        }
        return true;
    }

    /**
     * Deletes the temporary files {@code .NAME.RANDOM.save.tmp} of {@link #write} (and {@code .NAME.RANDOM.work.tmp}
     * of {@code w+} creations and appenders, which hold them the same way) beside {@code target} that no live writer
     * holds: a writer
     * keeps its temporary file locked until the rename, and the operating system drops the lock when the process dies
     * (even by SIGKILL), so a file whose lock can be taken is a leftover. Files locked by another process or by this
     * JVM are left alone, so concurrent saves of the same target are safe. Where the file system has no locks, only
     * files untouched for {@link #STALE_AGE_MILLIS} are deleted. Best effort: never fails.
     *
     * @param target the file whose leftover temporaries are deleted
     * @return how many such temporaries remain in the directory (live writers', or other targets')
     */
    public static int deleteStaleTemps(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null) {
            return 0;
        }
        return deleteStale(dir, "." + abs.getFileName() + ".");
    }

    /**
     * Deletes the unlocked save temporaries of the target whose names start with {@code prefix}; returns how many
     * save temporaries of any target remain in {@code dir} (live ones, and other targets', which are left alone).
     */
    private static int deleteStale(Path dir, String prefix) {
        int kept = 0;
        String save = SAVE_MARK + TEMP_SUFFIX;
        String work = WORK_MARK + TEMP_SUFFIX;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(".") && (n.endsWith(save) || n.endsWith(work));
        })) {
            for (Path p : entries) {
                boolean mine = isTempName(p.getFileName().toString(), prefix);
                if (!mine || WRITING.contains(p) || !deleteIfStale(p)) {
                    kept++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning is a courtesy; the save itself has succeeded
        }
        return kept;
    }

    /** How old an unlockable leftover must be before it is deleted on file systems without locks: one hour. */
    public static final long STALE_AGE_MILLIS = 3_600_000L;

    private static boolean isTempName(String name, String prefix) {
        String suffix = (name.endsWith(WORK_MARK + TEMP_SUFFIX) ? WORK_MARK : SAVE_MARK) + TEMP_SUFFIX;
        if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() < prefix.length() + suffix.length()) {
            return false;
        }
        String random = name.substring(prefix.length(), name.length() - suffix.length());
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

    /** Returns false if {@code p} may belong to a live writer (kept), true if it was deleted or is gone. */
    private static boolean deleteIfStale(Path p) {
        // read-only and a shared lock: enough to see a writer's exclusive lock, and works on leftovers whose mode
        // (copied from a read-only target) forbids writing
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return false; // locked through another channel of this JVM
            } catch (IOException | UnsupportedOperationException e) {
                if (System.currentTimeMillis() - Files.getLastModifiedTime(p).toMillis() > STALE_AGE_MILLIS) {
                    Files.deleteIfExists(p);
                    return true;
                }
                return false;
            }
            if (lock != null) {
                Files.deleteIfExists(p); // deleted while locked: a writer that locks it next sees it gone
                lock.release();
                return true;
            }
            return false;
        } catch (java.nio.file.NoSuchFileException e) {
            return true; // renamed by its writer or deleted meanwhile
        } catch (IOException | RuntimeException e) {
            return false; // not ours to open: leave it
        }
    }

    /**
     * The temporary files of {@link #write} are {@code .NAME.RANDOM.save.tmp}: locked while live, so the cleaner can
     * tell leftovers from saves in progress. Temporary files made with {@link #tempFor} ({@code .NAME.RANDOM.tmp})
     * hold no such lock, so the cleaner never touches them.
     */
    private static final String SAVE_MARK = ".save";

    /**
     * The temporary files of {@code w+} creations ({@link Mapping}) and of {@link NpyAppender} are
     * {@code .NAME.RANDOM.work.tmp}, held by {@link Held}: locked from creation until renamed or deleted, so the same
     * cleaner can tell their leftovers (the writer was killed) from writers still at work.
     */
    static final String WORK_MARK = ".work";

    /**
     * A temporary file {@code .NAME.RANDOM.work.tmp} beside a target, created by {@link #hold} and locked through
     * {@link #channel()} (open for reading and writing) until {@link #renamed} or {@link #release}; this JVM's
     * cleaners never open it meanwhile (on Linux closing any descriptor of the file would drop the lock). The writer
     * renames it over the target and calls {@link #renamed}, or fails and calls {@link #release}. Not thread-safe:
     * one writer owns it.
     */
    static final class Held {
        /** The absolute target path. */
        final Path target;
        /** The temporary file. */
        final Path path;
        /** The channel holding the lock; close it only after the file was renamed or deleted (or is being dropped). */
        private FileChannel channel;
        private boolean ownsChannel = true;
        /** The directory's modification time before the file was created, for {@link #cleanAfter}. */
        final java.nio.file.attribute.FileTime before;
        private FileLock lock;

        private Held(Path target, Path path, FileChannel channel, FileLock lock,
                java.nio.file.attribute.FileTime before) {
            this.target = target;
            this.path = path;
            this.channel = channel;
            this.lock = lock;
            this.before = before;
        }

        /**
         * The channel holding the lock, open for reading and writing; owned by the holder until {@link #handOver}.
         *
         * @return the channel
         */
        FileChannel channel() {
            return channel;
        }

        /**
         * Hands the locked channel to a caller that will own (and close) it, e.g. a mapping. Writing through this one
         * channel matters on Windows, where an exclusive lock also blocks this process's other handles.
         *
         * @return the channel
         */
        FileChannel handOver() {
            ownsChannel = false;
            return channel;
        }

        /**
         * If the handed-over channel was closed already (a mapping that needs no channel closes it at once), which
         * dropped the lock, locks the file again through a new channel of its own and checks it is still there: a
         * cleaner of another process may have taken it in between.
         *
         * @throws IOException if the file was deleted meanwhile
         */
        void relockIfClosed() throws IOException {
            if (lock == null || channel.isOpen()) {
                return; // no locks on this file system, or still held
            }
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            boolean ok = false;
            try {
                lock = ch.lock();
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchFileException(path.toString(), null,
                            "temporary file deleted while it was being written (a cleaner found it unlocked)");
                }
                ok = true;
            } finally {
                if (!ok) {
                    ch.close();
                }
            }
            channel = ch;
            ownsChannel = true;
        }

        /** Ends the hold once the file was renamed over the target (closing the channel if still ours). Never fails. */
        void renamed() {
            try {
                if (ownsChannel) {
                    channel.close();
                } else if (lock != null && lock.isValid()) {
                    lock.release(); // the channel now belongs to a mapping of the target
                }
            } catch (IOException e) {
                // the file is in place and forced; dropping a lock cannot lose data
            } finally {
                WRITING.remove(path);
            }
        }

        /**
         * Closes the channel and ends the hold, deleting the file if {@code delete} (when the write failed).
         * Idempotent.
         *
         * @param delete whether to delete the file
         * @throws IOException if closing or deleting fails
         */
        void release(boolean delete) throws IOException {
            try {
                if (ownsChannel) {
                    channel.close();
                }
                if (delete) {
                    Files.deleteIfExists(path);
                }
            } finally {
                WRITING.remove(path);
            }
        }
    }

    /**
     * Creates and locks a new temporary file {@code .NAME.RANDOM.work.tmp} beside {@code target}, with the usual
     * permissions of a new file (it becomes the target).
     */
    static Held hold(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        java.nio.file.attribute.FileTime before = dirTimeOf(abs);
        while (true) {
            Path tmp = markedTemp(abs, WORK_MARK);
            WRITING.add(tmp); // before the file exists, so this JVM's cleaners never open it
            FileChannel ch;
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException | RuntimeException e) {
                WRITING.remove(tmp);
                throw e;
            }
            FileLock lock = null;
            boolean ok = false;
            try {
                boolean taken = true;
                try {
                    lock = ch.lock();
                } catch (OverlappingFileLockException e) {
                    taken = false; // a cleaner in this JVM holds it right now and is deleting it
                } catch (IOException | UnsupportedOperationException e) {
                    lock = null; // no locks on this file system: cleaners fall back to the file's age
                }
                if (taken && (lock == null || Files.exists(tmp, LinkOption.NOFOLLOW_LINKS))) {
                    ok = true;
                    return new Held(abs, tmp, ch, lock, before);
                }
            } finally {
                if (!ok) {
                    ch.close(); // a cleaner took this file between its creation and our lock: use another name
                    WRITING.remove(tmp);
                }
            }
        }
    }

    private static Path markedTemp(Path abs, String mark) {
        String name = abs.getFileName().toString();
        long r = ThreadLocalRandom.current().nextLong() >>> 1;
        return abs.resolveSibling("." + name + "." + Long.toString(r, 36) + mark + TEMP_SUFFIX);
    }

    private static Path saveTempFor(Path abs) {
        return markedTemp(abs, SAVE_MARK);
    }

    /**
     * Returns a fresh temporary path beside {@code target}. Such a file is not locked by its writer, so
     * {@link #deleteStaleTemps} cannot tell a leftover from a file in use and never deletes it; npy4j's own writers no
     * longer use these names.
     *
     * @param target the file to be written
     * @return a new path {@code .NAME.RANDOM.tmp} in the same directory, not yet created
     */
    public static Path tempFor(Path target) {
        Path abs = target.toAbsolutePath();
        String name = abs.getFileName().toString();
        long r = ThreadLocalRandom.current().nextLong() >>> 1;
        return abs.resolveSibling("." + name + "." + Long.toString(r, 36) + TEMP_SUFFIX);
    }

    /**
     * Forces a directory's entries to disk where the platform allows it (Linux does; elsewhere this is a no-op).
     *
     * @param dir the directory
     */
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
