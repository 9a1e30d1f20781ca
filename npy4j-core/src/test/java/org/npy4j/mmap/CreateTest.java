package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.Mapping;
import org.npy4j.testing.Python;

/** {@code w+}: files created and filled through the mapping are byte-identical to {@code np.save} of the same array. */
class CreateTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        DType rec = DType.struct(List.of(Field.of("x", DType.INT32), Field.of("y", DType.FLOAT64)));
        return Stream.of(
                Arguments.of("<f8", DType.FLOAT64, new long[] {3, 4}, Order.C),
                Arguments.of("<f8", DType.FLOAT64, new long[] {3, 4}, Order.F),
                Arguments.of("<f8", DType.FLOAT64, new long[] {1, 5}, Order.F),   // F and C: fortran_order False
                Arguments.of("<f8", DType.FLOAT64, new long[] {0, 3}, Order.F),   // empty: both contiguous
                Arguments.of("<f8", DType.FLOAT64, new long[] {7}, Order.F),
                Arguments.of("<f8", DType.FLOAT64, new long[] {}, Order.C),       // 0-d
                Arguments.of(">i4", DType.parse(">i4"), new long[] {2, 3, 4}, Order.F),
                Arguments.of("<u2", DType.UINT16, new long[] {2, 1, 3, 1, 2}, Order.C),
                Arguments.of("|S3", DType.bytes(3), new long[] {4}, Order.C),
                Arguments.of("|b1", DType.BOOL, new long[] {2, 2}, Order.F),
                Arguments.of("[('x', '<i4'), ('y', '<f8')]", rec, new long[] {5}, Order.C),
                Arguments.of("<c16", DType.COMPLEX128, new long[] {3, 2}, Order.F));
    }

    /** Byte {@code b} of the element at flat C index {@code i}: a pattern every byte of which differs. */
    static byte pattern(DType t, long i, int b) {
        return t.kind() == Kind.BOOL ? (byte) ((i + b) & 1) : (byte) (i * 31 + b * 7 + 1);
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("cases")
    void filledFileIsWhatNumpySaves(String descr, DType dtype, long[] shape, Order order) throws IOException {
        for (int shift : new int[] {3, 30}) {
            Path ours = dir.resolve("ours" + shift + ".npy");
            try (MappedNpy m = Mapping.create(ours, dtype, shape, order, false, shift)) {
                NdArray a = m.array();
                assertEquals(MapMode.READ_WRITE, m.mode());
                assertArrayEquals(shape, a.shape());
                assertTrue(order == Order.C ? a.isCContiguous() : a.isFContiguous());
                int item = dtype.itemSize();
                for (long i = 0; i < a.size(); i++) {
                    long off = a.byteOffsetFlat(i);
                    for (int b = 0; b < item; b++) {
                        a.storage().putByte(off + b, pattern(dtype, i, b));
                    }
                }
            }
            Path theirs = dir.resolve("theirs.npy");
            StringBuilder data = new StringBuilder();
            long n = NdArray.sizeOf(shape);
            for (long i = 0; i < n; i++) {
                for (int b = 0; b < dtype.itemSize(); b++) {
                    data.append(String.format("%02x", pattern(dtype, i, b) & 0xFF));
                }
            }
            String shapeText = "(" + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","))
                    + (shape.length == 1 ? ",)" : ")");
            Python.run("import sys, numpy as np\n"
                    + "dt = np.dtype(eval(sys.argv[2]))\n"
                    + "a = np.frombuffer(bytes.fromhex(sys.argv[3]), dtype=dt).reshape(" + shapeText + ")\n"
                    + "a = a.copy(order=sys.argv[4])\n"
                    + "np.save(sys.argv[1], a)",
                    Python.arg(theirs), descr.startsWith("[") ? descr : "'" + descr + "'",
                    data.length() == 0 ? "" : data.toString(), order.name());
            assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), "chunks 2^" + shift);
        }
    }

    @Test
    void refusesToReplaceAnExistingFile() throws IOException {
        Path p = dir.resolve("keep.npy");
        Files.write(p, new byte[] {1, 2, 3});
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> Npy.create(p, DType.FLOAT64, new long[] {3}, Order.C, false));
        assertTrue(e.getMessage().contains("overwrite"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
        assertEquals(List.of(p), list());
    }

    @Test
    void overwriteReplacesThroughATemporaryFile() throws IOException {
        Path p = dir.resolve("old.npy");
        Files.write(p, new byte[] {1, 2, 3});
        try (MappedNpy m = Npy.create(p, DType.INT64, new long[] {4}, Order.C, true)) {
            m.array().storage().putLong(24, 42);
        }
        assertEquals(List.of(p), list(), "no temporary file left behind");
        assertEquals("[ 0  0  0 42]", Python.run("import sys, numpy as np\nprint(np.load(sys.argv[1]))", Python.arg(p)).trim());
    }

    @Test
    void aFailedOverwriteLeavesTheOldFile() throws IOException {
        // a non-empty directory cannot be replaced by a rename: the create fails after the temporary file is complete
        Path p = dir.resolve("d.npy");
        Files.createDirectory(p);
        Files.write(p.resolve("inside"), new byte[] {9});
        assertThrows(IOException.class, () -> Npy.create(p, DType.FLOAT64, new long[] {1000}, Order.C, true));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(p.resolve("inside")));
        assertEquals(List.of(p), list(), "the temporary file is removed");
    }

    @Test
    void badArgumentsAreRefusedBeforeTouchingTheDisk() {
        Path p = dir.resolve("x.npy");
        assertThrows(IllegalArgumentException.class, () -> Npy.create(p, DType.FLOAT64, new long[] {-1}, Order.C, false));
        assertThrows(IllegalArgumentException.class,
                () -> Npy.create(p, DType.FLOAT64, new long[] {1L << 40, 1L << 40}, Order.C, false));
        assertThrows(IllegalArgumentException.class, () -> Npy.create(p, DType.OBJECT, new long[] {1}, Order.C, false));
        assertTrue(Files.notExists(p));
    }

    @Test
    void moreThanTwoToThe32ElementsCreatedSparse() throws IOException {
        // 2^32 + 5 elements (past int indices, past 4 GiB): creation writes the header and one byte; nothing is read
        Path p = dir.resolve("huge.npy");
        long n = (1L << 32) + 5;
        try (MappedNpy m = Npy.create(p, DType.UINT8, new long[] {n}, Order.C, false)) {
            assertEquals(5, m.array().storage().chunkCount());
            m.array().storage().putByte(n - 1, (byte) 200);
            m.array().storage().putByte(1L << 31, (byte) 3);
        }
        assertEquals(128 + n, Files.size(p));
        assertEquals("(4294967301,) 200 3 0", Python.run("import sys, numpy as np\na = np.load(sys.argv[1], mmap_mode='r')\n"
                + "print(a.shape, a[-1], a[2**31], a[0])", Python.arg(p)).trim());
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }
}
