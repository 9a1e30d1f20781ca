package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.npy4j.ReadLimits;

/**
 * Random archives (member count, sizes around the parallel block size, compressibility, stored or deflated, thread
 * count, block size, seekable file or plain stream) read back byte-exact by our reader and by the JDK's independent
 * {@link ZipFile}, which checks CRCs and sizes too.
 */
class ZipRoundTripPropertyTest {
    static byte[] content(Random r) {
        int block = 1 << 16;
        int[] sizes = {0, 1, 5, block - 1, block, block + 1, 2 * block, 3 * block + 7, r.nextInt(300_000)};
        byte[] b = new byte[sizes[r.nextInt(sizes.length)]];
        int kind = r.nextInt(3);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (kind == 0 ? 0 : kind == 1 ? r.nextInt(4) : r.nextInt(256));
        }
        return b;
    }

    @Property(tries = 40)
    void anyArchiveReadsBack(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        int n = r.nextInt(6);
        List<byte[]> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(content(r));
        }
        boolean compressed = r.nextBoolean();
        int threads = 1 + r.nextInt(3);
        int blockSize = (1 << 16) + r.nextInt(3) * 4096;
        boolean stream = r.nextInt(4) == 0;
        Path dir = Files.createTempDirectory("npz-prop");
        Path p = dir.resolve("a.npz");
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            NpzWriter.Builder b = stream ? NpzWriter.builder(bos) : NpzWriter.builder(p);
            try (NpzWriter w = b.compressed(compressed).threads(threads).blockSize(blockSize).level(r.nextInt(10)).open()) {
                for (int i = 0; i < n; i++) {
                    w.addBytes("m" + i + ".npy", members.get(i));
                }
            }
            if (stream) {
                Files.write(p, bos.toByteArray());
            }
            try (NpzFile f = NpzFile.open(p, ReadLimits.DEFAULT)) {
                assertEquals(n, f.files().size());
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(members.get(i), f.bytes("m" + i), "member " + i);
                    assertEquals(compressed ? 8 : 0, f.entries().get(i).method());
                }
            }
            try (ZipFile z = new ZipFile(p.toFile())) {
                assertEquals(n, z.size());
                for (int i = 0; i < n; i++) {
                    try (InputStream in = z.getInputStream(z.getEntry("m" + i + ".npy"))) {
                        assertArrayEquals(members.get(i), in.readAllBytes(), "JDK reader, member " + i);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        }
    }
}
