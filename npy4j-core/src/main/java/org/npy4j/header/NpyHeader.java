package org.npy4j.header;

import java.util.Arrays;
import java.util.Objects;
import org.npy4j.dtype.DType;

/**
 * The parsed header of a {@code .npy} file: dtype, shape, order, format version, and where the data starts.
 *
 * <pre>{@code
 * NpyHeader h = Npy.readHeader(path);     // reads only the header, instant on a 100 GB file
 * long rows = h.shape()[0];
 * }</pre>
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public final class NpyHeader {
    private final DType dtype;
    private final long[] shape;
    private final boolean fortranOrder;
    private final int majorVersion;
    private final long dataOffset;

    /**
     * A header as given, without checks (use {@link #of} for the header {@code np.save} writes).
     *
     * @param dtype the array's dtype
     * @param shape the array's shape (copied)
     * @param fortranOrder whether the data is in Fortran order
     * @param majorVersion the format version, 1, 2 or 3
     * @param dataOffset the byte offset of the data in the file
     */
    public NpyHeader(DType dtype, long[] shape, boolean fortranOrder, int majorVersion, long dataOffset) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.fortranOrder = fortranOrder;
        this.majorVersion = majorVersion;
        this.dataOffset = dataOffset;
    }

    /**
     * Returns the header {@code np.save} writes for an array of {@code dtype} and {@code shape}: version chosen as NumPy
     * chooses it (1.0, else 2.0 when too long, else 3.0 when the text is not latin-1), data offset a multiple of 64.
     *
     * @param dtype the array's dtype
     * @param shape the array's shape
     * @param fortranOrder whether the data is written in Fortran order
     * @return the header
     */
    public static NpyHeader of(DType dtype, long[] shape, boolean fortranOrder) {
        return HeaderCodec.describe(dtype, shape, fortranOrder);
    }

    /**
     * Returns the exact header bytes {@code np.save} writes: magic, version, length, text, padding and {@code '\n'}.
     *
     * @return the header bytes, {@link #dataOffset()} of them
     */
    public byte[] encode() {
        return HeaderCodec.encode(this);
    }

    /**
     * Reads a header from {@code channel}, leaving it positioned at the first data byte (never reading further).
     * {@code source} names the input in error messages.
     *
     * @param channel the channel, at the first byte of the magic string
     * @param limits the bounds on header length, dimensions, fields and nesting
     * @param source the name of the input in error messages
     * @return the header
     * @throws java.io.IOException if {@code channel} fails, or a {@link org.npy4j.NpyException} for a bad header
     */
    public static NpyHeader read(java.nio.channels.ReadableByteChannel channel, org.npy4j.ReadLimits limits, String source)
            throws java.io.IOException {
        return HeaderCodec.read(channel, limits, source);
    }

    /**
     * Returns NumPy's {@code descr} text for this header's dtype, as written in the header ({@code "'<f8'"} or a list).
     *
     * @return the {@code descr} literal
     */
    public String descr() {
        return HeaderCodec.descr(dtype);
    }

    /**
     * Returns the dtype, the header's {@code descr}.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Returns the header's {@code shape}.
     *
     * @return a copy of the shape
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Returns the header's {@code fortran_order}.
     *
     * @return whether the data is stored in Fortran (column-major) order
     */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /**
     * Returns 1, 2 or 3 (the minor version is always 0).
     *
     * @return the major version
     */
    public int majorVersion() {
        return majorVersion;
    }

    /**
     * Returns the byte offset of the array data: magic, version, length field, header text and padding.
     *
     * @return the data offset
     */
    public long dataOffset() {
        return dataOffset;
    }

    /**
     * Returns {@code prod(shape)}.
     *
     * @return the element count
     */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Returns the number of data bytes the header declares.
     *
     * @return the data size in bytes
     */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), (long) dtype.itemSize());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NpyHeader)) {
            return false;
        }
        NpyHeader h = (NpyHeader) o;
        return dtype.equals(h.dtype) && Arrays.equals(shape, h.shape) && fortranOrder == h.fortranOrder
                && majorVersion == h.majorVersion && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), fortranOrder, majorVersion, dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader{descr=" + dtype + ", fortran_order=" + fortranOrder + ", shape=" + Arrays.toString(shape)
                + ", version=" + majorVersion + ".0, dataOffset=" + dataOffset + "}";
    }
}
