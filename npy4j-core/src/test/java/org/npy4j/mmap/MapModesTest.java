package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.npy4j.Npy;
import org.npy4j.NpyTruncatedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.Mapping;
import org.npy4j.npy.NpyAppender;
import org.npy4j.npy.NpyBlockReader;
import org.npy4j.testing.Python;

/** The three {@code mmap_mode}s against NumPy: r+ writes reach the file, c writes do not, r refuses them. */
class MapModesTest {
    @TempDir
    Path dir;

    private Path numpySave(String name, String expr) {
        Path p = dir.resolve(name);
        Python.run("import sys, numpy as np\nnp.save(sys.argv[1], " + expr + ")", Python.arg(p));
        return p;
    }

    private static void putDouble(NdArray a, double v, long... idx) {
        a.storage().putLong(a.byteOffset(idx), Double.doubleToRawLongBits(v));
    }

    @ParameterizedTest(name = "chunks 2^{0}")
    @ValueSource(ints = {3, 5, 30})
    void readWriteChangesAreSeenByNumpy(int shift) throws IOException {
        Path c = dir.resolve("c.npy");
        Path f = dir.resolve("f.npy");
        Path be = dir.resolve("be.npy");
        Path zero = dir.resolve("zero.npy");
        Python.run("import sys, numpy as np\n"
                + "np.save(sys.argv[1], np.arange(24, dtype='<f8').reshape(4, 6))\n"
                + "np.save(sys.argv[2], np.asfortranarray(np.arange(24, dtype='<f8').reshape(4, 6)))\n"
                + "np.save(sys.argv[3], np.arange(10, dtype='>i4'))\n"
                + "np.save(sys.argv[4], np.float64(2.5))", Python.arg(c), Python.arg(f), Python.arg(be), Python.arg(zero));
        try (MappedNpy m = Mapping.map(c, MapMode.READ_WRITE, ReadLimits.DEFAULT, shift)) {
            assertTrue(m.array().isWritable());
            putDouble(m.array(), -1.5, 1, 2);
            putDouble(m.array(), 99, 3, 5);
            m.force();
            // NumPy sees forced writes while the mapping is still open
            assertEquals("-1.5 99.0", Python.run("import sys, numpy as np\na = np.load(sys.argv[1])\nprint(a[1, 2], a[3, 5])",
                    Python.arg(c)).trim());
        }
        try (MappedNpy m = Mapping.map(f, MapMode.READ_WRITE, ReadLimits.DEFAULT, shift)) {
            assertTrue(m.header().fortranOrder());
            putDouble(m.array(), -7, 0, 5); // a Fortran-strided view: index (0, 5) is a[0, 5] for NumPy too
            putDouble(m.array(), -8, 3, 0);
        }
        try (MappedNpy m = Mapping.map(be, MapMode.READ_WRITE, ReadLimits.DEFAULT, shift)) {
            NdArray a = m.array();
            a.storage().putInt(a.byteOffset(9), Integer.reverseBytes(-123456)); // '>i4': big-endian on disk
            assertEquals(-123456, a.getLong(9));
        }
        try (MappedNpy m = Mapping.map(zero, MapMode.READ_WRITE, ReadLimits.DEFAULT, shift)) {
            assertEquals(0, m.array().ndim());
            putDouble(m.array(), 4.25);
        }
        String out = Python.run("import sys, numpy as np\n"
                + "f = np.load(sys.argv[1]); b = np.load(sys.argv[2]); z = np.load(sys.argv[3])\n"
                + "print(f.flags.f_contiguous, f[0, 5], f[3, 0], f[1, 1], b[9], b[8], float(z))",
                Python.arg(f), Python.arg(be), Python.arg(zero));
        assertEquals("True -7.0 -8.0 7.0 -123456 8 4.25", out.trim());
    }

    /**
     * The seed: map a large 2-d array and read only {@code [100:110, 200:210]}, through the ordinary array API
     * (views, typed setters and export), with 4 KiB chunks so that the slice spans many of them.
     */
    @Test
    void aSliceOfAMappedArrayIsAnOrdinaryArray() throws IOException {
        Path p = numpySave("big.npy", "(np.arange(1000 * 1000, dtype='<f8') * 0.5).reshape(1000, 1000)");
        try (MappedNpy m = Mapping.map(p, MapMode.READ_WRITE, ReadLimits.DEFAULT, 12)) {
            NdArray window = m.array().slice(0, 100, 110, 1).slice(1, 200, 210, 1);
            double[][] got = window.toDoubleArray2D();
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 10; j++) {
                    assertEquals(((100 + i) * 1000 + 200 + j) * 0.5, got[i][j]);
                }
            }
            window.setDouble(-1, 9, 9);          // a write through the view lands in the file
            m.array().transpose().setDouble(-2, 999, 0);
        }
        assertEquals("-1.0 -2.0 50100.0", Python.run("import sys, numpy as np\na = np.load(sys.argv[1], mmap_mode='r')\n"
                + "print(a[109, 209], a[0, 999], a[100, 200])", Python.arg(p)).trim());
    }

    @Test
    void copyOnWriteChangesNeverReachTheFile() throws IOException {
        Path p = numpySave("a.npy", "np.arange(100, dtype='<i8')");
        byte[] before = Files.readAllBytes(p);
        try (MappedNpy cow = Mapping.map(p, MapMode.COPY_ON_WRITE, ReadLimits.DEFAULT, 4);
                MappedNpy ro = Npy.map(p, MapMode.READ_ONLY)) {
            NdArray a = cow.array();
            assertTrue(a.isWritable());
            a.storage().putLong(a.byteOffset(1), -5);
            a.storage().putLong(a.byteOffset(99), 1L << 40);
            cow.force(); // does nothing for a private mapping
            assertEquals(-5, a.getLong(1));
            assertEquals(1L << 40, a.getLong(99));
            assertEquals(1, ro.array().getLong(1), "another mapping of the file does not see private pages");
            assertArrayEquals(before, Files.readAllBytes(p));
        }
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals("1 99", Python.run("import sys, numpy as np\na = np.load(sys.argv[1])\nprint(a[1], a[99])",
                Python.arg(p)).trim());
    }

    @Test
    void readOnlyRefusesWrites() throws IOException {
        Path p = numpySave("a.npy", "np.arange(10, dtype='<i8')");
        try (MappedNpy m = Npy.map(p, MapMode.READ_ONLY)) {
            assertEquals(MapMode.READ_ONLY, m.mode());
            assertFalse(m.array().isWritable());
            assertTrue(m.array().storage().isReadOnly());
            assertThrows(ReadOnlyBufferException.class, () -> m.array().storage().putLong(0, 1));
            m.force(); // harmless
            assertEquals(9, m.array().getLong(9));
        }
    }

    @Test
    void useAfterCloseIsAClearErrorNotACrash() throws IOException {
        Path p = numpySave("a.npy", "np.arange(12, dtype='<f8').reshape(3, 4)");
        MappedNpy m = Mapping.map(p, MapMode.READ_WRITE, ReadLimits.DEFAULT, 3);
        NdArray a = m.array();
        NdArray row = a.get(1);
        NdArray col = a.transpose().get(2);
        m.close();
        m.close(); // idempotent
        assertTrue(m.isClosed());
        String expected = "already closed: MappedNpy(path=" + p + ")";
        for (Executable e : new Executable[] {m::array, m::force, () -> a.getDouble(0, 0), () -> row.getDouble(3),
                () -> col.getDouble(1), () -> a.storage().putLong(0, 0), () -> a.copy(), () -> a.storage().chunk(0)}) {
            assertEquals(expected, assertThrows(IllegalStateException.class, e).getMessage());
        }
        assertEquals(p, m.path());
        assertArrayEquals(new long[] {3, 4}, m.header().shape()); // the header stays readable
    }

    @Test
    void aFileShorterThanItsHeaderIsTruncated() throws IOException {
        Path p = numpySave("a.npy", "np.arange(100, dtype='<i4')");
        NpyHeader h = Npy.readHeader(p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(h.dataOffset() + 399);
        }
        for (Executable e : new Executable[] {() -> Npy.map(p, MapMode.READ_ONLY), () -> Npy.map(p, MapMode.READ_WRITE),
                () -> NpyBlockReader.open(p, 10), () -> NpyAppender.open(p)}) {
            NpyTruncatedException ex = assertThrows(NpyTruncatedException.class, e);
            assertTrue(ex.getMessage().startsWith(p.toString()), ex.getMessage());
        }
        NpyTruncatedException ex = assertThrows(NpyTruncatedException.class, () -> Npy.map(p, MapMode.READ_ONLY));
        assertTrue(ex.getMessage().contains("mmap length is greater than file size"), ex.getMessage());
        assertEquals(h.dataOffset() + 399, ex.offset());
        // NumPy agrees that the file cannot be mapped
        assertTrue(Python.run("import sys, numpy as np\ntry:\n np.load(sys.argv[1], mmap_mode='r'); print('loaded')\n"
                + "except ValueError as e: print(e)", Python.arg(p)).contains("mmap length is greater than file size"));
    }

    @Test
    void trailingBytesAreIgnoredAsNumpyIgnoresThem() throws IOException {
        Path p = numpySave("a.npy", "np.arange(5, dtype='<i8')");
        Files.write(p, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        try (MappedNpy m = Npy.map(p, MapMode.READ_ONLY)) {
            assertEquals(40, m.array().storage().byteSize());
            assertEquals(4, m.array().getLong(4));
        }
    }

    /**
     * A sparse file past 4 GiB (and so past Java's 2 GiB buffer limit and 2^31 bytes of offset), created by
     * {@code setLength} as {@code truncate} would, mapped and accessed at both ends and across a 1 GiB chunk seam.
     */
    @Test
    void sparseFileBeyondFourGiB() throws IOException {
        long n = (5L << 30) / 8 + 3; // 5 GiB + 24 bytes of int64
        NpyHeader h = NpyHeader.of(DType.INT64, new long[] {n}, false);
        Path p = dir.resolve("sparse.npy");
        byte[] header = h.encode();
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + n * 8);
        }
        long seam = (1L << 30) / 8; // first element of the second chunk
        try (MappedNpy m = Npy.map(p, MapMode.READ_WRITE)) {
            NdArray a = m.array();
            assertEquals(n, a.shape(0));
            assertEquals(6, a.storage().chunkCount());
            assertEquals(0, a.getLong(n - 1));
            a.storage().putLong(a.byteOffset(0), 7);
            a.storage().putLong(a.byteOffset(seam - 1), 8);
            a.storage().putLong(a.byteOffset(seam), 9);
            a.storage().putLong(a.byteOffset(n - 1), -9);
        }
        try (MappedNpy m = Mapping.map(p, MapMode.READ_ONLY, ReadLimits.DEFAULT, 30)) {
            NdArray a = m.array();
            assertEquals(7, a.getLong(0));
            assertEquals(8, a.getLong(seam - 1));
            assertEquals(9, a.getLong(seam));
            assertEquals(-9, a.getLong(-1));
            assertEquals(0, a.getLong(n / 2));
            NdArray tail = a.slice(n - 2, n, 1);
            assertEquals(-9, tail.getLong(1));
        }
        String out = Python.run("import sys, numpy as np\na = np.load(sys.argv[1], mmap_mode='r')\n"
                + "print(a.shape[0], a[0], a[" + (seam - 1) + "], a[" + seam + "], a[-1])", Python.arg(p));
        assertEquals(n + " 7 8 9 -9", out.trim());
    }
}
