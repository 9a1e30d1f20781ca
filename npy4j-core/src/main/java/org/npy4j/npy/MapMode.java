package org.npy4j.npy;

/** NumPy's {@code mmap_mode} values for {@link org.npy4j.Npy#map}. */
public enum MapMode {
    /** {@code 'r'}: read-only. */
    READ_ONLY,
    /** {@code 'r+'}: read-write, writes reach the file. */
    READ_WRITE,
    /** {@code 'c'}: copy-on-write, writes stay private. */
    COPY_ON_WRITE
}
