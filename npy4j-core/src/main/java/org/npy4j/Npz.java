package org.npy4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.npy4j.array.NdArray;
import org.npy4j.npz.NpzFile;
import org.npy4j.npz.NpzWriter;

/**
 * NumPy's {@code np.savez} / {@code np.savez_compressed} / {@code np.load} of {@code .npz} archives.
 *
 * <pre>{@code
 * Npz.savez(Path.of("d.npz"), Map.of("x", x));          // np.savez('d.npz', x=x)
 * try (NpzFile f = Npz.open(Path.of("d.npz"))) {         // with np.load('d.npz') as f:
 *     NdArray x = f.get("x");                            //     x = f['x']
 * }
 * }</pre>
 */
public final class Npz {
    private Npz() {
    }

    /**
     * {@code np.savez(path, *positional, **named)}: stored members, named ones first in map iteration order, then
     * {@code arr_0, arr_1, ...}; {@code .npz} appended when missing; written atomically. Returns the path written.
     */
    public static Path savez(Path path, Map<String, NdArray> named, NdArray... positional) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code np.savez_compressed(path, *positional, **named)}: like {@link #savez} with deflated members. */
    public static Path savezCompressed(Path path, Map<String, NdArray> named, NdArray... positional) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Returns a streaming writer builder for an archive at {@code path}. */
    public static NpzWriter.Builder writer(Path path) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Opens an archive lazily ({@code np.load(path)} of an {@code .npz}), reading only its central directory. */
    public static NpzFile open(Path path) throws IOException {
        return open(path, ReadLimits.DEFAULT);
    }

    /** Opens an archive under {@code limits}. */
    public static NpzFile open(Path path, ReadLimits limits) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
