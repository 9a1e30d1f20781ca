package org.npy4j.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.header.NpyHeader;
import org.npy4j.internal.Parallel;

/**
 * Writes arrays in the {@code .npy} format, byte for byte as {@code np.save}: the header NumPy would write, then the
 * element bytes in the array's own byte order — straight from storage when the array is C- or Fortran-contiguous,
 * otherwise as a C-order copy made in blocks (never a whole-array copy).
 *
 * <pre>{@code
 * try (FileChannel ch = FileChannel.open(path, CREATE_NEW, WRITE)) {
 *     NpyWriter.write(array, ch);
 * }
 * }</pre>
 *
 * <p>Thread safety: stateless static methods, safe to call from any thread. A {@link ByteSink} it returns is for one thread.
 */
public final class NpyWriter {
    /** Bulk writes go out in slices of this size: big enough to amortise calls, small enough for the JDK's buffers. */
    static final int SLICE = 1 << 18;
    /** Staging buffer for Java-array saves: small enough to stay in L2 between the put and the write. */
    static final int STAGE = 1 << 16;
    /** Staging buffer of each part of a parallel Java-array save. */
    static final int PART_STAGE = 1 << 20;

    private NpyWriter() {
    }

    /** Receives the bytes of an array in file order. */
    @FunctionalInterface
    public interface ByteSink {
        /**
         * Consumes all remaining bytes of {@code bytes} (which the caller may reuse afterwards).
         *
         * @param bytes the bytes to write
         * @throws IOException if writing fails
         */
        void write(ByteBuffer bytes) throws IOException;
    }

    /**
     * Returns true if {@code np.save} writes this array with {@code fortran_order: True} (F- and not C-contiguous).
     *
     * @param array the array to save
     * @return whether its header says {@code fortran_order: True}
     */
    public static boolean writesFortranOrder(NdArray array) {
        return array.isFContiguous() && !array.isCContiguous();
    }

    /**
     * Returns the header {@code np.save} writes for {@code array}.
     *
     * @param array the array to save
     * @return its header
     * @throws IllegalArgumentException for arrays NumPy cannot save without pickling (object dtypes) or whose record
     *     layout has no {@code descr} (overlapping or out-of-order fields)
     */
    public static NpyHeader header(NdArray array) {
        if (array.dtype().hasObject()) {
            throw new IllegalArgumentException("object arrays cannot be saved: their data would be a pickle, which npy4j "
                    + "neither writes nor reads");
        }
        return NpyHeader.of(array.dtype(), array.shape(), writesFortranOrder(array));
    }

    /**
     * Returns the total number of bytes {@link #write} produces for {@code array}.
     *
     * @param array the array to save
     * @return header plus data bytes
     */
    public static long fileSize(NdArray array) {
        return header(array).dataOffset() + array.byteSize();
    }

    /**
     * Writes header and data to {@code channel} (not closed).
     *
     * @param array the array to save
     * @param channel the channel to write to
     * @throws IOException if {@code channel} fails
     */
    public static void write(NdArray array, WritableByteChannel channel) throws IOException {
        write(array, channelSink(channel));
    }

    /**
     * Writes header and data to {@code out} (neither flushed nor closed).
     *
     * @param array the array to save
     * @param out the stream to write to
     * @throws IOException if {@code out} fails
     */
    public static void write(NdArray array, OutputStream out) throws IOException {
        write(array, streamSink(out));
    }

    /**
     * Writes header and data to {@code sink}.
     *
     * @param array the array to save
     * @param sink where the bytes go
     * @throws IOException if {@code sink} fails
     */
    public static void write(NdArray array, ByteSink sink) throws IOException {
        NpyHeader h = header(array);
        sink.write(ByteBuffer.wrap(h.encode()));
        writeData(array, h.fortranOrder(), sink);
    }

    /**
     * Writes only the element bytes, in Fortran order if {@code fortranOrder} (the array must then be F-contiguous).
     *
     * @param array the array whose elements are written
     * @param fortranOrder whether to write them in Fortran order
     * @param sink where the bytes go
     * @throws IOException if {@code sink} fails
     */
    public static void writeData(NdArray array, boolean fortranOrder, ByteSink sink) throws IOException {
        long size = array.byteSize();
        if (size == 0) {
            return;
        }
        if (fortranOrder ? array.isFContiguous() : array.isCContiguous()) {
            writeRange(array.storage(), array.offset(), size, sink);
            return;
        }
        if (fortranOrder) {
            throw new IllegalArgumentException("array is not Fortran-contiguous");
        }
        writeCOrderCopy(array, sink);
    }

    /**
     * Emits storage bytes {@code [start, start + length)} chunk by chunk, in slices of at most {@link #SLICE}: a heap
     * slice is copied by the JDK into a temporary direct buffer before the kernel copies it, and at 256 KiB that buffer
     * is still in L2 for the second copy (1 MiB saves 5-15 % faster than with 1 MiB slices, measured).
     */
    static void writeRange(Storage storage, long start, long length, ByteSink sink) throws IOException {
        writeRange(storage, start, length, SLICE, sink);
    }

    private static void writeRange(Storage storage, long start, long length, int slice, ByteSink sink)
            throws IOException {
        int shift = storage.chunkShift();
        long end = start + length;
        long pos = start;
        while (pos < end) {
            int c = (int) (pos >>> shift);
            ByteBuffer chunk = storage.chunk(c);
            int from = (int) (pos - ((long) c << shift));
            int to = (int) Math.min(chunk.capacity(), end - ((long) c << shift));
            for (int p = from; p < to; p += slice) {
                chunk.limit(Math.min(to, p + slice)).position(p);
                sink.write(chunk);
            }
            pos = ((long) c << shift) + to;
        }
    }

    /** Copies a non-contiguous array out in C order through a reused block buffer, a whole inner run at a time. */
    private static void writeCOrderCopy(NdArray a, ByteSink sink) throws IOException {
        int item = a.dtype().itemSize();
        long[] shape = a.shape();
        long[] strides = a.strides();
        Storage st = a.storage();
        int nd = shape.length;
        long inner = nd == 0 ? 1 : shape[nd - 1];
        long innerStride = nd == 0 ? item : strides[nd - 1];
        byte[] block = new byte[(int) Math.min(Math.max(item, SLICE), Math.max(item, a.byteSize()))];
        int fill = 0;
        long[] idx = new long[Math.max(0, nd - 1)];
        long rows = inner == 0 ? 0 : a.size() / inner;
        for (long r = 0; r < rows; r++) {
            long base = a.offset();
            for (int k = 0; k < idx.length; k++) {
                base += idx[k] * strides[k];
            }
            if (innerStride == item) {
                long runBytes = inner * item;
                long done = 0;
                while (done < runBytes) {
                    if (fill == block.length) {
                        sink.write(ByteBuffer.wrap(block, 0, fill));
                        fill = 0;
                    }
                    int n = (int) Math.min(runBytes - done, block.length - fill);
                    st.getBytes(base + done, block, fill, n);
                    fill += n;
                    done += n;
                }
            } else {
                for (long i = 0; i < inner; i++) {
                    if (block.length - fill < item) {
                        sink.write(ByteBuffer.wrap(block, 0, fill));
                        fill = 0;
                    }
                    st.getBytes(base + i * innerStride, block, fill, item);
                    fill += item;
                }
            }
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        if (fill > 0) {
            sink.write(ByteBuffer.wrap(block, 0, fill));
        }
    }

    /**
     * Writes the elements of a Java {@code double[]}, {@code float[]}, {@code int[]} or {@code long[]} as little-endian
     * bytes, staged through one reused buffer — direct for large arrays, so the channel writes it without the JDK's
     * extra copy — instead of first copying the whole array into an {@link NdArray} (which costs zeroing plus a copy of
     * the full size).
     *
     * @param data a {@code double[]}, {@code float[]}, {@code int[]} or {@code long[]}
     * @param sink where the bytes go
     * @throws IOException if the sink fails
     */
    public static void writeJavaArray(Object data, ByteSink sink) throws IOException {
        writeJavaArray(data, 0, java.lang.reflect.Array.getLength(data), STAGE, sink);
    }

    /** Writes elements {@code [first, first + count)} of a Java array, as {@link #writeJavaArray(Object, ByteSink)}. */
    private static void writeJavaArray(Object data, int first, int count, int stage, ByteSink sink)
            throws IOException {
        int item = data instanceof double[] || data instanceof long[] ? 8 : 4;
        long bytes = (long) count * item;
        int cap = (int) Math.min(stage, bytes);
        if (cap == 0) {
            return;
        }
        ByteBuffer buf = (bytes > (1 << 16) ? ByteBuffer.allocateDirect(cap) : ByteBuffer.allocate(cap))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int per = cap / item;
        int end = first + count;
        for (int p = first; p < end; p += per) {
            int n = Math.min(per, end - p);
            buf.clear();
            if (data instanceof double[]) {
                buf.asDoubleBuffer().put((double[]) data, p, n);
            } else if (data instanceof float[]) {
                buf.asFloatBuffer().put((float[]) data, p, n);
            } else if (data instanceof int[]) {
                buf.asIntBuffer().put((int[]) data, p, n);
            } else {
                buf.asLongBuffer().put((long[]) data, p, n);
            }
            buf.limit(n * item);
            sink.write(buf);
        }
    }

    /**
     * Writes header and data of {@code array} into a file from position 0, exactly as {@link #write(NdArray,
     * WritableByteChannel)} does; a big contiguous array's data is written in parts from several threads with positional
     * writes, so the JDK's copy of each heap slice into its temporary direct buffer overlaps the kernel's copy of
     * another (the kernel serialises writes to one file, the user-space copies run side by side).
     *
     * @param header the header to write ({@link #header(NdArray)})
     * @param array the array to save
     * @param ch the file, empty and open for writing
     * @throws IOException if writing fails
     */
    public static void writeFile(NpyHeader header, NdArray array, FileChannel ch) throws IOException {
        ByteSink sink = channelSink(ch);
        sink.write(ByteBuffer.wrap(header.encode()));
        long size = array.byteSize();
        boolean contiguous = header.fortranOrder() ? array.isFContiguous() : array.isCContiguous();
        if (!contiguous || Parallel.partsFor(size) == 1) {
            writeData(array, header.fortranOrder(), sink);
            return;
        }
        long base = header.dataOffset();
        Storage storage = array.storage();
        long start = array.offset();
        Parallel.run(size, 1 << 12, (i, from, to) -> {
            // parts write 1 MiB at a time: fewer hand-overs of the file's write lock between the threads
            writeRange(storage, start + from, to - from, PART_STAGE, positionalSink(ch, base + from));
            return 0;
        });
    }

    /**
     * Writes a header and the elements of a Java {@code double[]}, {@code float[]}, {@code int[]} or {@code long[]}
     * (see {@link #writeJavaArray}) into a file from position 0; big arrays in parts from several threads, each part
     * staged through its own buffer.
     *
     * @param header the header to write
     * @param data a {@code double[]}, {@code float[]}, {@code int[]} or {@code long[]}
     * @param ch the file, empty and open for writing
     * @throws IOException if writing fails
     */
    public static void writeFile(NpyHeader header, Object data, FileChannel ch) throws IOException {
        ByteSink sink = channelSink(ch);
        sink.write(ByteBuffer.wrap(header.encode()));
        int item = data instanceof double[] || data instanceof long[] ? 8 : 4;
        int length = java.lang.reflect.Array.getLength(data);
        long bytes = (long) length * item;
        if (Parallel.partsFor(bytes) == 1) {
            writeJavaArray(data, 0, length, STAGE, sink);
            return;
        }
        long base = header.dataOffset();
        Parallel.run(bytes, (long) item << 12, (i, from, to) -> {
            // parts stage through 1 MiB (still in L2): fewer positional writes, so fewer hand-overs of the file's
            // write lock between the threads (measured: 64 MiB int64 saves 12 % faster than with 64 KiB)
            writeJavaArray(data, (int) (from / item), (int) ((to - from) / item), PART_STAGE,
                    positionalSink(ch, base + from));
            return 0;
        });
    }

    /** A sink writing to {@code ch} with positional writes from {@code position} on (one part of a parallel save). */
    private static ByteSink positionalSink(FileChannel ch, long position) {
        long[] at = {position};
        return b -> {
            while (b.hasRemaining()) {
                at[0] += ch.write(b, at[0]);
            }
        };
    }

    /**
     * A sink writing to a channel, looping over partial writes.
     *
     * @param ch the channel to write to
     * @return the sink
     */
    public static ByteSink channelSink(WritableByteChannel ch) {
        return b -> {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        };
    }

    /**
     * A sink writing to a stream; heap buffers are written without a copy.
     *
     * @param out the stream to write to
     * @return the sink
     */
    public static ByteSink streamSink(OutputStream out) {
        byte[][] tmp = new byte[1][];
        return b -> {
            if (b.hasArray()) {
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                b.position(b.limit());
                return;
            }
            if (tmp[0] == null) {
                tmp[0] = new byte[SLICE];
            }
            while (b.hasRemaining()) {
                int n = Math.min(b.remaining(), tmp[0].length);
                b.get(tmp[0], 0, n);
                out.write(tmp[0], 0, n);
            }
        };
    }
}
