package org.npy4j.npy;

import java.io.IOException;
import org.npy4j.array.NdArray;
import org.npy4j.header.NpyHeader;

/** A memory-mapped {@code .npy}: the array over the mapping, {@link #force()} and a deterministic {@link #close()}. */
public final class MappedNpy implements AutoCloseable {
    private MappedNpy() {
    }

    /** Returns the array over the mapping (same type as in-heap arrays). */
    public NdArray array() {
        throw new UnsupportedOperationException("TODO");
    }

    public NpyHeader header() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Writes changes through to the file ({@code flush()} in NumPy) for read-write mappings. */
    public void force() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
