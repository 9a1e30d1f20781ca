package org.npy4j.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Kind;
import org.npy4j.header.NpyHeader;

/**
 * Writes a {@code .npy} whose number of rows is not known in advance, or appends rows to an existing one along
 * axis 0 (the {@code npy-append-array} use case). Rows have a fixed shape and dtype; on {@link #close()} the header's
 * first dimension is set to the number of rows, and the result is byte-identical to {@code np.save} of the whole
 * (concatenated) array.
 *
 * <pre>{@code
 * try (NpyAppender w = NpyAppender.create(Path.of("log.npy"), DType.FLOAT64, new long[] {3}, false)) {
 *     w.append(new double[] {1, 2, 3, 4, 5, 6});          // two rows of 3
 * }                                                        // log.npy now holds shape (2, 3)
 * }</pre>
 *
 * <h2>Crash safety</h2>
 * <ul>
 * <li>{@link #create}: rows are written to a hidden temporary file in the target's directory
 *     ({@code .name.npy.<random>.tmp}); {@code close()} fixes its header, forces it to disk and renames it onto the
 *     target. A crash before that leaves the target absent (or, with {@code overwrite}, its old content) and a stray
 *     temporary file, never a valid-looking file with a wrong shape.</li>
 * <li>{@link #open} (append): NumPy's header growth padding keeps the header length unchanged for up to 21 digits
 *     of rows, so rows are written after the existing data, forced, and only then is the header rewritten in place
 *     (a write of at most a few hundred bytes at offset 0). A crash before that leaves the old header before the old
 *     data and some trailing bytes, which NumPy (and npy4j) ignore: the file still reads as the old array. If the new
 *     header is longer or shorter than the old one (a file written without growth padding, or by another writer),
 *     {@code close()} instead rewrites header and data to a temporary file and renames it over the original.</li>
 * </ul>
 *
 * <p>Appending converts nothing: a {@code double[]} needs a float64 dtype ({@code <f8} or {@code >f8}; values are
 * written in the file's byte order), {@code float[]} float32, {@code long[]} 8-byte integers (or datetime64 /
 * timedelta64 counts), {@code int[]} 4-byte and {@code short[]} 2-byte integers; {@code byte[]} and
 * {@link ByteBuffer} are raw element bytes in the dtype's layout and byte order, for any dtype. An
 * {@link NdArray} must have the same dtype and shape {@code (k, *rowShape)} (or {@code rowShape} for one row). Not
 * thread-safe.
 */
public final class NpyAppender implements AutoCloseable {
    private static final int STAGING = 1 << 16;

    private final Path target;
    private final Path writing;
    /** A new file's locked temporary ({@link #writing}); null when appending to an existing file. */
    private final AtomicWrite.Held held;
    /** The directory's modification time when this appender started, for the clean-up after {@link #close()}. */
    private final java.nio.file.attribute.FileTime before;
    private final boolean fresh;
    private final boolean overwrite;
    private final DType dtype;
    private final long[] rowShape;
    private final long rowElements;
    private final long rowBytes;
    private final NpyHeader originalHeader;
    private final long dataOffset;
    private final ByteBuffer staging;
    private FileChannel channel;
    private long rows;
    private long end;
    private long pendingBytes;

    private NpyAppender(Path target, Path writing, boolean fresh, boolean overwrite, DType dtype, long[] rowShape,
            NpyHeader originalHeader, FileChannel channel, long rows, AtomicWrite.Held held,
            java.nio.file.attribute.FileTime before) {
        this.target = target;
        this.held = held;
        this.before = before;
        this.writing = writing;
        this.fresh = fresh;
        this.overwrite = overwrite;
        this.dtype = dtype;
        this.rowShape = rowShape;
        this.rowElements = NdArray.sizeOf(rowShape);
        this.rowBytes = Math.multiplyExact(rowElements, (long) dtype.itemSize());
        this.originalHeader = originalHeader;
        this.dataOffset = originalHeader.dataOffset();
        this.channel = channel;
        this.rows = rows;
        this.end = dataOffset + rows * rowBytes;
        ByteOrder order = dtype.endianness() == Endianness.BIG ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        this.staging = ByteBuffer.allocate(STAGING).order(order);
    }

    /**
     * Starts a new {@code .npy} at {@code path} for rows of {@code rowShape} (empty for a 1-d array of scalars) and
     * {@code dtype}, C order. Nothing appears at {@code path} until {@link #close()}.
     *
     * @param path the file to create
     * @param dtype the rows' element type
     * @param rowShape the shape of one row
     * @param overwrite whether an existing file at {@code path} may be replaced on close
     * @return the appender, with no rows yet
     * @throws FileAlreadyExistsException if {@code path} exists and {@code overwrite} is false (checked now and again
     *         when the file is renamed into place on close)
     * @throws IllegalArgumentException for object dtypes, negative or overflowing row shapes
     * @throws IOException if the temporary file cannot be created
     */
    public static NpyAppender create(Path path, DType dtype, long[] rowShape, boolean overwrite) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(dtype, "dtype");
        if (dtype.hasObject()) {
            throw new IllegalArgumentException("object arrays (dtype " + dtype + ") cannot be written without pickle");
        }
        long[] rs = rowShape.clone();
        try {
            Math.multiplyExact(NdArray.sizeOf(rs), (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("row shape " + Arrays.toString(rs) + " overflows byte counts", e);
        }
        if (!overwrite && Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "refusing to replace an existing file (pass overwrite=true to replace it)");
        }
        NpyHeader h = NpyHeader.of(dtype, shapeWith(0, rs), false);
        // locked until renamed or deleted, so a leftover of a killed process is recognised and deleted by later writes
        AtomicWrite.Held tmp = AtomicWrite.hold(path);
        try {
            FileChannel ch = tmp.channel();
            // a zero-row header stands in until close; the file is under a temporary name, so nobody mistakes it
            Mapping.writeFully(ch, ByteBuffer.wrap(h.encode()), 0);
            return new NpyAppender(path, tmp.path, true, overwrite, dtype, rs, h, ch, 0, tmp, tmp.before);
        } catch (IOException | RuntimeException e) {
            tmp.release(true);
            throw e;
        }
    }

    /**
     * Opens the existing {@code .npy} {@code path} to append rows along axis 0, under {@link ReadLimits#DEFAULT}.
     *
     * @param path the existing {@code .npy} file
     * @return the appender, positioned after the file's rows
     * @throws IOException if the file cannot be opened, or a {@link org.npy4j.NpyException} if it cannot be appended to
     */
    public static NpyAppender open(Path path) throws IOException {
        return open(path, ReadLimits.DEFAULT);
    }

    /**
     * Opens the existing {@code .npy} {@code path} to append rows along axis 0; its dtype and {@code shape[1:]} fix
     * the rows. Bytes after the declared data (left by an append that crashed) are dropped on close.
     *
     * @param path the existing {@code .npy} file
     * @param limits the bounds on header length and element count
     * @return the appender, positioned after the file's rows
     * @throws NpyUnsupportedException for 0-d arrays, Fortran-order arrays (more than one axis longer than 1) and
     *         object dtypes
     * @throws NpyTruncatedException if the file is shorter than its header declares
     */
    public static NpyAppender open(Path path, ReadLimits limits) throws IOException {
        Objects.requireNonNull(path, "path");
        String source = path.toString();
        java.nio.file.attribute.FileTime before = AtomicWrite.dirTimeOf(path.toAbsolutePath());
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            NpyHeader h = NpyHeader.read(ch, limits, source);
            long[] shape = h.shape();
            if (shape.length == 0) {
                throw new NpyUnsupportedException(source, "cannot append to a 0-d array: it has no axis 0");
            }
            if (h.fortranOrder() && Mapping.isFortranOnly(shape)) {
                throw new NpyUnsupportedException(source, "cannot append along axis 0 to a Fortran-order array of shape "
                        + Arrays.toString(shape) + ": its rows are not contiguous (rewrite it in C order)");
            }
            if (h.dtype().hasObject()) {
                throw new NpyUnsupportedException(source, "cannot append to an object array (dtype " + h.descr()
                        + "): its data is pickled");
            }
            long dataEnd;
            try {
                dataEnd = Math.addExact(h.dataOffset(), h.dataBytes());
            } catch (ArithmeticException e) {
                throw new NpyFormatException(source, "shape " + Arrays.toString(shape) + " overflows byte counts");
            }
            if (ch.size() < dataEnd) {
                throw new NpyTruncatedException(source, ch.size(), "file ends before the data does: the header declares "
                        + h.dataBytes() + " data bytes from offset " + h.dataOffset() + ", the file has " + ch.size()
                        + " bytes");
            }
            return new NpyAppender(path, path, false, false, h.dtype(), Arrays.copyOfRange(shape, 1, shape.length), h,
                    ch, shape[0], null, before);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Returns the rows' dtype.
     *
     * @return the dtype of the file
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Returns the shape of one row ({@code shape[1:]} of the result).
     *
     * @return a copy of the row shape
     */
    public long[] rowShape() {
        return rowShape.clone();
    }

    /**
     * Returns the number of rows so far, including those the file held when opened.
     *
     * @return the row count so far
     */
    public long rows() {
        return rows;
    }

    /**
     * Returns the full shape the file will have on close: {@code (rows(), *rowShape())}.
     *
     * @return a new array {@code (rows(), *rowShape())}
     */
    public long[] shape() {
        return shapeWith(rows, rowShape);
    }

    // ---- appending -----------------------------------------------------------------------------------------------

    /**
     * Appends {@code values} (a whole number of rows, C order) to a float64 file.
     *
     * @param values the elements of whole rows, C order
     * @return this appender
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the dtype is not float64 or {@code values} is not a whole number of rows
     */
    public NpyAppender append(double[] values) throws IOException {
        require(Kind.FLOAT, 8, "double[]");
        long k = rowsOf(values.length, "double[]");
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, staging.capacity() / 8);
            staging.clear();
            staging.asDoubleBuffer().put(values, i, n);
            staging.limit(n * 8);
            write(staging);
            i += n;
        }
        return added(k);
    }

    /**
     * Appends {@code values} (a whole number of rows, C order) to a float32 file.
     *
     * @param values the elements of whole rows, C order
     * @return this appender
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the dtype is not float32 or {@code values} is not a whole number of rows
     */
    public NpyAppender append(float[] values) throws IOException {
        require(Kind.FLOAT, 4, "float[]");
        long k = rowsOf(values.length, "float[]");
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, staging.capacity() / 4);
            staging.clear();
            staging.asFloatBuffer().put(values, i, n);
            staging.limit(n * 4);
            write(staging);
            i += n;
        }
        return added(k);
    }

    /**
     * Appends {@code values} to a file of 8-byte integers (signed or not, or datetime64/timedelta64 counts).
     *
     * @param values the elements of whole rows, C order
     * @return this appender
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the dtype is not 8-byte integer or {@code values} is not a whole number of rows
     */
    public NpyAppender append(long[] values) throws IOException {
        require(Kind.INT, 8, "long[]");
        long k = rowsOf(values.length, "long[]");
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, staging.capacity() / 8);
            staging.clear();
            staging.asLongBuffer().put(values, i, n);
            staging.limit(n * 8);
            write(staging);
            i += n;
        }
        return added(k);
    }

    /**
     * Appends {@code values} to a file of 4-byte integers (signed or not).
     *
     * @param values the elements of whole rows, C order
     * @return this appender
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the dtype is not 4-byte integer or {@code values} is not a whole number of rows
     */
    public NpyAppender append(int[] values) throws IOException {
        require(Kind.INT, 4, "int[]");
        long k = rowsOf(values.length, "int[]");
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, staging.capacity() / 4);
            staging.clear();
            staging.asIntBuffer().put(values, i, n);
            staging.limit(n * 4);
            write(staging);
            i += n;
        }
        return added(k);
    }

    /**
     * Appends {@code values} to a file of 2-byte integers (signed or not).
     *
     * @param values the elements of whole rows, C order
     * @return this appender
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the dtype is not 2-byte integer or {@code values} is not a whole number of rows
     */
    public NpyAppender append(short[] values) throws IOException {
        require(Kind.INT, 2, "short[]");
        long k = rowsOf(values.length, "short[]");
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, staging.capacity() / 2);
            staging.clear();
            staging.asShortBuffer().put(values, i, n);
            staging.limit(n * 2);
            write(staging);
            i += n;
        }
        return added(k);
    }

    /**
     * Appends raw element bytes (a whole number of rows, in the dtype's layout and byte order).
     *
     * @param raw the bytes of whole rows
     * @return this appender
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if {@code raw} is not a whole number of rows
     */
    public NpyAppender appendBytes(byte[] raw) throws IOException {
        return appendBytes(raw, 0, raw.length);
    }

    /**
     * Appends {@code length} raw element bytes of {@code raw} from {@code offset}.
     *
     * @param raw the array holding the bytes
     * @param offset the index of the first byte
     * @param length the number of bytes, a whole number of rows
     * @return this appender
     * @throws IOException if writing fails
     */
    public NpyAppender appendBytes(byte[] raw, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, raw.length);
        return append(ByteBuffer.wrap(raw, offset, length));
    }

    /**
     * Appends the remaining bytes of {@code raw} (a whole number of rows), consuming them.
     *
     * @param raw the buffer whose remaining bytes are whole rows
     * @return this appender
     * @throws IOException if writing fails
     */
    public NpyAppender append(ByteBuffer raw) throws IOException {
        checkOpen();
        long k = rowsOfBytes(raw.remaining());
        write(raw);
        return added(k);
    }

    /**
     * Appends the rows of {@code a}: shape {@code (k, *rowShape)}, or {@code rowShape} for a single row, with exactly
     * this file's dtype (byte order included). Any strides; copied in C order.
     *
     * @param a the rows to append
     * @return this appender
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the dtype or row shape of {@code a} differs from the file's
     */
    public NpyAppender append(NdArray a) throws IOException {
        checkOpen();
        if (!a.dtype().equals(dtype)) {
            throw new IllegalArgumentException("dtype mismatch: the file holds " + dtype + ", the array is " + a.dtype());
        }
        long[] s = a.shape();
        long k;
        if (Arrays.equals(s, rowShape)) {
            k = 1;
        } else if (s.length == rowShape.length + 1 && Arrays.equals(Arrays.copyOfRange(s, 1, s.length), rowShape)) {
            k = s[0];
        } else {
            throw new IllegalArgumentException("row shape mismatch: the file's rows are " + Arrays.toString(rowShape)
                    + ", the array has shape " + Arrays.toString(s));
        }
        NdArray c = a.isCContiguous() ? a : a.copy(Order.C);
        Storage st = c.storage();
        long off = c.offset();
        long left = c.byteSize();
        byte[] buf = staging.array();
        while (left > 0) {
            int n = (int) Math.min(left, buf.length);
            st.getBytes(off, buf, 0, n);
            staging.clear().limit(n);
            write(staging);
            off += n;
            left -= n;
        }
        return added(k);
    }

    private void require(Kind kind, int size, String what) {
        checkOpen();
        Kind k = dtype.kind();
        boolean ok = dtype.itemSize() == size && (k == kind
                || kind == Kind.INT && (k == Kind.UINT || size == 8 && (k == Kind.DATETIME || k == Kind.TIMEDELTA)));
        if (!ok) {
            throw new IllegalArgumentException("cannot append " + what + " to a file of dtype " + dtype
                    + " (no conversions: append raw bytes or an NdArray of that dtype)");
        }
    }

    private long rowsOf(int elements, String what) {
        if (rowElements == 0) {
            throw new IllegalArgumentException("rows of shape " + Arrays.toString(rowShape)
                    + " hold no elements: append an NdArray to give the number of rows");
        }
        if (elements % rowElements != 0) {
            throw new IllegalArgumentException(what + " of " + elements + " elements is not a whole number of rows of "
                    + rowElements + " elements (row shape " + Arrays.toString(rowShape) + ")");
        }
        return elements / rowElements;
    }

    private long rowsOfBytes(long bytes) {
        if (rowBytes == 0) {
            throw new IllegalArgumentException("rows of shape " + Arrays.toString(rowShape)
                    + " hold no bytes: append an NdArray to give the number of rows");
        }
        if (bytes % rowBytes != 0) {
            throw new IllegalArgumentException(bytes + " bytes are not a whole number of rows of " + rowBytes
                    + " bytes (row shape " + Arrays.toString(rowShape) + ", dtype " + dtype + ")");
        }
        return bytes / rowBytes;
    }

    private void write(ByteBuffer b) throws IOException {
        pendingBytes += b.remaining();
        while (b.hasRemaining()) {
            end += channel.write(b, end);
        }
    }

    private NpyAppender added(long k) {
        rows = Math.addExact(rows, k);
        return this;
    }

    private void checkOpen() {
        if (channel == null) {
            throw new IllegalStateException("already closed: NpyAppender(path=" + target + ")");
        }
    }

    // ---- finishing -----------------------------------------------------------------------------------------------

    /**
     * Finishes the file: sets the header's first dimension, forces data and header to disk and (for a new file)
     * renames it into place. Idempotent. If it fails, the target keeps its previous content (see the class Javadoc).
     */
    @Override
    public void close() throws IOException {
        if (channel == null) {
            return;
        }
        FileChannel ch = channel;
        channel = null;
        boolean ok = false;
        try {
            if (!fresh && pendingBytes == 0 && rows == originalHeader.shape()[0]) {
                ch.close(); // nothing appended: leave the file byte for byte as it was
                ok = true;
                AtomicWrite.cleanAfter(target.toAbsolutePath(), before);
                return;
            }
            NpyHeader h = NpyHeader.of(dtype, shape(), false);
            byte[] hb = h.encode();
            if (hb.length == dataOffset) {
                // data first, header last: until the header is rewritten the file still reads as the old array
                ch.force(false);
                Mapping.writeFully(ch, ByteBuffer.wrap(hb), 0);
                ch.truncate(end);
                ch.force(true);
                if (fresh) {
                    moveIntoPlace(writing); // still locked: renamed before the lock is dropped with the channel
                    held.renamed();
                } else {
                    ch.close();
                }
            } else {
                rewrite(ch, hb);
            }
            ok = true;
        } finally {
            if (!ok) {
                ch.close();
                if (fresh) {
                    held.release(true);
                }
            }
        }
        AtomicWrite.cleanAfter(target.toAbsolutePath(), before);
    }

    /** Copies the header {@code hb} and the data so far into a new temporary file and renames it onto the target. */
    private void rewrite(FileChannel from, byte[] hb) throws IOException {
        // the new file stays locked (its channel open) until renamed; see AtomicWrite.hold
        AtomicWrite.Held tmp = AtomicWrite.hold(target);
        boolean moved = false;
        try {
            FileChannel to = tmp.channel();
            Mapping.writeFully(to, ByteBuffer.wrap(hb), 0);
            long pos = dataOffset;
            long dst = hb.length;
            while (pos < end) {
                long n = from.transferTo(pos, end - pos, to.position(dst));
                pos += n;
                dst += n;
            }
            to.force(true);
            from.close();
            if (fresh) {
                moveIntoPlace(tmp.path);
                moved = true;
                tmp.renamed();
                held.release(true);
            } else {
                Mapping.moveOver(tmp.path, target);
                moved = true;
                tmp.renamed();
            }
        } finally {
            if (!moved) {
                tmp.release(true);
            }
        }
    }

    private void moveIntoPlace(Path file) throws IOException {
        if (overwrite) {
            Mapping.moveOver(file, target);
        } else {
            // the target did not exist at create(); refuse if someone made it since (move without REPLACE_EXISTING)
            Files.move(file, target);
            AtomicWrite.syncDirectory(target.toAbsolutePath().getParent());
        }
    }

    /**
     * Discards what was appended: a new file's temporary is deleted (the target is untouched), an existing file is cut
     * back to its original rows (header untouched). Idempotent; does nothing after {@link #close()}.
     *
     * @throws IOException if the temporary file cannot be deleted or the file cannot be truncated
     */
    public void abort() throws IOException {
        if (channel == null) {
            return;
        }
        FileChannel ch = channel;
        channel = null;
        try {
            if (!fresh) {
                ch.truncate(dataOffset + originalHeader.dataBytes());
                ch.force(true);
            }
        } finally {
            ch.close();
            if (fresh) {
                held.release(true);
            }
        }
    }

    private static long[] shapeWith(long rows, long[] rowShape) {
        long[] s = new long[rowShape.length + 1];
        s[0] = rows;
        System.arraycopy(rowShape, 0, s, 1, rowShape.length);
        return s;
    }

    @Override
    public String toString() {
        return "NpyAppender(path=" + target + ", dtype=" + dtype + ", shape=" + Arrays.toString(shape()) + ")";
    }
}
