package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.testing.Python;

/** Arrays past 2^31 elements and 2 GiB (run with {@code -Pheavy}, as {@code .ci/run} does). */
class NpyHeavyTest {
    @TempDir
    Path tmp;

    @Test
    void moreThanTwoToThe31Int8ElementsSaveAndLoadBothWays() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("npy4j.heavy"), "heavy tests run with -Pheavy");
        long n = 2_200_000_000L;
        Storage st = Storage.allocate(n);
        for (long i = 0; i < n; i += 1 << 20) {
            st.putByte(i, (byte) (i >>> 20));
        }
        st.putByte(n - 1, (byte) 77);
        NdArray a = NdArray.contiguous(DType.INT8, new long[] {n}, Order.C, st, 0, false);
        Path p = Npy.save(tmp.resolve("big"), a);
        assertEquals(128 + n, Files.size(p));
        String out = Python.run(String.join("\n",
                "import sys, numpy as np",
                "a = np.load(sys.argv[1], mmap_mode='r')",
                "i = np.arange(0, a.shape[0], 1 << 20)",
                "assert a.dtype == np.int8 and a.shape == (" + n + ",)",
                "assert (a[i] == (i >> 20).astype(np.uint8).view(np.int8)).all()",
                "assert a[-1] == 77",
                "b = np.zeros(" + n + ", np.int8); b[::1 << 20] = 5; b[-1] = -3",
                "np.save(sys.argv[2], b)",
                "print('ok')"), p.toString(), tmp.resolve("numpy.npy").toString());
        assertEquals("ok", out.trim());
        a = null;
        NdArray b = Npy.load(tmp.resolve("numpy.npy"));
        assertEquals(n, b.size());
        assertEquals(5, b.getLong(0));
        assertEquals(5, b.getLong(2_199_912_448L));
        assertEquals(-3, b.getLong(n - 1));
        assertEquals(0, b.getLong(n - 2));
    }
}
