package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.testing.Python;

/**
 * Both directions with real NumPy: arrays NumPy made (structured, Fortran, big-endian, strings, 0-d, empty, one
 * larger than a parallel block) saved by us must equal {@code np.savez} / {@code np.savez_compressed} byte for byte
 * (stored; deflated single-threaded) and load in NumPy with equal values (also from the parallel writer); NumPy's
 * archives must load here to the same arrays.
 */
class NpzInteropTest {
    @TempDir
    Path tmp;

    static final String MAKE = String.join("\n",
            "import sys, json, numpy as np",
            "d = sys.argv[1]",
            "rng = np.random.default_rng(7)",
            "named = {",
            "  'f8': rng.standard_normal((3, 4)),",
            "  'fort': np.asfortranarray(np.arange(12, dtype='<i4').reshape(3, 4)),",
            "  'be': np.arange(5, dtype='>f4') / 3,",
            "  'rec': np.array([(1, 2.5, b'ab'), (3, -1.0, b'c')], dtype=[('a', '<i2'), ('b', '<f8'), ('s', 'S3')]),",
            "  'nested': np.zeros(3, dtype=[('p', [('x', '<f4'), ('y', '<f4')]), ('v', '<u1', (2,))]),",
            "  'u': np.array(['héllo', 'wörld', ''], dtype='<U6'),",
            "  'scalar': np.array(3.25),",
            "  'empty': np.zeros((0, 3), dtype='<i8'),",
            "  'big': (np.arange(400_000) % 1000).astype('<f8'),",
            "  'dir/x': np.array([True, False]),",
            "}",
            "named['nested']['v'] = [[1, 2], [3, 4], [5, 6]]",
            "pos = [np.arange(4, dtype='<u2'), np.array([1+2j, 3-4j])]",
            "order = list(named)",
            "for k, v in named.items(): np.save('%s/n_%d.npy' % (d, order.index(k)), v)",
            "for i, v in enumerate(pos): np.save('%s/p_%d.npy' % (d, i), v)",
            "json.dump(order, open(d + '/order.json', 'w'))",
            "np.savez(d + '/np_stored.npz', *pos, **named)",
            "np.savez_compressed(d + '/np_comp.npz', *pos, **named)",
            "");

    static final String CHECK = String.join("\n",
            "import sys, json, numpy as np",
            "d = sys.argv[1]",
            "order = json.load(open(d + '/order.json'))",
            "for f in sys.argv[2:]:",
            "    with np.load(f) as z:",
            "        want = order + ['arr_0', 'arr_1']",
            "        assert z.files == want, (f, z.files)",
            "        for i, k in enumerate(order):",
            "            a = np.load('%s/n_%d.npy' % (d, i)); b = z[k]",
            "            assert a.dtype == b.dtype and a.shape == b.shape, (f, k)",
            "            assert a.flags.f_contiguous == b.flags.f_contiguous, (f, k)",
            "            assert a.tobytes() == b.tobytes(), (f, k)",
            "        for i in range(2):",
            "            assert np.array_equal(np.load('%s/p_%d.npy' % (d, i)), z['arr_%d' % i])",
            "print('ok')",
            "");

    /** NumPy's inputs, made once for the class; each test writes into its own {@link #tmp}. */
    @TempDir
    static Path made;

    private static final Map<String, NdArray> named = new LinkedHashMap<>();
    private static NdArray[] positional;

    @BeforeAll
    static void make() throws Exception {
        Python.run(MAKE, made.toString());
        String order = Files.readString(made.resolve("order.json"));
        List<String> names = new ArrayList<>();
        for (String s : order.replaceAll("[\\[\\]\"]", "").split(",\\s*")) {
            names.add(s);
        }
        for (int i = 0; i < names.size(); i++) {
            named.put(names.get(i), Npy.load(made.resolve("n_" + i + ".npy")));
        }
        positional = new NdArray[] {Npy.load(made.resolve("p_0.npy")), Npy.load(made.resolve("p_1.npy"))};
    }

    @Test
    void oursEqualNumpysBytesAndNumpyLoadsThem() throws Exception {
        Path stored = Npz.savez(tmp.resolve("ours_stored"), named, positional);
        Path one = tmp.resolve("ours_comp1.npz");
        try (NpzWriter w = Npz.writer(one).compressed(true).threads(1).open()) {
            for (Map.Entry<String, NdArray> e : named.entrySet()) {
                w.add(e.getKey(), e.getValue());
            }
            w.add("arr_0", positional[0]).add("arr_1", positional[1]);
        }
        Path par = tmp.resolve("ours_par.npz");
        try (NpzWriter w = Npz.writer(par).compressed(true).threads(4).blockSize(1 << 16).open()) {
            for (Map.Entry<String, NdArray> e : named.entrySet()) {
                w.add(e.getKey(), e.getValue());
            }
            w.add("arr_0", positional[0]).add("arr_1", positional[1]);
        }
        Path dflt = Npz.savezCompressed(tmp.resolve("ours_default.npz"), named, positional);
        assertArrayEquals(Files.readAllBytes(made.resolve("np_stored.npz")), Files.readAllBytes(stored));
        assertArrayEquals(Files.readAllBytes(made.resolve("np_comp.npz")), Files.readAllBytes(one));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(made.resolve("np_comp.npz")), Files.readAllBytes(par)),
                "the split 'big' member differs from NumPy's bytes");
        assertEquals("ok", Python.run(CHECK, made.toString(), stored.toString(), one.toString(), par.toString(),
                dflt.toString()).trim());
    }

    @Test
    void numpysArchivesLoadHere() throws Exception {
        for (String f : new String[] {"np_stored.npz", "np_comp.npz"}) {
            try (NpzFile z = Npz.open(made.resolve(f))) {
                List<String> want = new ArrayList<>(named.keySet());
                want.add("arr_0");
                want.add("arr_1");
                assertEquals(want, z.files());
                for (Map.Entry<String, NdArray> e : named.entrySet()) {
                    assertArrayEquals(Npy.toBytes(e.getValue()), Npy.toBytes(z.get(e.getKey())), f + ":" + e.getKey());
                    assertEquals(Npy.toBytes(e.getValue()).length, z.entry(e.getKey()).size());
                }
                assertArrayEquals(Npy.toBytes(positional[1]), Npy.toBytes(z.get("arr_1.npy")));
                if (f.equals("np_stored.npz")) {
                    NdArray m = z.map("big");
                    assertFalse(m.isWritable());
                    assertArrayEquals(Npy.toBytes(named.get("big")), Npy.toBytes(m));
                }
            }
        }
    }

    @Test
    void emptyArchiveAndPositionalNamingRulesMatchNumpy() throws Exception {
        Path empty = Npz.savez(tmp.resolve("empty.npz"), Map.of());
        Path b = tmp.resolve("b.npz");
        Npz.savez(b, Map.of("arr_1", named.get("be")), positional[0]);
        Python.run("import sys, numpy as np\n"
                + "d = sys.argv[1]; m = sys.argv[4]\n"
                + "np.savez(d + '/np_empty.npz')\n"
                + "np.savez(d + '/np_b.npz', np.load(m + '/p_0.npy'), arr_1=np.load(m + '/n_2.npy'))\n"
                + "assert np.load(sys.argv[2]).files == []\n"
                + "assert np.load(sys.argv[3]).files == ['arr_1', 'arr_0']\n", tmp.toString(), empty.toString(),
                b.toString(), made.toString());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("np_empty.npz")), Files.readAllBytes(empty));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("np_b.npz")), Files.readAllBytes(b));
    }

    @Test
    void keywordEqualToAPositionalNameIsRefusedBeforeAnythingIsCreated() {
        Path p = tmp.resolve("clash.npz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npz.savez(p, Map.of("arr_0", positional[0]), positional[1]));
        assertEquals("Cannot use un-named variables and keyword arr_0", e.getMessage());
        assertFalse(Files.exists(p));
        NdArray obj = NdArray.zeros(DType.OBJECT, 2);
        assertThrows(IllegalArgumentException.class, () -> Npz.savezCompressed(p, Map.of("a", positional[0], "o", obj)));
        assertFalse(Files.exists(p));
        assertEquals(List.of(), List.of(tmp.toFile().list()), "no file, not even a temporary one");
    }

    @Test
    void npzSuffixIsAppendedCaseSensitively() throws Exception {
        assertEquals(tmp.resolve("x.NPZ.npz"), Npz.savez(tmp.resolve("x.NPZ"), Map.of("a", positional[0])));
        assertEquals(tmp.resolve("y.npz"), Npz.savez(tmp.resolve("y.npz"), Map.of("a", positional[0])));
        assertEquals(tmp.resolve("z.npz"), Npz.writer(tmp.resolve("z")).path());
        assertTrue(Files.exists(tmp.resolve("x.NPZ.npz")));
    }

    @Test
    void moreThan65535MembersUseZip64EndRecordsLikeNumpy() throws Exception {
        int n = 65_536;
        NdArray[] arrays = new NdArray[n];
        for (int i = 0; i < n; i++) {
            arrays[i] = NdArray.zeros(DType.INT8);
            arrays[i].storage().putByte(0, (byte) (i % 100));
        }
        Path ours = Npz.savez(tmp.resolve("many.npz"), Map.of(), arrays);
        Path theirs = tmp.resolve("np_many.npz");
        Python.run("import sys, numpy as np\n"
                + "np.savez(sys.argv[1], *[np.int8(i % 100) for i in range(65536)])\n", theirs.toString());
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
        try (NpzFile f = Npz.open(ours)) {
            assertEquals(n, f.files().size());
            assertEquals("arr_65535", f.files().get(n - 1));
            assertEquals(65_535 % 100, f.get("arr_65535").getLong());
        }
    }
}
