package org.npy4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructType;
import org.npy4j.NpyTruncatedException;
import org.npy4j.ReadLimits;
import org.npy4j.header.NpyHeader;

/** Planning: list files, read their headers, check they agree, split them into row ranges and pack those. */
final class NpyScan implements ScanBuilder, SupportsPushDownRequiredColumns, Scan, Batch {
    /** Headers are trusted only as far as the file holds them; element counts may be anything. */
    static final ReadLimits LIMITS = ReadLimits.DEFAULT.toBuilder().maxElements(Long.MAX_VALUE).build();

    private final StructType tableSchema;
    private final Options options;
    private final Store store;
    private StructType required;

    NpyScan(StructType tableSchema, Options options, Store store) {
        this.tableSchema = tableSchema;
        this.options = options;
        this.store = store;
        this.required = tableSchema;
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        this.required = requiredSchema;
    }

    @Override
    public Scan build() {
        return this;
    }

    @Override
    public StructType readSchema() {
        return required;
    }

    @Override
    public String description() {
        return "npy " + options.paths;
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    /** A file with its header, as planned. */
    static final class Planned {
        final Store.FileInfo file;
        final NpyHeader header;

        Planned(Store.FileInfo file, NpyHeader header) {
            this.file = file;
            this.header = header;
        }
    }

    /** Reads the header of {@code f}, checking the file is long enough for the data it declares. */
    static NpyHeader header(Store store, Store.FileInfo f) {
        try (Store.Input in = store.open(f.path)) {
            if (in.size() == 0) {
                throw new org.npy4j.NpyFormatException(f.path, "empty file (0 bytes): not a .npy file");
            }
            NpyHeader h = NpyHeader.read(in.atStart(), LIMITS, f.path);
            long need = h.dataOffset() + h.dataBytes();
            if (in.size() < need) {
                throw new NpyTruncatedException(f.path, in.size(), "header declares " + h.dataBytes()
                        + " bytes of data, but only " + Math.max(0, in.size() - h.dataOffset())
                        + " bytes follow the header (file seems not fully written?)");
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Lists and reads every header; files must agree in dtype (up to byte order) and trailing shape. */
    static List<Planned> plan(Store store, Options options) {
        List<Store.FileInfo> files = store.list(options.paths, ".npy");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .npy files found in " + options.paths);
        }
        List<Planned> out = new ArrayList<>();
        for (Store.FileInfo f : files) {
            NpyHeader h = header(store, f);
            if (!out.isEmpty()) {
                Planned first = out.get(0);
                String a = Layout.signature(first.header);
                String b = Layout.signature(h);
                if (!a.equals(b)) {
                    throw new IllegalArgumentException("the .npy files of one DataFrame must agree in dtype and in the"
                            + " shape of a row: " + first.file.path + " holds " + a + " but " + f.path + " holds " + b);
                }
            }
            out.add(new Planned(f, h));
        }
        return out;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<Planned> planned = plan(store, options);
        Planned first = planned.get(0);
        StructType files = Layout.schema(first.header, options, first.file.path);
        // a schema given by the user must be the files' own (nullability aside): values are decoded by dtype
        if (!files.catalogString().equals(tableSchema.catalogString())) {
            throw new IllegalArgumentException("npy: the schema given, " + tableSchema.simpleString()
                    + ", is not the one of the files (" + first.file.path + " gives " + files.simpleString() + ")");
        }
        SparkSession spark = SparkSession.active();
        long maxBytes = options.maxPartitionBytes > 0 ? options.maxPartitionBytes
                : Options.bytes(spark.conf().get("spark.sql.files.maxPartitionBytes", "128m"), "maxPartitionBytes");
        long openCost = Options.bytes(spark.conf().get("spark.sql.files.openCostInBytes", "4m"), "openCostInBytes");
        scala.Option<String> minNum = spark.conf().getOption("spark.sql.files.minPartitionNum");
        int parallelism = minNum.isDefined() ? Integer.parseInt(minNum.get().trim())
                : spark.sparkContext().defaultParallelism();
        long total = 0;
        for (Planned p : planned) {
            total += p.header.dataBytes() + openCost;
        }
        // as Spark's file sources: split no smaller than the open cost, no larger than maxPartitionBytes
        long split = Math.min(maxBytes, Math.max(openCost, total / Math.max(1, parallelism)));
        if (options.maxPartitionBytes > 0) {
            split = Math.min(split, options.maxPartitionBytes);
        }
        List<Segment> segments = new ArrayList<>();
        for (Planned p : planned) {
            long rows = Layout.rows(p.header);
            long rowBytes = Layout.rowBytes(p.header);
            long per = rowBytes == 0 ? Math.max(1, rows) : Math.max(1, split / rowBytes);
            for (long r = 0; r < rows; r += per) {
                long end = Math.min(rows, r + per);
                segments.add(new Segment(p.file.path, p.header.dataOffset(), rows, r, end, (end - r) * rowBytes));
            }
        }
        segments.sort(Comparator.comparingLong((Segment s) -> s.bytes).reversed());
        List<InputPartition> parts = new ArrayList<>();
        List<Segment> current = new ArrayList<>();
        long size = 0;
        for (Segment s : segments) {
            if (!current.isEmpty() && size + s.bytes > split) {
                parts.add(new NpyPartition(current.toArray(new Segment[0])));
                current = new ArrayList<>();
                size = 0;
            }
            current.add(s);
            size += s.bytes + openCost;
        }
        if (!current.isEmpty()) {
            parts.add(new NpyPartition(current.toArray(new Segment[0])));
        }
        return parts.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new NpyReaderFactory(store, options, required);
    }

    /** Rows {@code [start, end)} of one file. */
    static final class Segment implements Serializable {
        private static final long serialVersionUID = 1L;
        final String path;
        final long dataOffset;
        final long fileRows;
        final long start;
        final long end;
        final long bytes;

        Segment(String path, long dataOffset, long fileRows, long start, long end, long bytes) {
            this.path = path;
            this.dataOffset = dataOffset;
            this.fileRows = fileRows;
            this.start = start;
            this.end = end;
            this.bytes = bytes;
        }
    }

    /** One task's segments, possibly from many small files. */
    static final class NpyPartition implements InputPartition {
        private static final long serialVersionUID = 1L;
        final Segment[] segments;

        NpyPartition(Segment[] segments) {
            this.segments = segments;
        }
    }
}
