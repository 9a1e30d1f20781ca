package org.npy4j.spark;

import java.io.IOException;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.npy4j.Npz;
import org.npy4j.header.NpyHeader;
import org.npy4j.npz.NpzEntry;
import org.npy4j.npz.NpzFile;

/**
 * Planning for {@code .npz} archives: each array member is a column, rows run along the members' common first axis.
 * Archives whose members are all stored split by row range like {@code .npy} files; an archive with a deflated
 * member is read by one task.
 */
final class NpzScan implements ScanBuilder, SupportsPushDownRequiredColumns, Scan, Batch {
    private final StructType tableSchema;
    private final Options options;
    private final Store store;
    private StructType required;

    NpzScan(StructType tableSchema, Options options, Store store) {
        this.tableSchema = tableSchema;
        this.options = options;
        this.store = store;
        this.required = tableSchema;
    }

    /** One archive as planned: its chosen members, their headers, and whether all are stored. */
    static final class Archive {
        final Store.FileInfo file;
        final List<String> members = new ArrayList<>();
        final List<NpyHeader> headers = new ArrayList<>();
        boolean allStored = true;
        long rows = -1;

        Archive(Store.FileInfo file) {
            this.file = file;
        }

        long rowBytes() {
            long n = 0;
            for (NpyHeader h : headers) {
                n += Layout.rowBytes(h);
            }
            return n;
        }

        String signature() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < members.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(members.get(i)).append(": ").append(Layout.signature(headers.get(i)));
            }
            return sb.toString();
        }
    }

    static Archive inspect(Store.FileInfo f, Options o) {
        Archive a = new Archive(f);
        try (NpzFile z = Npz.open(Store.localPath(f.path), NpyScan.LIMITS)) {
            List<String> names = new ArrayList<>();
            if (o.members != null) {
                for (String m : o.members) {
                    if (!z.contains(m)) {
                        throw new IllegalArgumentException("npz: " + f.path + " has no member '" + m + "' (it has "
                                + z.files() + ")");
                    }
                    names.add(m);
                }
            } else {
                for (int i = 0; i < z.entries().size(); i++) {
                    if (z.entries().get(i).name().endsWith(".npy")) {
                        names.add(z.files().get(i));
                    }
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("npz: " + f.path + " holds no .npy members");
            }
            for (String m : names) {
                NpzEntry e = z.entry(m);
                NpyHeader h = z.header(m);
                long rows = Layout.rows(h);
                if (a.rows >= 0 && rows != a.rows) {
                    throw new IllegalArgumentException("npz: the members of " + f.path + " disagree in length: "
                            + a.members.get(0) + " has " + a.rows + " rows but " + m + " has " + rows
                            + " (pick members of one length with option members=...)");
                }
                a.rows = rows;
                a.members.add(m);
                a.headers.add(h);
                a.allStored &= e.method() == 0;
            }
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    static List<Archive> plan(Store store, Options options) {
        for (String p : options.paths) {
            if (!store.isLocal(p)) {
                throw new IllegalArgumentException("npz: only local paths are supported for .npz archives so far: " + p);
            }
        }
        List<Store.FileInfo> files = store.list(options.paths, ".npz");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .npz files found in " + options.paths);
        }
        List<Archive> out = new ArrayList<>();
        for (Store.FileInfo f : files) {
            Archive a = inspect(f, options);
            if (!out.isEmpty() && !a.signature().equals(out.get(0).signature())) {
                throw new IllegalArgumentException("the .npz files of one DataFrame must hold the same members with the"
                        + " same dtypes and row shapes: " + out.get(0).file.path + " holds " + out.get(0).signature()
                        + " but " + f.path + " holds " + a.signature());
            }
            out.add(a);
        }
        return out;
    }

    static StructType schema(Archive a, Options o) {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < a.members.size(); i++) {
            fields.add(Layout.valueField(a.members.get(i), a.headers.get(i), a.file.path + ":" + a.members.get(i)));
        }
        if (o.fileColumns) {
            fields.add(DataTypes.createStructField(Layout.FILE, DataTypes.StringType, false));
            fields.add(DataTypes.createStructField(Layout.ROW, DataTypes.LongType, false));
        }
        return DataTypes.createStructType(fields);
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
        return "npz " + options.paths;
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<Archive> archives = plan(store, options);
        StructType files = schema(archives.get(0), options);
        if (!files.catalogString().equals(tableSchema.catalogString())) {
            throw new IllegalArgumentException("npz: the schema given, " + tableSchema.simpleString()
                    + ", is not the one of the files (" + archives.get(0).file.path + " gives " + files.simpleString()
                    + ")");
        }
        SparkSession spark = SparkSession.active();
        long maxBytes = options.maxPartitionBytes > 0 ? options.maxPartitionBytes
                : Options.bytes(spark.conf().get("spark.sql.files.maxPartitionBytes", "128m"), "maxPartitionBytes");
        long openCost = Options.bytes(spark.conf().get("spark.sql.files.openCostInBytes", "4m"), "openCostInBytes");
        List<NpyScan.Segment> segments = new ArrayList<>();
        for (Archive a : archives) {
            long rowBytes = a.rowBytes();
            long per = !a.allStored || rowBytes == 0 ? Math.max(1, a.rows) : Math.max(1, maxBytes / rowBytes);
            for (long r = 0; r < a.rows; r += per) {
                long end = Math.min(a.rows, r + per);
                segments.add(new NpyScan.Segment(a.file.path, 0, a.rows, r, end, (end - r) * rowBytes));
            }
        }
        segments.sort(Comparator.comparingLong((NpyScan.Segment s) -> s.bytes).reversed());
        List<InputPartition> parts = new ArrayList<>();
        List<NpyScan.Segment> current = new ArrayList<>();
        long size = 0;
        for (NpyScan.Segment s : segments) {
            if (!current.isEmpty() && size + s.bytes > maxBytes) {
                parts.add(new NpyScan.NpyPartition(current.toArray(new NpyScan.Segment[0])));
                current = new ArrayList<>();
                size = 0;
            }
            current.add(s);
            size += s.bytes + openCost;
        }
        if (!current.isEmpty()) {
            parts.add(new NpyScan.NpyPartition(current.toArray(new NpyScan.Segment[0])));
        }
        return parts.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new NpzReaderFactory(options, required);
    }
}
