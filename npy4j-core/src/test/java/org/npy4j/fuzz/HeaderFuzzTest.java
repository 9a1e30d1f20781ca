package org.npy4j.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.junit.jupiter.api.Timeout;
import org.npy4j.ReadLimits;
import org.npy4j.header.NpyHeader;

/**
 * Fuzzes the {@code .npy} header parser on arbitrary bytes. In the normal build only the seeds and committed
 * findings under {@code HeaderFuzzTestInputs/} run; {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}.
 */
class HeaderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"{'descr': ", "'fortran_order': ", "'shape': ", "True", "False", "'<f8'", "'>i4'", "'|V8'",
            "'<U3'", "'<M8[ms]'", "[('a', ", "('', '|V4')", "), (", ", (2, 3))", "(1,)", "()", "0x", "\\x", "\\u", "\"", "#"})
    @Timeout(10) // per input: regression mode times each seed; in fuzzing Jazzer turns it into libFuzzer's -timeout
    void header(byte[] input) throws IOException {
        ReadableByteChannel ch = Channels.newChannel(new ByteArrayInputStream(input));
        NpyHeader h = Oracle.expectTypedOrValue(input, true, () -> NpyHeader.read(ch, ReadLimits.DEFAULT, "fuzz"));
        if (h != null) {
            // whatever parsed must describe itself consistently
            h.dataBytes();
            h.descr();
            NpyHeader.of(h.dtype(), h.shape(), h.fortranOrder()).encode();
        }
    }
}
