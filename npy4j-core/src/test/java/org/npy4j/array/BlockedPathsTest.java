package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.npy4j.dtype.DType;

/**
 * The cache-blocked copy and slab-wise export for transposed layouts: arrays big enough to take those paths (and,
 * for doubles, more than one 8 MiB slab), with element values that encode their own C index.
 */
class BlockedPathsTest {

    /** An F-ordered (rows x cols) array whose element [i, j] is i * cols + j, built without the paths under test. */
    private static NdArray fortran(DType t, int rows, int cols, int shift) {
        long bytes = (long) rows * cols * t.itemSize() + 3;
        Storage s = shift == 0 ? Storage.allocate(bytes) : Storage.allocate(bytes, shift);
        NdArray a = NdArray.contiguous(t, new long[] {rows, cols}, Order.F, s, 3, true);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                long v = (long) i * cols + j;
                if (t.kind() == org.npy4j.dtype.Kind.FLOAT && t.itemSize() == 4) {
                    a.setFloat(v, i, j);
                } else if (t.kind() == org.npy4j.dtype.Kind.FLOAT) {
                    a.setDouble(v, i, j);
                } else if (t.itemSize() == 1) {
                    a.setByte((byte) v, i, j);
                } else if (t.itemSize() == 2) {
                    a.setShort((short) v, i, j);
                } else if (t.itemSize() == 4) {
                    a.setInt((int) v, i, j);
                } else {
                    a.setLong(v, i, j);
                }
            }
        }
        return a;
    }

    @Test
    void fortranDoublesExportThroughSeveralSlabs() {
        int rows = 1100;
        int cols = 1000; // 8.8 MB: two slabs
        NdArray a = fortran(DType.parse(">f8"), rows, cols, 0);
        double[] d = a.toDoubleArray();
        for (int k = 0; k < d.length; k++) {
            assertEquals(k, d[k], "flat " + k);
        }
        NdArray c = a.copy(Order.C);
        assertTrue(c.isCContiguous());
        assertTrue(c.contentEquals(a));
        assertEquals(rows * cols - 1.0, c.getDouble(rows - 1, cols - 1));
        NdArray back = c.copy(Order.F);
        assertTrue(back.isFContiguous() && back.contentEquals(a));
        double[][] d2 = a.toDoubleArray2D();
        assertEquals(1099.0 * 1000 + 999, d2[1099][999]);
    }

    @Test
    void everyItemSizeOnChunkedStorage() {
        String[] types = {"|i1", ">i2", ">u4", "<f4", "<i8", ">f8", "<f16"};
        for (String ts : types) {
            for (int shift : new int[] {0, 3}) {
                DType t = DType.parse(ts);
                NdArray a = fortran(t, 200, 170, shift);
                String what = ts + " shift " + shift;
                long[] want = new long[200 * 170];
                for (int k = 0; k < want.length; k++) {
                    want[k] = t.itemSize() == 1 ? (byte) k : t.itemSize() == 2 ? (short) k : k;
                }
                if (t.kind() == org.npy4j.dtype.Kind.FLOAT) {
                    double[] d = a.toDoubleArray();
                    for (int k = 0; k < d.length; k++) {
                        assertEquals((double) k, d[k], what);
                    }
                } else {
                    assertArrayEquals(want, a.toLongArray(), what);
                }
                NdArray c = a.copy(Order.C);
                assertTrue(c.contentEquals(a), what);
                // a 3-d transposed view: (170, 200) -> reshape of the C copy, transposed back
                NdArray t3 = c.reshape(10, 20, 170).permute(2, 0, 1);
                NdArray t3c = t3.copy(Order.C);
                assertEquals(t3.getDouble(169, 9, 19), t3c.getDouble(169, 9, 19), what);
                assertTrue(t3c.contentEquals(t3), what);
                if (t.itemSize() <= 4 && t.kind() != org.npy4j.dtype.Kind.FLOAT) {
                    int[] in = t3.toIntArray();
                    assertEquals((int) t3.getLong(5, 3, 7), in[5 * 200 + 3 * 20 + 7], what);
                }
            }
        }
    }
}
