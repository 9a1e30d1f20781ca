package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyTruncatedException;
import org.npy4j.array.NdArray;
import org.npy4j.testing.Python;

/**
 * Files below 1 MiB are read whole in one read and their data part becomes the array's storage. Arrays NumPy wrote
 * on both sides of that threshold must load to the values computed here independently, bytes after the data must be
 * ignored (as {@code np.load} does) without being kept, and truncation must be reported as for any other size.
 */
class SmallFileReadTest {
    @TempDir
    Path dir;

    /** uint8 element {@code i} of the arrays the script writes. */
    private static int u8(long i) {
        return (int) (i * 7 % 251);
    }

    @Test
    void filesAroundTheOneReadThresholdLoadAsNumpyWroteThem() throws IOException {
        // a 1-D uint8 array of n elements has a 128-byte header: file sizes 2^20 - 2 .. 2^20 + 2 and a few small ones
        long[] sizes = {0, 1, 63, 64, 4096, (1 << 20) - 130, (1 << 20) - 129, (1 << 20) - 128, (1 << 20) - 127,
            (1 << 20) - 126};
        StringBuilder list = new StringBuilder();
        for (long n : sizes) {
            list.append(list.length() == 0 ? "" : ",").append(n);
        }
        Python.run(String.join("\n",
                "import sys, numpy as np",
                "d = sys.argv[1]",
                "for n in [" + list + "]:",
                "    np.save('%s/u%d.npy' % (d, n), (np.arange(n, dtype=np.int64) * 7 % 251).astype(np.uint8))",
                "np.save(d + '/f.npy', np.asfortranarray(np.arange(15, dtype='>i4').reshape(3, 5) * -3))",
                "np.save(d + '/c.npy', np.arange(3 * 64 * 64, dtype='<f4').reshape(3, 64, 64) / 8)"), dir.toString());
        for (long n : sizes) {
            Path f = dir.resolve("u" + n + ".npy");
            assertEquals(128 + n, Files.size(f), "file size of " + f);
            NdArray a = Npy.load(f);
            assertArrayEquals(new long[] {n}, a.shape());
            for (long i = 0; i < n; i++) {
                if ((a.getByte(i) & 0xFF) != u8(i)) {
                    assertEquals(u8(i), a.getByte(i) & 0xFF, f + " element " + i);
                }
            }
        }
        NdArray f = Npy.load(dir.resolve("f.npy"));
        assertArrayEquals(new long[] {3, 5}, f.shape());
        assertTrue(f.isFContiguous());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals((i * 5 + j) * -3, f.getInt(i, j));
            }
        }
        NdArray c = Npy.load(dir.resolve("c.npy"));
        assertArrayEquals(new long[] {3, 64, 64}, c.shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 64; j += 7) {
                for (int k = 0; k < 64; k += 5) {
                    assertEquals((i * 4096 + j * 64 + k) / 8.0, c.getDouble(i, j, k), 0.0);
                }
            }
        }
    }

    @Test
    void theDataIsKeptWithoutASecondCopyAndTheArrayIsReadOnly() throws IOException {
        float[] v = new float[3 * 64 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f;
        }
        Path p = dir.resolve("a.npy");
        Npy.save(p, v, 3, 64, 64);
        NdArray a = Npy.load(p);
        assertEquals(v.length * 4L, a.storage().byteSize(), "the storage holds exactly the data");
        ByteBuffer chunk = a.storage().chunk(0);
        assertTrue(chunk.hasArray());
        assertEquals(Files.size(p), chunk.array().length, "one array of the file's size, read once");
        assertEquals(128, chunk.arrayOffset(), "the data part of it, after the 128-byte header");
        assertEquals(v[4097], a.getFloat(1, 0, 1), 0f);
        assertFalse(a.isWritable());
        assertThrows(IllegalStateException.class, () -> a.setFloat(1f, 0, 0, 0));
    }

    @Test
    void bytesAfterTheDataAreIgnoredAsNumpyDoesAndNotKept(@TempDir Path d) throws IOException {
        Path p = d.resolve("t.npy");
        Npy.save(p, new double[] {1.5, -2.25}, 2);
        Files.write(p, new byte[5000], StandardOpenOption.APPEND);
        String numpy = Python.run("import sys, numpy as np\nprint(np.load(sys.argv[1]).tolist())", p.toString()).trim();
        assertEquals("[1.5, -2.25]", numpy);
        NdArray a = Npy.load(p);
        assertArrayEquals(new long[] {2}, a.shape());
        assertEquals(1.5, a.getDouble(0), 0.0);
        assertEquals(-2.25, a.getDouble(1), 0.0);
        ByteBuffer chunk = a.storage().chunk(0);
        assertEquals(16, chunk.array().length, "header and trailing bytes worth more than the data are not kept");

        // a tiny array behind a large header is copied out too: its 9 KiB of header are not kept per array
        Path q = d.resolve("h.npy");
        String dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }";
        int prefix = 12;
        int len = 64 * 140 - prefix; // below NumPy's and our default max_header_size of 10000
        byte[] file = new byte[prefix + len + 6];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0};
        System.arraycopy(magic, 0, file, 0, 8);
        ByteBuffer.wrap(file, 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(len);
        java.util.Arrays.fill(file, prefix, prefix + len, (byte) ' ');
        byte[] text = dict.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, file, prefix, text.length);
        file[prefix + len - 1] = '\n';
        ByteBuffer.wrap(file, prefix + len, 6).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 7)
                .putShort((short) -8).putShort((short) 9);
        Files.write(q, file);
        String back = Python.run("import sys, numpy as np\nprint(np.load(sys.argv[1]).tolist())", q.toString()).trim();
        assertEquals("[7, -8, 9]", back);
        NdArray h = Npy.load(q);
        assertEquals(-8, h.getShort(1));
        assertEquals(6, h.storage().chunk(0).array().length);
    }

    @Test
    void aSmallFileShorterThanItsHeaderDeclaresIsReportedAsTruncated() throws IOException {
        Path p = dir.resolve("short.npy");
        Npy.save(p, new int[] {1, 2, 3, 4}, 4);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(all, all.length - 3));
        NpyTruncatedException e = assertThrows(NpyTruncatedException.class, () -> Npy.load(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("16 bytes of data, but only 13 bytes follow the header"), e.getMessage());
        // the header itself cut short
        Files.write(p, java.util.Arrays.copyOf(all, 40));
        NpyTruncatedException h = assertThrows(NpyTruncatedException.class, () -> Npy.load(p));
        assertTrue(h.getMessage().contains("header declares 118 bytes but the file ends after 30"), h.getMessage());
    }
}
