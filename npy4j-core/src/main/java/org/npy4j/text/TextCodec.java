package org.npy4j.text;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.npy4j.array.NdArray;

/**
 * The text engine behind {@link org.npy4j.NpyText}; call that facade rather than this class.
 *
 * <pre>{@code
 * TextCodec.savetxt(writer, array, SaveTxtOptions.DEFAULT);                     // what NpyText.savetxt(Writer, ...) does
 * NdArray a = TextCodec.loadtxt(reader, LoadTxtOptions.DEFAULT, "input.txt");
 * }</pre>
 */
public final class TextCodec {
    private TextCodec() {
    }

    /**
     * Writes {@code array} as {@code np.savetxt} would, encoding with {@link SaveTxtOptions#encoding()}.
     * @param out the stream written to; it is not closed
     * @param array the 1-D or 2-D array to write
     * @param options the {@code np.savetxt} arguments
     * @throws IOException if writing fails, or a character cannot be encoded
     * @throws IllegalArgumentException if the array cannot be written with these formats (as NumPy refuses)
     */
    public static void savetxt(OutputStream out, NdArray array, SaveTxtOptions options) throws IOException {
        TextWriter w = new TextWriter(array, options);
        w.write(TextWriter.toStream(out, options.encoding()));
    }

    /**
     * Writes {@code array} as {@code np.savetxt} would, as characters.
     * @param out the writer written to; it is not closed
     * @param array the 1-D or 2-D array to write
     * @param options the {@code np.savetxt} arguments
     * @throws IOException if writing fails, or a character cannot be encoded
     * @throws IllegalArgumentException if the array cannot be written with these formats (as NumPy refuses)
     */
    public static void savetxt(Writer out, NdArray array, SaveTxtOptions options) throws IOException {
        TextWriter w = new TextWriter(array, options);
        w.write(TextWriter.toWriter(out));
    }

    /**
     * Writes {@code array} to {@code path} atomically (temporary file in the same directory, forced, renamed);
     * gzip-compressed when the name ends in {@code .gz}. Nothing is left at {@code path} if formatting fails.
     * @param path the file written; replaced if it exists
     * @param array the 1-D or 2-D array to write
     * @param options the {@code np.savetxt} arguments
     * @throws IOException if creating, writing, forcing or renaming the file fails, or a character cannot be encoded
     * @throws IllegalArgumentException if the array cannot be written with these formats (as NumPy refuses)
     */
    public static void savetxt(Path path, NdArray array, SaveTxtOptions options) throws IOException {
        TextWriter w = new TextWriter(array, options); // argument errors surface before any file is touched
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(ch);
                OutputStream os = new BufferedOutputStream(raw, 1 << 16);
                if (abs.getFileName().toString().endsWith(".gz")) {
                    GZIPOutputStream gz = new GZIPOutputStream(os, 1 << 16);
                    w.write(TextWriter.toStream(gz, options.encoding()));
                    gz.finish();
                    gz.flush();
                } else {
                    w.write(TextWriter.toStream(os, options.encoding()));
                }
                os.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Reads text as {@code np.loadtxt} would; {@code source} names the input in error messages.
     * @param in the text read; it is not closed
     * @param options the {@code np.loadtxt} arguments
     * @param source the name of the input used in error messages
     * @return the loaded array
     * @throws IOException if reading fails or the text does not parse
     */
    public static NdArray loadtxt(Reader in, LoadTxtOptions options, String source) throws IOException {
        return new TextReader(options, source).read(in);
    }

    /**
     * Reads a file as {@code np.loadtxt} would ({@code .gz} decompressed; {@code .bz2}/{@code .xz} refused).
     * @param path the file read
     * @param options the {@code np.loadtxt} arguments
     * @return the loaded array
     * @throws IOException if reading fails, the text does not parse, or the file is {@code .bz2}, {@code .xz} or
     *         {@code .lzma}
     */
    public static NdArray loadtxt(Path path, LoadTxtOptions options) throws IOException {
        return TextReader.readFile(path, options);
    }
}
