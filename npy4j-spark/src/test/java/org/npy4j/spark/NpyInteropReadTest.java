package org.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy writes shards of every dtype the source maps (little-endian C order, big-endian and — for N-d — Fortran
 * order, and an empty shard); Spark reads each folder and every value must equal NumPy's exactly.
 */
class NpyInteropReadTest {
    @TempDir
    static Path dir;
    static Map<String, List<String>> expected = new LinkedHashMap<>();

    static final String WRITE = Py.CANON + String.join("\n",
            "root = sys.argv[1]",
            "rng = np.random.default_rng(7)",
            "def gen(dt, shape):",
            "    if dt.names is not None:",
            "        a = np.zeros(shape, dt)",
            "        for n in dt.names: a[n] = gen(dt.fields[n][0], shape)",
            "        return a",
            "    if dt.subdtype is not None:",
            "        return gen(dt.subdtype[0], shape + dt.subdtype[1])",
            "    k = dt.kind; size = int(np.prod(shape))",
            "    if k == 'b': return rng.integers(0, 2, size).astype(bool).reshape(shape)",
            "    if k in 'iu':",
            "        ii = np.iinfo(dt); return rng.integers(ii.min, ii.max, size, dtype=dt.newbyteorder('=')," +
                    " endpoint=True).reshape(shape)",
            "    if k in 'fc':",
            "        x = (rng.standard_normal(size) * 1000)",
            "        special = [np.inf, -np.inf, np.nan, -0.0, 0.0, 1e-300 if dt.itemsize >= 8 else 1e-30]",
            "        for i in range(min(size, len(special))): x[i] = special[i]",
            "        if k == 'c': x = x + 1j * rng.standard_normal(size)",
            "        return x.astype(dt).reshape(shape)",
            "    if k == 'S':",
            "        pool = [b'', b'a', b'ab\\x01c', b'\\xff\\xfe', b'hello'[:dt.itemsize]]",
            "        return np.array([pool[i % len(pool)] for i in rng.integers(0, 99, size)], dt).reshape(shape)",
            "    if k == 'U':",
            "        pool = ['', 'a', 'h\\u00e9\\u00e9', '\\U0001F600x', 'abcd'[:dt.itemsize // 4]]",
            "        return np.array([pool[i % len(pool)] for i in rng.integers(0, 99, size)], dt).reshape(shape)",
            "    if k in 'Mm':",
            "        unit = np.datetime_data(dt)[0]",
            "        lim = {'D': 100000, 's': 3 * 10**9, 'ms': 10**12, 'us': 10**15, 'ns': 2**62, 'M': 1000}[unit]",
            "        x = rng.integers(-lim, lim, size).astype(dt)",
            "        x[0] = np.array('NaT', dt)",
            "        return x.reshape(shape)",
            "    raise ValueError(dt)",
            "rec = np.dtype([('x', '<f8'), ('y', '<i4', (2, 3)), ('p', [('a', 'u1'), ('b', '<U3')]), ('t', '<M8[us]')])",
            "small = np.dtype([('a', '<i2'), ('b', '<f4')])",
            "cases = {'bool': ('?', ()), 'i1': ('i1', ()), 'i2': ('<i2', ()), 'i4': ('<i4', ()), 'i8': ('<i8', ()),",
            "  'u1': ('u1', ()), 'u2': ('<u2', ()), 'u4': ('<u4', ()), 'u8': ('<u8', ()), 'f2': ('<f2', ()),",
            "  'f4': ('<f4', ()), 'f8': ('<f8', ()), 'c8': ('<c8', ()), 'c16': ('<c16', ()), 'S5': ('S5', ()),",
            "  'U4': ('<U4', ()), 'M8D': ('<M8[D]', ()), 'M8s': ('<M8[s]', ()), 'M8ns': ('<M8[ns]', ()),",
            "  'M8us': ('<M8[us]', ()), 'm8ms': ('<m8[ms]', ()), 'm8M': ('<m8[M]', ()), 'rec': (rec, ()),",
            "  'f8x3': ('<f8', (3,)), 'i4x2x3': ('<i4', (2, 3)), 'smallx2': (small, (2,)), 'u2x4': ('<u2', (4,))}",
            "for name, (dt, trailing) in cases.items():",
            "    dt = np.dtype(dt); d = os.path.join(root, name); os.makedirs(d)",
            "    a0 = gen(dt, (37,) + trailing)",
            "    a1 = gen(dt, (23,) + trailing).astype(dt.newbyteorder('>'))",
            "    if trailing: a1 = np.asfortranarray(a1)",
            "    np.save(os.path.join(d, 'a0.npy'), a0)",
            "    np.save(os.path.join(d, 'a1.npy'), a1)",
            "    np.save(os.path.join(d, 'a2.npy'), np.zeros((0,) + trailing, dt))",
            "    for a in (a0, a1):",
            "        for row in a: print(name + '\\t' + canon(row, a.dtype))",
            "");

    @BeforeAll
    static void write() {
        String out = Py.run(WRITE, dir.toString());
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                String[] kv = line.split("\t", 2);
                expected.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
            }
        }
    }

    private static List<String> read(String name, String maxPartitionBytes) {
        SparkSession spark = SparkFixture.spark();
        Dataset<Row> df = spark.read().format("npy").option("includeFileColumns", "true")
                .option("maxPartitionBytes", maxPartitionBytes).load(dir.resolve(name).toString());
        int cols = df.schema().fields().length - 2;
        List<String> got = new ArrayList<>();
        for (Row r : sorted(df)) {
            got.add(Canon.row(r, cols));
        }
        return got;
    }

    /** Rows in file order, sorted here rather than by a Spark shuffle (faster tests). */
    static List<Row> sorted(Dataset<Row> df) {
        List<Row> rows = new ArrayList<>(df.collectAsList());
        int f = df.schema().fieldIndex("_file");
        int r = df.schema().fieldIndex("_row");
        rows.sort(java.util.Comparator.comparing((Row x) -> x.getString(f)).thenComparingLong(x -> x.getLong(r)));
        return rows;
    }

    @Test
    void everyDtypeReadsExactlyAsNumPyHasIt() {
        assertEquals(27, expected.size());
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertEquals(e.getValue(), read(e.getKey(), "1k"), e.getKey());
        }
    }

    @Test
    void schemaFollowsTheMappingTable() {
        SparkSession spark = SparkFixture.spark();
        Map<String, String> want = new LinkedHashMap<>();
        want.put("bool", "struct<value:boolean>");
        want.put("i1", "struct<value:tinyint>");
        want.put("u1", "struct<value:smallint>");
        want.put("u2", "struct<value:int>");
        want.put("u4", "struct<value:bigint>");
        want.put("u8", "struct<value:decimal(20,0)>");
        want.put("f2", "struct<value:float>");
        want.put("c8", "struct<value:struct<real:float,imag:float>>");
        want.put("S5", "struct<value:binary>");
        want.put("U4", "struct<value:string>");
        want.put("M8D", "struct<value:date>");
        want.put("M8ns", "struct<value:timestamp>");
        want.put("m8ms", "struct<value:interval day to second>");
        want.put("m8M", "struct<value:interval year to month>");
        want.put("f8x3", "struct<value:array<double>>");
        want.put("i4x2x3", "struct<value:array<array<int>>>");
        want.put("rec", "struct<x:double,y:array<array<int>>,p:struct<a:smallint,b:string>,t:timestamp>");
        want.put("smallx2", "struct<a:array<smallint>,b:array<float>>");
        for (Map.Entry<String, String> e : want.entrySet()) {
            assertEquals(e.getValue(), spark.read().format("npy").load(dir.resolve(e.getKey()).toString()).schema()
                    .simpleString(), e.getKey());
        }
    }

    @Test
    void aggregatesEqualNumPys() {
        String out = Py.run("a = np.concatenate([np.load(f) for f in sorted(glob.glob(sys.argv[1] + '/*.npy'))])\n"
                + "print(int(a.astype(object).sum()), len(a), int(a.max()), int(a.min()))", dir.resolve("i8").toString());
        Row r = SparkFixture.spark().read().format("npy").load(dir.resolve("i8").toString())
                .agg(functions.sum(functions.col("value").cast("decimal(38,0)")), functions.count("*"),
                        functions.max("value"), functions.min("value")).first();
        String got = r.getDecimal(0).toBigInteger() + " " + r.getLong(1) + " " + r.getLong(2) + " " + r.getLong(3);
        assertEquals(out.trim(), got);
    }

    @Test
    void columnsLayoutSpreadsA2dArrayOverColumns() {
        Dataset<Row> df = SparkFixture.spark().read().format("npy").option("layout", "columns")
                .option("includeFileColumns", "true").load(dir.resolve("f8x3").toString());
        assertEquals("struct<value_0:double,value_1:double,value_2:double,_file:string,_row:bigint>",
                df.schema().simpleString());
        List<String> got = new ArrayList<>();
        for (Row r : sorted(df)) {
            got.add(Canon.row(r, 3));
        }
        assertEquals(expected.get("f8x3"), got);
    }

    @Test
    void selectingOneFieldOfARecordGivesThatField() {
        Dataset<Row> df = SparkFixture.spark().read().format("npy").option("includeFileColumns", "true")
                .load(dir.resolve("rec").toString()).select("p.b", "_file", "_row");
        List<String> got = new ArrayList<>();
        for (Row r : sorted(df)) {
            got.add(Canon.value(r.get(0)));
        }
        List<String> want = new ArrayList<>();
        for (String line : expected.get("rec")) {
            String[] f = line.split("\\|");
            want.add(f[8]); // x, y (6 values), p.a, p.b, t
        }
        assertEquals(want, got);
        assertTrue(got.size() == 60);
    }
}
