package org.npy4j.spark;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * NumPy {@code .npy} files as a Spark data source, short name {@code npy}. Reads are DataSource V2 (columnar,
 * split by row ranges, column pruning); writes go through the V1 {@code CreatableRelationProvider}, which is how a
 * V2 source gets all four save modes including the default {@code ErrorIfExists}.
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().format("npy").load("s3a://bucket/shards/");   // column "value"
 * df.write().format("npy").mode("overwrite").save("/tmp/out");                  // part-*.npy, np.load opens each
 * }</pre>
 */
public final class NpyDataSource implements TableProvider, DataSourceRegister, CreatableRelationProvider {
    /** Spark instantiates data sources through this constructor. */
    public NpyDataSource() {
    }

    @Override
    public String shortName() {
        return "npy";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        Options o = new Options(options);
        Store store = store(o.paths, options);
        List<Store.FileInfo> files = store.list(o.paths, ".npy");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("npy: no .npy files found in " + o.paths);
        }
        return Layout.schema(NpyScan.header(store, files.get(0)), o, files.get(0).path);
    }

    /** A table schema is given back to {@link #getTable} (it may also come from the user or from a write). */
    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        Options o = new Options(properties);
        return new NpyTable(schema, o, store(o.paths, properties));
    }

    @Override
    public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
            scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
        NpyWrite.run(mode, scala.jdk.javaapi.CollectionConverters.asJava(parameters), data);
        StructType schema = data.schema();
        return new BaseRelation() {
            @Override
            public SQLContext sqlContext() {
                return sqlContext;
            }

            @Override
            public StructType schema() {
                return schema;
            }
        };
    }

    /**
     * Accepts every type here, intervals included (Spark's V1 default refuses those): {@link WritePlan} refuses the
     * types NumPy cannot hold with a message naming the column, before anything runs.
     */
    @Override
    public boolean supportsDataType(org.apache.spark.sql.types.DataType dt) {
        return true;
    }

    /**
     * The file access for {@code paths}: Hadoop's configuration (with the options, as Spark's file sources add them)
     * is captured only when some path is not local, so local reads and writes never load Hadoop's file systems.
     */
    static Store store(List<String> paths, Map<String, String> options) {
        SparkSession spark = SparkSession.active();
        Configuration base = spark.sparkContext().hadoopConfiguration();
        String defaultFs = base.get("fs.defaultFS", "file:///");
        Store local = new Store(defaultFs, null);
        boolean allLocal = true;
        for (String p : paths) {
            allLocal &= local.isLocal(p);
        }
        if (allLocal) {
            return local;
        }
        Configuration c = new Configuration(base);
        options.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("path") && !k.equalsIgnoreCase("paths")) {
                c.set(k, v);
            }
        });
        return new Store(defaultFs, new HadoopConf(c));
    }
}
