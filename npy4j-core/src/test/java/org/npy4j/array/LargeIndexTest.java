package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.npy4j.dtype.DType;

/** Sizes and offsets past 2^31 without allocating them: stride-0 views and many tiny chunks. */
class LargeIndexTest {

    @Test
    void exportsBeyondJavaArrayLimitAreRefusedClearly() {
        // 3 * 2^30 elements, all the same byte (a broadcast view: stride 0)
        NdArray huge = NdArray.view(DType.INT8, new long[] {3, 1L << 30}, new long[] {0, 0}, 0, Storage.allocate(1), false);
        assertEquals(3L << 30, huge.size());
        for (Runnable r : new Runnable[] {huge::toByteArray, huge::toShortArray, huge::toIntArray, huge::toLongArray,
            huge::toFloatArray, huge::toDoubleArray}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
            assertTrue(e.getMessage().contains("too large") && e.getMessage().contains(String.valueOf(3L << 30)), e.getMessage());
        }
        assertEquals(0, huge.getByte(2, (1L << 30) - 1));
        assertEquals(0, huge.byteOffsetFlat((3L << 30) - 1));
        // a slice of it exports fine
        assertArrayEquals(new byte[5], huge.get(2).slice(1L << 29, (1L << 29) + 5, 1).toByteArray());
    }

    @Test
    void offsetsBeyondIntRangeOnTinyChunks() {
        // 8192 chunks of 8 bytes; an odd start offset puts every big-endian double across a chunk boundary
        Storage s = Storage.allocate(1 << 16, 3);
        assertEquals(1 << 13, s.chunkCount());
        NdArray a = NdArray.contiguous(DType.parse(">f8"), new long[] {8000}, Order.C, s, 13, true);
        for (int i = 0; i < 8000; i++) {
            a.setDouble(i * 0.5, i);
        }
        double[] d = a.toDoubleArray();
        for (int i = 0; i < 8000; i++) {
            assertEquals(i * 0.5, d[i]);
        }
        assertTrue(a.slice(0, 7999, -1, -3).contentEquals(a.copy(Order.C).slice(0, 7999, -1, -3)));
    }
}
