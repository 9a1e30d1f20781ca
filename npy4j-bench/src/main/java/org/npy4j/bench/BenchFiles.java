package org.npy4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where benchmark data lives: a fresh directory under {@code /dev/shm} (RAM-backed, so the numbers measure the
 * library and not a disk) or, where there is none, under the system temp dir.
 *
 * <pre>{@code
 * Path dir = BenchFiles.newDir("load");
 * ...
 * BenchFiles.delete(dir);
 * }</pre>
 */
public final class BenchFiles {
    private BenchFiles() {
    }

    /** Creates a new empty directory in RAM when possible. */
    public static Path newDir(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "npy4j-" + prefix + "-");
        }
        return Files.createTempDirectory("npy4j-" + prefix + "-");
    }

    /** Deletes {@code dir} and everything in it; quietly does nothing for null. */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
