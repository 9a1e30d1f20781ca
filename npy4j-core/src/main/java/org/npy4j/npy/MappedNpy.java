package org.npy4j.npy;

import java.nio.file.Path;
import org.npy4j.array.NdArray;
import org.npy4j.header.NpyHeader;

/**
 * A memory-mapped {@code .npy} file, like NumPy's {@code np.memmap} returned by {@code np.load(path, mmap_mode=...)}:
 * the {@link #array()} is an ordinary {@link NdArray} (views, fields, slices, copies) whose storage is the mapping,
 * {@link #force()} is NumPy's {@code flush()}, and {@link #close()} releases the mapping.
 *
 * <pre>{@code
 * try (MappedNpy m = Npy.map(Path.of("big.npy"), MapMode.READ_ONLY)) {     // reads only the header
 *     double x = m.array().getDouble(100, 200);                            // touches one page
 * }
 * }</pre>
 *
 * <p>After {@link #close()} the array and every view of it throw {@link IllegalStateException}
 * ({@code "already closed: MappedNpy(path=...)"}). On Java 22 and later this holds for every thread; on Java 17-21,
 * where {@code close()} unmaps through {@code sun.misc.Unsafe.invokeCleaner}, close only after other threads are done
 * reading: see {@link MappedStorage} for the JDK's unmapping rules.
 *
 * <p>Opening costs the same for any file size: the data is mapped in 1 GiB chunks, each when an access first touches
 * it, and {@link #close()} unmaps only those (on Java 17-21 the file stays open, one descriptor, until every chunk is
 * mapped or the mapping is closed).
 */
public final class MappedNpy implements AutoCloseable {
    private final Path path;
    private final NpyHeader header;
    private final MapMode mode;
    private final MappedStorage storage;
    private final NdArray array;

    MappedNpy(Path path, NpyHeader header, MapMode mode, MappedStorage storage, NdArray array) {
        this.path = path;
        this.header = header;
        this.mode = mode;
        this.storage = storage;
        this.array = array;
    }

    /**
     * Returns the array over the mapping: writable for {@link MapMode#READ_WRITE} and {@link MapMode#COPY_ON_WRITE},
     * read-only for {@link MapMode#READ_ONLY}; C or Fortran strides as the header says.
     *
     * @return the mapped array
     * @throws IllegalStateException if closed
     */
    public NdArray array() {
        checkOpen();
        return array;
    }

    /**
     * Returns the file's header (dtype, shape, order, data offset).
     *
     * @return the header
     */
    public NpyHeader header() {
        return header;
    }

    /**
     * Returns the mode the file was mapped in ({@link org.npy4j.Npy#create} maps {@link MapMode#READ_WRITE}).
     *
     * @return the map mode
     */
    public MapMode mode() {
        return mode;
    }

    /**
     * Returns the mapped file.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns true once {@link #close()} has run.
     *
     * @return whether it is closed
     */
    public boolean isClosed() {
        return storage.isClosed();
    }

    /**
     * Writes changes through to the file ({@code flush()} in NumPy) for {@link MapMode#READ_WRITE} mappings; does
     * nothing for read-only and copy-on-write mappings.
     *
     * @throws IllegalStateException if closed
     */
    public void force() {
        checkOpen();
        storage.force();
    }

    /**
     * Releases the mapping (idempotent). Writes of a {@link MapMode#READ_WRITE} mapping are forced to the file first;
     * the private pages of a {@link MapMode#COPY_ON_WRITE} mapping are discarded.
     */
    @Override
    public void close() {
        if (storage.isClosed()) {
            return;
        }
        try {
            storage.force();
        } finally {
            storage.close();
        }
    }

    private void checkOpen() {
        if (storage.isClosed()) {
            throw new IllegalStateException("already closed: " + this);
        }
    }

    @Override
    public String toString() {
        return "MappedNpy(path=" + path + ")";
    }
}
