package org.npy4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.AtomicWrite;
import org.npy4j.npy.NpyAppender;
import org.npy4j.npy.NpyBlockReader;
import org.npy4j.npy.NpyReader;
import org.npy4j.npy.NpyWriter;
import org.npy4j.header.NpyHeader;

/**
 * NumPy's {@code np.save} / {@code np.load} for {@code .npy} files, byte-identical to NumPy.
 *
 * <pre>{@code
 * Npy.save(Path.of("a.npy"), NdArray.of(new double[] {1, 2, 3}));   // np.save('a.npy', np.array([1., 2., 3.]))
 * NdArray a = Npy.load(Path.of("a.npy"));                           // a = np.load('a.npy')
 * }</pre>
 */
public final class Npy {
    private Npy() {
    }

    /**
     * Saves {@code array} to {@code path}, appending {@code .npy} when the name does not end with it (as {@code np.save});
     * written to a temporary file in the same directory and renamed into place, so a failed save never leaves a partial
     * file where a good one stood. Returns the path written.
     */
    public static Path save(Path path, NdArray array) throws IOException {
        Path target = withSuffix(path, ".npy");
        NpyHeader h = NpyWriter.header(array); // refuses unsavable arrays before any file is touched
        AtomicWrite.write(target, ch -> {
            NpyWriter.ByteSink sink = NpyWriter.channelSink(ch);
            sink.write(ByteBuffer.wrap(h.encode()));
            NpyWriter.writeData(array, h.fortranOrder(), sink);
        });
        return target;
    }

    /**
     * Saves a Java array as the C-ordered little-endian float64 array of {@code shape} (1-d when no shape is given),
     * byte-identical to {@code np.save}, atomically like {@link #save(Path, NdArray)} — without building an
     * {@link NdArray} copy first.
     */
    public static Path save(Path path, double[] data, long... shape) throws IOException {
        return saveJava(path, data, data.length, DType.FLOAT64, shape);
    }

    /** {@link #save(Path, double[], long...)} for float32. */
    public static Path save(Path path, float[] data, long... shape) throws IOException {
        return saveJava(path, data, data.length, DType.FLOAT32, shape);
    }

    /** {@link #save(Path, double[], long...)} for int32. */
    public static Path save(Path path, int[] data, long... shape) throws IOException {
        return saveJava(path, data, data.length, DType.INT32, shape);
    }

    /** {@link #save(Path, double[], long...)} for int64. */
    public static Path save(Path path, long[] data, long... shape) throws IOException {
        return saveJava(path, data, data.length, DType.INT64, shape);
    }

    private static Path saveJava(Path path, Object data, int length, DType dtype, long[] shape) throws IOException {
        long[] s = shape.length == 0 ? new long[] {length} : shape.clone();
        if (NdArray.sizeOf(s) != length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(s) + " holds " + NdArray.sizeOf(s)
                    + " elements, the array has " + length);
        }
        Path target = withSuffix(path, ".npy");
        NpyHeader h = NpyHeader.of(dtype, s, false);
        AtomicWrite.write(target, ch -> {
            NpyWriter.ByteSink sink = NpyWriter.channelSink(ch);
            sink.write(ByteBuffer.wrap(h.encode()));
            NpyWriter.writeJavaArray(data, sink);
        });
        return target;
    }

    /** Writes {@code array} as {@code .npy} bytes to {@code out} (not closed), exactly as {@code np.save(f, array)}. */
    public static void save(OutputStream out, NdArray array) throws IOException {
        NpyWriter.write(array, out);
    }

    /** Writes {@code array} as {@code .npy} bytes to {@code channel} (not closed). */
    public static void write(WritableByteChannel channel, NdArray array) throws IOException {
        NpyWriter.write(array, channel);
    }

    /** Returns the {@code .npy} bytes of {@code array} (for small arrays). */
    public static byte[] toBytes(NdArray array) {
        long size = NpyWriter.fileSize(array);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of " + size + " bytes does not fit in a byte[]: save it to a file");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        try {
            NpyWriter.write(array, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream never fails
        }
        return out.toByteArray();
    }

    /** Loads the array in {@code path} ({@code np.load(path)}) with {@link ReadLimits#DEFAULT}. */
    public static NdArray load(Path path) throws IOException {
        return load(path, ReadLimits.DEFAULT);
    }

    /** Loads the array in {@code path} under {@code limits}. */
    public static NdArray load(Path path, ReadLimits limits) throws IOException {
        return NpyReader.read(path, limits);
    }

    /**
     * Reads one array from {@code in}, leaving the stream just past it, so several arrays saved back to back are read in
     * turn (an empty stream gives {@link java.io.EOFException}, as NumPy's {@code EOFError}).
     */
    public static NdArray load(InputStream in) throws IOException {
        return load(in, ReadLimits.DEFAULT, "stream");
    }

    /** Reads one array from {@code in} under {@code limits}; {@code source} names the stream in error messages. */
    public static NdArray load(InputStream in, ReadLimits limits, String source) throws IOException {
        return NpyReader.read(in, -1, limits, source);
    }

    /** Reads one array from {@code channel} under {@code limits}; {@code source} names it in error messages. */
    public static NdArray read(ReadableByteChannel channel, ReadLimits limits, String source) throws IOException {
        return NpyReader.read(channel, limits, source);
    }

    /** Parses {@code .npy} bytes held in memory (an empty array is a {@link NpyFormatException}, as an empty file). */
    public static NdArray fromBytes(byte[] npy) throws IOException {
        if (npy.length == 0) {
            // whole content, like a file: not the EOFException that marks the end of a stream of arrays
            throw new NpyFormatException("bytes", "empty input (0 bytes): not a .npy file");
        }
        return NpyReader.read(new ByteArrayInputStream(npy), npy.length, ReadLimits.DEFAULT, "bytes");
    }

    /** Reads only the header of {@code path}. */
    public static NpyHeader readHeader(Path path) throws IOException {
        return readHeader(path, ReadLimits.DEFAULT);
    }

    /** Reads only the header of {@code path} under {@code limits}. */
    public static NpyHeader readHeader(Path path, ReadLimits limits) throws IOException {
        return NpyReader.readHeader(path, limits);
    }

    /**
     * Memory-maps {@code path} ({@code np.load(path, mmap_mode=...)}): reads only the header; the array's storage is
     * the mapping, in chunks, so files of any size work.
     */
    public static MappedNpy map(Path path, MapMode mode) throws IOException {
        return org.npy4j.npy.Mapping.map(path, mode, ReadLimits.DEFAULT);
    }

    /** Memory-maps {@code path} under {@code limits} (for headers past NumPy's default 10000 characters, say). */
    public static MappedNpy map(Path path, MapMode mode, ReadLimits limits) throws IOException {
        return org.npy4j.npy.Mapping.map(path, mode, limits);
    }

    /**
     * Creates a new {@code .npy} of {@code dtype}, {@code shape} and {@code order} and maps it read-write
     * ({@code open_memmap(path, mode='w+', ...)}); the header is exactly what {@code np.save} writes. Unlike NumPy, an
     * existing file is never replaced unless {@code overwrite} is true.
     */
    public static MappedNpy create(Path path, DType dtype, long[] shape, Order order, boolean overwrite) throws IOException {
        return org.npy4j.npy.Mapping.create(path, dtype, shape, order, overwrite);
    }

    /**
     * Opens a new {@code .npy} for rows of {@code rowShape} appended one block at a time, for an unknown number of rows;
     * the file appears at {@code path}, with its final shape in the header, on {@link NpyAppender#close()}.
     */
    public static NpyAppender appender(Path path, DType dtype, long[] rowShape, boolean overwrite) throws IOException {
        return NpyAppender.create(path, dtype, rowShape, overwrite);
    }

    /** Opens an existing C-order {@code .npy} to append rows along axis 0 (the {@code npy-append-array} use case). */
    public static NpyAppender append(Path path) throws IOException {
        return NpyAppender.open(path);
    }

    /** Reads {@code path} in blocks of {@code rowsPerBlock} rows with bounded memory (a 50 GB file on a small heap). */
    public static NpyBlockReader blocks(Path path, int rowsPerBlock) throws IOException {
        return NpyBlockReader.open(path, rowsPerBlock);
    }

    /** Reads one array from {@code in} in blocks of {@code rowsPerBlock} rows (an {@code .npz} member stream, say). */
    public static NpyBlockReader blocks(InputStream in, int rowsPerBlock, ReadLimits limits, String source)
            throws IOException {
        return NpyBlockReader.open(in, rowsPerBlock, limits, source);
    }

    /** Returns {@code path} with {@code suffix} appended unless its name already ends with it (case-sensitive, as NumPy). */
    static Path withSuffix(Path path, String suffix) {
        String name = path.getFileName().toString();
        return name.endsWith(suffix) ? path : path.resolveSibling(name + suffix);
    }
}
