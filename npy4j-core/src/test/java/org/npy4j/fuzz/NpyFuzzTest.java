package org.npy4j.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;
import org.npy4j.Npy;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;

/**
 * Fuzzes the {@code .npy} reader: {@link Npy#fromBytes} (size known, so lying headers must fail before allocating)
 * and {@link Npy#load(java.io.InputStream, ReadLimits, String)} (size unknown, storage grows with what arrives).
 * Loaded arrays must re-save and re-load to the same bytes.
 */
class NpyFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"{'descr': ", "'fortran_order': ", "'shape': ", "True", "False", "'<f8'", "'>i4'", "'|V8'",
            "'<U3'", "'<M8[ms]'", "[('a', ", "('', '|V4')", "), (", ", (2, 3))", "(1,)", "()", "0x", "\\x", "\\u", "\"", "#"})
    @Timeout(10) // per input: regression mode times each seed; in fuzzing Jazzer turns it into libFuzzer's -timeout
    void fromBytes(byte[] input) throws IOException {
        NdArray a = Oracle.expectTypedOrValue(input, false, () -> Npy.fromBytes(input));
        Oracle.checkResave(a);
    }

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"{'descr': ", "'fortran_order': ", "'shape': ", "True", "False", "'<f8'", "'>i4'", "'|V8'",
            "'<U3'", "'<M8[ms]'", "[('a', ", "('', '|V4')", "), (", ", (2, 3))", "(1,)", "()", "0x", "\\x", "\\u", "\"", "#"})
    @Timeout(10) // per input: regression mode times each seed; in fuzzing Jazzer turns it into libFuzzer's -timeout
    void stream(byte[] input) throws IOException {
        NdArray a = Oracle.expectTypedOrValue(input, true,
                () -> Npy.load(new ByteArrayInputStream(input), ReadLimits.DEFAULT, "fuzz"));
        Oracle.checkResave(a);
    }
}
