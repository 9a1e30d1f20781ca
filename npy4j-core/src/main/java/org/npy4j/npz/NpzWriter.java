package org.npy4j.npz;

import java.io.IOException;
import org.npy4j.array.NdArray;

/** Writes an {@code .npz} member by member, streaming; the archive appears at its path atomically on {@link #close()}. */
public final class NpzWriter implements AutoCloseable {
    private NpzWriter() {
    }

    /** Adds member {@code name} ({@code .npy} appended). */
    public NpzWriter add(String name, NdArray array) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Options of an archive being written. */
    public static final class Builder {
        Builder() {
        }

        /** Deflate members ({@code savez_compressed}) instead of storing them. */
        public Builder compressed(boolean on) {
            throw new UnsupportedOperationException("TODO");
        }

        public NpzWriter open() throws IOException {
            throw new UnsupportedOperationException("TODO");
        }
    }
}
