package org.npy4j.npz;

import java.io.IOException;
import java.util.List;
import org.npy4j.array.NdArray;
import org.npy4j.header.NpyHeader;

/** An open {@code .npz} archive, like NumPy's {@code NpzFile}: lazy, thread-safe reads of members. */
public final class NpzFile implements AutoCloseable {
    private NpzFile() {
    }

    /** Member names as NumPy's {@code .files}: archive order, one trailing {@code .npy} stripped. */
    public List<String> files() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The archive's entries with their zip metadata, in archive order. */
    public List<NpzEntry> entries() {
        throw new UnsupportedOperationException("TODO");
    }

    /** True if {@code name} (with or without {@code .npy}) is a member. */
    public boolean contains(String name) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Reads member {@code name} (with or without {@code .npy}) as an array. */
    public NdArray get(String name) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Reads only the {@code .npy} header of member {@code name}. */
    public NpyHeader header(String name) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
