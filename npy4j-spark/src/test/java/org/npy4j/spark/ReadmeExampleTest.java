package org.npy4j.spark;

import static org.apache.spark.sql.functions.avg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java example of {@code npy4j-spark/README.md} on local shards and checks it against NumPy. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExampleWorksAsWritten() {
        Py.run(String.join("\n",
                "rng = np.random.default_rng(3)",
                "os.makedirs(sys.argv[1] + '/shards')",
                "for i in range(3): np.save(sys.argv[1] + '/shards/s%d.npy' % i, rng.standard_normal(100 + i))",
                "np.save(sys.argv[1] + '/features.npy', np.arange(12.0).reshape(4, 3))"), dir.toString());
        String shards = dir.resolve("shards").toString();
        String features = dir.resolve("features.npy").toString();
        String out = dir.resolve("out").toString();

        SparkSession spark = SparkFixture.spark();
        // --- README example, with its paths replaced by local ones ---
        Dataset<Row> df = spark.read().format("npy")
                .option("includeFileColumns", "true")
                .load(shards);
        Dataset<Row> means = df.groupBy("_file").agg(avg("value"));
        Dataset<Row> wide = spark.read().format("npy").option("layout", "columns").load(features);
        df.select("value").write().format("npy").mode("overwrite").save(out);
        // --- end of example ---

        Map<String, Double> got = new TreeMap<>();
        for (Row r : means.collectAsList()) {
            got.put(Path.of(r.getString(0)).getFileName().toString(), r.getDouble(1));
        }
        String[] want = Py.run("for i in range(3): print('s%d.npy' % i, repr(float(np.load(sys.argv[1] + '/s%d.npy' % i)"
                + ".mean())))", shards).trim().split("\n");
        assertEquals(3, got.size());
        for (String line : want) {
            String[] kv = line.split(" ");
            assertEquals(Double.parseDouble(kv[1]), got.get(kv[0]), 1e-12, kv[0]);
        }
        assertEquals("struct<value_0:double,value_1:double,value_2:double>", wide.schema().simpleString());
        Row second = wide.collectAsList().get(1);
        assertEquals(java.util.List.of(3.0, 4.0, 5.0), java.util.List.of(second.getDouble(0), second.getDouble(1),
                second.getDouble(2)));
        String total = Py.run("import glob\nprint(sum(len(np.load(f)) for f in glob.glob(sys.argv[1] + '/part-*.npy')))",
                out);
        assertEquals("303", total.trim());
    }
}
