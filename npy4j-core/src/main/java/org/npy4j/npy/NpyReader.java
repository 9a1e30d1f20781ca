package org.npy4j.npy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.header.NpyHeader;
import org.npy4j.internal.MappedCopy;
import org.npy4j.internal.Parallel;

/**
 * Reads {@code .npy} data into heap storage. What a header declares is checked against what the input can hold
 * <em>before</em> anything is allocated; when the input's size is unknown (a plain stream), storage grows with the
 * data that actually arrives, so a lying header costs at most what the stream really delivers.
 *
 * <pre>{@code
 * NdArray a = NpyReader.read(Path.of("a.npy"), ReadLimits.DEFAULT);
 * }</pre>
 *
 * <p>Thread safety: stateless static methods, safe to call from any thread.
 */
public final class NpyReader {
    /** Chunk size of storage built while the input's size is unknown: 64 MiB. */
    static final int STREAM_CHUNK_SHIFT = 26;
    private static final int FIRST_PIECE = 1 << 20;

    private NpyReader() {
    }

    /**
     * Reads the whole array in {@code path}.
     *
     * @param path the {@code .npy} file
     * @param limits the bounds on header length, element count and memory
     * @return the array, in memory
     * @throws IOException if the file cannot be read, or a {@link org.npy4j.NpyException} if it is invalid
     */
    public static NdArray read(Path path, ReadLimits limits) throws IOException {
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new NpyFormatException(source, "empty file (0 bytes): not a .npy file");
            }
            if (size < SMALL_FILE) {
                return readSmall(ch, (int) size, limits, source);
            }
            NpyHeader h = NpyHeader.read(ch, limits, source);
            long available = size - h.dataOffset();
            if (!COPY_FROM_MAPPING || h.dataBytes() < MAP_COPY_MIN || h.dataBytes() > available) {
                return readData(h, (b, off, len) -> fill(ch, b, off, len), available, source);
            }
            Storage storage = Storage.allocate(h.dataBytes());
            copyFromMapping(ch, h, storage, source);
            return NdArray.contiguous(h.dtype(), h.shape(), h.fortranOrder() ? Order.F : Order.C, storage, 0, false);
        }
    }

    /**
     * Large file data is copied out of a read-only mapping rather than read: {@code FileChannel.read} into a heap
     * array goes through a temporary direct buffer (two copies), a mapping gives one copy plus page faults, which on a
     * hot page cache costs about 20 % less CPU for big arrays. Small arrays keep {@code read}: map/unmap costs more than
     * it saves. Off on Windows, where a file stays locked while a mapping (unmapped only by GC) exists.
     */
    private static final boolean COPY_FROM_MAPPING = !System.getProperty("os.name", "").startsWith("Windows")
            && !Boolean.getBoolean("npy4j.noMappedRead");
    private static final long MAP_COPY_MIN = 1L << 20;
    /** Largest single bulk copy out of a mapping. */
    private static final int COPY_PIECE = 1 << 24;

    private static void copyFromMapping(FileChannel ch, NpyHeader h, Storage storage, String source) throws IOException {
        // parts of a big array are copied on several threads (each maps its own windows): one thread's copy out of a
        // mapping runs at ~4-5 GB/s (page faults on the mapping side), well below what memory can do
        MappedCopy.Piece into = MappedCopy.intoStorage(storage, null);
        Parallel.run(h.dataBytes(), 1 << 12, (i, from, to) -> {
            MappedCopy.copy(ch, h.dataOffset(), from, to, COPY_PIECE, source, afterMap, into);
            return 0;
        });
    }

    /** Test hook: runs after each window is mapped, before it is copied (truncates the file in tests). */
    static volatile Runnable afterMap;

    /** Files below this size are read whole in one call (the data is then below {@link #MAP_COPY_MIN} too). */
    private static final long SMALL_FILE = 1L << 20;

    /**
     * A small file: one read of the whole file (at most {@code size} bytes, the size {@code fstat} gave, whatever the
     * header claims) into one heap array, the header parsed from its start and the data part of the same array used
     * as the array's storage, so the bytes are copied once. A file that shrank meanwhile yields fewer bytes, checked
     * like any truncation.
     */
    private static NdArray readSmall(FileChannel ch, int size, ReadLimits limits, String source) throws IOException {
        byte[] file = new byte[size];
        ByteBuffer all = ByteBuffer.wrap(file);
        while (all.hasRemaining() && ch.read(all) >= 0) {
            // a regular file delivers all of it in one read; a shorter one ends early
        }
        int got = all.position();
        BytesChannel in = new BytesChannel(file, got);
        NpyHeader h = NpyHeader.read(in, limits, source);
        long bytes = h.dataBytes();
        int at = (int) h.dataOffset();
        long available = got - h.dataOffset();
        if (bytes > available || got - bytes > bytes >>> 3) {
            // too short: readData reports the truncation exactly as for larger files; header and trailing bytes worth
            // more than an eighth of the data (a tiny array, a huge header): copy the data rather than keep them
            return readData(h, in::fill, available, source);
        }
        Storage storage = Storage.wrap(ByteBuffer.wrap(file, at, (int) bytes));
        return NdArray.contiguous(h.dtype(), h.shape(), h.fortranOrder() ? Order.F : Order.C, storage, 0, false);
    }

    /** The first {@code length} bytes of an array as a read-only channel (for the header parser). */
    private static final class BytesChannel implements SeekableByteChannel {
        private final byte[] bytes;
        private final int length;
        private int position;

        BytesChannel(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= length) {
                return dst.hasRemaining() ? -1 : 0;
            }
            int n = Math.min(dst.remaining(), length - position);
            dst.put(bytes, position, n);
            position += n;
            return n;
        }

        /** The {@link Filler} of {@link #readData}: copies up to {@code len} bytes from the current position. */
        int fill(byte[] b, int off, int len) {
            int n = Math.max(0, Math.min(len, length - position));
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /**
     * Reads a {@code .npy} file straight into a new Java array of {@code type} ({@code double.class},
     * {@code float.class}, {@code int.class} or {@code long.class}): its elements in C order, as
     * {@code read(path, limits).toDoubleArray()} (and the others) would give them. When the file holds exactly that
     * type (either byte order) in C order, the data is copied once, out of a mapping into the new array, on several
     * threads for big files — no intermediate storage; otherwise it is loaded and converted.
     *
     * @param path the {@code .npy} file
     * @param limits the bounds on header length, element count and memory
     * @param type the component type of the result
     * @return a {@code double[]}, {@code float[]}, {@code int[]} or {@code long[]}
     * @throws IOException if the file cannot be read, or a {@link org.npy4j.NpyException} if it is invalid
     * @throws IllegalStateException if the elements cannot be read as {@code type} or do not fit one Java array
     */
    public static Object readJavaArray(Path path, ReadLimits limits, Class<?> type) throws IOException {
        DType want = type == double.class ? DType.FLOAT64 : type == float.class ? DType.FLOAT32
                : type == int.class ? DType.INT32 : type == long.class ? DType.INT64 : null;
        if (want == null) {
            throw new IllegalArgumentException("not double, float, int or long: " + type);
        }
        String source = path.toString();
        NpyHeader h;
        long available;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new NpyFormatException(source, "empty file (0 bytes): not a .npy file");
            }
            h = NpyHeader.read(ch, limits, source);
            available = size - h.dataOffset();
            boolean direct = COPY_FROM_MAPPING && h.dataBytes() >= MAP_COPY_MIN && h.dataBytes() <= available
                    && h.dtype().withEndianness(Endianness.LITTLE).equals(want)
                    && (!h.fortranOrder() || h.shape().length <= 1);
            if (direct) {
                long count = h.dataBytes() / want.itemSize();
                if (count > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException(source + ": array of " + count + " elements is too large for one"
                            + " Java " + type + "[] (at most " + (Integer.MAX_VALUE - 8) + "): load it with Npy.load"
                            + " or Npy.map and export parts of it");
                }
                return copyIntoJavaArray(ch, h, (int) count, type, source);
            }
        }
        NdArray a = read(path, limits);
        return type == double.class ? a.toDoubleArray() : type == float.class ? a.toFloatArray()
                : type == int.class ? a.toIntArray() : a.toLongArray();
    }

    private static Object copyIntoJavaArray(FileChannel ch, NpyHeader h, int count, Class<?> type, String source)
            throws IOException {
        java.nio.ByteOrder order = h.dtype().endianness().toByteOrder();
        int item = h.dtype().itemSize();
        Object out = java.lang.reflect.Array.newInstance(type, count);
        Parallel.run(h.dataBytes(), (long) item << 12, (i, from, to) -> {
            MappedCopy.copy(ch, h.dataOffset(), from, to, COPY_PIECE, source, afterMap, (m, mp, at, n) -> {
                // typed views swap big-endian data while copying; at, mp and n are multiples of the item size
                ByteBuffer piece = m.slice(mp, n).order(order);
                int dst = (int) (at / item);
                int len = n / item;
                if (out instanceof double[]) {
                    piece.asDoubleBuffer().get((double[]) out, dst, len);
                } else if (out instanceof float[]) {
                    piece.asFloatBuffer().get((float[]) out, dst, len);
                } else if (out instanceof int[]) {
                    piece.asIntBuffer().get((int[]) out, dst, len);
                } else {
                    piece.asLongBuffer().get((long[]) out, dst, len);
                }
            });
            return 0;
        });
        return out;
    }

    /**
     * Reads only the header of {@code path}.
     *
     * @param path the {@code .npy} file
     * @param limits the bounds on header length and element count
     * @return the header
     * @throws IOException if the file cannot be read, or a {@link org.npy4j.NpyException} if its header is invalid
     */
    public static NpyHeader readHeader(Path path, ReadLimits limits) throws IOException {
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                throw new NpyFormatException(source, "empty file (0 bytes): not a .npy file");
            }
            return NpyHeader.read(ch, limits, source);
        }
    }

    /**
     * Reads one array from {@code channel}, leaving it just past the array's last byte. A seekable channel's size bounds
     * what the header may declare; otherwise see {@link #read(InputStream, long, ReadLimits, String)}.
     *
     * @param channel the channel to read from (not closed)
     * @param limits the bounds on header length, element count and memory
     * @param source the name of the channel in error messages
     * @return the array, in memory
     * @throws IOException if {@code channel} fails, or a {@link org.npy4j.NpyException} if the bytes are invalid
     */
    public static NdArray read(ReadableByteChannel channel, ReadLimits limits, String source) throws IOException {
        long bound = -1;
        if (channel instanceof SeekableByteChannel) {
            SeekableByteChannel sc = (SeekableByteChannel) channel;
            bound = sc.size() - sc.position();
        }
        NpyHeader h = NpyHeader.read(channel, limits, source);
        long available = bound < 0 ? -1 : bound - h.dataOffset();
        return readData(h, (b, off, len) -> fill(channel, b, off, len), available, source);
    }

    /**
     * Reads one array from {@code in}, leaving the stream just past it (so arrays saved back to back are read in turn).
     * {@code sizeBound} is the most bytes the stream can still deliver (for instance an {@code .npz} member's declared
     * size), or -1 if unknown. An empty stream gives {@link EOFException}, as NumPy's {@code EOFError}.
     *
     * @param in the stream to read from (not closed)
     * @param sizeBound the most bytes {@code in} can deliver, or -1
     * @param limits the bounds on header length, element count and memory
     * @param source the name of the stream in error messages
     * @return the array, in memory
     * @throws IOException if {@code in} fails, or a {@link org.npy4j.NpyException} if the bytes are invalid
     */
    public static NdArray read(InputStream in, long sizeBound, ReadLimits limits, String source) throws IOException {
        NpyHeader h = NpyHeader.read(Channels.newChannel(in), limits, source);
        long available = sizeBound < 0 ? -1 : sizeBound - h.dataOffset();
        return readData(h, in::readNBytes, available, source);
    }

    /** Reads up to {@code len} bytes, fewer only at the end of the input. */
    @FunctionalInterface
    interface Filler {
        int fill(byte[] b, int off, int len) throws IOException;
    }

    private static int fill(ReadableByteChannel ch, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int want = Math.min(len - done, NpyWriter.SLICE);
            int n = ch.read(ByteBuffer.wrap(b, off + done, want));
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static NdArray readData(NpyHeader h, Filler in, long available, String source) throws IOException {
        long bytes = h.dataBytes();
        if (available >= 0 && bytes > available) {
            throw new NpyTruncatedException(source, h.dataOffset(), "header declares shape " + shapeText(h) + " of "
                    + h.dtype().str() + " = " + bytes + " bytes of data, but only " + Math.max(0, available)
                    + " bytes follow the header (file seems not fully written?)");
        }
        Storage storage = available >= 0 ? readKnown(h, in, bytes, source) : readGrowing(h, in, bytes, source);
        return NdArray.contiguous(h.dtype(), h.shape(), h.fortranOrder() ? Order.F : Order.C, storage, 0, false);
    }

    private static Storage readKnown(NpyHeader h, Filler in, long bytes, String source) throws IOException {
        Storage storage = Storage.allocate(bytes);
        long done = 0;
        for (int c = 0; c < storage.chunkCount(); c++) {
            ByteBuffer chunk = storage.chunk(c);
            int len = chunk.capacity();
            int n = in.fill(chunk.array(), chunk.arrayOffset(), len);
            done += n;
            if (n < len) {
                throw truncated(h, done, bytes, source);
            }
        }
        return storage;
    }

    /** Size unknown: each chunk grows by doubling from 1 MiB as bytes arrive, so memory follows the real data. */
    private static Storage readGrowing(NpyHeader h, Filler in, long bytes, String source) throws IOException {
        long chunkSize = 1L << STREAM_CHUNK_SHIFT;
        List<ByteBuffer> chunks = new ArrayList<>();
        long done = 0;
        do {
            int target = (int) Math.min(chunkSize, bytes - done);
            byte[] buf = new byte[Math.min(target, FIRST_PIECE)];
            int have = 0;
            while (have < target) {
                if (have == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(target, 2L * buf.length));
                }
                int n = in.fill(buf, have, buf.length - have);
                have += n;
                if (n == 0 && have < buf.length) {
                    throw truncated(h, done + have, bytes, source);
                }
            }
            chunks.add(ByteBuffer.wrap(buf));
            done += have;
        } while (done < bytes);
        if (chunks.size() == 1) {
            return Storage.wrap(chunks.get(0));
        }
        return Storage.ofChunks(chunks.toArray(new ByteBuffer[0]), STREAM_CHUNK_SHIFT);
    }

    private static NpyTruncatedException truncated(NpyHeader h, long got, long bytes, String source) {
        long item = h.dtype().itemSize();
        String what = item > 0 ? " (" + (got / item) + " of " + (bytes / item) + " elements)" : "";
        return new NpyTruncatedException(source, h.dataOffset() + got, "data ends after " + got + " of " + bytes
                + " bytes" + what + " declared by shape " + shapeText(h) + " of " + h.dtype().str()
                + " (file seems not fully written?)");
    }

    private static String shapeText(NpyHeader h) {
        long[] s = h.shape();
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(s[i]);
        }
        return sb.append(s.length == 1 ? ",)" : ")").toString();
    }
}
