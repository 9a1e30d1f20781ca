package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.npy4j.dtype.DType;

/** A real array past 2^31 bytes (3 chunks of 1 GiB): element access, slices and exports at long offsets. */
class LargeArrayHeavyTest {

    @Test
    void threeGibibytesOfDoubles() {
        Assumptions.assumeTrue(Boolean.getBoolean("npy4j.heavy"));
        long n = (3L << 30) / 8 + 3; // straddles two 1 GiB chunk boundaries
        NdArray a = NdArray.zeros(DType.FLOAT64, n);
        assertEquals(4, a.storage().chunkCount());
        long[] probe = {0, (1L << 27) - 1, 1L << 27, (1L << 28) + 5, n - 1};
        for (long i : probe) {
            a.setDouble(i * 0.25, i);
        }
        for (long i : probe) {
            assertEquals(i * 0.25, a.getDouble(i));
        }
        // export a window that crosses the chunk boundary at 2^30 bytes (element 2^27)
        double[] w = a.slice((1L << 27) - 2, (1L << 27) + 2, 1).toDoubleArray();
        assertEquals(((1L << 27) - 1) * 0.25, w[1]);
        assertEquals((1L << 27) * 0.25, w[2]);
        NdArray r = a.reshape(-1, 1).slice(0, n - 2, n, 1).ravel();
        assertEquals((n - 1) * 0.25, r.getDouble(1));
    }
}
