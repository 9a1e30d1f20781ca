package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.NpyException;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyLimitException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.testing.Corpus;
import org.npy4j.testing.Python;

/** Every kind of bad archive gives a typed {@link NpyException} naming the archive (and the member where one is involved). */
class ZipBadInputTest {
    @TempDir
    Path tmp;

    private Path write(String file, byte[] b) throws IOException {
        Path p = tmp.resolve(file);
        Files.write(p, b);
        return p;
    }

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(Corpus.sample(name));
    }

    /** Offsets of every occurrence of a 4-byte little-endian signature. */
    static int[] find(byte[] b, int sig) {
        return java.util.stream.IntStream.range(0, b.length - 3)
                .filter(i -> Zip.getInt(b, i) == (sig & Zip.U32)).toArray();
    }

    private static <T extends Throwable> T expect(Class<T> type, Path archive, String member, Reader r) {
        T e = assertThrows(type, r::run);
        String msg = e.getMessage();
        assertTrue(msg.contains(archive.toString()), msg);
        if (member != null) {
            assertTrue(msg.contains(archive + ":" + member), msg);
        }
        return e;
    }

    interface Reader {
        void run() throws IOException;
    }

    @Test
    void notAZip() throws IOException {
        Path p = write("junk.npz", "this is plain text, not an archive at all".getBytes(StandardCharsets.US_ASCII));
        NpyFormatException e = expect(NpyFormatException.class, p, null, () -> NpzFile.open(p, ReadLimits.DEFAULT));
        assertFalse(e instanceof NpyTruncatedException);
        assertTrue(e.getMessage().contains("not a zip"), e.getMessage());
        Path empty = write("empty.npz", new byte[0]);
        expect(NpyFormatException.class, empty, null, () -> NpzFile.open(empty, ReadLimits.DEFAULT));
        Path pk = write("pk.npz", "PK\3\4 and then junk".getBytes(StandardCharsets.ISO_8859_1));
        expect(NpyTruncatedException.class, pk, null, () -> NpzFile.open(pk, ReadLimits.DEFAULT));
    }

    @Test
    void truncatedArchivesAndMissingCentralDirectory() throws IOException {
        byte[] b = sample("ref_stored.npz");
        for (int cut : new int[] {100, 300, 454, 500, b.length - 1}) {
            Path p = write("cut" + cut + ".npz", Arrays.copyOf(b, cut));
            expect(NpyTruncatedException.class, p, null, () -> NpzFile.open(p, ReadLimits.DEFAULT));
        }
        // end record intact, central directory overwritten
        byte[] c = b.clone();
        Arrays.fill(c, 454, 454 + 46, (byte) 0);
        Path p = write("nocd.npz", c);
        expect(NpyFormatException.class, p, null, () -> NpzFile.open(p, ReadLimits.DEFAULT));
        // central directory points past the data it claims
        byte[] d = b.clone();
        int eocd = find(d, Zip.EOCD_SIG)[0];
        Zip.putInt(d, eocd + 16, 10_000);
        Path q = write("farcd.npz", d);
        expect(NpyTruncatedException.class, q, null, () -> NpzFile.open(q, ReadLimits.DEFAULT));
    }

    @Test
    void crcMismatchStored() throws IOException {
        byte[] b = sample("x_stored.npz");
        b[55 + 130] ^= 1; // a data byte of x.npy
        Path p = write("crc.npz", b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            NpyFormatException e = expect(NpyFormatException.class, p, "x.npy", () -> f.bytes("x"));
            assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        }
    }

    @Test
    void mapSkipsTheCrcButVerifyChecksIt() throws IOException {
        byte[] npy = org.npy4j.Npy.toBytes(NpzFileTest.f8(1, 8));
        Path p = tmp.resolve("mapcrc.npz");
        try (NpzWriter w = NpzWriter.builder(p).open()) {
            w.addBytes("x.npy", npy);
        }
        byte[] b = Files.readAllBytes(p);
        b[find(b, Zip.CENTRAL_SIG)[0] - 1] ^= 0x40; // the last data byte of x.npy
        Files.write(p, b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(8, f.map("x").size());
            NpyFormatException e = expect(NpyFormatException.class, p, "x.npy", () -> f.verify("x"));
            assertTrue(e.getMessage().contains("CRC"), e.getMessage());
            expect(NpyFormatException.class, p, "x.npy", () -> f.get("x"));
        }
        try (NpzFile f = NpzFile.open(Corpus.sample("ref_deflated.npz"), ReadLimits.DEFAULT)) {
            for (NpzEntry e : f.entries()) {
                f.verify(e.name());
            }
        }
    }

    @Test
    void crcMismatchDeflated() throws IOException {
        byte[] b = sample("x_deflated.npz");
        for (int at : new int[] {find(b, Zip.LOCAL_SIG)[0] + 14, find(b, Zip.CENTRAL_SIG)[0] + 16}) {
            b[at] ^= 0x10;
        }
        Path p = write("crc.npz", b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            NpyFormatException e = expect(NpyFormatException.class, p, "x.npy", () -> f.bytes("x.npy"));
            assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        }
    }

    @Test
    void localAndCentralSizesDisagree() throws IOException {
        byte[] b = sample("x_stored.npz");
        Zip.putLong(b, 39, 133); // local zip64 extra: usize
        Path p = write("size.npz", b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            expect(NpyFormatException.class, p, "x.npy", () -> f.bytes("x"));
        }
    }

    @Test
    void storedSizesDisagree() throws IOException {
        byte[] b = sample("x_stored.npz");
        int c = find(b, Zip.CENTRAL_SIG)[0];
        Zip.putInt(b, c + 24, 135); // central usize != csize
        Path p = write("size2.npz", b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            expect(NpyFormatException.class, p, "x.npy", () -> f.bytes("x"));
        }
    }

    @Test
    void deflatedMemberShorterThanDeclared() throws IOException {
        byte[] b = sample("x_deflated.npz");
        int c = find(b, Zip.CENTRAL_SIG)[0];
        Zip.putInt(b, c + 24, 200); // claims 200 bytes, inflates to 134
        Zip.putLong(b, find(b, Zip.LOCAL_SIG)[0] + 39, 200);
        Path p = write("short.npz", b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            expect(NpyTruncatedException.class, p, "x.npy", () -> f.bytes("x"));
        }
    }

    /** A raw deflate stream inflating to {@code 16 MiB * copies} zeros, built from one sync-flushed piece. */
    static byte[] zeroBomb(int copies) {
        Deflater d = new Deflater(9, true);
        d.setInput(new byte[16 << 20]);
        byte[] piece = new byte[64 << 10];
        int n = d.deflate(piece, 0, piece.length, Deflater.SYNC_FLUSH);
        assertTrue(d.needsInput() && n < piece.length);
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < copies; i++) {
            out.write(piece, 0, n);
        }
        out.write(3); // an empty final fixed block
        out.write(0);
        return out.toByteArray();
    }

    /** Builds a one-member deflated archive whose directory declares {@code declared} bytes and {@code crc}. */
    static byte[] deflatedArchive(String name, byte[] deflated, long declared, long crc) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ZipWriter z = new ZipWriter(bos);
        z.startEntry(name, Zip.DEFLATED);
        z.write(deflated, 0, deflated.length);
        z.finishEntry(crc, declared);
        z.finish();
        return bos.toByteArray();
    }

    @Test
    void zipBombStopsAtTheDeclaredSize() throws IOException {
        byte[] bomb = zeroBomb(128); // 2 GiB of zeros in about 2 MB
        Path p = write("bomb.npz", deflatedArchive("x.npy", bomb, 144, 0));
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(144, f.entries().get(0).size());
            NpyFormatException e = expect(NpyFormatException.class, p, "x.npy", () -> f.bytes("x"));
            assertTrue(e.getMessage().contains("past its declared size"), e.getMessage());
            // as an array: the magic check fails first, but nothing past 144 bytes is ever inflated
            expect(NpyFormatException.class, p, "x.npy", () -> f.get("x"));
        }
    }

    @Test
    void declaredSizeBeyondWhatDeflateCanProduceIsRefusedBeforeAllocating() throws IOException {
        byte[] bomb = zeroBomb(1);
        Path p = write("liar.npz", deflatedArchive("x.npy", bomb, 1L << 40, 0));
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(1L << 40, f.entries().get(0).size());
            NpyFormatException e = expect(NpyFormatException.class, p, "x.npy", () -> f.get("x"));
            assertTrue(e.getMessage().contains("more than deflate can produce"), e.getMessage());
            expect(NpyFormatException.class, p, "x.npy", () -> f.header("x"));
        }
        // the real bound is reachable: 16 MiB of zeros really are that small, and read back
        Path ok = write("dense.npz", deflatedArchive("z.bin", bomb, 16 << 20, crcOfZeros(16 << 20)));
        try (NpzFile f = NpzFile.open(ok, ReadLimits.DEFAULT)) {
            assertEquals(16 << 20, f.bytes("z.bin").length);
        }
    }

    static long crcOfZeros(int n) {
        CRC32 c = new CRC32();
        c.update(new byte[n]);
        return c.getValue();
    }

    @Test
    void inflationLimits() throws IOException {
        Path p = Corpus.sample("ref_deflated.npz");
        ReadLimits perMember = ReadLimits.builder().maxInflatedBytesPerMember(100).build();
        try (NpzFile f = NpzFile.open(p, perMember)) {
            NpyLimitException e = expect(NpyLimitException.class, p, f.entries().get(0).name(),
                    () -> f.bytes(f.entries().get(0).name()));
            assertEquals("maxInflatedBytesPerMember", e.limit());
        }
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            long first = f.entries().get(0).size();
            ReadLimits perArchive = ReadLimits.builder().maxInflatedBytesPerArchive(first + 10).build();
            try (NpzFile g = NpzFile.open(p, perArchive)) {
                g.bytes(g.entries().get(0).name());
                NpyLimitException e = expect(NpyLimitException.class, p, null, () -> g.bytes(g.entries().get(1).name()));
                assertEquals("maxInflatedBytesPerArchive", e.limit());
            }
        }
    }

    @Test
    void absurdEntryCounts() throws IOException {
        byte[] b = sample("ref_stored.npz");
        int eocd = find(b, Zip.EOCD_SIG)[0];
        byte[] c = b.clone();
        Zip.putShort(c, eocd + 8, 60000);
        Zip.putShort(c, eocd + 10, 60000);
        Path p = write("count.npz", c);
        expect(NpyFormatException.class, p, null, () -> NpzFile.open(p, ReadLimits.DEFAULT));
        Path ok = write("ok.npz", b);
        NpyLimitException e = expect(NpyLimitException.class, ok, null,
                () -> NpzFile.open(ok, ReadLimits.builder().maxNpzEntries(1).build()));
        assertEquals("maxNpzEntries", e.limit());
    }

    @Test
    void absurdZip64EntryCount() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ZipWriter z = new ZipWriter(bos);
        z.forceZip64End = true;
        z.startEntry("x.npy", Zip.STORED);
        z.write(new byte[] {1, 2, 3}, 0, 3);
        CRC32 crc = new CRC32();
        crc.update(new byte[] {1, 2, 3});
        z.finishEntry(crc.getValue(), 3);
        z.finish();
        byte[] b = bos.toByteArray();
        int rec = find(b, Zip.ZIP64_EOCD_SIG)[0];
        Zip.putLong(b, rec + 24, 1L << 40);
        Zip.putLong(b, rec + 32, 1L << 40);
        Path p = write("z64count.npz", b);
        NpyLimitException e = expect(NpyLimitException.class, p, null, () -> NpzFile.open(p, ReadLimits.DEFAULT));
        assertEquals("maxNpzEntries", e.limit());
        expect(NpyFormatException.class, p, null, () -> NpzFile.open(p, ReadLimits.UNLIMITED));
    }

    @Test
    void dangerousNamesAreListedAndReadableButNeverPaths() throws Exception {
        Path p = tmp.resolve("names.npz");
        try (NpzWriter w = NpzWriter.builder(p).open()) {
            w.addBytes("../evil.npy", "e".getBytes(StandardCharsets.US_ASCII));
            w.addBytes("/abs.npy", "a".getBytes(StandardCharsets.US_ASCII));
            w.addBytes("aXb.npy", "n".getBytes(StandardCharsets.US_ASCII));
            w.addBytes("dir/inner.npy", "d".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] b = Files.readAllBytes(p);
        for (int i = 0; i + 7 <= b.length; i++) {
            if (new String(b, i, 7, StandardCharsets.ISO_8859_1).equals("aXb.npy")) {
                b[i + 1] = 0;
            }
        }
        Files.write(p, b);
        // Python's zipfile reads the same names (it cuts at NUL): the archive is a valid zip
        String py = Python.run("import zipfile,sys\nprint(zipfile.ZipFile(sys.argv[1]).namelist())", p.toString());
        assertEquals("['../evil.npy', '/abs.npy', 'a', 'dir/inner.npy']", py.trim());
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(List.of("../evil", "/abs", "a\0b", "dir/inner"), f.files());
            assertArrayEquals("e".getBytes(StandardCharsets.US_ASCII), f.bytes("../evil"));
            assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), f.bytes("/abs.npy"));
            assertArrayEquals("n".getBytes(StandardCharsets.US_ASCII), f.bytes("a\0b"));
            assertArrayEquals("d".getBytes(StandardCharsets.US_ASCII), f.bytes("dir/inner"));
        }
        assertFalse(Files.exists(tmp.getParent().resolve("evil.npy")));
        assertFalse(Files.exists(tmp.resolve("dir")));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(p), s.toList());
        }
    }

    @Test
    void nulInNamesIsRefusedWhenWriting() throws IOException {
        Path p = tmp.resolve("nul.npz");
        try (NpzWriter w = NpzWriter.builder(p).open()) {
            assertThrows(IllegalArgumentException.class, () -> w.addBytes("a\0b.npy", new byte[0]));
        }
    }

    @Test
    void duplicateNamesAreListedButAmbiguousByName() throws IOException {
        Path p = tmp.resolve("dup.npz");
        try (NpzWriter w = NpzWriter.builder(p).open()) {
            w.addBytes("x.npy", "first".getBytes(StandardCharsets.US_ASCII));
            w.addBytes("y.npy", "second".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] b = Files.readAllBytes(p);
        for (int i = 0; i + 5 <= b.length; i++) {
            if (new String(b, i, 5, StandardCharsets.ISO_8859_1).equals("y.npy")) {
                b[i] = 'x';
            }
        }
        Files.write(p, b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(List.of("x", "x"), f.files());
            NpyFormatException e = expect(NpyFormatException.class, p, "x.npy", () -> f.bytes("x"));
            assertTrue(e.getMessage().contains("2 members"), e.getMessage());
            expect(NpyFormatException.class, p, "x.npy", () -> f.get("x.npy"));
            assertArrayEquals("first".getBytes(StandardCharsets.US_ASCII), f.bytes(f.entries().get(0)));
            assertArrayEquals("second".getBytes(StandardCharsets.US_ASCII), f.bytes(f.entries().get(1)));
        }
    }

    @Test
    void duplicateNamesAreRefusedWhenWriting() throws IOException {
        Path p = tmp.resolve("dupw.npz");
        try (NpzWriter w = NpzWriter.builder(p).open()) {
            w.addBytes("x.npy", new byte[1]);
            assertThrows(IllegalArgumentException.class, () -> w.addBytes("x.npy", new byte[1]));
        }
    }

    @Test
    void memberThatIsNotNpy() throws IOException {
        Path p = tmp.resolve("notnpy.npz");
        try (NpzWriter w = NpzWriter.builder(p).compressed(true).open()) {
            w.addBytes("x.npy", "hello".getBytes(StandardCharsets.US_ASCII));
            w.addBytes("empty.npy", new byte[0]);
        }
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            NpyFormatException e = expect(NpyFormatException.class, p, "x.npy", () -> f.get("x"));
            assertTrue(e.getMessage().contains("not a .npy"), e.getMessage());
            expect(NpyFormatException.class, p, "x.npy", () -> f.header("x"));
            expect(NpyFormatException.class, p, "empty.npy", () -> f.get("empty"));
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), f.bytes("x"));
        }
    }

    @Test
    void npyHeaderThatDisagreesWithTheMemberSize() throws IOException {
        byte[] npy = org.npy4j.Npy.toBytes(NpzFileTest.f8(1, 3));
        Path p = tmp.resolve("sizes.npz");
        try (NpzWriter w = NpzWriter.builder(p).compressed(true).threads(1).open()) {
            w.addBytes("long.npy", Arrays.copyOf(npy, npy.length + 8));
            w.addBytes("short.npy", Arrays.copyOf(npy, npy.length - 8));
            w.addBytes("ok.npy", npy);
        }
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            for (String m : new String[] {"long.npy", "short.npy"}) {
                NpyFormatException e = expect(NpyFormatException.class, p, m, () -> f.get(m));
                assertTrue(e.getMessage().contains("declares"), e.getMessage());
                expect(NpyFormatException.class, p, m, () -> f.header(m));
            }
            assertEquals(3, f.get("ok").size());
        }
    }

    @Test
    void objectMembersAreRefusedNamingTheMember() throws IOException {
        Path p = tmp.resolve("obj.npz");
        Python.run("import sys, numpy as np\n"
                + "np.savez(sys.argv[1], o=np.array([1, 'a', None], dtype=object), a=np.arange(2))\n", p.toString());
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            expect(NpyUnsupportedException.class, p, "o.npy", () -> f.get("o"));
            expect(NpyUnsupportedException.class, p, "o.npy", () -> f.header("o"));
            assertEquals(2, f.get("a").size());
        }
    }

    @Test
    void malformedNpyHeaderInsideAMember() throws IOException {
        byte[] npy = org.npy4j.Npy.toBytes(NpzFileTest.f8(1, 3));
        byte[] bad = npy.clone();
        String text = new String(bad, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("'<f8'");
        bad[at + 1] = 'q'; // '<q8' is no dtype
        Path p = tmp.resolve("hdr.npz");
        try (NpzWriter w = NpzWriter.builder(p).open()) {
            w.addBytes("x.npy", bad);
        }
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            expect(NpyFormatException.class, p, "x.npy", () -> f.get("x"));
        }
    }

    @Test
    void encryptedEntries() throws IOException {
        byte[] b = sample("x_stored.npz");
        b[find(b, Zip.LOCAL_SIG)[0] + 6] |= 1;
        b[find(b, Zip.CENTRAL_SIG)[0] + 8] |= 1;
        Path p = write("enc.npz", b);
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertTrue(f.entries().get(0).isEncrypted());
            NpyUnsupportedException e = expect(NpyUnsupportedException.class, p, "x.npy", () -> f.get("x"));
            assertTrue(e.getMessage().contains("encrypt"), e.getMessage());
            expect(NpyUnsupportedException.class, p, "x.npy", () -> f.bytes("x"));
        }
    }

    @Test
    void bzip2AndLzmaMembersNameTheMethod() throws IOException {
        Path p = tmp.resolve("methods.npz");
        Python.run("import zipfile, sys, numpy as np, io\n"
                + "b = io.BytesIO(); np.save(b, np.arange(3)); data = b.getvalue()\n"
                + "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
                + "    z.writestr('b.npy', data, compress_type=zipfile.ZIP_BZIP2)\n"
                + "    z.writestr('l.npy', data, compress_type=zipfile.ZIP_LZMA)\n", p.toString());
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(List.of("b", "l"), f.files());
            assertEquals(12, f.entries().get(0).method());
            NpyUnsupportedException e = expect(NpyUnsupportedException.class, p, "b.npy", () -> f.get("b"));
            assertTrue(e.getMessage().contains("bzip2"), e.getMessage());
            e = expect(NpyUnsupportedException.class, p, "l.npy", () -> f.bytes("l"));
            assertTrue(e.getMessage().contains("lzma"), e.getMessage());
        }
    }

    @Test
    void missingKeyIsNoSuchElementLikeKeyError() throws IOException {
        try (NpzFile f = NpzFile.open(Corpus.sample("x_stored.npz"), ReadLimits.DEFAULT)) {
            NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> f.get("z"));
            assertTrue(e.getMessage().startsWith("z is not a file in the archive"), e.getMessage());
        }
    }

    @Test
    void closedArchiveRefusesReads() throws IOException {
        NpzFile f = NpzFile.open(Corpus.sample("x_stored.npz"), ReadLimits.DEFAULT);
        f.close();
        assertInstanceOf(IllegalStateException.class, assertThrows(RuntimeException.class, () -> f.bytes("x")));
    }
}
