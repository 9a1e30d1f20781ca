package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.npy4j.Npy;
import org.npy4j.NpyFormatException;

/**
 * Regression tests for problems found by the fuzz targets and the hostile-input suite, one test per finding, each
 * naming where it was found. Inputs too big to write inline are committed under {@code src/test/resources/fuzz/}.
 */
class FoundBugsTest {
    /**
     * Found by {@code NpyFuzzTest.fromBytes} on the empty input: {@code Npy.fromBytes(new byte[0])} threw a bare
     * {@link java.io.EOFException}, while an empty file is a {@link NpyFormatException}; a byte array is a whole
     * content like a file, not a stream that may hold further arrays.
     */
    @Test
    void emptyByteArrayIsAFormatErrorLikeAnEmptyFile() {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.fromBytes(new byte[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
