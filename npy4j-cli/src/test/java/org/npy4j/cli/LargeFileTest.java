package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;

/**
 * {@code info}, {@code show} and {@code check} on an 8 GB {@code .npy} (a sparse file: header, two values, the rest a
 * hole) in a test JVM with 1 GB of heap: they read headers and the printed elements only.
 */
class LargeFileTest {
    @TempDir
    Path tmp;

    @Test
    void headersAndPrintedElementsOnly() throws Exception {
        long n = 1_000_000_000L; // 8 GB of float64
        NpyHeader h = NpyHeader.of(DType.FLOAT64, new long[] {n}, false);
        Path f = tmp.resolve("huge.npy");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(h.encode());
            raf.setLength(h.dataOffset() + n * 8);
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            raf.seek(h.dataOffset());
            raf.write(b.putDouble(0, 1.5).array());
            raf.seek(h.dataOffset() + (n - 1) * 8);
            raf.write(b.putDouble(0, -2.25).array());
        }
        Cli.Result info = Cli.run("info", f.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("shape (1000000000,)") && info.out().contains("8000000000 data bytes"), info.out());

        Cli.Result show = Cli.run("show", f.toString());
        assertEquals(0, show.code(), show.err());
        assertEquals("[ 1.5   0.    0.   ...  0.    0.   -2.25]", show.out().strip());

        Cli.Result check = Cli.run("check", f.toString());
        assertEquals(f + ": OK\n", check.out());
    }
}
