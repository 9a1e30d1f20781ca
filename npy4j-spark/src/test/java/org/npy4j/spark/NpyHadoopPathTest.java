package org.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-local schemes go through Hadoop's FileSystem with the session's configuration shipped to the executors.
 * Skipped on JDK 24+, where Hadoop 3.4's UserGroupInformation cannot start (the reason local paths avoid Hadoop).
 */
class NpyHadoopPathTest {
    @TempDir
    Path dir;

    @Test
    void readsAndWritesThroughAHadoopFileSystem() {
        Assumptions.assumeTrue(Runtime.version().feature() < 24, "Hadoop 3.4 UGI does not work on JDK 24+");
        SparkSession spark = SparkFixture.spark();
        spark.sparkContext().hadoopConfiguration().set("fs.npytest.impl", TestFileSystem.class.getName());
        spark.sparkContext().hadoopConfiguration().setBoolean("fs.npytest.impl.disable.cache", true);
        Py.run("np.save(sys.argv[1] + '/a.npy', np.arange(50, dtype='>i8').reshape(25, 2))\n"
                + "np.save(sys.argv[1] + '/b.npy', np.asfortranarray(np.arange(50, 80, dtype='<i8').reshape(15, 2)))",
                dir.toString());
        String url = "npytest://" + dir;
        Dataset<Row> df = spark.read().format("npy").option("maxPartitionBytes", "64").load(url);
        List<Long> got = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            for (Object v : r.getList(0)) {
                got.add((Long) v);
            }
        }
        got.sort(null);
        List<Long> want = new ArrayList<>();
        for (long i = 0; i < 80; i++) {
            want.add(i);
        }
        assertEquals(want, got);

        String out = "npytest://" + dir.resolve("out");
        df.write().format("npy").save(out);
        assertEquals(40, spark.read().format("npy").load(out).count());
        String sum = Py.run("import glob\nprint(sum(int(np.load(f).sum()) for f in glob.glob(sys.argv[1] + '/part-*.npy')))",
                dir.resolve("out").toString());
        assertEquals(Long.toString(79 * 80 / 2), sum.trim());
    }
}
