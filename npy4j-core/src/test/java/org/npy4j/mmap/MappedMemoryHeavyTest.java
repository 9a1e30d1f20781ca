package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.dtype.DType;
import org.npy4j.npy.NpyAppender;
import org.npy4j.testing.Python;

/**
 * The memory bound of issue 4: a 4 GiB {@code .npy} (written here through the streaming writer) is processed by a
 * forked JVM with {@code -Xmx256m}, once through the block reader and once through a mapping, and NumPy checks the
 * file. Heavy profile only ({@code -Pheavy}): it writes 4 GiB to disk.
 */
class MappedMemoryHeavyTest {
    private static final long ROWS = 1L << 25;
    private static final int COLS = 16;
    private static final long N = ROWS * COLS; // 2^29 int64 = 4 GiB

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void writeFourGiB() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("npy4j.heavy"), "heavy test: run with -Pheavy");
        file = dir.resolve("big.npy");
        long[] block = new long[1 << 20];
        try (NpyAppender w = NpyAppender.create(file, DType.INT64, new long[] {COLS}, false)) {
            for (long base = 0; base < N; base += block.length) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = base + i;
                }
                w.append(block);
            }
        }
        assertEquals(128 + N * 8, Files.size(file));
    }

    private static String fork(String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MemoryBoundMain.class.getName(), mode, file.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child JVM timed out");
        String text = new String(out, StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static void check(String out) {
        long sum = N / 2 * (N - 1); // 0 + 1 + ... + (N - 1), exact in a long
        assertTrue(out.startsWith("count=" + N + " sum=" + sum + " last=" + (N - 1) + " maxHeap="), out);
        long maxHeap = Long.parseLong(out.substring(out.indexOf("maxHeap=") + 8).trim());
        assertTrue(maxHeap <= 300L << 20 && maxHeap < N * 8 / 10, "the child's heap is far below the file: " + out);
    }

    @Test
    void blockReaderWithA256MiBHeap() throws Exception {
        check(fork("blocks"));
    }

    @Test
    void mappingWithA256MiBHeap() throws Exception {
        check(fork("map"));
    }

    @Test
    void numpyReadsTheStreamedFile() {
        String out = Python.run("import sys, numpy as np\na = np.load(sys.argv[1], mmap_mode='r')\n"
                + "print(a.shape, a.dtype.str, a[0, 0], a[-1, -1], a[12345, 7])", Python.arg(file));
        assertEquals("(" + ROWS + ", " + COLS + ") <i8 0 " + (N - 1) + " " + (12345L * COLS + 7), out.trim());
    }
}
