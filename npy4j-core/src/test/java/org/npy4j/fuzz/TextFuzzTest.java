package org.npy4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.npy4j.NpyText;
import org.npy4j.array.NdArray;

/**
 * Fuzzes the text parser: the input is written to a file and read with {@link NpyText#loadtxt(Path)} (NumPy's
 * defaults). Bad numbers, ragged rows, odd encodings and huge lines must end in typed errors. Skipped while
 * {@code NpyText.loadtxt} is still a stub.
 */
class TextFuzzTest {
    private static Path file;

    /** Skips the class while the parser is a stub (Jazzer reports anything thrown inside a fuzz target as a finding). */
    @BeforeAll
    static void implemented() throws IOException {
        file = Files.createTempFile("npy4j-fuzz", ".txt");
        try {
            NpyText.loadtxt(file);
        } catch (IOException e) {
            // refused: the parser exists
        } catch (UnsupportedOperationException e) {
            Assumptions.assumeFalse("TODO".equals(e.getMessage()), "NpyText.loadtxt is not implemented on this branch yet");
            throw e;
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "20s")
    @Timeout(10) // per input: regression mode times each seed; in fuzzing Jazzer turns it into libFuzzer's -timeout
    void loadtxt(byte[] input) throws IOException {
        Files.write(file, input);
        NdArray a = Oracle.expectTypedOrValue(input, false, () -> NpyText.loadtxt(file));
        Oracle.checkResave(a);
    }
}
