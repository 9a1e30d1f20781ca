package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.npy.NpyAppender;
import org.npy4j.testing.Corpus;
import org.npy4j.testing.Python;

/** The streaming writer and append-along-axis-0, checked against {@code np.save} of the whole array. */
class AppenderTest {
    @TempDir
    Path dir;

    private Path numpy(String name, String expr) {
        Path p = dir.resolve(name);
        Python.run("import sys, numpy as np\nnp.save(sys.argv[1], " + expr + ")", Python.arg(p));
        return p;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static NdArray float64Rows(long rows, long cols, double first) {
        NdArray a = NdArray.zeros(DType.FLOAT64, rows, cols);
        for (long i = 0; i < rows * cols; i++) {
            a.storage().putLong(i * 8, Double.doubleToLongBits(first + i));
        }
        return a;
    }

    @Test
    void streamedRowsAreWhatNumpySaves() throws IOException {
        Path p = dir.resolve("s.npy");
        try (NpyAppender w = NpyAppender.create(p, DType.FLOAT64, new long[] {3}, false)) {
            w.append(new double[] {0, 1, 2, 3, 4, 5});
            w.append(float64Rows(2, 3, 6));                         // an NdArray block
            w.append(float64Rows(3, 2, 12).transpose().get(0));     // one row, strided: 12, 14, 16
            ByteBuffer raw = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            raw.putDouble(-1).putDouble(-2).putDouble(-3).flip();
            w.append(raw);
            assertEquals(6, w.rows());
            assertTrue(Files.notExists(p), "nothing at the target before close");
            assertEquals(1, names().size());
            assertTrue(names().get(0).startsWith(".s.npy.") && names().get(0).endsWith(".tmp"), names().toString());
        }
        assertEquals(List.of("s.npy"), names());
        Path ref = numpy("ref.npy", "np.array([0,1,2,3,4,5,6,7,8,9,10,11,12,14,16,-1,-2,-3], dtype='<f8').reshape(6, 3)");
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(p));
    }

    @Test
    void everyJavaArrayTypeInTheFilesByteOrder() throws IOException {
        String[][] cases = {
            {"<f4", "float"}, {">f8", "double"}, {"<i8", "long"}, {">i4", "int"}, {"<u2", "short"}, {"<M8[s]", "long"},
        };
        for (int k = 0; k < cases.length; k++) {
            String[] c = cases[k];
            Path p = dir.resolve("t" + k + ".npy");
            try (NpyAppender w = NpyAppender.create(p, DType.parse(c[0]), new long[] {2, 2}, false)) {
                switch (c[1]) {
                    case "float": w.append(new float[] {1, 2, 3, 4}).append(new float[] {-5, 6.5f, 7, 8}); break;
                    case "double": w.append(new double[] {1, 2, 3, 4}).append(new double[] {-5, 6.5, 7, 8}); break;
                    case "long": w.append(new long[] {1, 2, 3, 4}).append(new long[] {-5, 6, 7, 8}); break;
                    case "int": w.append(new int[] {1, 2, 3, 4}).append(new int[] {-5, 6, 7, 8}); break;
                    default: w.append(new short[] {1, 2, 3, 4}).append(new short[] {-5, 6, 7, 8}); break;
                }
            }
            String values = c[1].equals("short") ? "[1,2,3,4,65531,6,7,8]"
                    : c[1].equals("float") || c[1].equals("double") ? "[1,2,3,4,-5,6.5,7,8]" : "[1,2,3,4,-5,6,7,8]";
            Path ref = numpy("ref.npy", "np.array(" + values + ").astype('" + c[0] + "').reshape(2, 2, 2)");
            assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(p), c[0]);
        }
    }

    @Test
    void appendingToANumpyFileEqualsNumpySaveOfTheConcatenation() throws IOException {
        Path p = numpy("a.npy", "np.arange(27, dtype='<f8').reshape(9, 3)");
        try (NpyAppender w = NpyAppender.open(p)) {
            assertArrayEquals(new long[] {3}, w.rowShape());
            assertEquals(9, w.rows());
            w.append(new double[] {27, 28, 29});   // 9 -> 10 rows: one more digit, absorbed by the growth padding
        }
        try (NpyAppender w = NpyAppender.open(p)) {
            for (int i = 0; i < 90; i++) {
                w.append(new double[] {30 + 3 * i, 31 + 3 * i, 32 + 3 * i});
            }
        }
        Path ref = numpy("ref.npy", "np.arange(300, dtype='<f8').reshape(100, 3)");
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(p));
        assertEquals("(100, 3) 299.0", Python.run("import sys, numpy as np\na = np.load(sys.argv[1])\nprint(a.shape, a[-1, -1])",
                Python.arg(p)).trim());
    }

    @Test
    void aHeaderWithoutGrowthPaddingIsRewritten() throws IOException {
        // as numpy < 1.14 wrote it: no growth spaces, 16-byte alignment, data at 80 (np.save's is at 128)
        String text = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }";
        ByteBuffer b = ByteBuffer.allocate(80 + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) 70);
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < 79) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').putLong(0).putLong(1).putLong(2);
        Path p = dir.resolve("old.npy");
        Files.write(p, b.array());
        assertEquals("[0 1 2]", Python.run("import sys, numpy as np\nprint(np.load(sys.argv[1]))", Python.arg(p)).trim());
        try (NpyAppender w = NpyAppender.open(p)) {
            w.append(new long[] {3, 4});
        }
        Path ref = numpy("ref.npy", "np.arange(5, dtype='<i8')");
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(p));
        assertEquals(List.of("old.npy", "ref.npy"), names(), "the rewrite's temporary file is gone");
    }

    @Test
    void aCrashLeavesTheOldArrayOrNothing() throws IOException {
        Path p = numpy("a.npy", "np.arange(6, dtype='<i4').reshape(3, 2)");
        byte[] before = Files.readAllBytes(p);
        NpyAppender w = NpyAppender.open(p);
        w.append(new int[] {6, 7, 8, 9});
        // "crash": the rows are in the file, the header is not yet patched; readers see the old array
        assertTrue(Files.size(p) > before.length);
        assertEquals("(3, 2) 5", Python.run("import sys, numpy as np\na = np.load(sys.argv[1])\nprint(a.shape, a[-1, -1])",
                Python.arg(p)).trim());
        assertArrayEquals(new long[] {3, 2}, Npy.load(p).shape());
        w.abort();
        assertArrayEquals(before, Files.readAllBytes(p));

        // a file with leftovers of a crashed append is appended to cleanly
        Files.write(p, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        try (NpyAppender w2 = NpyAppender.open(p)) {
            w2.append(new int[] {6, 7});
        }
        assertArrayEquals(Files.readAllBytes(numpy("ref.npy", "np.arange(8, dtype='<i4').reshape(4, 2)")),
                Files.readAllBytes(p));

        // a new file: nothing at the target until close; abort leaves nothing at all
        Path q = dir.resolve("new.npy");
        NpyAppender s = NpyAppender.create(q, DType.INT32, new long[] {}, false);
        s.append(new int[] {1, 2, 3});
        assertTrue(Files.notExists(q));
        s.abort();
        assertEquals(List.of("a.npy", "ref.npy"), names());
    }

    @Test
    void closingWithoutAppendingLeavesTheFileUntouched() throws IOException {
        Path p = numpy("a.npy", "np.arange(4.0)");
        byte[] before = Files.readAllBytes(p);
        NpyAppender.open(p).close();
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void mismatchesAreClearErrors() throws IOException {
        Path p = numpy("a.npy", "np.zeros((2, 3))");
        byte[] before = Files.readAllBytes(p);
        try (NpyAppender w = NpyAppender.open(p)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.append(new float[] {1, 2, 3}));
            assertTrue(e.getMessage().contains("<f8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.append(new double[] {1, 2, 3, 4}));
            assertTrue(e.getMessage().contains("whole number of rows"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.append(float64Rows(2, 4, 0)));
            assertTrue(e.getMessage().contains("row shape mismatch"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.append(NdArray.zeros(DType.parse(">f8"), 1, 3)));
            assertTrue(e.getMessage().contains("dtype mismatch"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.appendBytes(new byte[23]));
        }
        assertArrayEquals(before, Files.readAllBytes(p));

        Path f = numpy("f.npy", "np.asfortranarray(np.zeros((2, 3)))");
        NpyUnsupportedException ex = assertThrows(NpyUnsupportedException.class, () -> NpyAppender.open(f));
        assertTrue(ex.getMessage().startsWith(f.toString()) && ex.getMessage().contains("Fortran"), ex.getMessage());
        Path z = numpy("z.npy", "np.float64(1)");
        assertThrows(NpyUnsupportedException.class, () -> NpyAppender.open(z));
        assertThrows(NpyUnsupportedException.class, () -> NpyAppender.open(Corpus.file("object_pickle.npy")));

        // a Fortran-flagged file with one long axis has C layout too, and appends as C
        Path col = numpy("col.npy", "np.zeros((3, 1))");
        byte[] colBytes = Files.readAllBytes(col);
        String h = new String(colBytes, StandardCharsets.ISO_8859_1).replace("'fortran_order': False,", "'fortran_order': True, ");
        Files.write(col, h.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("True", Python.run("import sys, numpy as np\nprint(np.load(sys.argv[1]).flags.f_contiguous)",
                Python.arg(col)).trim());
        try (NpyAppender w = NpyAppender.open(col)) {
            w.append(new double[] {1});
        }
        assertArrayEquals(Files.readAllBytes(numpy("ref.npy", "np.array([[0.], [0.], [0.], [1.]])")), Files.readAllBytes(col));

        NpyAppender done = NpyAppender.create(dir.resolve("d.npy"), DType.FLOAT64, new long[] {}, false);
        done.close();
        done.close();
        assertThrows(IllegalStateException.class, () -> done.append(new double[] {1}));
        assertEquals("(0,)", Python.run("import sys, numpy as np\nprint(np.load(sys.argv[1]).shape)",
                Python.arg(dir.resolve("d.npy"))).trim());
    }

    @Test
    void overwriteOnlyWhenAsked() throws IOException {
        Path p = numpy("a.npy", "np.arange(3)");
        byte[] before = Files.readAllBytes(p);
        assertThrows(FileAlreadyExistsException.class, () -> NpyAppender.create(p, DType.INT64, new long[] {}, false));
        try (NpyAppender w = NpyAppender.create(p, DType.INT64, new long[] {}, true)) {
            w.append(new long[] {7, 8});
            assertArrayEquals(before, Files.readAllBytes(p), "the old file stays until close");
        }
        assertArrayEquals(Files.readAllBytes(numpy("ref.npy", "np.array([7, 8], dtype='<i8')")), Files.readAllBytes(p));
    }

    @Test
    void rowsOfZeroElementsAndRecords() throws IOException {
        Path p = dir.resolve("e.npy");
        try (NpyAppender w = NpyAppender.create(p, DType.FLOAT64, new long[] {0}, false)) {
            assertThrows(IllegalArgumentException.class, () -> w.append(new double[0]));
            w.append(NdArray.zeros(DType.FLOAT64, 5, 0));
        }
        assertArrayEquals(Files.readAllBytes(numpy("ref.npy", "np.zeros((5, 0))")), Files.readAllBytes(p));

        Path r = numpy("r.npy", "np.array([(1, 2.0)], dtype=[('x', '<i4'), ('y', '<f8')])");
        try (NpyAppender w = NpyAppender.open(r)) {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(3).putDouble(4.0).putInt(5).putDouble(6.0).flip();
            w.append(b);
        }
        assertArrayEquals(Files.readAllBytes(numpy("ref2.npy",
                "np.array([(1, 2.0), (3, 4.0), (5, 6.0)], dtype=[('x', '<i4'), ('y', '<f8')])")), Files.readAllBytes(r));
    }
}
