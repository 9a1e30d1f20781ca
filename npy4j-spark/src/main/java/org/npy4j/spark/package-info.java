/**
 * NumPy {@code .npy} files as an Apache Spark data source: {@code spark.read().format("npy")} and
 * {@code df.write().format("npy")}. The one public type is {@link org.npy4j.spark.NpyDataSource}, which Spark finds
 * by its short name through {@code META-INF/services}; everything else is package-private.
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().format("npy").load("hdfs:///shards/");
 * df.write().format("npy").save("/tmp/out");
 * }</pre>
 */
package org.npy4j.spark;
