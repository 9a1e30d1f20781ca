package org.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark writes, NumPy reads: every part file loads with np.load, holds the DataFrame's rows, and is what np.save writes. */
class NpyWriteTest {
    @TempDir
    Path dir;

    private static SparkSession spark() {
        return SparkFixture.spark();
    }

    /** Loads every part file in order and prints, per row, its canonical text; then dtype, shapes and identity. */
    private static final String LOAD = Py.CANON + String.join("\n",
            "import io",
            "files = sorted(glob.glob(os.path.join(sys.argv[1], 'part-*.npy')))",
            "shapes = []",
            "for f in files:",
            "    a = np.load(f)",
            "    b = io.BytesIO(); np.save(b, a)",
            "    if b.getvalue() != open(f, 'rb').read(): print('DIFFERENT ' + f)",
            "    shapes.append(a.shape)",
            "    for row in a: print('ROW\\t' + canon(row, a.dtype))",
            "    print('DTYPE\\t' + str(a.dtype.descr if a.dtype.names else a.dtype.str))",
            "print('SHAPES\\t' + repr(shapes))",
            "");

    static final class Loaded {
        final List<String> rows = new ArrayList<>();
        final List<String> dtypes = new ArrayList<>();
        String shapes;
        final List<String> problems = new ArrayList<>();
    }

    static Loaded load(Path out) {
        Loaded l = new Loaded();
        for (String line : Py.run(LOAD, out.toString()).split("\n")) {
            String[] kv = line.split("\t", 2);
            switch (kv[0]) {
                case "ROW": l.rows.add(kv[1]); break;
                case "DTYPE": l.dtypes.add(kv[1]); break;
                case "SHAPES": l.shapes = kv[1]; break;
                case "": break;
                default: l.problems.add(line);
            }
        }
        return l;
    }

    private static List<String> canon(Dataset<Row> df) {
        int n = df.schema().fields().length;
        return df.collectAsList().stream().map(r -> Canon.row(r, n)).collect(Collectors.toList());
    }

    static StructType allTypes() {
        StructType complex = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("real", DataTypes.DoubleType, false),
            DataTypes.createStructField("imag", DataTypes.DoubleType, false)});
        StructType inner = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("k", DataTypes.ShortType, false),
            DataTypes.createStructField("s", DataTypes.StringType, false)});
        return DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("b", DataTypes.BooleanType, false),
            DataTypes.createStructField("i1", DataTypes.ByteType, false),
            DataTypes.createStructField("i2", DataTypes.ShortType, false),
            DataTypes.createStructField("i4", DataTypes.IntegerType, false),
            DataTypes.createStructField("i8", DataTypes.LongType, false),
            DataTypes.createStructField("f4", DataTypes.FloatType, false),
            DataTypes.createStructField("f8", DataTypes.DoubleType, false),
            DataTypes.createStructField("u8", DataTypes.createDecimalType(20, 0), false),
            DataTypes.createStructField("str", DataTypes.StringType, false),
            DataTypes.createStructField("bin", DataTypes.BinaryType, false),
            DataTypes.createStructField("day", DataTypes.DateType, true),
            DataTypes.createStructField("ts", DataTypes.TimestampType, true),
            DataTypes.createStructField("dt", DataTypes.createDayTimeIntervalType(), true),
            DataTypes.createStructField("ym", DataTypes.createYearMonthIntervalType(), true),
            DataTypes.createStructField("c", complex, false),
            DataTypes.createStructField("v3", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
            DataTypes.createStructField("m22", DataTypes.createArrayType(
                    DataTypes.createArrayType(DataTypes.IntegerType, false), false), false),
            DataTypes.createStructField("rec", inner, false)});
    }

    static List<Row> allTypeRows(int n) {
        List<Row> rows = new ArrayList<>();
        String[] strs = {"", "a", "h\u00e9\u00e9", "\uD83D\uDE00x", "longest one"};
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(i % 3 == 0, (byte) (i - 100), (short) (i * 300 - 30000), i * 100_000 - 7,
                    (long) i * 1_000_000_007L * (i % 2 == 0 ? 1 : -1), i * 0.5f - 3, i == 1 ? Double.NaN : i * 1.25e10,
                    new BigDecimal(i == 2 ? "18446744073709551615" : Integer.toString(i)), strs[i % strs.length],
                    new byte[] {(byte) i, 0, (byte) 0xff}, LocalDate.ofEpochDay(i * 1000L - 20000),
                    i == 3 ? null : Instant.ofEpochSecond(i * 86_400L * 400 - 2_000_000_000L, i * 1000L),
                    i == 4 ? null : Duration.ofMillis(i * 12345L - 99999), i == 5 ? null : Period.ofMonths(i * 7 - 20),
                    RowFactory.create(i * 1.5, -i * 0.25),
                    Arrays.asList(i + 0.1, i + 0.2, i + 0.3),
                    Arrays.asList(Arrays.asList(i, i + 1), Arrays.asList(-i, -i - 1)),
                    RowFactory.create((short) i, strs[(i + 2) % strs.length])));
        }
        return rows;
    }

    @Test
    void everyColumnTypeWritesWhatNumPyLoadsBack() {
        Dataset<Row> df = spark().createDataFrame(allTypeRows(41), allTypes()).repartition(3);
        List<String> want = canon(df);
        Path out = dir.resolve("all");
        df.write().format("npy").save(out.toString());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        Loaded l = load(out);
        assertEquals(List.of(), l.problems, "part files differ from np.save's bytes");
        assertEquals(want, l.rows);
        assertEquals(3, l.dtypes.size());
        assertEquals(1, l.dtypes.stream().distinct().count(), "every part has one dtype: " + l.dtypes);
        assertEquals("[('b', '|b1'), ('i1', '|i1'), ('i2', '<i2'), ('i4', '<i4'), ('i8', '<i8'), ('f4', '<f4'),"
                + " ('f8', '<f8'), ('u8', '<u8'), ('str', '<U11'), ('bin', '|S3'), ('day', '<M8[D]'), ('ts', '<M8[us]'),"
                + " ('dt', '<m8[us]'), ('ym', '<m8[M]'), ('c', '<c16'), ('v3', '<f8', (3,)), ('m22', '<i4', (2, 2)),"
                + " ('rec', [('k', '<i2'), ('s', '<U11')])]", l.dtypes.get(0));
        // and back: Spark reads its own output to the same rows (in file order)
        Dataset<Row> back = spark().read().format("npy").load(out.toString());
        assertEquals(41, back.count());
    }

    @Test
    void aValueColumnWritesPlainAndNdArrays() {
        StructType s1 = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("value", DataTypes.DoubleType, true)});
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(RowFactory.create(i == 7 ? null : i * 0.5));
        }
        Path out1 = dir.resolve("plain");
        spark().createDataFrame(rows, s1).coalesce(1).write().format("npy").save(out1.toString());
        Loaded l1 = load(out1);
        assertEquals("<f8", l1.dtypes.get(0));
        assertEquals("[(10,)]", l1.shapes);
        assertEquals(Long.toString(Double.doubleToRawLongBits(Double.NaN)), l1.rows.get(7), "null double is NaN");

        StructType s3 = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("value", DataTypes.createArrayType(DataTypes.createArrayType(
                    DataTypes.FloatType, false), false), false)});
        List<Row> nd = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nd.add(RowFactory.create(Arrays.asList(Arrays.asList(i * 1f, 2f, 3f), Arrays.asList(4f, 5f, -i * 1f))));
        }
        Dataset<Row> df = spark().createDataFrame(nd, s3).coalesce(1);
        Path out3 = dir.resolve("nd");
        df.write().format("npy").save(out3.toString());
        Loaded l3 = load(out3);
        assertEquals("<f4", l3.dtypes.get(0));
        assertEquals("[(6, 2, 3)]", l3.shapes);
        assertEquals(canon(df), l3.rows);
        assertEquals(canon(df), canon(spark().read().format("npy").load(out3.toString())));
    }

    private static List<String> listing(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.map(x -> p.relativize(x).toString()).sorted().collect(Collectors.toList());
        }
    }

    private Dataset<Row> longs(long from, long to) {
        return spark().range(from, to).toDF("value").repartition(2);
    }

    @Test
    void allFourSaveModesBehaveLikeSparksOwnFormats() throws IOException {
        Path out = dir.resolve("modes");
        longs(0, 10).write().format("npy").save(out.toString()); // default mode, new path
        List<String> first = listing(out);
        assertTrue(first.contains("_SUCCESS"), first.toString());
        assertEquals(2, first.stream().filter(n -> n.startsWith("part-")).count());

        Exception e = assertThrows(Exception.class, () -> longs(0, 5).write().format("npy").save(out.toString()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(first, listing(out));

        longs(0, 5).write().format("npy").mode(SaveMode.Ignore).save(out.toString());
        assertEquals(first, listing(out));

        longs(100, 103).write().format("npy").mode(SaveMode.Append).save(out.toString());
        assertEquals(13, spark().read().format("npy").load(out.toString()).count());

        longs(1000, 1004).write().format("npy").mode("overwrite").save(out.toString());
        Dataset<Row> now = spark().read().format("npy").load(out.toString());
        assertEquals(4, now.count());
        assertEquals(1000L, now.agg(org.apache.spark.sql.functions.min("value")).first().getLong(0));
        assertFalse(listing(out).stream().anyMatch(n -> n.contains("_temporary")));
    }

    @Test
    void aFailedWriteLeavesNothingAndKeepsOldData() throws IOException {
        StructType s = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("x", DataTypes.IntegerType, true)});
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create(i == 15 ? null : i));
        }
        Dataset<Row> bad = spark().createDataFrame(rows, s).repartition(2);
        Path fresh = dir.resolve("fresh");
        Exception e = assertThrows(Exception.class, () -> bad.write().format("npy").save(fresh.toString()));
        assertTrue(messages(e).contains("null"), messages(e));
        assertFalse(Files.exists(fresh), "a failed job leaves no output directory");

        Path old = dir.resolve("old");
        longs(0, 10).write().format("npy").save(old.toString());
        List<String> before = listing(old);
        assertThrows(Exception.class, () -> bad.write().format("npy").mode("overwrite").save(old.toString()));
        assertEquals(before, listing(old), "a failed overwrite keeps the old files");
        assertEquals(10, spark().read().format("npy").load(old.toString()).count());
    }

    @Test
    void columnsWithoutANumPyRepresentationAreRefused() {
        StructType var = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("value", DataTypes.createArrayType(DataTypes.LongType, false), false)});
        List<Row> rows = List.of(RowFactory.create(Arrays.asList(1L, 2L)), RowFactory.create(Arrays.asList(1L)));
        Path out = dir.resolve("var");
        Exception e = assertThrows(Exception.class,
                () -> spark().createDataFrame(rows, var).coalesce(1).write().format("npy").save(out.toString()));
        assertTrue(messages(e).contains("variable-length"), messages(e));
        assertFalse(Files.exists(out));

        StructType map = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)});
        Exception e2 = assertThrows(Exception.class, () -> spark().createDataFrame(
                List.of(RowFactory.create(java.util.Map.of("a", 1L))), map).write().format("npy")
                .save(dir.resolve("map").toString()));
        assertTrue(messages(e2).contains("has no NumPy dtype"), messages(e2));
        assertFalse(Files.exists(dir.resolve("map")));
    }

    @Test
    void anEmptyDataFrameLeavesOneEmptyReadableFile() {
        Path out = dir.resolve("empty");
        spark().range(0).toDF("value").write().format("npy").save(out.toString());
        Loaded l = load(out);
        assertEquals("[(0,)]", l.shapes);
        assertEquals(List.of("<i8"), l.dtypes);
        assertEquals(0, spark().read().format("npy").load(out.toString()).count());
        Exception e = assertThrows(Exception.class, () -> spark().range(3).toDF("value").write().format("npy")
                .partitionBy("value").save(dir.resolve("parts").toString()));
        assertTrue(messages(e).contains("partitionBy"), messages(e));
    }

    @Test
    void aUserSchemaMustBeTheFilesOwn() {
        Path out = dir.resolve("schema");
        spark().range(5).toDF("value").write().format("npy").save(out.toString());
        assertEquals(5, spark().read().format("npy").schema("value bigint").load(out.toString()).count());
        Exception e = assertThrows(Exception.class, () -> spark().read().format("npy").schema("value double")
                .load(out.toString()).collectAsList());
        assertTrue(messages(e).contains("is not the one of the files"), messages(e));
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" / ");
        }
        return sb.toString();
    }
}
