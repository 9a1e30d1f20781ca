package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.header.NpyHeader;
import org.npy4j.internal.Parallel;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.testing.Python;

/**
 * Stored members large enough for the bulk paths: {@link NpzFile#get} copies them out of a mapping (in parallel parts
 * from 8 MiB on, one part below), {@code savez} writes them with parallel positional writes. Everything is compared
 * with what NumPy wrote: the loaded bytes with the {@code .npy} files NumPy saved of the same arrays, our archive with
 * {@code np.savez}'s byte for byte; corrupt, truncated and shrinking archives must fail as on the streaming path.
 */
class NpzLargeMemberTest {
    static final String MAKE = String.join("\n",
            "import sys, numpy as np",
            "d = sys.argv[1]",
            "rng = np.random.default_rng(11)",
            "named = {",
            "  'big': rng.standard_normal(5 << 20),",                                  // 40 MiB: parallel parts
            "  'odd': rng.integers(-128, 127, 9_000_001, dtype='i1'),",                // odd length, parallel
            "  'mid': np.arange(3 << 18, dtype='<i4'),",                               // 3 MiB: one mapped part
            "  'fort': np.asfortranarray(rng.random((700, 600)).astype('>f4')),",      // 1.6 MiB, F order, BE
            "  'small': np.arange(1000, dtype='<u2'),",                                // below the threshold
            "}",
            "for k, v in named.items(): np.save('%s/%s.npy' % (d, k), v)",
            "np.savez(d + '/np.npz', **named)",
            "");
    static final List<String> NAMES = List.of("big", "odd", "mid", "fort", "small");

    @TempDir
    static Path made;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeWithNumpy() {
        Python.run(MAKE, made.toString());
    }

    /** The data bytes of the {@code .npy} file NumPy saved for {@code name}, read without the library. */
    static byte[] npyData(String name) throws IOException {
        byte[] f = Files.readAllBytes(made.resolve(name + ".npy"));
        assertEquals(1, f[6], "a version 1.0 file");
        int headerLen = (f[8] & 0xFF) | (f[9] & 0xFF) << 8;
        return Arrays.copyOfRange(f, 10 + headerLen, f.length);
    }

    static byte[] bytesOf(NdArray a) {
        byte[] out = new byte[Math.toIntExact(a.byteSize())];
        a.storage().getBytes(a.offset(), out, 0, out.length);
        return out;
    }

    /** Offset in the archive of the first data byte (after the {@code .npy} header) of member {@code name.npy}. */
    static long dataOffset(Path archive, String name) throws IOException {
        byte[] b = Files.readAllBytes(archive);
        byte[] n = (name + ".npy").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + Zip.LOCAL_HEADER + n.length <= b.length; i++) {
            if (Zip.getInt(b, i) == Zip.LOCAL_SIG && Zip.getShort(b, i + 26) == n.length
                    && Arrays.equals(b, i + Zip.LOCAL_HEADER, i + Zip.LOCAL_HEADER + n.length, n, 0, n.length)) {
                int start = i + Zip.LOCAL_HEADER + n.length + Zip.getShort(b, i + 28);
                return start + 10 + ((b[start + 8] & 0xFF) | (b[start + 9] & 0xFF) << 8);
            }
        }
        throw new AssertionError("no local header for " + name);
    }

    private void assertLoadsLikeNumpy(Path archive, boolean mapped, int chunkShift) throws IOException {
        try (NpzFile f = Npz.open(archive)) {
            f.mappedRead = mapped;
            f.storageChunkShift = chunkShift;
            assertEquals(NAMES, f.files());
            for (String k : NAMES) {
                NdArray a = f.get(k);
                NpyHeader want = Npy.readHeader(made.resolve(k + ".npy"));
                assertEquals(want.dtype(), a.dtype(), k);
                assertArrayEquals(want.shape(), a.shape(), k);
                assertEquals(want.fortranOrder(), a.isFContiguous() && !a.isCContiguous(), k);
                assertFalse(a.isWritable(), k); // loaded arrays are read-only, as Npy.load gives them
                if (chunkShift > 0) {
                    assertEquals(chunkShift, a.storage().chunkShift(), k);
                }
                assertArrayEquals(npyData(k), bytesOf(a), k + (mapped ? " (mapped copy)" : " (read)"));
            }
        }
    }

    @Test
    void numpysStoredArchiveLoadsExactlyOnBothPaths() throws IOException {
        assertTrue(Parallel.partsFor(40L << 20) >= Math.min(2, Parallel.threads()), "big is split when threads allow");
        assertEquals(1, Parallel.partsFor(3L << 20), "mid is copied in one part");
        assertLoadsLikeNumpy(made.resolve("np.npz"), true, 0);
        assertLoadsLikeNumpy(made.resolve("np.npz"), false, 0);
    }

    @Test
    void storageChunkBoundariesFallInsideThePieces() throws IOException {
        // 1 MiB chunks: the odd-length member's part boundaries and 256 KiB pieces meet chunk ends unaligned
        assertLoadsLikeNumpy(made.resolve("np.npz"), true, 20);
        assertLoadsLikeNumpy(made.resolve("np.npz"), true, 17);
    }

    @Test
    void aCorruptByteInAnyPartFailsTheCrc() throws IOException {
        Path p = Files.copy(made.resolve("np.npz"), tmp.resolve("crc.npz"));
        long big = dataOffset(p, "big");
        long bigLen = 5L << 23;
        long mid = dataOffset(p, "mid");
        long[][] cases = {{big, 0}, {big + bigLen / 2 + 7, 0}, {big + bigLen - 1, 0}, {mid + 12345, 1}};
        for (long[] c : cases) {
            String member = c[1] == 0 ? "big" : "mid";
            flipByte(p, c[0]);
            for (boolean mapped : new boolean[] {true, false}) {
                try (NpzFile f = Npz.open(p)) {
                    f.mappedRead = mapped;
                    NpyFormatException e = assertThrows(NpyFormatException.class, () -> f.get(member));
                    assertTrue(e.getMessage().contains(p + ":" + member + ".npy"), e.getMessage());
                    assertTrue(e.getMessage().contains("bad CRC-32"), e.getMessage());
                    // the other members are intact
                    assertArrayEquals(npyData("odd"), bytesOf(f.get("odd")));
                }
            }
            flipByte(p, c[0]);
        }
        assertLoadsLikeNumpy(p, true, 0); // restored
    }

    private static void flipByte(Path p, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x20)).clear();
            ch.write(one, at);
        }
    }

    @Test
    void anArchiveTruncatedAfterOpeningFailsNamingTheMember() throws IOException {
        for (boolean mapped : new boolean[] {true, false}) {
            Path p = Files.copy(made.resolve("np.npz"), tmp.resolve("t" + mapped + ".npz"));
            long big = dataOffset(p, "big");
            try (NpzFile f = Npz.open(p)) {
                f.mappedRead = mapped;
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(big + (3L << 20) + 5);
                }
                NpyTruncatedException e = assertThrows(NpyTruncatedException.class, () -> f.get("big"));
                assertTrue(e.getMessage().contains(p + ":big.npy"), e.getMessage());
            }
        }
    }

    @Test
    void anArchiveShrinkingDuringTheMappedCopyFailsAsTruncated() throws IOException {
        Assumptions.assumeFalse(System.getProperty("os.name", "").startsWith("Windows"), "no mapped reads there");
        Path p = Files.copy(made.resolve("np.npz"), tmp.resolve("shrink.npz"));
        long big = dataOffset(p, "big");
        for (long cut : new long[] {big + (1L << 20), big + (35L << 20)}) { // in the first part, in the last
            try (NpzFile f = Npz.open(p)) {
                f.beforeMappedCopy = () -> {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.truncate(cut); // after mapping: the copy itself meets the missing pages (SIGBUS)
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                NpyTruncatedException e = assertThrows(NpyTruncatedException.class, () -> f.get("big"));
                assertTrue(e.getMessage().contains(p + ":big.npy"), e.getMessage());
                assertTrue(e.getMessage().contains("shrank"), e.getMessage());
            }
            Files.copy(made.resolve("np.npz"), p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void savezOfLargeMembersEqualsNumpysByteForByte() throws IOException {
        try (MappedNpy mapped = Npy.map(made.resolve("big.npy"), MapMode.READ_ONLY)) {
            savezEqualsNumpy(mapped.array()); // mapped (direct) storage
        }
    }

    private void savezEqualsNumpy(NdArray big) throws IOException {
        Map<String, NdArray> named = new LinkedHashMap<>();
        named.put("big", big);
        NdArray odd = Npy.load(made.resolve("odd.npy"));
        Storage chunked = Storage.allocate(odd.byteSize(), 20); // 1 MiB chunks: slices end at chunk boundaries
        byte[] oddBytes = bytesOf(odd);
        chunked.putBytes(0, oddBytes, 0, oddBytes.length);
        named.put("odd", NdArray.contiguous(odd.dtype(), odd.shape(), org.npy4j.array.Order.C, chunked, 0, true));
        for (String k : List.of("mid", "fort", "small")) {
            named.put(k, Npy.load(made.resolve(k + ".npy")));
        }
        Path ours = Npz.savez(tmp.resolve("ours.npz"), named);
        // whatever CPython writes, NumPy must read it back to the same arrays, and so must we
        try (NpzFile f = Npz.open(ours)) {
            for (String k : NAMES) {
                assertArrayEquals(npyData(k), bytesOf(f.get(k)), k);
            }
        }
        assertEquals("ok", Python.run(String.join("\n",
                "import sys, numpy as np",
                "with np.load(sys.argv[2]) as z:",
                "    for k in " + NAMES.stream().map(s -> "'" + s + "'").toList() + ":",
                "        a = np.load('%s/%s.npy' % (sys.argv[1], k)); b = z[k]",
                "        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes('A') == b.tobytes('A'), k",
                "print('ok')"), made.toString(), ours.toString()).trim());
        if (Python.zipLayoutIsModern()) {
            assertTrue(Arrays.equals(Files.readAllBytes(made.resolve("np.npz")), Files.readAllBytes(ours)),
                    "identical to np.savez");
        }
    }

    @Test
    void largeRawMembersReadWholeOnBothPaths() throws IOException {
        byte[] raw = new byte[9_000_003];
        new java.util.Random(5).nextBytes(raw);
        Path p = tmp.resolve("raw.npz");
        try (NpzWriter w = Npz.writer(p).open()) {
            w.addBytes("blob.bin", raw);
        }
        String sha = java.util.HexFormat.of().formatHex(sha256(raw));
        assertEquals(sha, Python.run(String.join("\n",
                "import sys, zipfile, hashlib",
                "print(hashlib.sha256(zipfile.ZipFile(sys.argv[1]).read('blob.bin')).hexdigest())"), // CRC checked too
                p.toString()).trim());
        for (boolean mapped : new boolean[] {true, false}) {
            try (NpzFile f = Npz.open(p)) {
                f.mappedRead = mapped;
                assertArrayEquals(raw, f.bytes("blob.bin"));
            }
        }
        flipByte(p, Files.size(p) / 2);
        try (NpzFile f = Npz.open(p)) {
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> f.bytes("blob.bin"));
            assertTrue(e.getMessage().contains(p + ":blob.bin") && e.getMessage().contains("bad CRC-32"), e.getMessage());
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStreamedArchiveTakesTheOrdinaryPath() throws IOException {
        // an unseekable stream cannot take positional writes: the member goes through the ordinary sink
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (NpzWriter w = Npz.writer(out).open()) {
            w.add("big", Npy.load(made.resolve("big.npy")));
        }
        Path p = Files.write(tmp.resolve("streamed.npz"), out.toByteArray());
        try (NpzFile f = Npz.open(p)) {
            assertArrayEquals(npyData("big"), bytesOf(f.get("big")));
        }
    }
}
