package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;

/**
 * {@code npy convert} streams: a 3 GB {@code .npy} and a stored {@code .npz} holding it convert in a JVM limited to
 * 256 MB of heap, and the copy is byte-identical. Heavy (6+ GB of disk): run with {@code -Pheavy}.
 */
class ConvertLargeFileHeavyTest {
    @TempDir
    Path tmp;

    @Test
    void convertsFilesFarLargerThanTheHeap() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("npy4j.heavy"), "heavy test: -Pheavy");
        long n = 375_000_000L; // 3 GB of float64
        NpyHeader h = NpyHeader.of(DType.FLOAT64, new long[] {n}, false);
        Path big = tmp.resolve("big.npy");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.write(h.encode());
            raf.setLength(h.dataOffset() + n * 8);
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < n; i += n / 7) {
                raf.seek(h.dataOffset() + i * 8);
                raf.write(b.putDouble(0, i * 0.5).array());
            }
            raf.seek(h.dataOffset() + 8);
            raf.write(b.putDouble(0, 2.5).array());
            raf.seek(h.dataOffset() + (n - 1) * 8);
            raf.write(b.putDouble(0, -1.5).array());
        }
        Path copy = tmp.resolve("copy.npy");
        run("convert", big.toString(), copy.toString());
        assertEquals(Files.mismatch(big, copy), -1L, "byte-identical copy");
        Files.delete(copy);

        Path z = tmp.resolve("big.npz");
        run("convert", big.toString(), z.toString(), "--member", "x");
        Files.delete(big);
        Path back = tmp.resolve("back.npy");
        run("convert", z + ":x", back.toString());
        assertEquals(h.dataOffset() + n * 8, Files.size(back));
        String shown = run("show", back.toString());
        // what NumPy prints for the same edge values (np.zeros(2000) with a[1] = 2.5, a[-1] = -1.5)
        assertEquals("[ 0.   2.5  0.  ...  0.   0.  -1.5]", shown.strip());
    }

    /** Runs the tool's main class in a fresh JVM with a 256 MB heap; returns stdout. */
    private static String run(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
