package org.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NumPy writes {@code .npz} archives (stored and deflated, several members); Spark reads rows of their members. */
class NpzReadTest {
    @TempDir
    static Path dir;
    static Map<String, List<String>> expected = new LinkedHashMap<>();

    @BeforeAll
    static void write() {
        String out = Py.run(Py.CANON + String.join("\n",
                "root = sys.argv[1]",
                "rng = np.random.default_rng(5)",
                "rec = np.dtype([('a', '<i2'), ('b', '<U2')])",
                "def arrays(n):",
                "    f = rng.standard_normal((n, 4)).astype('<f4')",
                "    lab = rng.integers(0, 10, n).astype('>i8')",
                "    r = np.zeros(n, rec); r['a'] = np.arange(n); r['b'] = [chr(97 + i % 26) * (i % 3) for i in range(n)]",
                "    m = np.asfortranarray(rng.integers(0, 100, (n, 2, 3)).astype('<u2'))",
                "    return {'features': f, 'labels': lab, 'rec': r, 'm': m}",
                "for kind in ('stored', 'deflated'):",
                "    d = os.path.join(root, kind); os.makedirs(d)",
                "    for i, n in enumerate((30, 17, 0)):",
                "        a = arrays(n)",
                "        (np.savez if kind == 'stored' else np.savez_compressed)(os.path.join(d, 'a%d.npz' % i), **a)",
                "        for j in range(n):",
                "            print(kind + '\\t' + '|'.join(canon(a[k][j], a[k].dtype) for k in ('features', 'labels', 'rec', 'm')))",
                "np.savez(os.path.join(root, 'uneven.npz'), x=np.zeros(3), y=np.zeros(4))",
                "np.savez(os.path.join(root, 'o.npz'), x=np.zeros(3))",
                "os.makedirs(os.path.join(root, 'bad'))",
                "open(os.path.join(root, 'bad/garbage.npz'), 'wb').write(b'PK\\x03\\x04 this is not a zip' * 3)",
                "np.savez(os.path.join(root, 'bad/pickle.npz'), o=np.array([{'a': 1}], dtype=object), allow_pickle=True)",
                ""), dir.toString());
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                String[] kv = line.split("\t", 2);
                expected.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
            }
        }
    }

    private static List<String> read(String kind, String mpb) {
        Dataset<Row> df = SparkFixture.spark().read().format("npz").option("includeFileColumns", "true")
                .option("maxPartitionBytes", mpb).load(dir.resolve(kind).toString());
        assertEquals("struct<features:array<float>,labels:bigint,rec:struct<a:smallint,b:string>,"
                + "m:array<array<int>>,_file:string,_row:bigint>", df.schema().simpleString());
        List<String> got = new ArrayList<>();
        for (Row r : NpyInteropReadTest.sorted(df)) {
            got.add(Canon.row(r, 4));
        }
        return got;
    }

    @Test
    void storedArchivesSplitByRowRangeAndReadEveryValue() {
        assertEquals(47, expected.get("stored").size());
        assertEquals(expected.get("stored"), read("stored", "100"));
        assertEquals(expected.get("stored"), read("stored", "128m"));
        assertTrue(SparkFixture.spark().read().format("npz").option("maxPartitionBytes", "100")
                .load(dir.resolve("stored").toString()).rdd().getNumPartitions() > 2);
    }

    @Test
    void deflatedArchivesAreReadOneArchivePerTask() {
        assertEquals(expected.get("deflated"), read("deflated", "100"));
        assertEquals(2, SparkFixture.spark().read().format("npz").option("maxPartitionBytes", "100")
                .load(dir.resolve("deflated").toString()).rdd().getNumPartitions());
    }

    @Test
    void membersOptionPicksColumns() {
        Dataset<Row> df = SparkFixture.spark().read().format("npz").option("members", "labels,features")
                .load(dir.resolve("stored").toString());
        assertEquals("struct<labels:bigint,features:array<float>>", df.schema().simpleString());
        assertEquals(47, df.count());
        assertEquals(1, SparkFixture.spark().read().format("npz").option("members", "x")
                .load(dir.resolve("uneven.npz").toString()).schema().fields().length);
    }

    @Test
    void badArchivesFailWithTheCoresTypedErrorNamingThem() {
        for (String name : new String[] {"bad/garbage.npz", "bad/pickle.npz"}) {
            String path = dir.resolve(name).toString();
            Exception e = assertThrows(Exception.class, () -> SparkFixture.spark().read().format("npz").load(path)
                    .collectAsList());
            org.npy4j.NpyException typed = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof org.npy4j.NpyException) {
                    typed = (org.npy4j.NpyException) t;
                }
            }
            assertTrue(typed != null && typed.getMessage().contains(path), NpyWriteTest.messages(e));
        }
    }

    @Test
    void unevenMembersAndDifferentArchivesFail() {
        Exception e = assertThrows(Exception.class, () -> SparkFixture.spark().read().format("npz")
                .load(dir.resolve("uneven.npz").toString()).collectAsList());
        assertTrue(NpyWriteTest.messages(e).contains("disagree in length"), NpyWriteTest.messages(e));
        Exception e2 = assertThrows(Exception.class, () -> SparkFixture.spark().read().format("npz")
                .load(dir.resolve("o.npz").toString(), dir.resolve("stored/a0.npz").toString()).collectAsList());
        assertTrue(NpyWriteTest.messages(e2).contains("o.npz") && NpyWriteTest.messages(e2).contains("a0.npz"),
                NpyWriteTest.messages(e2));
    }
}
