/**
 * {@code .npz} archives: {@code np.savez} / {@code np.savez_compressed} ({@link org.npy4j.npz.NpzWriter}) and the lazy
 * {@link org.npy4j.npz.NpzFile} of {@code np.load}.
 *
 * <p>The zip container is implemented here, small and package-private: a writer that lays out bytes exactly as
 * CPython >= 3.11.4 does for NumPy (zip64 local extras, 1980 timestamps, patched local headers or data descriptors,
 * zip64 end records only past CPython's limits), a reader that trusts nothing it has not checked against the file
 * (end record search over a bounded window, zip64 anywhere, local headers compared with the central directory, CRC-32
 * always, inflation bounded by the declared size), and a pigz-style parallel deflater. Deflate and CRC-32 come from
 * {@code java.util.zip}. Benchmarks are in the separate JMH module, not here.
 */
package org.npy4j.npz;
