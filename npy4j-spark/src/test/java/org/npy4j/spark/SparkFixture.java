package org.npy4j.spark;

import org.apache.spark.sql.SparkSession;

/** One local SparkSession for the whole test JVM (starting one costs ~2.5 s). */
final class SparkFixture {
    private static SparkSession spark;

    private SparkFixture() {
    }

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("npy4j-spark-tests")
                    // both, or executors cannot reach the driver on machines with odd network setups
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    // Instant / LocalDate values: no Julian-calendar rebasing of old dates in collected rows
                    .config("spark.sql.datetime.java8API.enabled", "true")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }
}
