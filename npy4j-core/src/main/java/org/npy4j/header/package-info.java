/**
 * The {@code .npy} header codec: {@link org.npy4j.header.NpyHeader} holds dtype, shape and order, encodes exactly
 * the header bytes {@code np.save} writes (format versions 1.0, 2.0 and 3.0) and reads a header under
 * {@link org.npy4j.ReadLimits} with a small parser for the Python literal it contains (never {@code eval}).
 */
package org.npy4j.header;
