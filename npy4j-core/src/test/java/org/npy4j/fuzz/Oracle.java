package org.npy4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import org.npy4j.Npy;
import org.npy4j.NpyException;
import org.npy4j.array.NdArray;

/**
 * The contract every fuzz target checks: hostile input ends in one of the library's typed exceptions (an empty stream
 * may end in {@link EOFException}, as NumPy's {@code EOFError}); anything else escaping — a runtime exception, an
 * {@link Error} such as {@link OutOfMemoryError} — fails the target. An input that does load must re-save and re-load
 * to the same bytes, so a "valid" parse of garbage cannot silently produce an inconsistent array.
 */
final class Oracle {
    /** Upper bound for the re-save check: bigger arrays are legal, just not worth copying on every fuzz input. */
    private static final long RESAVE_MAX_BYTES = 1 << 20;

    private Oracle() {
    }

    /** A parse step that may throw anything. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code step} on {@code input}; returns its result, or null when it ended in an accepted typed error.
     * Any other throwable propagates and so becomes a Jazzer finding.
     */
    static <T> T expectTypedOrValue(byte[] input, boolean stream, Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (NpyException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("typed error without a message", e);
            }
            return null;
        } catch (EOFException e) {
            if (stream && input.length == 0) {
                return null;
            }
            throw new AssertionError("EOFException is only expected for an empty stream (input of " + input.length
                    + " bytes)", e);
        }
    }

    /** Checks that a loaded array survives save → load unchanged (same dtype, shape, order and bytes). */
    static void checkResave(NdArray a) throws IOException {
        if (a == null || a.byteSize() > RESAVE_MAX_BYTES) {
            return;
        }
        byte[] once = Npy.toBytes(a);
        NdArray b = Npy.fromBytes(once);
        assertEquals(a.dtype(), b.dtype(), "dtype changed on re-save");
        assertArrayEquals(a.shape(), b.shape(), "shape changed on re-save");
        assertArrayEquals(once, Npy.toBytes(b), "bytes changed on a second save");
    }
}
