package org.npy4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;

/**
 * Not a test: {@code main(dir, MiB=1024, shards=8)} writes shards of float64 rows of 8 values, then times summing all
 * eight columns through the npy source, Spark's Parquet reader on the same data, and {@code binaryFiles} with a
 * hand-written parse. Prints best-of-3 seconds and the ratios.
 */
public final class NpyReadBenchmark {
    private NpyReadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/npy4j-bench");
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path npy = dir.resolve("npy");
        Path pq = dir.resolve("parquet");
        long rowsPerShard = mib * (1L << 20) / shards / 64;
        if (!Files.exists(npy)) {
            Files.createDirectories(npy);
            SplittableRandom rnd = new SplittableRandom(1);
            for (int s = 0; s < shards; s++) {
                try (FileChannel ch = FileChannel.open(npy.resolve(String.format("shard-%03d.npy", s)),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(NpyHeader.of(DType.FLOAT64, new long[] {rowsPerShard, 8}, false).encode()));
                    ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                    for (long i = 0; i < rowsPerShard * 8; i++) {
                        b.putDouble(rnd.nextDouble());
                        if (!b.hasRemaining()) {
                            b.flip();
                            while (b.hasRemaining()) {
                                ch.write(b);
                            }
                            b.clear();
                        }
                    }
                    b.flip();
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
            }
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("npy4j-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        List<Column> sums = new ArrayList<>();
        for (int j = 0; j < 8; j++) {
            sums.add(sum(col("value_" + j)));
        }
        Column first = sums.get(0);
        Column[] rest = sums.subList(1, 8).toArray(new Column[0]);
        if (!Files.exists(pq)) {
            spark.read().format("npy").option("layout", "columns").load(npy.toString()).write().parquet(pq.toString());
        }
        double tNpy = best(() -> spark.read().format("npy").option("layout", "columns").load(npy.toString())
                .agg(first, rest).collectAsList());
        double tPq = best(() -> spark.read().parquet(pq.toString()).agg(first, rest).collectAsList());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double tBin = best(() -> jsc.binaryFiles(npy.toString()).map(f -> {
            ByteBuffer b = ByteBuffer.wrap(f._2().toArray()).order(ByteOrder.LITTLE_ENDIAN);
            int major = b.get(6);
            int hlen = major == 1 ? (b.getShort(8) & 0xffff) : b.getInt(8);
            int start = (major == 1 ? 10 : 12) + hlen;
            double[] s = new double[8];
            for (int p = start, j = 0; p < b.limit(); p += 8, j = (j + 1) & 7) {
                s[j] += b.getDouble(p);
            }
            return s;
        }).collect());
        System.out.printf("data: %d MiB in %d shards%n", mib, shards);
        System.out.printf("npy source      %.3f s%n", tNpy);
        System.out.printf("parquet         %.3f s   (npy is %.2fx as fast)%n", tPq, tPq / tNpy);
        System.out.printf("binaryFiles     %.3f s   (npy is %.2fx as fast)%n", tBin, tBin / tNpy);
        spark.stop();
    }

    private static double best(Runnable r) {
        r.run(); // warm-up
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
