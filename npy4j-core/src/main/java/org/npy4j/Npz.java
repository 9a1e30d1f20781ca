package org.npy4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.npy4j.array.NdArray;
import org.npy4j.npy.NpyWriter;
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
 *
 * <table>
 * <caption>NumPy beside npy4j</caption>
 * <tr><th>NumPy</th><th>npy4j</th></tr>
 * <tr><td>{@code np.savez('d.npz', a, b, x=x)}</td><td>{@code Npz.savez(path, Map.of("x", x), a, b)}</td></tr>
 * <tr><td>{@code np.savez_compressed('d.npz', x=x)}</td><td>{@code Npz.savezCompressed(path, Map.of("x", x))}</td></tr>
 * <tr><td>(no streaming writer)</td><td>{@code Npz.writer(path).compressed(true).open()} then {@code add(name, array)}</td></tr>
 * <tr><td>{@code f = np.load('d.npz')}</td><td>{@code NpzFile f = Npz.open(path)}</td></tr>
 * <tr><td>{@code f.files}</td><td>{@code f.files()}</td></tr>
 * <tr><td>{@code 'x' in f}</td><td>{@code f.contains("x")}</td></tr>
 * <tr><td>{@code f['x']}</td><td>{@code f.get("x")}</td></tr>
 * <tr><td>{@code f['README.txt']} (bytes)</td><td>{@code f.bytes("README.txt")}</td></tr>
 * <tr><td>(not possible)</td><td>{@code f.map("x")}: a stored member memory-mapped out of the archive</td></tr>
 * <tr><td>{@code np.load('d.npz', max_header_size=n)}</td><td>{@code Npz.open(path, ReadLimits.builder().maxHeaderSize(n).build())}</td></tr>
 * </table>
 *
 * <p><b>Bytes.</b> {@link #savez} writes exactly the bytes {@code np.savez} writes (CPython >= 3.11.4 on POSIX).
 * {@link #savezCompressed} compresses on all cores by default for speed; only members up to 1 MiB then keep NumPy's
 * exact bytes. For an archive byte-identical to {@code np.savez_compressed} use
 * {@code Npz.writer(path).compressed(true).threads(1)}. Saving is atomic: a temporary file in the same directory is
 * renamed into place, so a failure never leaves a partial archive at {@code path}. (Benchmarks against NumPy live in
 * the separate JMH module.)
 */
public final class Npz {
    private Npz() {
    }

    /**
     * {@code np.savez(path, *positional, **named)}: stored members, named ones first in map iteration order, then
     * {@code arr_0, arr_1, ...}; {@code .npz} appended when missing; written atomically. Returns the path written.
     *
     * @param path the archive path
     * @param named named members ({@code **kwds}); use a {@link LinkedHashMap} to fix their order
     * @param positional positional members ({@code *args}), named {@code arr_0, arr_1, ...}
     * @return the path written
     * @throws IllegalArgumentException before anything is created, if a name equals {@code arr_i} of a positional
     *     index (NumPy's "Cannot use un-named variables and keyword arr_0"), or for an object array
     * @throws IOException if the archive cannot be written (nothing is left at {@code path} then)
     */
    public static Path savez(Path path, Map<String, NdArray> named, NdArray... positional) throws IOException {
        return save(NpzWriter.builder(path), named, positional);
    }

    /**
     * {@code np.savez_compressed(path, *positional, **named)}: like {@link #savez} with deflated members (level 6),
     * compressed on every available core (see the class comment for byte identity).
     *
     * @param path the archive path
     * @param named named members, in iteration order
     * @param positional positional members
     * @return the path written
     * @throws IOException if the archive cannot be written (nothing is left at {@code path} then)
     */
    public static Path savezCompressed(Path path, Map<String, NdArray> named, NdArray... positional) throws IOException {
        return save(NpzWriter.builder(path).compressed(true), named, positional);
    }

    private static Path save(NpzWriter.Builder b, Map<String, NdArray> named, NdArray... positional)
            throws IOException {
        Objects.requireNonNull(named, "named");
        Objects.requireNonNull(positional, "positional");
        Map<String, NdArray> members = new LinkedHashMap<>(named);
        List<String> positionalNames = new ArrayList<>();
        for (int i = 0; i < positional.length; i++) {
            String key = "arr_" + i;
            if (named.containsKey(key)) {
                throw new IllegalArgumentException("Cannot use un-named variables and keyword " + key);
            }
            positionalNames.add(key);
        }
        for (int i = 0; i < positional.length; i++) {
            members.put(positionalNames.get(i), positional[i]);
        }
        for (Map.Entry<String, NdArray> e : members.entrySet()) {
            Objects.requireNonNull(e.getKey(), "member name");
            Objects.requireNonNull(e.getValue(), e.getKey());
            if (e.getValue().dtype().hasObject()) {
                throw new IllegalArgumentException(e.getKey() + ": Object arrays cannot be saved when allow_pickle=False"
                        + " (npy4j never writes pickled data)");
            }
            try {
                NpyWriter.header(e.getValue()); // refuses what np.save cannot write, before the file exists
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(e.getKey() + ": " + x.getMessage(), x);
            }
            if (e.getKey().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("member name contains NUL: " + e.getKey().replace("\0", "\\x00"));
            }
        }
        NpzWriter w = b.open();
        try {
            for (Map.Entry<String, NdArray> e : members.entrySet()) {
                w.add(e.getKey(), e.getValue());
            }
        } catch (IOException | RuntimeException | Error e) {
            w.abort();
            throw e;
        }
        w.close();
        return w.path();
    }

    /**
     * Returns a streaming writer builder for an archive at {@code path} ({@code .npz} appended when missing):
     * {@code Npz.writer(path).compressed(true).level(6).threads(n).open()}, then {@code add(name, array)}.
     *
     * @param path the archive path
     * @return a builder; {@code open()} starts writing
     */
    public static NpzWriter.Builder writer(Path path) {
        return NpzWriter.builder(path);
    }

    /**
     * Returns a writer builder for an archive streamed to {@code out} (not closed; need not seek): the zip uses data
     * descriptors, exactly as Python's zipfile writes to an unseekable stream.
     *
     * @param out the stream to write to
     * @return a builder; {@code open()} starts writing
     */
    public static NpzWriter.Builder writer(OutputStream out) {
        return NpzWriter.builder(out);
    }

    /**
     * Opens an archive lazily ({@code np.load(path)} of an {@code .npz}), reading only its central directory.
     *
     * @param path the archive
     * @return the open archive
     * @throws IOException if the file cannot be read or is not a valid zip
     */
    public static NpzFile open(Path path) throws IOException {
        return open(path, ReadLimits.DEFAULT);
    }

    /**
     * Opens an archive under {@code limits}.
     *
     * @param path the archive
     * @param limits the limits to enforce
     * @return the open archive
     * @throws IOException if the file cannot be read, is not a valid zip, or exceeds {@code limits}
     */
    public static NpzFile open(Path path, ReadLimits limits) throws IOException {
        return NpzFile.open(path, limits);
    }
}
