package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.npy4j.Npy;
import org.npy4j.NpyException;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.testing.Python;

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

    /**
     * Found by reading the literal parser after fuzzing: each unary sign recursed without a depth check, so a
     * 10 000-character header with 9 000 {@code -} signs overflowed the stack ({@link StackOverflowError}, not a typed
     * error). NumPy refuses it ({@code ast.literal_eval} takes one sign, on a number only). Parsed on a thread with a
     * small stack, as a server's worker thread may have.
     */
    @Test
    void thousandsOfSignsAreATypedErrorNotAStackOverflow() throws InterruptedException {
        byte[] npy = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + "-".repeat(9000) + "1,), }", 0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                Npy.fromBytes(npy);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertTrue(thrown.get() instanceof NpyFormatException, "got " + thrown.get());
    }

    /**
     * Signs as {@code ast.literal_eval} takes them (found with the case above): one sign, on a number, which may be
     * parenthesised; never a sign on a sign or on a bool. Each case is loaded by NumPy and by npy4j and must have the
     * same outcome.
     */
    @Test
    void signsInHeadersAreAcceptedExactlyWhereNumpyAcceptsThem(@TempDir Path dir) throws IOException {
        List<String> shapes = List.of("(+ 3,)", "(+(3),)", "(+( 3 ),)", "(- 0,)", "(-(0),)", "(+0x3,)", "(++3,)",
                "(+-3,)", "(--0,)", "(+(+3),)", "(+True,)", "(-False,)", "(+(3,),)", "(+ (3),)");
        sameOutcomeAsNumpy(dir, shapes.stream().map(sh -> "{'descr': '<f8', 'fortran_order': False, 'shape': " + sh
                + ", }").toList(), 24);
    }

    /**
     * Found by probing the header checks: a shape with a zero and other dimensions whose product overflows 64 bits,
     * such as {@code (0, 2**63-1)} of {@code <f8}, loaded as an empty array with overflowed (negative) strides; NumPy
     * refuses it ("array is too big"), because the strides of the other axes must fit. Cases on both sides of the
     * line are loaded by NumPy and npy4j and must have the same outcome.
     */
    @Test
    void emptyArraysWhoseOtherDimensionsOverflowAreRefusedAsInNumpy(@TempDir Path dir) throws IOException {
        List<String> headers = List.of(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 9223372036854775807), }",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 1152921504606846976), }",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 1152921504606846975), }",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846975, 0), }",
                "{'descr': '<f8', 'fortran_order': True, 'shape': (0, 1152921504606846975, 2), }",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (0, 4611686018427387903), }",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (0, 4611686018427387904), }",
                "{'descr': [], 'fortran_order': False, 'shape': (9223372036854775807,), }",
                "{'descr': [], 'fortran_order': False, 'shape': (0, 9223372036854775807), }",
                "{'descr': '|S0', 'fortran_order': False, 'shape': (3037000499, 3037000499), }");
        sameOutcomeAsNumpy(dir, headers, 0);
    }

    /** Writes one {@code .npy} per header (v1.0, {@code dataBytes} zero bytes of data) and compares outcomes. */
    private static void sameOutcomeAsNumpy(Path dir, List<String> headers, int dataBytes) throws IOException {
        List<String> args = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            Path f = dir.resolve("case" + i + ".npy");
            Files.write(f, npy(headers.get(i), dataBytes));
            args.add(Python.arg(f));
            try {
                NdArray a = Npy.load(f);
                ours.add(headers.get(i) + " -> OK " + Arrays.toString(a.shape()));
            } catch (NpyException e) {
                ours.add(headers.get(i) + " -> ERR");
            }
        }
        String out = Python.run("import sys\nimport numpy as np\n"
                + "for p in sys.argv[1:]:\n"
                + "    try:\n"
                + "        a = np.load(p)\n"
                + "        print('OK [' + ', '.join(str(d) for d in a.shape) + ']')\n"
                + "    except (ValueError, TypeError, OverflowError, EOFError) as e:\n"
                + "        print('ERR', repr(e).replace('\\n', ' '))\n", args.toArray(new String[0]));
        String[] lines = out.trim().split("\n");
        List<String> numpy = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String line = lines[i].trim();
            System.out.println("numpy: " + headers.get(i) + " -> " + line); // NumPy's reason, for a failing case
            numpy.add(headers.get(i) + " -> " + (line.startsWith("ERR") ? "ERR" : line));
        }
        assertEquals(String.join("\n", numpy), String.join("\n", ours));
    }

    /** A v1.0 {@code .npy} with exactly this header text (unpadded, as NumPy also reads) and zeroed data. */
    private static byte[] npy(String dict, int dataBytes) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1;
        byte[] out = new byte[10 + hlen + dataBytes];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) hlen, (byte) (hlen >> 8)}, 0,
                out, 0, 10);
        System.arraycopy(text, 0, out, 10, text.length);
        out[10 + text.length] = '\n';
        return out;
    }
}
