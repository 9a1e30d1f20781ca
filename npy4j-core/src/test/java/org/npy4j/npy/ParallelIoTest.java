package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyTruncatedException;
import org.npy4j.array.NdArray;
import org.npy4j.internal.Parallel;
import org.npy4j.testing.Python;

/**
 * The big-array paths: loads copied out of a mapping in several parts, Java-array loads copied straight into the
 * result, saves written in parts with positional writes. Files of 24 MiB are split into parts on any machine with
 * two or more processors (checked), so every part boundary, byte order and fallback is exercised against NumPy.
 */
class ParallelIoTest {
    /** 3 Mi elements of 8 bytes: 24 MiB, several parts. */
    private static final int N = 3 << 20;

    @TempDir
    Path dir;

    @Test
    void bigFilesAreSplitIntoPartsHere() {
        assertTrue(Parallel.partsFor(8L * N) > 1 || Runtime.getRuntime().availableProcessors() == 1);
    }

    private Path numpy(String name, String expr) {
        Path p = dir.resolve(name);
        Python.run("import numpy as np, sys\nnp.save(sys.argv[1], " + expr + ")\n", Python.arg(p));
        return p;
    }

    @Test
    void javaArrayLoadsOfEveryTypeAndByteOrderEqualNumPysValues() throws IOException {
        for (String order : new String[] {"<", ">"}) {
            double[] d = Npy.loadDoubleArray(numpy("d" + order.hashCode() + ".npy",
                    "(np.arange(" + N + ") * 0.5 - 7).astype('" + order + "f8')"));
            float[] f = Npy.loadFloatArray(numpy("f" + order.hashCode() + ".npy",
                    "(np.arange(" + (2 * N) + ") * 0.25).astype('" + order + "f4')"));
            int[] i = Npy.loadIntArray(numpy("i" + order.hashCode() + ".npy",
                    "(np.arange(" + (2 * N) + ") * 3 - 5).astype('" + order + "i4')"));
            long[] l = Npy.loadLongArray(numpy("l" + order.hashCode() + ".npy",
                    "(np.arange(" + N + ", dtype=np.int64) * 1000000007 - 11).astype('" + order + "i8')"));
            assertEquals(N, d.length);
            assertEquals(2 * N, f.length);
            assertEquals(2 * N, i.length);
            assertEquals(N, l.length);
            for (int k = 0; k < N; k++) {
                if (d[k] != k * 0.5 - 7 || l[k] != k * 1000000007L - 11) {
                    throw new AssertionError(order + " element " + k + ": " + d[k] + " " + l[k]);
                }
            }
            for (int k = 0; k < 2 * N; k++) {
                if (f[k] != (float) (k * 0.25) || i[k] != k * 3 - 5) {
                    throw new AssertionError(order + " element " + k + ": " + f[k] + " " + i[k]);
                }
            }
        }
    }

    @Test
    void javaArrayLoadsOfOtherLayoutsAndDtypesGoThroughTheArray() throws IOException {
        // Fortran order (C-order result), a narrower dtype (widened), a small file: the same values as toXxxArray
        Path fortran = numpy("fo.npy", "np.asfortranarray(np.arange(" + N + ", dtype='<f8').reshape(1024, -1))");
        Path small = numpy("small.npy", "np.arange(10, dtype='<f8')");
        Path int16 = numpy("i2.npy", "(np.arange(" + N + ") % 30000).astype('<i2')");
        for (Path p : new Path[] {fortran, small, int16}) {
            assertArrayEquals(Npy.load(p).toDoubleArray(), Npy.loadDoubleArray(p), p.toString());
        }
        double[] c = Npy.loadDoubleArray(fortran);
        for (int k = 0; k < N; k++) {
            if (c[k] != k) {
                throw new AssertionError("element " + k + " = " + c[k]);
            }
        }
        assertArrayEquals(Npy.load(int16).toLongArray(), Npy.loadLongArray(int16));
        assertThrows(IllegalStateException.class, () -> Npy.loadIntArray(fortran)); // float64 does not read as int
    }

    @Test
    void truncatedBigFilesFailBeforeAllocating() throws IOException {
        Path p = numpy("t.npy", "np.zeros(" + N + ")");
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 8));
        NpyTruncatedException e = assertThrows(NpyTruncatedException.class, () -> Npy.loadDoubleArray(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertThrows(NpyTruncatedException.class, () -> Npy.load(p));
    }

    @Test
    void partedLoadsEqualNumPysValues() throws IOException {
        Path p = numpy("big.npy", "np.arange(" + N + ", dtype='>i8') * 3");
        NdArray a = Npy.load(p);
        assertEquals(">i8", a.dtype().str());
        for (int k = 0; k < N; k += 1) {
            if (a.getLong(k) != 3L * k) {
                throw new AssertionError("element " + k + " = " + a.getLong(k));
            }
        }
    }

    @Test
    void partedSavesAreByteIdenticalToNumPy() throws IOException {
        double[] d = new double[N];
        for (int k = 0; k < N; k++) {
            d[k] = k * 0.5 - 7;
        }
        Path fromJava = Npy.save(dir.resolve("java.npy"), d, 1024, N / 1024);
        Path fromArray = Npy.save(dir.resolve("array.npy"), NdArray.of(d).reshape(1024, N / 1024));
        // a Fortran-ordered view is written from storage in parts too, with fortran_order: True
        Path fortran = Npy.save(dir.resolve("fortran.npy"), NdArray.of(d).reshape(N / 1024, 1024).transpose());
        Path expected = numpy("numpy.npy", "(np.arange(" + N + ") * 0.5 - 7).reshape(1024, -1)");
        Path expectedF = numpy("numpyf.npy", "(np.arange(" + N + ") * 0.5 - 7).reshape(-1, 1024).T");
        byte[] want = Files.readAllBytes(expected);
        assertArrayEquals(want, Files.readAllBytes(fromJava));
        assertArrayEquals(want, Files.readAllBytes(fromArray));
        assertArrayEquals(Files.readAllBytes(expectedF), Files.readAllBytes(fortran));
        float[] f = new float[2 * N];
        for (int k = 0; k < f.length; k++) {
            f[k] = k * 0.25f;
        }
        assertArrayEquals(Files.readAllBytes(numpy("nf.npy", "np.arange(" + (2 * N) + ", dtype='<f4') * 0.25")),
                Files.readAllBytes(Npy.save(dir.resolve("jf.npy"), f)));
    }
}
