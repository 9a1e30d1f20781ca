package org.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.NpyException;

/** Files, directories, globs and hidden names; splits, packing and pruning; mismatched and bad files. */
class NpyReadPlanningTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void write() {
        Py.run(String.join("\n",
                "root = sys.argv[1]",
                "def save(rel, a):",
                "    p = os.path.join(root, rel); os.makedirs(os.path.dirname(p), exist_ok=True); np.save(p, a)",
                "save('split/c.npy', np.arange(100, dtype='<i8'))",
                "save('splitf/f.npy', np.asfortranarray(np.arange(300, dtype='>f8').reshape(100, 3)))",
                "save('split3/f.npy', np.asfortranarray(np.arange(600, dtype='<i2').reshape(50, 3, 4)))",
                "for i in range(300): save('many/m%03d.npy' % i, np.arange(i * 10, i * 10 + 10, dtype='<i8'))",
                "save('tree/a/x.npy', np.array([1, 2], '<i4'))",
                "save('tree/a/b/y.npy', np.array([3], '<i4'))",
                "save('tree/_hidden.npy', np.array([100], '<i4'))",
                "save('tree/.dot.npy', np.array([200], '<i4'))",
                "save('tree/a/_SUCCESS/z.npy', np.array([300], '<i4'))",
                "open(os.path.join(root, 'tree/a/notes.txt'), 'w').write('not an array')",
                "save('mix/p.npy', np.zeros(3, '<f8'))",
                "save('mix/q.npy', np.zeros(3, '<i4'))",
                "save('mixshape/p.npy', np.zeros((3, 3), '<f8'))",
                "save('mixshape/q.npy', np.zeros((3, 4), '<f8'))",
                "save('rec/r.npy', np.zeros(10, [('a', '<f8'), ('b', '<i4')]))",
                "save('zero/s.npy', np.array(7.5))",
                "w = np.zeros(20, [('big', '<f8', (4096,)), ('id', '<i8'), ('tail', '<f8', (10,))])",
                "w['id'] = np.arange(20) * 3; w['big'] = 1.5; save('wide/w.npy', w)",
                "save('bad/trunc.npy', np.arange(10, dtype='<f8'))",
                "p = os.path.join(root, 'bad/trunc.npy'); b = open(p, 'rb').read(); open(p, 'wb').write(b[:-5])",
                "open(os.path.join(root, 'bad/header.npy'), 'wb').write(b'\\x93NUMPY\\x01\\x00\\x10\\x00{nonsense     }\\n')",
                "np.save(os.path.join(root, 'bad/pickle.npy'), np.array([{'a': 1}], dtype=object), allow_pickle=True)",
                ""), dir.toString());
    }

    private static Dataset<Row> npy(String... paths) {
        return SparkFixture.spark().read().format("npy").option("includeFileColumns", "true").load(paths);
    }

    private static String p(String rel) {
        return dir.resolve(rel).toString();
    }

    @Test
    void rowRangesCoverEveryRowExactlyOnceAtAnySplitSize() {
        SparkSession spark = SparkFixture.spark();
        for (String mpb : new String[] {"1", "24", "100", "4k", "128m"}) {
            Dataset<Row> df = spark.read().format("npy").option("includeFileColumns", "true")
                    .option("maxPartitionBytes", mpb).load(p("split"));
            long bytes = Options.bytes(mpb, "");
            int expectedParts = (int) Math.ceil(100.0 / Math.max(1, Math.min(bytes, 800) / 8));
            assertEquals(Math.max(1, Math.min(expectedParts, 100)), df.rdd().getNumPartitions(), mpb);
            List<Row> rows = df.collectAsList();
            assertEquals(100, rows.size(), mpb);
            Set<Long> seen = new HashSet<>();
            for (Row r : rows) {
                assertEquals(r.getLong(0), r.getLong(2), "value is the row index in np.arange");
                assertTrue(seen.add(r.getLong(2)), "row " + r.getLong(2) + " read twice at " + mpb);
            }
        }
    }

    @Test
    void fortranOrderedFilesSplitCorrectly() {
        SparkSession spark = SparkFixture.spark();
        for (String mpb : new String[] {"100", "1m"}) {
            List<Row> rows = spark.read().format("npy").option("includeFileColumns", "true")
                    .option("maxPartitionBytes", mpb).load(p("splitf")).collectAsList();
            assertEquals(100, rows.size());
            for (Row r : rows) {
                long i = r.getLong(2);
                assertEquals(List.of(3.0 * i, 3.0 * i + 1, 3.0 * i + 2), r.getList(0), "row " + i + " at " + mpb);
            }
            List<Row> rows3 = spark.read().format("npy").option("includeFileColumns", "true")
                    .option("maxPartitionBytes", mpb).load(p("split3")).collectAsList();
            assertEquals(50, rows3.size());
            for (Row r : rows3) {
                long i = r.getLong(2);
                List<List<Short>> want = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    List<Short> inner = new ArrayList<>();
                    for (int k = 0; k < 4; k++) {
                        inner.add((short) (i * 12 + j * 4 + k));
                    }
                    want.add(inner);
                }
                assertEquals(want.toString(), Canon.value(r.get(0)).isEmpty() ? "" : listText(r.get(0)), "row " + i);
            }
        }
    }

    private static String listText(Object v) {
        List<String> parts = new ArrayList<>();
        for (Object e : WritePlan.list(v)) {
            parts.add(e instanceof scala.collection.Seq ? listText(e) : e.toString());
        }
        return "[" + String.join(", ", parts) + "]";
    }

    @Test
    void smallFilesArePackedIntoFewPartitions() {
        Dataset<Row> df = npy(p("many"));
        int parts = df.rdd().getNumPartitions();
        assertTrue(parts <= 16, "300 small files gave " + parts + " partitions");
        List<Row> rows = df.collectAsList();
        assertEquals(3000, rows.size());
        Set<Long> values = new HashSet<>();
        for (Row r : rows) {
            assertTrue(values.add(r.getLong(0)));
            String name = Path.of(r.getString(1)).getFileName().toString();
            assertEquals(Integer.parseInt(name.substring(1, 4)) * 10L + r.getLong(2), r.getLong(0));
        }
    }

    @Test
    void countReadsNoDataBytesAndSelectingAColumnReadsSome() {
        NpyReaderFactory.DATA_BYTES_READ.set(0);
        assertEquals(3000, SparkFixture.spark().read().format("npy").load(p("many")).count());
        assertEquals(10, SparkFixture.spark().read().format("npy").load(p("rec")).count());
        assertEquals(0, NpyReaderFactory.DATA_BYTES_READ.get());
        Dataset<Row> b = SparkFixture.spark().read().format("npy").load(p("rec")).select("b");
        assertEquals("struct<b:int>", b.schema().simpleString());
        assertEquals(10, b.collectAsList().size());
        assertTrue(NpyReaderFactory.DATA_BYTES_READ.get() > 0);
    }

    @Test
    void aNarrowFieldOfWideRecordsIsReadAlone() {
        NpyReaderFactory.DATA_BYTES_READ.set(0);
        List<Row> rows = npy(p("wide")).select("id", "_row").collectAsList();
        assertEquals(20, rows.size());
        for (Row r : rows) {
            assertEquals(r.getLong(1) * 3, r.getLong(0));
        }
        assertEquals(20 * 8, NpyReaderFactory.DATA_BYTES_READ.get(), "only the 8 bytes of id per record");
        NpyReaderFactory.DATA_BYTES_READ.set(0);
        assertEquals(20, npy(p("wide")).select("_file", "_row").collectAsList().size());
        assertEquals(0, NpyReaderFactory.DATA_BYTES_READ.get());
        Row r5 = npy(p("wide")).where("_row = 5").select("big", "id", "tail").first();
        assertEquals(4096, r5.getList(0).size());
        assertEquals(1.5, (Double) r5.getList(0).get(4095));
        assertEquals(15L, r5.getLong(1));
        assertEquals(0.0, (Double) r5.getList(2).get(9));
    }

    @Test
    void zeroDimensionalArrayIsOneRow() {
        List<Row> rows = SparkFixture.spark().read().format("npy").load(p("zero")).collectAsList();
        assertEquals(1, rows.size());
        assertEquals(7.5, rows.get(0).getDouble(0));
    }

    @Test
    void directoriesAreReadRecursivelySkippingHiddenNamesAndOtherExtensions() {
        assertEquals(Set.of(1, 2, 3), values(npy(p("tree"))));
        assertEquals(Set.of(1, 2), values(npy(p("tree") + "/a/*.npy")));
        assertEquals(Set.of(1, 2, 3), values(npy(p("tree") + "/*")));
        assertEquals(Set.of(1, 2, 3), values(npy(p("tree/a/x.npy"), p("tree/a/b/y.npy"))));
        assertEquals(Set.of(3), values(npy("file://" + p("tree/a/b"))));
        Exception e = assertThrows(Exception.class, () -> npy(p("nowhere")).collectAsList());
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("nowhere"), e.getMessage());
    }

    private static Set<Integer> values(Dataset<Row> df) {
        Set<Integer> out = new HashSet<>();
        for (Row r : df.collectAsList()) {
            out.add(r.getInt(0));
        }
        return out;
    }

    @Test
    void filesThatDisagreeFailNamingTwoOfThem() {
        for (String d : new String[] {"mix", "mixshape"}) {
            Exception e = assertThrows(Exception.class, () -> npy(p(d)).collectAsList());
            String m = e.getMessage();
            assertTrue(m.contains(p(d + "/p.npy")) && m.contains(p(d + "/q.npy")), m);
        }
    }

    @Test
    void badFilesFailWithTheCoresTypedErrorNamingTheFile() {
        String[][] cases = {
            {"bad/trunc.npy", "NpyTruncatedException"},
            {"bad/header.npy", "NpyFormatException"},
            {"bad/pickle.npy", "NpyUnsupportedException"}};
        for (String[] c : cases) {
            Exception e = assertThrows(Exception.class, () -> npy(p(c[0])).collectAsList());
            NpyException typed = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof NpyException) {
                    typed = (NpyException) t;
                }
            }
            assertTrue(typed != null, "no NpyException in " + e);
            assertEquals(c[1], typed.getClass().getSimpleName(), typed.getMessage());
            assertTrue(typed.getMessage().contains(p(c[0])), typed.getMessage());
        }
    }
}
