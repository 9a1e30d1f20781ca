package org.npy4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.npz.NpzFile;

/**
 * Fuzzes the {@code .npz} reader: the input is written to a file, opened with {@link Npz#open(Path)}, and every
 * member's header and array are read. Zip damage, lying sizes, zip bombs and bad member {@code .npy} bytes must all
 * end in typed errors. Skipped while {@code Npz.open} is still a stub.
 */
class NpzFuzzTest {
    private static Path file;

    /** Skips the class while the reader is a stub (Jazzer reports anything thrown inside a fuzz target as a finding). */
    @BeforeAll
    static void implemented() throws IOException {
        file = Files.createTempFile("npy4j-fuzz", ".npz");
        try {
            Npz.open(file).close();
        } catch (IOException e) {
            // an empty file is refused: the reader exists
        } catch (UnsupportedOperationException e) {
            Assumptions.assumeFalse("TODO".equals(e.getMessage()), "Npz.open is not implemented on this branch yet");
            throw e;
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "20s")
    @Timeout(10) // per input: regression mode times each seed; in fuzzing Jazzer turns it into libFuzzer's -timeout
    void archive(byte[] input) throws IOException {
        Files.write(file, input);
        NpzFile f = Oracle.expectTypedOrValue(input, false, () -> Npz.open(file));
        if (f == null) {
            return;
        }
        try (NpzFile archive = f) {
            for (String name : archive.files()) {
                Oracle.expectTypedOrValue(input, false, () -> archive.header(name));
                NdArray a = Oracle.expectTypedOrValue(input, false, () -> archive.get(name));
                Oracle.checkResave(a);
            }
        }
    }
}
