package org.npy4j.npy;

/**
 * NumPy's {@code mmap_mode} values for {@link org.npy4j.Npy#map}; {@code 'w+'} is {@link org.npy4j.Npy#create}.
 *
 * <pre>{@code
 * try (MappedNpy m = Npy.map(path, MapMode.COPY_ON_WRITE)) {   // np.load(path, mmap_mode='c')
 *     m.array().setDouble(1.0, 0);                             // private to this mapping
 * }
 * }</pre>
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public enum MapMode {
    /** {@code 'r'}: read-only; the array refuses writes. */
    READ_ONLY,
    /** {@code 'r+'}: read-write, writes reach the file ({@link MappedNpy#force()} makes them durable). */
    READ_WRITE,
    /**
     * {@code 'c'}: copy-on-write, writes stay private to the mapping and never reach the file. Unlike NumPy this needs
     * write permission on the file: the JDK creates private mappings only through a channel opened for writing.
     */
    COPY_ON_WRITE
}
