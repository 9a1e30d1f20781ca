package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyException;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.npy.AtomicWrite;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npz.NpzFile;
import org.npy4j.testing.Corpus;

/**
 * 10 000 opens and closes — good and bad {@code .npy} loads, header reads, failed saves, {@code .npz} archives and
 * mapped arrays — leave the process with as many open file descriptors as before ({@code /proc/self/fd}); and using
 * an archive or a mapping after close is a clear {@link IllegalStateException}, never a JVM crash.
 */
class ResourceLeakTest {
    private static final int ROUNDS = 10_000;
    /** Descriptors the JVM itself may open meanwhile (jar files, class loading); a leak would be thousands. */
    private static final int SLACK = 20;

    @BeforeEach
    void linuxOnly() {
        FileDescriptors.assumeAvailable();
    }

    @Test
    void npyLoadsAndHeaderReadsCloseTheirFiles(@TempDir Path dir) throws IOException {
        Path good = Corpus.file("struct_nested.npy");
        Path truncated = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(Files.readAllBytes(good), 150));
        Path notNpy = Files.write(dir.resolve("zip.npy"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});
        Npy.load(good); // warm up: classes loaded, lazily opened JDK files open
        int before = FileDescriptors.open();
        for (int i = 0; i < ROUNDS; i++) {
            switch (i % 4) {
                case 0:
                    Npy.load(good);
                    break;
                case 1:
                    Npy.readHeader(good);
                    break;
                case 2:
                    assertThrows(NpyException.class, () -> Npy.load(truncated));
                    break;
                default:
                    assertThrows(NpyException.class, () -> Npy.load(notNpy));
            }
        }
        assertNoLeak(before);
    }

    @Test
    void failedSavesCloseTheirTemporaryFiles(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("a.npy");
        Npy.save(target, NdArray.zeros(org.npy4j.dtype.DType.parse("<f8"), 10));
        int before = FileDescriptors.open();
        for (int i = 0; i < ROUNDS / 10; i++) {
            assertThrows(IOException.class, () -> AtomicWrite.write(target, ch -> {
                ch.write(ByteBuffer.wrap(new byte[100]));
                throw new IOException("disk full (simulated)");
            }));
        }
        assertNoLeak(before);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "failed saves left temporary files");
        }
    }

    @Test
    void npzOpensAndClosesLeakNothingAndUseAfterCloseIsAnIllegalState() throws Exception {
        Path archive = Corpus.file("dataset.npz");
        Pending.orSkip("Npz.open", () -> {
            try (NpzFile f = Npz.open(archive)) {
                return f.files();
            }
        });
        int before = FileDescriptors.open();
        for (int i = 0; i < ROUNDS; i++) {
            try (NpzFile f = Npz.open(archive)) {
                if (i % 10 == 0) {
                    f.get(f.files().get(0));
                }
            }
        }
        assertNoLeak(before);
        NpzFile closed = Npz.open(archive);
        String member = closed.files().get(0);
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.get(member));
        closed.close(); // closing twice is harmless, as for any Closeable
    }

    @Test
    void mappingsOpenAndCloseLeakNothingAndUseAfterCloseIsAnIllegalState() throws Exception {
        Path file = Corpus.file("features_100x10.npy");
        Pending.orSkip("Npy.map", () -> {
            try (MappedNpy m = Npy.map(file, MapMode.READ_ONLY)) {
                return m.header();
            }
        });
        int before = FileDescriptors.open();
        double expected = Npy.load(file).getDouble(99, 9);
        for (int i = 0; i < ROUNDS; i++) {
            try (MappedNpy m = Npy.map(file, MapMode.READ_ONLY)) {
                if (i % 10 == 0) {
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(m.array().getDouble(99, 9)));
                }
            }
        }
        assertNoLeak(before);
        MappedNpy m = Npy.map(file, MapMode.READ_ONLY);
        NdArray a = m.array();
        m.close();
        // after close the mapping is gone: touching it must be an exception, not a SIGSEGV of the JVM
        assertThrows(IllegalStateException.class, () -> a.getDouble(0, 0));
        assertThrows(IllegalStateException.class, m::array);
        m.close();
    }

    private static void assertNoLeak(int before) throws IOException {
        int after = FileDescriptors.open();
        assertTrue(after <= before + SLACK, "file descriptors: " + before + " before, " + after + " after " + ROUNDS
                + " rounds");
    }
}
