package org.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark writes {@code .npz} (stored and deflated), NumPy's np.load opens every archive and finds each column. */
class NpzWriteTest {
    @TempDir
    Path dir;

    private static final String LOAD = Py.CANON + String.join("\n",
            "import zipfile",
            "for f in sorted(glob.glob(os.path.join(sys.argv[1], 'part-*.npz'))):",
            "    methods = set(i.compress_type for i in zipfile.ZipFile(f).infolist())",
            "    print('METHODS\\t' + repr(sorted(methods)))",
            "    with np.load(f) as z:",
            "        print('FILES\\t' + repr(z.files))",
            "        arrs = [z[k] for k in z.files]",
            "        print('DTYPES\\t' + repr([(a.dtype.descr if a.dtype.names else a.dtype.str, a.shape[1:]) for a in arrs]))",
            "        for j in range(len(arrs[0])):",
            "            print('ROW\\t' + '|'.join(canon(a[j], a.dtype) for a in arrs))",
            "");

    private Dataset<Row> frame() {
        StructType s = DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            DataTypes.createStructField("labels", DataTypes.LongType, false),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("p", DataTypes.createStructType(new StructField[] {
                DataTypes.createStructField("x", DataTypes.DoubleType, false),
                DataTypes.createStructField("y", DataTypes.ShortType, false)}), false)});
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(RowFactory.create(Arrays.asList(i * 1f, -i * 0.5f, 3f, i * 1e-3f), (long) i * 7 - 50,
                    "n" + "x".repeat(i % 4), RowFactory.create(i * 0.25, (short) -i)));
        }
        return SparkFixture.spark().createDataFrame(rows, s).repartition(2);
    }

    @Test
    void storedAndDeflatedArchivesLoadInNumPy() {
        for (String compression : new String[] {"stored", "deflate"}) {
            Dataset<Row> df = frame();
            List<String> want = df.collectAsList().stream().map(r -> Canon.row(r, 4)).collect(Collectors.toList());
            Path out = dir.resolve(compression);
            df.write().format("npz").option("compression", compression).save(out.toString());
            assertTrue(Files.exists(out.resolve("_SUCCESS")));
            List<String> rows = new ArrayList<>();
            List<String> other = new ArrayList<>();
            for (String line : Py.run(LOAD, out.toString()).split("\n")) {
                String[] kv = line.split("\t", 2);
                if (kv[0].equals("ROW")) {
                    rows.add(kv[1]);
                } else if (!line.isEmpty()) {
                    other.add(line);
                }
            }
            assertEquals(want, rows, compression);
            String method = compression.equals("stored") ? "[0]" : "[8]";
            assertEquals(List.of("METHODS\t" + method, "FILES\t['features', 'labels', 'name', 'p']",
                    "DTYPES\t[('<f4', (4,)), ('<i8', ()), ('<U4', ()), ([('x', '<f8'), ('y', '<i2')], ())]",
                    "METHODS\t" + method, "FILES\t['features', 'labels', 'name', 'p']",
                    "DTYPES\t[('<f4', (4,)), ('<i8', ()), ('<U4', ()), ([('x', '<f8'), ('y', '<i2')], ())]"), other);
            Dataset<Row> back = SparkFixture.spark().read().format("npz").load(out.toString());
            assertEquals("struct<features:array<float>,labels:bigint,name:string,p:struct<x:double,y:smallint>>",
                    back.schema().simpleString());
            assertEquals(25, back.count());
        }
        Exception e = assertThrows(Exception.class, () -> frame().write().format("npz")
                .save(dir.resolve("stored").toString()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }
}
