package org.npy4j;

import java.io.IOException;
import java.nio.file.Path;
import org.npy4j.array.NdArray;
import org.npy4j.text.LoadTxtOptions;
import org.npy4j.text.SaveTxtOptions;

/**
 * NumPy's {@code np.savetxt} / {@code np.loadtxt}: byte-identical text output, exact parsing.
 *
 * <pre>{@code
 * NpyText.savetxt(Path.of("a.txt"), a);                   // np.savetxt('a.txt', a)
 * NdArray b = NpyText.loadtxt(Path.of("a.txt"));          // b = np.loadtxt('a.txt')
 * }</pre>
 */
public final class NpyText {
    private NpyText() {
    }

    /** {@code np.savetxt(path, array)} with NumPy's defaults ({@code fmt='%.18e'}, one space). */
    public static void savetxt(Path path, NdArray array) throws IOException {
        savetxt(path, array, SaveTxtOptions.DEFAULT);
    }

    /** {@code np.savetxt(path, array, ...)}; names ending in {@code .gz} are gzipped; written atomically. */
    public static void savetxt(Path path, NdArray array, SaveTxtOptions options) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code np.loadtxt(path)} with NumPy's defaults (float64, any whitespace). */
    public static NdArray loadtxt(Path path) throws IOException {
        return loadtxt(path, LoadTxtOptions.DEFAULT);
    }

    /** {@code np.loadtxt(path, ...)}. */
    public static NdArray loadtxt(Path path, LoadTxtOptions options) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
