package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.testing.Python;

/**
 * A member past 4 GiB (zip64 sizes in the local and central headers, and a following member whose offset needs a
 * zip64 extra), stored and deflated on all cores; the stored one equals {@code np.savez}'s bytes and NumPy reads
 * both back. Needs about 10 GiB of heap and disk
 * ({@code -Pheavy}).
 */
class NpzHeavyTest {
    static final long N = (1L << 32) + 1_000_003; // bytes of the big uint8 array

    @TempDir
    Path tmp;

    @BeforeEach
    void heavyOnly() {
        Assumptions.assumeTrue(Boolean.getBoolean("npy4j.heavy"), "heavy test: run with -Pheavy");
    }

    /** element i holds (i * 7) mod 251: not trivially compressible, and checkable anywhere. */
    static NdArray big() {
        Storage s = Storage.allocate(N);
        byte[] pattern = new byte[251 * 4096];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) ((i * 7L) % 251);
        }
        long pos = 0;
        for (int c = 0; c < s.chunkCount(); c++) {
            ByteBuffer b = s.chunk(c);
            while (b.hasRemaining()) {
                // pattern[phase + j] has the value of element pos + j, since pos - phase is a multiple of 251
                int phase = (int) (pos % 251);
                int n = Math.min(b.remaining(), pattern.length - 251);
                b.put(pattern, phase, n);
                pos += n;
            }
        }
        return NdArray.contiguous(DType.UINT8, new long[] {N}, Order.C, s, 0, false);
    }

    static final String CHECK = String.join("\n",
            "import sys, zipfile, numpy as np",
            "z = zipfile.ZipFile(sys.argv[1])",
            "i = z.getinfo('big.npy'); t = z.getinfo('tail.npy')",
            "print(i.file_size > 2**32, t.header_offset > 2**32)",
            "with np.load(sys.argv[1]) as f:",
            "    a = f['big']",
            "    assert a.shape == (NNN,), a.shape",
            "    for k in (0, 1, 250, 251, 2**31 + 5, 2**32 + 17, a.shape[0] - 1):",
            "        assert int(a[k]) == (k * 7) % 251, k",
            "    del a",
            "    assert list(f['tail']) == [1.0, 2.0]",
            "print('ok')",
            "");

    @Test
    void memberPastFourGiBStoredAndDeflated() throws Exception {
        Python.requireNumpy();
        NdArray tail = NdArray.zeros(DType.FLOAT64, 2);
        tail.storage().putLong(0, Double.doubleToLongBits(1));
        tail.storage().putLong(8, Double.doubleToLongBits(2));
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("big", big());
        m.put("tail", tail);
        Path stored = Npz.savez(tmp.resolve("stored.npz"), m);
        Path deflated = Npz.savezCompressed(tmp.resolve("deflated.npz"), m);
        m.clear();
        // the stored archive is byte-identical to np.savez of the same array (zip64 sizes, offsets and end records)
        assertEquals("same", Python.run(String.join("\n",
                "import sys, os, hashlib, numpy as np",
                "n = int(sys.argv[2]); a = np.empty(n, dtype=np.uint8); step = 251 * 4096 * 64",
                "pat = (np.arange(step + 251, dtype=np.int64) * 7 % 251).astype(np.uint8)",
                "for s in range(0, n, step):",
                "    e = min(n, s + step); a[s:e] = pat[s % 251: s % 251 + (e - s)]",
                "out = sys.argv[1] + '.numpy.npz'",
                "np.savez(out, big=a, tail=np.array([1.0, 2.0]))",
                "del a",
                "def h(p):",
                "    d = hashlib.sha256()",
                "    with open(p, 'rb') as f:",
                "        for b in iter(lambda: f.read(1 << 24), b''): d.update(b)",
                "    return d.digest()",
                "same = h(out) == h(sys.argv[1]); os.remove(out)",
                "print('same' if same else 'different')", ""), stored.toString(), Long.toString(N)).trim());
        String script = CHECK.replace("NNN", Long.toString(N));
        for (Path p : new Path[] {stored, deflated}) {
            // stored: the tail member starts past 4 GiB (zip64 offset); deflated: the data shrinks, so it does not
            String want = p == stored ? "True True\nok" : "True False\nok";
            assertEquals(want, Python.run(script, p.toString()).trim(), p.toString());
            try (NpzFile f = Npz.open(p)) {
                assertEquals(N + 128, f.entry("big").size());
                NdArray a = p == stored ? f.map("big") : f.get("big");
                for (long k : new long[] {0, 1, 250, 251, (1L << 31) + 5, (1L << 32) + 17, N - 1}) {
                    assertEquals((k * 7) % 251, a.getLong(k), "element " + k);
                }
                assertEquals(2.0, f.get("tail").getDouble(1));
            }
        }
    }
}
