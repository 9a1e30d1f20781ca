package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.npy.NpyBlockReader;
import org.npy4j.testing.Corpus;
import org.npy4j.testing.Python;

/** Row blocks from files and streams: one buffer reused, every byte delivered once, clear errors. */
class BlockReaderTest {
    @TempDir
    Path dir;

    /** Delivers one byte per read call: the input that breaks hidden assumptions about full reads. */
    static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : super.read(b, off, 1);
        }
    }

    private static byte[] concatenate(NpyBlockReader r, int maxRows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (NdArray b = r.next(); b != null; b = r.next()) {
            assertTrue(b.shape(0) >= 1 && b.shape(0) <= maxRows);
            byte[] x = new byte[(int) b.byteSize()];
            b.storage().getBytes(b.offset(), x, 0, x.length);
            out.writeBytes(x);
        }
        assertNull(r.next(), "stays at the end");
        return out.toByteArray();
    }

    private static byte[] data(Path npy) throws IOException {
        NdArray a = Npy.load(npy, ReadLimits.UNLIMITED);
        byte[] x = new byte[(int) a.byteSize()];
        a.storage().getBytes(a.offset(), x, 0, x.length);
        return x;
    }

    @Test
    void fromAStreamOneByteAtATime() throws IOException {
        Path p = Corpus.file("features_100x10.npy");
        byte[] file = Files.readAllBytes(p);
        for (int rows : new int[] {1, 7, 100, 1000}) {
            try (NpyBlockReader r = NpyBlockReader.open(new OneByteAtATime(new ByteArrayInputStream(file)), rows,
                    ReadLimits.DEFAULT, "stream")) {
                assertEquals(100, r.rows());
                assertArrayEquals(new long[] {10}, r.rowShape());
                assertArrayEquals(data(p), concatenate(r, rows));
            }
        }
    }

    @Test
    void theBlockBufferIsReused() throws IOException {
        try (NpyBlockReader r = NpyBlockReader.open(Corpus.file("long_1d_100k.npy"), 4096)) {
            NdArray first = r.next();
            double row0 = first.getDouble(0);
            NdArray second = r.next();
            assertTrue(first.storage() == second.storage(), "one buffer for all blocks");
            assertEquals(4096, second.shape(0));
            assertEquals(8192, r.position());
            NdArray all = Npy.load(Corpus.file("long_1d_100k.npy"));
            assertEquals(all.getDouble(0), row0);
            assertEquals(all.getDouble(4096), second.getDouble(0));
            assertEquals(all.getDouble(4096), first.getDouble(0), "the earlier block now shows the new rows");
        }
    }

    @Test
    void streamStopsAtTheArraysLastByte() throws IOException {
        // two arrays back to back, as np.save to one open file writes them
        byte[] a = Files.readAllBytes(Corpus.file("matrix_3x4.npy"));
        byte[] b = Files.readAllBytes(Corpus.file("labels_100.npy"));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        InputStream in = new OneByteAtATime(new ByteArrayInputStream(both));
        NpyBlockReader first = NpyBlockReader.open(in, 2, ReadLimits.DEFAULT, "stream");
        assertArrayEquals(data(Corpus.file("matrix_3x4.npy")), concatenate(first, 2));
        NpyBlockReader second = NpyBlockReader.open(in, 30, ReadLimits.DEFAULT, "stream");
        assertArrayEquals(data(Corpus.file("labels_100.npy")), concatenate(second, 30));
        second.close();
    }

    @Test
    void deflatedNpzMemberStream() throws IOException {
        Path z = dir.resolve("a.npz");
        Python.run("import sys, numpy as np\nnp.savez_compressed(sys.argv[1], x=np.arange(5000, dtype='>i8').reshape(1000, 5))",
                Python.arg(z));
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(z))) {
            ZipEntry e = zin.getNextEntry();
            assertEquals("x.npy", e.getName());
            assertEquals(ZipEntry.DEFLATED, e.getMethod());
            NpyBlockReader r = NpyBlockReader.open(zin, 64, ReadLimits.DEFAULT, z + ":x.npy");
            long next = 0;
            for (NdArray b = r.next(); b != null; b = r.next()) {
                for (long i = 0; i < b.shape(0); i++) {
                    for (long j = 0; j < 5; j++) {
                        assertEquals(next++, b.getLong(i, j));
                    }
                }
            }
            assertEquals(5000, next);
        }
    }

    @Test
    void aShortStreamIsTruncatedAndALyingHeaderAllocatesLittle() throws IOException {
        byte[] file = Files.readAllBytes(Corpus.file("features_100x10.npy"));
        byte[] cut = Arrays.copyOf(file, file.length - 5);
        try (NpyBlockReader r = NpyBlockReader.open(new ByteArrayInputStream(cut), 30, ReadLimits.DEFAULT, "cut.npy")) {
            NpyTruncatedException e = assertThrows(NpyTruncatedException.class, () -> {
                while (r.next() != null) {
                    // read to the end
                }
            });
            assertTrue(e.getMessage().startsWith("cut.npy: "), e.getMessage());
            assertEquals(cut.length, e.offset());
        }
        // a header claiming 2^40 rows of 1 MiB, followed by nothing: the first block fails without a 1 GiB buffer
        byte[] liar = org.npy4j.header.NpyHeader.of(org.npy4j.dtype.DType.UINT8, new long[] {1L << 40, 1 << 20}, false)
                .encode();
        try (NpyBlockReader r = NpyBlockReader.open(new ByteArrayInputStream(liar), 1024, ReadLimits.DEFAULT, "liar")) {
            assertThrows(NpyTruncatedException.class, r::next);
        }
    }

    @Test
    void fortranOrderAndObjectsAreRefused() throws IOException {
        Path f = Corpus.file("fortran_3x4.npy");
        NpyUnsupportedException e = assertThrows(NpyUnsupportedException.class, () -> NpyBlockReader.open(f, 2));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("Fortran"), e.getMessage());
        assertThrows(NpyUnsupportedException.class, () -> NpyBlockReader.open(Corpus.file("object_pickle.npy"), 2));
        assertThrows(IllegalArgumentException.class, () -> NpyBlockReader.open(Corpus.file("labels_100.npy"), 0));
    }

    @Test
    void zeroDAndEmptyArrays() throws IOException {
        try (NpyBlockReader r = NpyBlockReader.open(Corpus.file("scalar_f8.npy"), 10)) {
            NdArray b = r.next();
            assertEquals(0, b.ndim());
            assertEquals(Npy.load(Corpus.file("scalar_f8.npy")).getDouble(), b.getDouble());
            assertNull(r.next());
        }
        try (NpyBlockReader r = NpyBlockReader.open(Corpus.file("empty_0x3.npy"), 10)) {
            assertNull(r.next());
        }
        try (NpyBlockReader r = NpyBlockReader.open(Corpus.file("empty_3x0.npy"), 2)) {
            assertArrayEquals(new long[] {2, 0}, r.next().shape());
            assertArrayEquals(new long[] {1, 0}, r.next().shape());
            assertNull(r.next());
        }
    }

    @Test
    void useAfterClose() throws IOException {
        NpyBlockReader r = NpyBlockReader.open(Corpus.file("labels_100.npy"), 10);
        r.close();
        r.close();
        assertThrows(IllegalStateException.class, r::next);
    }
}
