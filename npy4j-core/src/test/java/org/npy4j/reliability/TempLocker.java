package org.npy4j.reliability;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child process of {@link StaleTempCleanupTest}: creates {@code args[0]} and holds an exclusive lock on it, as a
 * save in progress in another process does with its temporary file, until it is killed.
 */
public final class TempLocker {
    private TempLocker() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.lock();
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
