package org.npy4j.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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
import org.npy4j.header.NpyHeader;

/**
 * Reads a C-order {@code .npy} in blocks of rows with bounded memory: one buffer of {@code rowsPerBlock} rows is
 * allocated once and refilled for each block, so a 50 GB file is processed with a heap of a few megabytes. Like a
 * {@code BufferedReader} over rows, not a {@code Stream}: each block is only valid until the next call.
 *
 * <pre>{@code
 * try (NpyBlockReader r = NpyBlockReader.open(Path.of("big.npy"), 4096)) {
 *     for (NdArray block = r.next(); block != null; block = r.next()) {   // block.shape() = (<=4096, *rowShape)
 *         total += block.getDouble(0, 0);
 *     }
 * }
 * }</pre>
 *
 * <p>A "row" is {@code a[i]}, one index of axis 0; a 0-d array is returned as one block of shape {@code ()}. Fortran
 * order files (with more than one axis longer than 1) are refused: their rows are not contiguous on disk; map them
 * instead ({@link Mapping#map}). Sources are a file or any {@link InputStream} (an {@code .npz} member stream,
 * deflated or not), which is read sequentially and never further than the array's last byte.
 *
 * <p>Thread safety: not thread-safe; use one reader per thread. A block returned by {@code next()} is overwritten by the following call.
 */
public final class NpyBlockReader implements AutoCloseable {
    /** Largest buffer Java allocates reliably. */
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 8;
    /** Streams grow the buffer only as bytes actually arrive, so a lying header cannot make us allocate. */
    private static final int STREAM_STEP = 1 << 20;

    private final String source;
    private final NpyHeader header;
    private final FileChannel channel;
    private final InputStream in;
    private final long rows;
    private final long rowBytes;
    private final int blockRows;
    private final long[] rowShape;
    private final boolean zeroD;
    private byte[] buffer;
    private Storage storage;
    private long position;
    private long bytePosition;
    private boolean closed;

    private NpyBlockReader(String source, NpyHeader header, FileChannel channel, InputStream in, int rowsPerBlock)
            throws NpyFormatException {
        this.source = source;
        this.header = header;
        this.channel = channel;
        this.in = in;
        long[] shape = header.shape();
        if (header.dtype().hasObject()) {
            throw new NpyUnsupportedException(source, "cannot read an object array (dtype " + header.descr()
                    + ") in blocks: its data is pickled");
        }
        if (header.fortranOrder() && Mapping.isFortranOnly(shape)) {
            throw new NpyUnsupportedException(source, "cannot read a Fortran-order array of shape "
                    + Arrays.toString(shape) + " in row blocks: its rows are not contiguous (map the file instead)");
        }
        this.zeroD = shape.length == 0;
        this.rows = zeroD ? 1 : shape[0];
        this.rowShape = zeroD ? shape : Arrays.copyOfRange(shape, 1, shape.length);
        long rb;
        try {
            rb = Math.multiplyExact(NdArray.sizeOf(rowShape), (long) header.dtype().itemSize());
        } catch (ArithmeticException e) {
            throw new NpyFormatException(source, "row shape " + Arrays.toString(rowShape) + " overflows byte counts");
        }
        this.rowBytes = rb;
        if (rowBytes > MAX_BUFFER) {
            throw new IllegalArgumentException(source + ": one row of " + rowBytes
                    + " bytes does not fit in a Java array; map the file instead");
        }
        if (rowsPerBlock < 1) {
            throw new IllegalArgumentException("rowsPerBlock must be positive: " + rowsPerBlock);
        }
        long br = Math.min(rowsPerBlock, rows);
        if (rowBytes > 0 && br * rowBytes > MAX_BUFFER) {
            throw new IllegalArgumentException(source + ": " + br + " rows of " + rowBytes
                    + " bytes exceed the largest Java array; read fewer rows per block");
        }
        this.blockRows = (int) br;
        this.bytePosition = header.dataOffset();
    }

    /**
     * Opens {@code path} for reading blocks of {@code rowsPerBlock} rows under {@link ReadLimits#DEFAULT}.
     *
     * @param path the {@code .npy} file
     * @param rowsPerBlock the most rows in one block
     * @return the reader, before the first block
     * @throws IOException if the file cannot be read, or a {@link org.npy4j.NpyException} for a bad header
     */
    public static NpyBlockReader open(Path path, int rowsPerBlock) throws IOException {
        return open(path, rowsPerBlock, ReadLimits.DEFAULT);
    }

    /**
     * Opens {@code path}, reading only its header under {@code limits}, for blocks of {@code rowsPerBlock} rows.
     *
     * @param path the {@code .npy} file
     * @param rowsPerBlock the most rows in one block
     * @param limits the bounds on header length and element count
     * @return the reader, before the first block
     * @throws NpyTruncatedException if the file is shorter than its header declares (checked before any data is read)
     * @throws NpyUnsupportedException for object dtypes and Fortran-order files
     * @throws IllegalArgumentException if a block would not fit in one Java array
     */
    public static NpyBlockReader open(Path path, int rowsPerBlock, ReadLimits limits) throws IOException {
        Objects.requireNonNull(limits, "limits");
        String source = path.toString();
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            NpyHeader h = NpyHeader.read(ch, limits, source);
            NpyBlockReader r = new NpyBlockReader(source, h, ch, null, rowsPerBlock);
            long end = Math.addExact(h.dataOffset(), h.dataBytes());
            if (ch.size() < end) {
                throw new NpyTruncatedException(source, ch.size(), "file ends before the data does: the header declares "
                        + h.dataBytes() + " data bytes from offset " + h.dataOffset() + ", the file has " + ch.size()
                        + " bytes");
            }
            r.buffer = new byte[(int) (r.blockRows * r.rowBytes)];
            r.storage = Storage.wrap(r.buffer);
            return r;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reads the header from {@code in} (an {@code .npz} member stream, a socket, ...) under {@code limits}, for
     * blocks of {@code rowsPerBlock} rows; {@code source} names the stream in errors. Closing the reader closes
     * {@code in}.
     *
     * @param in the stream holding one {@code .npy}
     * @param rowsPerBlock the most rows in one block
     * @param limits the bounds on header length and element count
     * @param source the name of the stream in error messages
     * @return the reader, before the first block
     * @throws IOException if {@code in} fails, or a {@link org.npy4j.NpyException} for a bad or unsupported header
     */
    public static NpyBlockReader open(InputStream in, int rowsPerBlock, ReadLimits limits, String source)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        // Channels.newChannel reads no more than each buffer asks for, and the header reader asks exactly
        NpyHeader h = NpyHeader.read(Channels.newChannel(in), limits, source);
        NpyBlockReader r = new NpyBlockReader(source, h, null, in, rowsPerBlock);
        r.buffer = new byte[(int) Math.min(r.blockRows * r.rowBytes, STREAM_STEP)];
        r.storage = Storage.wrap(r.buffer);
        return r;
    }

    /**
     * Returns the header (dtype, full shape, data offset).
     *
     * @return the header
     */
    public NpyHeader header() {
        return header;
    }

    /**
     * Returns the number of rows in the file ({@code shape[0]}; 1 for a 0-d array).
     *
     * @return the row count
     */
    public long rows() {
        return rows;
    }

    /**
     * Returns the shape of one row ({@code shape[1:]}).
     *
     * @return a copy of the row shape
     */
    public long[] rowShape() {
        return rowShape.clone();
    }

    /**
     * Returns the number of rows already returned, i.e. the index of the first row of the next block.
     *
     * @return the rows read so far
     */
    public long position() {
        return position;
    }

    /**
     * Reads the next block: a read-only C-order array of shape {@code (k, *rowShape)}, {@code 1 <= k <= rowsPerBlock}
     * (shape {@code ()} for a 0-d file), or null after the last row. The block's storage is this reader's buffer and is
     * overwritten by the next call; {@link NdArray#copy()} it to keep it.
     *
     * @return the next block, or {@code null} at the end
     * @throws NpyTruncatedException if the data ends early (a stream shorter than its header declares)
     * @throws IllegalStateException if closed
     */
    public NdArray next() throws IOException {
        if (closed) {
            throw new IllegalStateException("already closed: NpyBlockReader(" + source + ")");
        }
        if (position >= rows) {
            return null;
        }
        int k = (int) Math.min(blockRows, rows - position);
        int n = (int) (k * rowBytes);
        if (channel != null) {
            fillFromChannel(n);
        } else {
            fillFromStream(n);
        }
        long[] shape;
        if (zeroD) {
            shape = new long[0];
        } else {
            shape = new long[rowShape.length + 1];
            shape[0] = k;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        }
        position += k;
        bytePosition += n;
        return NdArray.contiguous(header.dtype(), shape, Order.C, storage, 0, false);
    }

    private void fillFromChannel(int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
        long pos = bytePosition;
        while (b.hasRemaining()) {
            int r = channel.read(b, pos);
            if (r < 0) {
                // the file shrank after open
                throw truncated(pos);
            }
            pos += r;
        }
    }

    private void fillFromStream(int n) throws IOException {
        int have = 0;
        while (have < n) {
            if (have == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(n, Math.max(2L * buffer.length, STREAM_STEP)));
                storage = Storage.wrap(buffer);
            }
            int r = in.read(buffer, have, Math.min(n, buffer.length) - have);
            if (r < 0) {
                throw truncated(bytePosition + have);
            }
            have += r;
        }
    }

    private NpyTruncatedException truncated(long at) {
        return new NpyTruncatedException(source, at, "data ends early: the header declares " + header.dataBytes()
                + " data bytes from offset " + header.dataOffset());
    }

    /** Closes the file or stream. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            channel.close();
        } else {
            in.close();
        }
    }
}
