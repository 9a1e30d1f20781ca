package org.npy4j.header;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import org.npy4j.ReadLimits;
import org.npy4j.dtype.DType;

/** Formats and parses {@code .npy} headers exactly as NumPy does (see NUMPY_FORMAT.md §1-§3). */
final class HeaderCodec {
    private HeaderCodec() {
    }

    static NpyHeader describe(DType dtype, long[] shape, boolean fortranOrder) {
        throw new UnsupportedOperationException("TODO");
    }

    static byte[] encode(NpyHeader h) {
        throw new UnsupportedOperationException("TODO");
    }

    static String descr(DType dtype) {
        throw new UnsupportedOperationException("TODO");
    }

    static NpyHeader read(ReadableByteChannel channel, ReadLimits limits, String source) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
