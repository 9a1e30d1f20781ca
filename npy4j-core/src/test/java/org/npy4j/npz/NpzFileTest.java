package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;
import org.npy4j.testing.Python;

/** NpzFile behaviour: mapping, lookups, laziness, concurrent reads; NpzWriter streaming and atomicity. */
class NpzFileTest {
    @TempDir
    Path tmp;

    /** float64 array {@code 0, 1, 2, ...} scaled by {@code k}, in {@code shape}. */
    static NdArray f8(double k, long... shape) {
        NdArray a = NdArray.zeros(DType.FLOAT64, shape);
        for (long i = 0; i < a.size(); i++) {
            a.storage().putLong(i * 8, Double.doubleToLongBits(i * k));
        }
        return a;
    }

    static void assertF8(double k, NdArray a) {
        for (long i = 0; i < a.size(); i++) {
            assertEquals(i * k, Double.longBitsToDouble(a.storage().getLong(a.offset() + i * 8)), "element " + i);
        }
    }

    @Test
    void mapReturnsAReadOnlyViewOfTheStoredMemberAcrossChunks() throws Exception {
        Path p = Npz.savez(tmp.resolve("m.npz"), Map.of("a", f8(0.5, 10, 13), "b", f8(2, 7)));
        NdArray b;
        try (NpzFile f = Npz.open(p)) {
            f.mapChunkShift = 5; // 32-byte chunks: every value path crosses boundaries on a small file
            NdArray a = f.map("a");
            assertEquals(10 * 13 * 8 / 32 + 1, a.storage().chunkCount());
            assertArrayEquals(new long[] {10, 13}, a.shape());
            assertFalse(a.isWritable());
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 13; j++) {
                    assertEquals((i * 13 + j) * 0.5, a.getDouble(i, j));
                }
            }
            assertArrayEquals(Npy.toBytes(f.get("a")), Npy.toBytes(a));
            f.mapChunkShift = NpzFile.MAP_CHUNK_SHIFT;
            b = f.map("b.npy");
            assertEquals(1, b.storage().chunkCount());
        }
        assertF8(2, b); // the mapping outlives the archive
    }

    @Test
    void aMappedMemberStreamsIntoAnotherArchive() throws Exception {
        Path src = Npz.savez(tmp.resolve("src.npz"), Map.of("a", f8(1.5, 300, 7)));
        Path dst = tmp.resolve("dst.npz");
        try (NpzFile f = Npz.open(src); NpzWriter w = Npz.writer(dst).compressed(true).threads(1).open()) {
            f.mapChunkShift = 10; // the mapping comes in 1 KiB chunks
            w.add("a", f.map("a"));
        }
        try (NpzFile g = Npz.open(dst)) {
            assertF8(1.5, g.get("a"));
        }
    }

    @Test
    void mapOfAFortranMemberAndAnEmptyMember() throws Exception {
        NdArray fort = f8(1, 4, 3).copy(Order.F);
        Path p = Npz.savez(tmp.resolve("f.npz"), Map.of("f", fort, "e", NdArray.zeros(DType.INT32, 0, 5)));
        try (NpzFile f = Npz.open(p)) {
            NdArray m = f.map("f");
            assertTrue(m.isFContiguous() && !m.isCContiguous());
            assertEquals(fort.getDouble(2, 1), m.getDouble(2, 1));
            assertArrayEquals(new long[] {0, 5}, f.map("e").shape());
        }
    }

    @Test
    void mapOfADeflatedMemberIsRefused() throws Exception {
        Path p = Npz.savezCompressed(tmp.resolve("c.npz"), Map.of("a", f8(1, 3)));
        try (NpzFile f = Npz.open(p)) {
            NpyUnsupportedException e = assertThrows(NpyUnsupportedException.class, () -> f.map("a"));
            assertTrue(e.getMessage().contains(p + ":a.npy"), e.getMessage());
        }
    }

    @Test
    void headerIsReadWithoutInflatingTheData() throws Exception {
        NdArray big = f8(1, 200_000);
        Path p = tmp.resolve("h.npz");
        try (NpzWriter w = Npz.writer(p).compressed(true).threads(1).open()) {
            w.add("big", big);
        }
        byte[] b = Files.readAllBytes(p);
        int cd = ZipBadInputTest.find(b, Zip.CENTRAL_SIG)[0];
        for (int i = cd - 200; i < cd - 100; i++) {
            b[i] ^= 0x5A; // wreck the end of the deflate stream
        }
        Files.write(p, b);
        try (NpzFile f = Npz.open(p)) {
            NpyHeader h = f.header("big");
            assertArrayEquals(new long[] {200_000}, h.shape());
            assertEquals(h.dataOffset() + 1_600_000, f.entry("big").size());
            assertThrows(NpyFormatException.class, () -> f.get("big"));
        }
    }

    @Test
    void lookupPrefersTheExactNameLikeNumpy() throws Exception {
        Path p = tmp.resolve("l.npz");
        try (NpzWriter w = Npz.writer(p).open()) {
            w.addBytes("x", Npy.toBytes(f8(1, 2)));
            w.add("x", f8(3, 3));
            w.add("x.npy", f8(5, 4));
            w.addBytes("meta", "Name: Test".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        try (NpzFile f = Npz.open(p)) {
            assertEquals(List.of("x", "x", "x.npy", "meta"), f.files());
            assertEquals(List.of("x", "x.npy", "x.npy.npy", "meta"), f.entries().stream().map(NpzEntry::name).toList());
            assertF8(1, f.get("x"));          // member 'x' (NumPy 2.4: the raw name wins)
            assertF8(3, f.get("x.npy"));      // member 'x.npy'
            assertF8(5, f.get("x.npy.npy"));
            assertTrue(f.contains("meta") && !f.contains("nope"));
            assertThrows(NpyFormatException.class, () -> f.get("meta"));
            assertEquals("Name: Test", new String(f.bytes("meta"), java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("NpzFile '" + p + "' with keys: x, x, x.npy, meta", f.toString());
        }
        // NumPy agrees on names and on what each key means
        assertEquals("['x', 'x', 'x.npy', 'meta'] 2 3 b'Name: Test'", Python.run("import sys, numpy as np\n"
                + "z = np.load(sys.argv[1])\n"
                + "print(z.files, len(z['x']), len(z['x.npy']), z['meta'])\n", p.toString()).trim());
    }

    @Test
    void reprShowsFiveNamesThenDots() throws Exception {
        Map<String, NdArray> m = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            m.put("k" + i, f8(1, 1));
        }
        try (NpzFile f = Npz.open(Npz.savez(tmp.resolve("r.npz"), m))) {
            assertTrue(f.toString().endsWith("with keys: k0, k1, k2, k3, k4..."), f.toString());
        }
    }

    @Test
    void eightThreadsReadOneArchiveConcurrently() throws Exception {
        Map<String, NdArray> m = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            m.put("m" + i, f8(i + 1, 20_000 + i));
        }
        for (boolean compressed : new boolean[] {false, true}) {
            Path p = compressed ? Npz.savezCompressed(tmp.resolve("c.npz"), m) : Npz.savez(tmp.resolve("s.npz"), m);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try (NpzFile f = Npz.open(p)) {
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int seed = t;
                    Callable<Void> c = () -> {
                        for (int r = 0; r < 12; r++) {
                            int i = (seed * 5 + r * 3) % 16;
                            NdArray a = r % 3 == 2 && !compressed ? f.map("m" + i) : f.get("m" + i);
                            assertEquals(20_000 + i, a.size());
                            assertF8(i + 1, a);
                        }
                        return null;
                    };
                    results.add(pool.submit(c));
                }
                for (Future<?> r : results) {
                    r.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void chunkedAndNonContiguousArraysStreamIntoTheArchive() throws Exception {
        NdArray base = f8(1, 64, 100);
        Storage chunked = Storage.allocate(base.byteSize(), 8); // 256-byte chunks
        for (long i = 0; i < base.size(); i++) {
            chunked.putLong(i * 8, base.storage().getLong(i * 8));
        }
        NdArray c = NdArray.contiguous(DType.FLOAT64, new long[] {64, 100}, Order.C, chunked, 0, false);
        NdArray t = base.transpose().slice(0, 1, 100, 3); // neither C nor F
        Path p = tmp.resolve("s.npz");
        try (NpzWriter w = Npz.writer(p).compressed(true).threads(2).blockSize(1 << 16).open()) {
            w.add("c", c).add("t", t);
        }
        try (NpzFile f = Npz.open(p)) {
            assertF8(1, f.get("c"));
            assertArrayEquals(Npy.toBytes(t), Npy.toBytes(f.get("t")));
        }
    }

    @Test
    void rowProducerStreamsAMemberThatNeverExistsWhole() throws Exception {
        Path p = tmp.resolve("rows.npz");
        long rows = 5000;
        try (NpzWriter w = Npz.writer(p).compressed(true).threads(2).blockSize(1 << 16).open()) {
            w.add("rows", NpyHeader.of(DType.FLOAT64, new long[] {rows, 3}, false), out -> {
                ByteBuffer row = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (long r = 0; r < rows; r++) {
                    row.clear();
                    for (int c = 0; c < 3; c++) {
                        row.putDouble((r * 3 + c) * 0.25);
                    }
                    row.flip();
                    out.write(row);
                }
            });
        }
        try (NpzFile f = Npz.open(p)) {
            assertF8(0.25, f.get("rows"));
        }
        assertEquals("(5000, 3) 3749.75", Python.run("import sys, numpy as np\n"
                + "a = np.load(sys.argv[1])['rows']\nprint(a.shape, a[-1, -1])\n", p.toString()).trim());
    }

    @Test
    void aProducerThatFailsOrMiscountsLeavesNothing() throws Exception {
        Path p = tmp.resolve("bad.npz");
        NpyHeader h = NpyHeader.of(DType.FLOAT64, new long[] {4}, false);
        NpzWriter w1 = Npz.writer(p).open();
        assertThrows(IllegalStateException.class, () -> w1.add("x", h, out -> {
            throw new IllegalStateException("producer broke");
        }));
        assertThrows(IllegalStateException.class, () -> w1.add("y", f8(1, 2)), "a failed writer refuses more");
        w1.close();
        NpzWriter w2 = Npz.writer(p).open();
        assertThrows(IOException.class, () -> w2.add("x", h, out -> out.write(ByteBuffer.allocate(24))));
        NpzWriter w3 = Npz.writer(p).open();
        assertThrows(IOException.class, () -> w3.add("x", h, out -> out.write(ByteBuffer.allocate(40))));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList());
        }
    }

    /** Storage that fails after its first chunk is handed out: an I/O-like failure in the middle of a member. */
    static Storage failing(Storage s) {
        return new Storage() {
            int calls;

            public long byteSize() { return s.byteSize(); }
            public boolean isReadOnly() { return true; }
            public byte getByte(long o) { return s.getByte(o); }
            public short getShort(long o) { return s.getShort(o); }
            public int getInt(long o) { return s.getInt(o); }
            public long getLong(long o) { return s.getLong(o); }
            public void putByte(long o, byte v) { throw new UnsupportedOperationException(); }
            public void putShort(long o, short v) { throw new UnsupportedOperationException(); }
            public void putInt(long o, int v) { throw new UnsupportedOperationException(); }
            public void putLong(long o, long v) { throw new UnsupportedOperationException(); }
            public void getBytes(long o, byte[] d, int off, int n) { s.getBytes(o, d, off, n); }
            public void putBytes(long o, byte[] src, int off, int n) { throw new UnsupportedOperationException(); }
            public int chunkShift() { return s.chunkShift(); }
            public int chunkCount() { return s.chunkCount(); }
            public ByteBuffer chunk(int i) {
                if (calls++ > 0) {
                    throw new UncheckedIOException(new IOException("disk on fire"));
                }
                return s.chunk(i);
            }
        };
    }

    @Test
    void aFailedWriteLeavesTheTargetUntouchedAndNoTemporaryFile() throws Exception {
        Path target = tmp.resolve("keep.npz");
        Files.write(target, new byte[] {1, 2, 3});
        Storage chunked = Storage.allocate(4096, 8);
        NdArray bad = NdArray.contiguous(DType.FLOAT64, new long[] {512}, Order.C, failing(chunked), 0, false);
        for (boolean compressed : new boolean[] {false, true}) {
            Map<String, NdArray> m = new LinkedHashMap<>();
            m.put("good", f8(1, 10));
            m.put("bad", bad);
            assertThrows(UncheckedIOException.class, () -> {
                if (compressed) {
                    Npz.savezCompressed(target, m);
                } else {
                    Npz.savez(target, m);
                }
            });
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
            try (var s = Files.list(tmp)) {
                assertEquals(List.of(target), s.toList());
            }
        }
        // a failed writer refuses further use; abort() discards a healthy one
        NpzWriter w = Npz.writer(target).open();
        w.add("a", f8(1, 3));
        w.abort();
        w.close();
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(target), s.toList());
        }
    }

    @Test
    void aSuccessfulWriteReplacesTheTargetAtomically() throws Exception {
        Path target = tmp.resolve("t.npz");
        Files.write(target, new byte[] {9});
        try (NpzWriter w = Npz.writer(target).open()) {
            w.add("a", f8(2, 5));
            assertArrayEquals(new byte[] {9}, Files.readAllBytes(target), "nothing at the target before close");
        }
        try (NpzFile f = Npz.open(target)) {
            assertF8(2, f.get("a"));
        }
    }

    @Test
    void writerToAnUnseekableStreamMatchesZipfilesStreamingLayout() throws Exception {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (NpzWriter w = Npz.writer(bos).open()) {
            w.add("x", f8(1, 3));
        }
        Path ours = tmp.resolve("ours.npz");
        Files.write(ours, bos.toByteArray());
        Path theirs = tmp.resolve("theirs.npz");
        Python.run("import sys, numpy as np\n"
                + "class W:\n"
                + "    def __init__(s, f): s.f = f\n"
                + "    def write(s, b): return s.f.write(b)\n"
                + "    def flush(s): pass\n"
                + "import zipfile\n"
                + "with open(sys.argv[1], 'wb') as fo:\n"
                + "    with zipfile.ZipFile(W(fo), 'w', allowZip64=True) as z:\n"
                + "        with z.open('x.npy', 'w', force_zip64=True) as m:\n"
                + "            np.lib.format.write_array(m, np.arange(3.0))\n"
                + "assert np.array_equal(np.load(sys.argv[2])['x'], np.arange(3.0))\n", theirs.toString(), ours.toString());
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }
}
