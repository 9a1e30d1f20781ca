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
 */
public final class NpyHeader {
    private final DType dtype;
    private final long[] shape;
    private final boolean fortranOrder;
    private final int majorVersion;
    private final long dataOffset;

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
     */
    public static NpyHeader of(DType dtype, long[] shape, boolean fortranOrder) {
        return HeaderCodec.describe(dtype, shape, fortranOrder);
    }

    /** Returns the exact header bytes {@code np.save} writes: magic, version, length, text, padding and {@code '\n'}. */
    public byte[] encode() {
        return HeaderCodec.encode(this);
    }

    /**
     * Reads a header from {@code channel}, leaving it positioned at the first data byte (never reading further).
     * {@code source} names the input in error messages.
     */
    public static NpyHeader read(java.nio.channels.ReadableByteChannel channel, org.npy4j.ReadLimits limits, String source)
            throws java.io.IOException {
        return HeaderCodec.read(channel, limits, source);
    }

    /** Returns NumPy's {@code descr} text for this header's dtype, as written in the header ({@code "'<f8'"} or a list). */
    public String descr() {
        return HeaderCodec.descr(dtype);
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** Returns 1, 2 or 3 (the minor version is always 0). */
    public int majorVersion() {
        return majorVersion;
    }

    /** Returns the byte offset of the array data: magic, version, length field, header text and padding. */
    public long dataOffset() {
        return dataOffset;
    }

    /** Returns {@code prod(shape)}. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Returns the number of data bytes the header declares. */
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
