package org.npy4j;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import org.npy4j.array.NdArray;
import org.npy4j.text.LoadTxtOptions;
import org.npy4j.text.SaveTxtOptions;
import org.npy4j.text.TextCodec;

/**
 * NumPy's {@code np.savetxt} / {@code np.loadtxt}: byte-identical text output, exact parsing.
 *
 * <pre>{@code
 * NpyText.savetxt(Path.of("a.txt"), a);                   // np.savetxt('a.txt', a)
 * NdArray b = NpyText.loadtxt(Path.of("a.txt"));          // b = np.loadtxt('a.txt')
 * }</pre>
 *
 * <p>Differences from NumPy, by design: an input without data returns shape {@code (0,)} (or what {@code ndmin} /
 * {@code usecols} make of it) without NumPy's warning; {@code unpack} of a record array returns the records unchanged
 * (select fields with {@link NdArray#field(String)}); {@code %r} is not a supported format, and neither are
 * {@code %d}/{@code %s} of longdouble (float formats of longdouble work, as NumPy formats the value rounded to a
 * double). Bad text raises {@link NpyFormatException} naming the source, line and column.
 */
public final class NpyText {
    private NpyText() {
    }

    /** {@code np.savetxt(path, array)} with NumPy's defaults ({@code fmt='%.18e'}, one space). */
    public static void savetxt(Path path, NdArray array) throws IOException {
        savetxt(path, array, SaveTxtOptions.DEFAULT);
    }

    /**
     * {@code np.savetxt(path, array, ...)}; names ending in {@code .gz} are gzipped; written atomically.
     *
     * @throws IllegalArgumentException for what NumPy refuses: 0-d or &gt;2-d arrays, a format that does not match
     *                                  the columns or the dtype
     */
    public static void savetxt(Path path, NdArray array, SaveTxtOptions options) throws IOException {
        TextCodec.savetxt(path, array, options);
    }

    /** {@code np.savetxt(stream, array, ...)}: text encoded with {@link SaveTxtOptions#encoding()}; not closed. */
    public static void savetxt(OutputStream out, NdArray array, SaveTxtOptions options) throws IOException {
        TextCodec.savetxt(out, array, options);
    }

    /** {@code np.savetxt(writer, array, ...)}; the writer is flushed, not closed. */
    public static void savetxt(Writer out, NdArray array, SaveTxtOptions options) throws IOException {
        TextCodec.savetxt(out, array, options);
    }

    /** {@code np.loadtxt(path)} with NumPy's defaults (float64, any whitespace). */
    public static NdArray loadtxt(Path path) throws IOException {
        return loadtxt(path, LoadTxtOptions.DEFAULT);
    }

    /**
     * {@code np.loadtxt(path, ...)}: {@code .gz} files are decompressed; {@code .bz2}/{@code .xz} raise
     * {@link NpyUnsupportedException}.
     */
    public static NdArray loadtxt(Path path, LoadTxtOptions options) throws IOException {
        return TextCodec.loadtxt(path, options);
    }

    /** {@code np.loadtxt(reader, ...)}; {@code source} names the input in error messages. The reader is not closed. */
    public static NdArray loadtxt(Reader in, LoadTxtOptions options, String source) throws IOException {
        return TextCodec.loadtxt(in, options, source);
    }
}
