package org.npy4j.npy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child process of {@link HeldTempLockTest}: prints {@code locked} if another process holds a lock on {@code args[0]}
 * (a shared lock cannot be taken), else {@code free}; as {@code AtomicWrite}'s cleaner probes a temporary file.
 */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            FileLock lock = ch.tryLock(0, Long.MAX_VALUE, true);
            System.out.println(lock == null ? "locked" : "free");
        }
    }
}
