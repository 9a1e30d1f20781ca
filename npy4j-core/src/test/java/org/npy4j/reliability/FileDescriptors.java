package org.npy4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Counts this process's open file descriptors through {@code /proc/self/fd} (Linux; tests skip elsewhere). */
final class FileDescriptors {
    private static final Path FD = Path.of("/proc/self/fd");

    private FileDescriptors() {
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isDirectory(FD), "needs /proc/self/fd (Linux)");
    }

    static int open() throws IOException {
        try (Stream<Path> s = Files.list(FD)) {
            return (int) s.count();
        }
    }
}
