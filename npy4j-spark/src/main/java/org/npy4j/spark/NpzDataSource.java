package org.npy4j.spark;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * NumPy {@code .npz} archives as a Spark data source, short name {@code npz}: each array member is a column named
 * after it, rows run along the members' first axis ({@code features} (n, 784) and {@code labels} (n,) give rows of
 * (features, labels)); option {@code members=a,b} picks some (local archives only). Writing makes one archive per
 * task with one member per column (option {@code compression=stored|deflate}), with every save mode.
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().format("npz").option("members", "features,labels").load("/data/mnist/");
 * }</pre>
 */
public final class NpzDataSource implements TableProvider, DataSourceRegister,
        org.apache.spark.sql.sources.CreatableRelationProvider {
    /** Spark instantiates data sources through this constructor. */
    public NpzDataSource() {
    }

    @Override
    public String shortName() {
        return "npz";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        Options o = new Options(options);
        Store store = NpyDataSource.store(o.paths, options);
        for (String p : o.paths) {
            if (!store.isLocal(p)) {
                throw new IllegalArgumentException("npz: only local paths are supported for .npz archives so far: " + p);
            }
        }
        List<Store.FileInfo> files = store.list(o.paths, ".npz");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("npz: no .npz files found in " + o.paths);
        }
        return NpzScan.schema(NpzScan.inspect(files.get(0), o), o);
    }

    @Override
    public org.apache.spark.sql.sources.BaseRelation createRelation(org.apache.spark.sql.SQLContext sqlContext,
            org.apache.spark.sql.SaveMode mode, scala.collection.immutable.Map<String, String> parameters,
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> data) {
        NpyWrite.run(mode, scala.jdk.javaapi.CollectionConverters.asJava(parameters), data, true);
        StructType schema = data.schema();
        return new org.apache.spark.sql.sources.BaseRelation() {
            @Override
            public org.apache.spark.sql.SQLContext sqlContext() {
                return sqlContext;
            }

            @Override
            public StructType schema() {
                return schema;
            }
        };
    }

    /** Every type is accepted here; the write plan refuses those NumPy cannot hold, naming the column. */
    @Override
    public boolean supportsDataType(org.apache.spark.sql.types.DataType dt) {
        return true;
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        Options o = new Options(properties);
        Store store = NpyDataSource.store(o.paths, properties);
        return new SupportsRead() {
            @Override
            public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
                return new NpzScan(schema, o, store);
            }

            @Override
            public String name() {
                return "npz " + o.paths;
            }

            @Override
            public Column[] columns() {
                Column[] out = new Column[schema.fields().length];
                for (int i = 0; i < out.length; i++) {
                    StructField f = schema.fields()[i];
                    out[i] = Column.create(f.name(), f.dataType(), f.nullable());
                }
                return out;
            }

            @Override
            public Set<TableCapability> capabilities() {
                return java.util.EnumSet.of(TableCapability.BATCH_READ);
            }
        };
    }
}
