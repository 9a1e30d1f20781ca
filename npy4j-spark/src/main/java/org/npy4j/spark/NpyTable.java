package org.npy4j.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The table over a set of {@code .npy} files. It deliberately does not support V2 batch writes: Spark then routes
 * {@code df.write} to the provider's V1 {@code CreatableRelationProvider}, which implements all four save modes.
 */
final class NpyTable implements SupportsRead {
    private final StructType schema;
    private final Options options;
    private final Store store;

    NpyTable(StructType schema, Options options, Store store) {
        this.schema = schema;
        this.options = options;
        this.store = store;
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new NpyScan(schema, options, store);
    }

    @Override
    public String name() {
        return "npy " + options.paths;
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
        return EnumSet.of(TableCapability.BATCH_READ);
    }
}
