package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.ReadLimits;
import org.npy4j.testing.Python;

/** Zips from other writers (data descriptors, comments, zip64 everywhere) and our parallel deflate, both ways. */
class ZipCompatibilityTest {
    @TempDir
    Path tmp;

    /** Compressible but not trivial bytes: small random integers. */
    static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (r.nextInt(16) + (i % 97 == 0 ? 100 : 0));
        }
        return b;
    }

    @Test
    void javaZipOutputStreamWithDataDescriptorsAndComment() throws IOException {
        byte[] a = data(300_000, 1);
        byte[] c = "some text".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path p = tmp.resolve("java.npz");
        try (OutputStream fo = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(fo)) {
            z.setComment("an archive comment".repeat(100));
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(a);
            z.closeEntry();
            ZipEntry e = new ZipEntry("dir/");
            z.putNextEntry(e);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("notes.txt"));
            z.write(c);
            z.closeEntry();
        }
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(List.of("a", "dir/", "notes.txt"), f.files());
            assertArrayEquals(a, f.bytes("a"));
            assertArrayEquals(new byte[0], f.bytes("dir/"));
            assertArrayEquals(c, f.bytes("notes.txt"));
        }
    }

    @Test
    void pythonZipfileStreamedWithCommentAndLevels() throws IOException {
        Path p = tmp.resolve("py.npz");
        Path raw = tmp.resolve("raw.bin");
        byte[] a = data(200_000, 2);
        Files.write(raw, a);
        Python.run("import zipfile, sys\n"
                + "data = open(sys.argv[2], 'rb').read()\n"
                + "class W:\n"
                + "    def __init__(s, f): s.f = f\n"
                + "    def write(s, b): return s.f.write(b)\n"
                + "    def flush(s): s.f.flush()\n"
                + "with open(sys.argv[1], 'wb') as fo:\n"
                + "    with zipfile.ZipFile(W(fo), 'w') as z:\n"   // unseekable: data descriptors
                + "        z.comment = b'hello comment'\n"
                + "        for lvl in (1, 9):\n"
                + "            with z.open('l%d.npy' % lvl, 'w', force_zip64=True) as m:\n"
                + "                pass\n"
                + "        z.writestr(zipfile.ZipInfo('d1.npy'), data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)\n"
                + "        z.writestr(zipfile.ZipInfo('d9.npy'), data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)\n"
                + "        z.writestr('s.npy', data)\n",
                p.toString(), raw.toString());
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertEquals(List.of("l1", "l9", "d1", "d9", "s"), f.files());
            assertArrayEquals(new byte[0], f.bytes("l1"));
            assertArrayEquals(a, f.bytes("d1"));
            assertArrayEquals(a, f.bytes("d9"));
            assertArrayEquals(a, f.bytes("s"));
        }
    }

    @Test
    void zip64ExtrasInTheCentralDirectoryAndZip64EndRecord() throws IOException {
        Path p = tmp.resolve("z64.npz");
        byte[] a = data(1000, 3);
        try (NpzWriter w = NpzWriter.builder(p).compressed(true).threads(1).open()) {
            w.zipForTests().forceZip64Central = true;
            w.zipForTests().forceZip64End = true;
            w.addBytes("a.npy", a).addBytes("b.npy", a);
        }
        String py = Python.run("import zipfile, sys\n"
                + "z = zipfile.ZipFile(sys.argv[1])\n"
                + "print([(i.filename, len(z.read(i))) for i in z.infolist()])\n", p.toString());
        assertEquals("[('a.npy', 1000), ('b.npy', 1000)]", py.trim());
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertArrayEquals(a, f.bytes("a"));
            assertArrayEquals(a, f.bytes("b"));
        }
    }

    @Test
    void parallelDeflateIsOneValidStreamThatZlibAndZipfileRead() throws IOException {
        byte[] big = data(3_000_000 + 12_345, 4);
        byte[] small = data(5000, 5);
        Path par = tmp.resolve("par.npz");
        Path ser = tmp.resolve("ser.npz");
        for (Path p : new Path[] {par, ser}) {
            try (NpzWriter w = NpzWriter.builder(p).compressed(true).threads(p == par ? 3 : 1).blockSize(1 << 16).open()) {
                w.addBytes("small.npy", small).addBytes("big.npy", big).addBytes("empty.npy", new byte[0])
                        .addBytes("small2.npy", small);
            }
        }
        assertNotEquals(Files.size(par), 0);
        Path raw = tmp.resolve("big.bin");
        Files.write(raw, big);
        String py = Python.run("import zipfile, sys, zlib\n"
                + "z = zipfile.ZipFile(sys.argv[1])\n"
                + "big = open(sys.argv[2], 'rb').read()\n"
                + "assert z.testzip() is None\n"
                + "assert z.read('big.npy') == big\n"
                + "print(z.namelist())\n", par.toString(), raw.toString());
        assertEquals("['small.npy', 'big.npy', 'empty.npy', 'small2.npy']", py.trim());
        try (NpzFile f = NpzFile.open(par, ReadLimits.DEFAULT); NpzFile g = NpzFile.open(ser, ReadLimits.DEFAULT)) {
            assertArrayEquals(big, f.bytes("big"));
            assertArrayEquals(small, f.bytes("small"));
            assertArrayEquals(small, f.bytes("small2"));
            assertArrayEquals(new byte[0], f.bytes("empty"));
            // small members (one block) keep the single-threaded bytes; the split member does not
            assertEquals(g.entries().get(0).compressedSize(), f.entries().get(0).compressedSize());
            assertEquals(g.entries().get(0).crc(), f.entries().get(0).crc());
            assertEquals(g.entries().get(1).crc(), f.entries().get(1).crc());
            // the preset dictionaries keep the split member about as small as the serial one
            long serial = g.entries().get(1).compressedSize();
            long split = f.entries().get(1).compressedSize();
            assertNotEquals(serial, split);
            assertTrue(split < serial * 1.01, split + " vs " + serial);
        }
    }

    @Test
    void parallelDeflateToAStream() throws IOException {
        byte[] big = data(500_000, 6);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (NpzWriter w = NpzWriter.builder(bos).compressed(true).threads(2).blockSize(1 << 16).open()) {
            w.addBytes("big.npy", big);
        }
        Path p = tmp.resolve("stream.npz");
        Files.write(p, bos.toByteArray());
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertArrayEquals(big, f.bytes("big"));
        }
        Python.run("import zipfile, sys\nassert zipfile.ZipFile(sys.argv[1]).testzip() is None\n", p.toString());
    }

    @Test
    void levelIsSelectable() throws IOException {
        byte[] a = data(200_000, 7);
        long[] sizes = new long[2];
        int[] levels = {1, 9};
        for (int i = 0; i < 2; i++) {
            Path p = tmp.resolve("l" + levels[i] + ".npz");
            try (NpzWriter w = NpzWriter.builder(p).compressed(true).level(levels[i]).threads(1).open()) {
                w.addBytes("a.npy", a);
            }
            Path raw = tmp.resolve("a.bin");
            Files.write(raw, a);
            // our level-n member equals zlib's raw deflate at level n
            Python.run("import zipfile, sys, zlib\n"
                    + "z = zipfile.ZipFile(sys.argv[1]); i = z.infolist()[0]\n"
                    + "f = open(sys.argv[1], 'rb'); f.seek(i.header_offset + 30 + 5 + 20)\n"
                    + "got = f.read(i.compress_size)\n"
                    + "c = zlib.compressobj(int(sys.argv[3]), zlib.DEFLATED, -15)\n"
                    + "want = c.compress(open(sys.argv[2], 'rb').read()) + c.flush()\n"
                    + "assert got == want, (len(got), len(want))\n", p.toString(), raw.toString(),
                    String.valueOf(levels[i]));
            try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
                sizes[i] = f.entries().get(0).compressedSize();
                assertArrayEquals(a, f.bytes("a"));
            }
        }
        assertTrue(sizes[0] > sizes[1]);
        // level 0 (stored deflate blocks, whose sizes zlib ties to the output buffer) still reads back
        Path p = tmp.resolve("l0.npz");
        try (NpzWriter w = NpzWriter.builder(p).compressed(true).level(0).threads(1).open()) {
            w.addBytes("a.npy", a);
        }
        try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
            assertTrue(f.entries().get(0).compressedSize() > a.length);
            assertArrayEquals(a, f.bytes("a"));
        }
        Python.run("import zipfile, sys\nassert zipfile.ZipFile(sys.argv[1]).testzip() is None\n", p.toString());
    }
}
