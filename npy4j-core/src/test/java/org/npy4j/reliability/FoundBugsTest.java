package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.npy4j.Npy;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.ReadLimits;

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

    /**
     * Found by {@link HostileInputs} (every truncation length): a file cut inside the header length field (after the
     * 8 bytes of magic and version) was read as a header of length 0 and reported as "cannot parse header" instead of
     * as truncated, because the count of bytes read for the length field included the 8 bytes already there.
     */
    @ParameterizedTest
    @CsvSource({"float_le_f8.npy, 8", "float_le_f8.npy, 9", "version3_utf8_names.npy, 8", "version3_utf8_names.npy, 10",
            "version3_utf8_names.npy, 11"})
    void fileCutInsideTheLengthFieldIsTruncated(String name, int keep) {
        byte[] cut = Arrays.copyOf(HostileInputs.resource("/conformance/corpus/" + name), keep);
        NpyTruncatedException e = assertThrows(NpyTruncatedException.class, () -> Npy.fromBytes(cut));
        assertTrue(e.getMessage().contains("length field"), e.getMessage());
        NpyTruncatedException s = assertThrows(NpyTruncatedException.class,
                () -> Npy.load(new ByteArrayInputStream(cut), ReadLimits.DEFAULT, "stream"));
        assertTrue(s.getMessage().contains("length field"), s.getMessage());
    }
}
