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
 *
 * <p>Thread safety: stateless static methods, safe to call from any thread. Concurrent saves of the same path are safe: each writes its own temporary file and the last rename wins.
 */
public final class Npy {
    private Npy() {
    }

    /**
     * Saves {@code array} to {@code path}, appending {@code .npy} when the name does not end with it (as {@code np.save});
     * written to a temporary file in the same directory and renamed into place, so a failed save never leaves a partial
     * file where a good one stood.
     *
     * @param path the file to write ({@code .npy} is appended when missing)
     * @param array the array to save
     * @return the path written
     * @throws IOException if the file cannot be written (the target is then left as it was)
     */
    public static Path save(Path path, NdArray array) throws IOException {
        Path target = withSuffix(path, ".npy");
        NpyHeader h = NpyWriter.header(array); // refuses unsavable arrays before any file is touched
        AtomicWrite.write(target, ch -> NpyWriter.writeFile(h, array, ch));
        return target;
    }

    /**
     * Saves a Java array as the C-ordered little-endian float64 array of {@code shape} (1-d when no shape is given),
     * byte-identical to {@code np.save}, atomically like {@link #save(Path, NdArray)} — without building an
     * {@link NdArray} copy first.
     *
     * @param path where to save ({@code .npy} appended when missing)
     * @param data the values, in C order
     * @param shape the array's shape; {@code prod(shape)} must equal {@code data.length}
     * @return the path written
     * @throws IOException if writing fails (the previous file, if any, is left as it was)
     */
    public static Path save(Path path, double[] data, long... shape) throws IOException {
        return saveJava(path, data, data.length, DType.FLOAT64, shape);
    }

    /**
     * {@link #save(Path, double[], long...)} for float32.
     *
     * @param path where to save ({@code .npy} appended when missing)
     * @param data the values, in C order
     * @param shape the array's shape; {@code prod(shape)} must equal {@code data.length}
     * @return the path written
     * @throws IOException if writing fails
     */
    public static Path save(Path path, float[] data, long... shape) throws IOException {
        return saveJava(path, data, data.length, DType.FLOAT32, shape);
    }

    /**
     * {@link #save(Path, double[], long...)} for int32.
     *
     * @param path where to save ({@code .npy} appended when missing)
     * @param data the values, in C order
     * @param shape the array's shape; {@code prod(shape)} must equal {@code data.length}
     * @return the path written
     * @throws IOException if writing fails
     */
    public static Path save(Path path, int[] data, long... shape) throws IOException {
        return saveJava(path, data, data.length, DType.INT32, shape);
    }

    /**
     * {@link #save(Path, double[], long...)} for int64.
     *
     * @param path where to save ({@code .npy} appended when missing)
     * @param data the values, in C order
     * @param shape the array's shape; {@code prod(shape)} must equal {@code data.length}
     * @return the path written
     * @throws IOException if writing fails
     */
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
        AtomicWrite.write(target, ch -> NpyWriter.writeFile(h, data, ch));
        return target;
    }

    /**
     * Writes {@code array} as {@code .npy} bytes to {@code out} (not closed), exactly as {@code np.save(f, array)}.
     *
     * @param out the stream to write to
     * @param array the array to save
     * @throws IOException if {@code out} fails
     */
    public static void save(OutputStream out, NdArray array) throws IOException {
        NpyWriter.write(array, out);
    }

    /**
     * Writes {@code array} as {@code .npy} bytes to {@code channel} (not closed).
     *
     * @param channel the channel to write to
     * @param array the array to save
     * @throws IOException if {@code channel} fails
     */
    public static void write(WritableByteChannel channel, NdArray array) throws IOException {
        NpyWriter.write(array, channel);
    }

    /**
     * Returns the {@code .npy} bytes of {@code array} (for small arrays).
     *
     * @param array the array to encode
     * @return the bytes {@code np.save} would write
     * @throws IllegalArgumentException if the encoding does not fit in a {@code byte[]}
     */
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

    /**
     * Loads the array in {@code path} ({@code np.load(path)}) with {@link ReadLimits#DEFAULT}.
     *
     * @param path the {@code .npy} file
     * @return the array, in memory
     * @throws IOException if the file cannot be read, or a {@link NpyException} if it is not a valid {@code .npy}
     */
    public static NdArray load(Path path) throws IOException {
        return load(path, ReadLimits.DEFAULT);
    }

    /**
     * Loads the array in {@code path} under {@code limits}.
     *
     * @param path the {@code .npy} file
     * @param limits the bounds on header length, element count and memory
     * @return the array, in memory
     * @throws IOException if the file cannot be read, or a {@link NpyException} if it is invalid or exceeds {@code limits}
     */
    public static NdArray load(Path path, ReadLimits limits) throws IOException {
        return NpyReader.read(path, limits);
    }

    /**
     * Loads a {@code .npy} file straight into a Java {@code double[]}: its elements in C order, as
     * {@code load(path).toDoubleArray()} gives them, but a float64 file (either byte order, C order) is copied once,
     * into the new array, with no intermediate storage — on several threads for big files. Other dtypes are loaded
     * and widened as {@link NdArray#toDoubleArray()} does.
     *
     * <pre>{@code
     * double[] x = Npy.loadDoubleArray(Path.of("x.npy"));   // np.load('x.npy').ravel()
     * }</pre>
     *
     * @param path the {@code .npy} file
     * @return the elements in C order
     * @throws IOException if the file cannot be read, or a {@link NpyException} if it is not a valid {@code .npy}
     * @throws IllegalStateException if the elements cannot be read as doubles or are too many for one Java array
     */
    public static double[] loadDoubleArray(Path path) throws IOException {
        return (double[]) NpyReader.readJavaArray(path, ReadLimits.DEFAULT, double.class);
    }

    /**
     * {@link #loadDoubleArray(Path)} for float32: a float32 file is copied once, other dtypes are converted as
     * {@link NdArray#toFloatArray()} does.
     *
     * @param path the {@code .npy} file
     * @return the elements in C order
     * @throws IOException if the file cannot be read, or a {@link NpyException} if it is not a valid {@code .npy}
     * @throws IllegalStateException if the elements cannot be read as floats or are too many for one Java array
     */
    public static float[] loadFloatArray(Path path) throws IOException {
        return (float[]) NpyReader.readJavaArray(path, ReadLimits.DEFAULT, float.class);
    }

    /**
     * {@link #loadDoubleArray(Path)} for int32: an int32 file is copied once, other dtypes are converted as
     * {@link NdArray#toIntArray()} does.
     *
     * @param path the {@code .npy} file
     * @return the elements in C order
     * @throws IOException if the file cannot be read, or a {@link NpyException} if it is not a valid {@code .npy}
     * @throws IllegalStateException if the elements cannot be read as ints or are too many for one Java array
     */
    public static int[] loadIntArray(Path path) throws IOException {
        return (int[]) NpyReader.readJavaArray(path, ReadLimits.DEFAULT, int.class);
    }

    /**
     * {@link #loadDoubleArray(Path)} for int64: an int64 file is copied once, other dtypes are converted as
     * {@link NdArray#toLongArray()} does.
     *
     * @param path the {@code .npy} file
     * @return the elements in C order
     * @throws IOException if the file cannot be read, or a {@link NpyException} if it is not a valid {@code .npy}
     * @throws IllegalStateException if the elements cannot be read as longs or are too many for one Java array
     */
    public static long[] loadLongArray(Path path) throws IOException {
        return (long[]) NpyReader.readJavaArray(path, ReadLimits.DEFAULT, long.class);
    }

    /**
     * Reads one array from {@code in}, leaving the stream just past it, so several arrays saved back to back are read in
     * turn (an empty stream gives {@link java.io.EOFException}, as NumPy's {@code EOFError}).
     *
     * @param in the stream to read from (not closed)
     * @return the array, in memory
     * @throws IOException if {@code in} fails, or a {@link NpyException} if the bytes are not a valid {@code .npy}
     */
    public static NdArray load(InputStream in) throws IOException {
        return load(in, ReadLimits.DEFAULT, "stream");
    }

    /**
     * Reads one array from {@code in} under {@code limits}; {@code source} names the stream in error messages.
     *
     * @param in the stream to read from (not closed)
     * @param limits the bounds on header length, element count and memory
     * @param source the name of the stream in error messages
     * @return the array, in memory
     * @throws IOException if {@code in} fails, or a {@link NpyException} if the bytes are invalid or exceed {@code limits}
     */
    public static NdArray load(InputStream in, ReadLimits limits, String source) throws IOException {
        return NpyReader.read(in, -1, limits, source);
    }

    /**
     * Reads one array from {@code channel} under {@code limits}; {@code source} names it in error messages.
     *
     * @param channel the channel to read from (not closed)
     * @param limits the bounds on header length, element count and memory
     * @param source the name of the channel in error messages
     * @return the array, in memory
     * @throws IOException if {@code channel} fails, or a {@link NpyException} if the bytes are invalid or exceed
     *         {@code limits}
     */
    public static NdArray read(ReadableByteChannel channel, ReadLimits limits, String source) throws IOException {
        return NpyReader.read(channel, limits, source);
    }

    /**
     * Parses {@code .npy} bytes held in memory (an empty array is a {@link NpyFormatException}, as an empty file).
     *
     * @param npy the whole content of a {@code .npy} file
     * @return the array
     * @throws IOException a {@link NpyException} if the bytes are not a valid {@code .npy}
     */
    public static NdArray fromBytes(byte[] npy) throws IOException {
        if (npy.length == 0) {
            // whole content, like a file: not the EOFException that marks the end of a stream of arrays
            throw new NpyFormatException("bytes", "empty input (0 bytes): not a .npy file");
        }
        return NpyReader.read(new ByteArrayInputStream(npy), npy.length, ReadLimits.DEFAULT, "bytes");
    }

    /**
     * Reads only the header of {@code path} with {@link ReadLimits#DEFAULT}.
     *
     * @param path the {@code .npy} file
     * @return its header (dtype, shape, order, data offset)
     * @throws IOException if the file cannot be read, or a {@link NpyException} if its header is invalid
     */
    public static NpyHeader readHeader(Path path) throws IOException {
        return readHeader(path, ReadLimits.DEFAULT);
    }

    /**
     * Reads only the header of {@code path} under {@code limits}.
     *
     * @param path the {@code .npy} file
     * @param limits the bounds on header length and element count
     * @return its header (dtype, shape, order, data offset)
     * @throws IOException if the file cannot be read, or a {@link NpyException} if its header is invalid or exceeds
     *         {@code limits}
     */
    public static NpyHeader readHeader(Path path, ReadLimits limits) throws IOException {
        return NpyReader.readHeader(path, limits);
    }

    /**
     * Memory-maps {@code path} ({@code np.load(path, mmap_mode=...)}): reads only the header; the array's storage is
     * the mapping, in chunks, so files of any size work.
     *
     * @param path the {@code .npy} file
     * @param mode read-only, read-write or copy-on-write
     * @return the mapping; close it to unmap
     * @throws IOException if the file cannot be mapped, or a {@link NpyException} if its header is invalid
     */
    public static MappedNpy map(Path path, MapMode mode) throws IOException {
        return org.npy4j.npy.Mapping.map(path, mode, ReadLimits.DEFAULT);
    }

    /**
     * Memory-maps {@code path} under {@code limits} (for headers past NumPy's default 10000 characters, say).
     *
     * @param path the {@code .npy} file
     * @param mode read-only, read-write or copy-on-write
     * @param limits the bounds on header length and element count
     * @return the mapping; close it to unmap
     * @throws IOException if the file cannot be mapped, or a {@link NpyException} if its header is invalid or exceeds
     *         {@code limits}
     */
    public static MappedNpy map(Path path, MapMode mode, ReadLimits limits) throws IOException {
        return org.npy4j.npy.Mapping.map(path, mode, limits);
    }

    /**
     * Creates a new {@code .npy} of {@code dtype}, {@code shape} and {@code order} and maps it read-write
     * ({@code open_memmap(path, mode='w+', ...)}); the header is exactly what {@code np.save} writes. Unlike NumPy, an
     * existing file is never replaced unless {@code overwrite} is true.
     *
     * @param path the file to create
     * @param dtype the element type
     * @param shape the array's shape
     * @param order C or Fortran order of the data
     * @param overwrite whether an existing file at {@code path} may be replaced
     * @return the read-write mapping of the new, zero-filled array; close it to unmap
     * @throws IOException if the file exists and {@code overwrite} is false, or cannot be created or mapped
     */
    public static MappedNpy create(Path path, DType dtype, long[] shape, Order order, boolean overwrite) throws IOException {
        return org.npy4j.npy.Mapping.create(path, dtype, shape, order, overwrite);
    }

    /**
     * Opens a new {@code .npy} for rows of {@code rowShape} appended one block at a time, for an unknown number of rows;
     * the file appears at {@code path}, with its final shape in the header, on {@link NpyAppender#close()}.
     *
     * @param path the file to create
     * @param dtype the element type
     * @param rowShape the shape of one row (the array's shape without axis 0)
     * @param overwrite whether an existing file at {@code path} may be replaced
     * @return the appender; close it to finish the file
     * @throws IOException if the file exists and {@code overwrite} is false, or the temporary file cannot be created
     */
    public static NpyAppender appender(Path path, DType dtype, long[] rowShape, boolean overwrite) throws IOException {
        return NpyAppender.create(path, dtype, rowShape, overwrite);
    }

    /**
     * Opens an existing C-order {@code .npy} to append rows along axis 0 (the {@code npy-append-array} use case).
     *
     * @param path the existing {@code .npy} file
     * @return the appender; close it to update the header
     * @throws IOException if the file cannot be opened, or a {@link NpyException} if it cannot be appended to
     */
    public static NpyAppender append(Path path) throws IOException {
        return NpyAppender.open(path);
    }

    /**
     * Reads {@code path} in blocks of {@code rowsPerBlock} rows with bounded memory (a 50 GB file on a small heap).
     *
     * @param path the {@code .npy} file
     * @param rowsPerBlock the number of rows (along axis 0) in each block but the last
     * @return the block reader; close it to close the file
     * @throws IOException if the file cannot be read, or a {@link NpyException} if its header is invalid
     */
    public static NpyBlockReader blocks(Path path, int rowsPerBlock) throws IOException {
        return NpyBlockReader.open(path, rowsPerBlock);
    }

    /**
     * Reads one array from {@code in} in blocks of {@code rowsPerBlock} rows (an {@code .npz} member stream, say).
     *
     * @param in the stream to read from
     * @param rowsPerBlock the number of rows (along axis 0) in each block but the last
     * @param limits the bounds on header length and element count
     * @param source the name of the stream in error messages
     * @return the block reader
     * @throws IOException if {@code in} fails, or a {@link NpyException} if the header is invalid or exceeds
     *         {@code limits}
     */
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
