package org.npy4j.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-writer lock of a checkpoint folder: an OS lock ({@link FileChannel#tryLock()}) on {@value #NAME}, which the
 * operating system drops when the holder dies, even by SIGKILL, so a stale lock file never blocks anyone. The file
 * itself is never deleted (deleting lock files races with their next taker).
 */
final class DirLock implements AutoCloseable {
    static final String NAME = ".npy4j-checkpoints.lock";

    /**
     * Folders locked by this JVM. A second store in this JVM must not even open the lock file: on Linux closing any
     * descriptor of a file drops every POSIX lock this process holds on it, so probing would unlock the first store.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir}, or returns null with the holder described in {@code holder[0]}. */
    static DirLock tryAcquire(Path dir, String[] holder) throws IOException {
        Path key = dir.toRealPath();
        if (!HELD.add(key)) {
            holder[0] = "another CheckpointStore in this JVM";
            return null;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(key.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (UnsupportedOperationException | IOException e) {
                throw new IOException("cannot lock " + key.resolve(NAME) + ": " + e.getMessage(), e);
            }
            if (l == null) {
                ch.close(); // this JVM holds no lock on the file, so closing drops nothing of ours
                ch = null;
                HELD.remove(key);
                holder[0] = describeHolder(key.resolve(NAME));
                return null;
            }
            ch.truncate(0);
            byte[] me = ("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            ch.write(ByteBuffer.wrap(me), 0);
            return new DirLock(key, ch, l);
        } catch (IOException | RuntimeException | Error e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
            }
            HELD.remove(key);
            throw e;
        }
    }

    /** True if some store in this JVM holds {@code dir}. */
    static boolean heldHere(Path dir) {
        try {
            return HELD.contains(dir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static String describeHolder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "another process" : "another process: " + s;
        } catch (IOException | RuntimeException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(key);
        }
    }
}
