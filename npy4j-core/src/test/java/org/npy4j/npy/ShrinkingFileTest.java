package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyTruncatedException;

/**
 * A file cut short while its data is copied out of a mapping (the copy then faults with SIGBUS) fails with
 * {@link NpyTruncatedException} naming the file — also once the copy is JIT-compiled, where the JVM reports the fault
 * late, at the thread's next transition into the VM — for both the array load and the Java-array load.
 */
@DisabledOnOs(OS.WINDOWS) // no mapped reads there
class ShrinkingFileTest {
    @TempDir
    Path dir;

    @AfterEach
    void unhook() {
        NpyReader.afterMap = null;
    }

    @Test
    void aFileCutDuringTheCopyFailsAsTruncated() throws IOException {
        double[] d = new double[9 << 17]; // 9 MiB: two parts where there are two processors
        java.util.Arrays.fill(d, 1.5);
        Path p = dir.resolve("a.npy");
        for (int round = 0; round < 30; round++) {
            Npy.save(p, d);
            long cut = 128 + (round % 3 == 0 ? 4096 : d.length * 4L);
            NpyReader.afterMap = () -> {
                NpyReader.afterMap = null; // once: later windows see the cut through the size check
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(cut);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            Executable load = round % 2 == 0 ? () -> Npy.load(p) : () -> Npy.loadDoubleArray(p);
            NpyTruncatedException e = assertThrows(NpyTruncatedException.class, load, "round " + round);
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("shrank"), e.getMessage());
            Files.delete(p);
        }
    }
}
