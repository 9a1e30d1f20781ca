package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;
import org.npy4j.testing.Python;

/** {@code Npy.save(Path, double[]/float[]/int[]/long[], shape)} writes what {@code np.save} writes for that array. */
class JavaArraySaveTest {
    @TempDir
    Path tmp;

    @Test
    void javaArraysSaveByteIdenticalToTheirNdArrays() throws IOException {
        Random r = new Random(7);
        int n = 300_000; // past the staging buffer, so several slices are written
        double[] d = r.doubles(n).toArray();
        float[] f = new float[n];
        int[] i = r.ints(n).toArray();
        long[] l = r.longs(n).toArray();
        for (int k = 0; k < n; k++) {
            f[k] = (float) d[k];
        }
        long[] shape = {600, 500};
        assertArrayEquals(Npy.toBytes(NdArray.of(DType.FLOAT64, shape, Order.C, d)),
                Files.readAllBytes(Npy.save(tmp.resolve("d"), d, shape)));
        assertArrayEquals(Npy.toBytes(NdArray.of(DType.FLOAT32, shape, Order.C, f)),
                Files.readAllBytes(Npy.save(tmp.resolve("f"), f, shape)));
        assertArrayEquals(Npy.toBytes(NdArray.of(DType.INT32, shape, Order.C, i)),
                Files.readAllBytes(Npy.save(tmp.resolve("i"), i, shape)));
        assertArrayEquals(Npy.toBytes(NdArray.of(DType.INT64, new long[] {n}, Order.C, l)),
                Files.readAllBytes(Npy.save(tmp.resolve("l.npy"), l)));
        String out = Python.run(String.join("\n", "import sys, io, numpy as np",
                "a = np.load(sys.argv[1]); b = io.BytesIO(); np.save(b, a)",
                "print(a.shape, a.dtype, b.getvalue() == open(sys.argv[1], 'rb').read())"), tmp.resolve("d.npy").toString());
        assertEquals("(600, 500) float64 True", out.trim());
    }

    @Test
    void aShapeThatDoesNotHoldTheDataIsRefusedBeforeAnyFileExists() {
        assertThrows(IllegalArgumentException.class, () -> Npy.save(tmp.resolve("x"), new double[6], 4, 2));
        assertEquals(false, Files.exists(tmp.resolve("x.npy")));
    }
}
