package org.npy4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;

/**
 * {@code df.write.format("npy")}: one {@code .npy} per non-empty task, written under
 * {@code <path>/_temporary/<job>/<task attempt>/}; the driver moves the files of the attempts Spark accepted into place
 * only once every task succeeded, then writes {@code _SUCCESS}. A failed job removes its staging directory, so the
 * output never holds partial or duplicate files.
 */
final class NpyWrite {
    static final String STAGING = "_temporary";

    private NpyWrite() {
    }

    static void run(SaveMode mode, Map<String, String> params, Dataset<Row> data) {
        run(mode, params, data, false);
    }

    /** Writes {@code .npy} files, or with {@code npz} archives of one member per column. */
    static void run(SaveMode mode, Map<String, String> params, Dataset<Row> data, boolean npz) {
        String path = null;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase("path")) {
                path = e.getValue();
            }
        }
        if (path == null) {
            throw new IllegalArgumentException("npy: a path is required: df.write().format(\"npy\").save(path)");
        }
        if (params.containsKey("__partition_columns") || params.containsKey("__clustering_columns")) {
            throw new IllegalArgumentException("npy: partitionBy/clusterBy are not supported: each task writes one "
                    + ".npy of all its rows");
        }
        Store store = NpyDataSource.store(Collections.singletonList(path), params);
        WritePlan.check(data.schema(), "");
        try {
            boolean exists = store.exists(path);
            if (exists) {
                switch (mode) {
                    case ErrorIfExists:
                        // Spark's own error, as its built-in sources raise it (Scala throws it unchecked)
                        throw NpyWrite.<RuntimeException>sneaky(new AnalysisException("PATH_ALREADY_EXISTS",
                                new scala.collection.immutable.Map.Map1<>("outputPath", path)));
                    case Ignore:
                        return;
                    default:
                        break;
                }
            }
            // measured only once the write will happen: this runs the query once more
            WritePlan plan = new WritePlan(data.schema(), widths(data));
            if (exists && mode == SaveMode.Overwrite && !store.isDirectory(path)) {
                store.delete(path); // a file where the output directory goes: replaced, as Spark's sources do
                exists = false;
            }
            String job = UUID.randomUUID().toString();
            boolean deflate = NpzWrite.deflate(params);
            String staging = Store.child(Store.child(path, STAGING), job);
            store.mkdirs(staging);
            boolean committed = false;
            try {
                String out = path;
                List<String> results = data.toJavaRDD()
                        .mapPartitions(rows -> npz ? NpzWrite.writeTask(rows, plan, store, staging, job, deflate)
                                : writeTask(rows, plan, store, staging, job)).collect();
                commit(store, mode == SaveMode.Overwrite && exists, out, staging, job, plan, results, npz);
                committed = true;
            } finally {
                store.delete(staging);
                String parent = Store.child(path, STAGING);
                if (store.exists(parent) && store.children(parent).isEmpty()) {
                    store.delete(parent);
                }
                if (!committed && !exists && store.exists(path) && store.children(path).isEmpty()) {
                    // the job created the directory only to stage in it: a failed job leaves no trace
                    store.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("npy: writing " + path + " failed: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Measures string and binary widths with one aggregate, so all part files share one dtype. */
    private static Map<String, Integer> widths(Dataset<Row> data) {
        WritePlan.check(data.schema(), "");
        Map<String, String> leaves = WritePlan.stringLeaves(data.schema());
        Map<String, Integer> out = new LinkedHashMap<>();
        if (leaves.isEmpty()) {
            return out;
        }
        List<Column> aggs = new ArrayList<>();
        for (String e : leaves.values()) {
            aggs.add(functions.expr("max(" + e + ")"));
        }
        Row r = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        int i = 0;
        for (String k : leaves.keySet()) {
            out.put(k, r.isNullAt(i) ? 1 : ((Number) r.get(i)).intValue());
            i++;
        }
        return out;
    }

    /** The result of one task: staged file, final name, rows, dtype and row shape. */
    static String result(String staged, String name, long rows, String descr, int[] dims) {
        return staged + "\t" + name + "\t" + rows + "\t" + descr + "\t" + Arrays.toString(dims);
    }

    static Iterator<String> writeTask(Iterator<Row> rows, WritePlan plan, Store store, String staging, String job)
            throws IOException {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        TaskContext tc = TaskContext.get();
        int partition = tc == null ? 0 : tc.partitionId();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        WritePlan.Where where = new WritePlan.Where(partition);
        Row first = rows.next();
        WritePlan.Enc enc = plan.rowEncoder(first, where);
        DType dtype = plan.plainValue() ? enc.base() : enc.dtype();
        int[] dims = plan.plainValue() ? enc.dims() : new int[0];
        int rowSize = enc.size();
        String name = String.format("part-%05d-%s.npy", partition, job);
        String dir = Store.child(staging, "attempt-" + partition + "-" + attempt);
        store.mkdirs(dir);
        String staged = Store.child(dir, name);
        // the header's length depends on the row count, known only at the end: reserve the longest one
        int reserved = header(dtype, Long.MAX_VALUE / Math.max(1, rowSize), dims).length;
        Path local = store.isLocal(staged) ? Store.localPath(staged) : Files.createTempFile("npy4j-", ".data");
        long count = 0;
        try (FileChannel ch = FileChannel.open(local, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            int perBuffer = Math.max(1, (1 << 20) / Math.max(1, rowSize));
            ByteBuffer buf = ByteBuffer.allocate(Math.max(1, perBuffer * rowSize)).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(reserved);
            Row row = first;
            int inBuf = 0;
            while (row != null) {
                where.row = count;
                enc.put(buf, inBuf * rowSize, plan.plainValue() ? row.get(0) : row, where);
                inBuf++;
                count++;
                if (inBuf == perBuffer) {
                    flush(ch, buf, inBuf * rowSize);
                    inBuf = 0;
                }
                row = rows.hasNext() ? rows.next() : null;
            }
            flush(ch, buf, inBuf * rowSize);
            byte[] h = header(dtype, count, dims);
            if (store.isLocal(staged) && h.length == reserved) {
                ch.write(ByteBuffer.wrap(h), 0);
                ch.force(true);
            } else {
                // a shorter header (or a remote target): header, then the data copied after it
                String target = store.isLocal(staged) ? staged + ".tmp" : staged;
                try (OutputStream out = store.create(target);
                        InputStream data = Files.newInputStream(local)) {
                    out.write(h);
                    data.skipNBytes(reserved);
                    data.transferTo(out);
                }
                if (store.isLocal(staged)) {
                    Files.move(Store.localPath(target), local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            if (!store.isLocal(staged)) {
                Files.deleteIfExists(local);
            }
        }
        return Collections.singletonList(result(staged, name, count, dtype.str(), dims)).iterator();
    }

    private static void flush(FileChannel ch, ByteBuffer buf, int bytes) throws IOException {
        buf.clear().limit(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    static byte[] header(DType dtype, long rows, int[] dims) {
        long[] shape = new long[dims.length + 1];
        shape[0] = rows;
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = dims[i];
        }
        return NpyHeader.of(dtype, shape, false).encode();
    }

    private static void commit(Store store, boolean overwrite, String out, String staging, String job, WritePlan plan,
            List<String> results, boolean npz) throws IOException {
        String firstShape = null;
        String firstPart = null;
        for (String r : results) {
            String[] f = r.split("\t");
            String shape = f[3] + " " + f[4];
            if (firstShape == null) {
                firstShape = shape;
                firstPart = f[1];
            } else if (!shape.equals(firstShape)) {
                throw new IllegalArgumentException("npy: the part files would disagree: " + firstPart + " holds "
                        + firstShape + " rows but " + f[1] + " holds " + shape + " (array columns must have one length"
                        + " over the whole DataFrame); nothing was written");
            }
        }
        if (overwrite) {
            for (String c : store.children(out)) {
                if (!c.equals(STAGING)) {
                    store.delete(Store.child(out, c));
                }
            }
        }
        store.mkdirs(out);
        if (results.isEmpty() && !npz) {
            // an empty DataFrame still leaves one readable file, as Spark's sources write one for the schema
            writeEmpty(store, plan, Store.child(out, String.format("part-00000-%s.npy", job)));
        }
        for (String r : results) {
            String[] f = r.split("\t");
            store.rename(f[0], Store.child(out, f[1]));
        }
        try (OutputStream ok = store.create(Store.child(out, "_SUCCESS"))) {
            ok.flush();
        }
    }

    private static void writeEmpty(Store store, WritePlan plan, String target) throws IOException {
        DType dtype;
        int[] dims = new int[0];
        try {
            WritePlan.Enc enc = plan.rowEncoder(emptyRow(plan.schema), new WritePlan.Where(0));
            dtype = plan.plainValue() ? enc.base() : enc.dtype();
            dims = plan.plainValue() ? enc.dims() : dims;
        } catch (IllegalArgumentException e) {
            // arrays of unknown length: fall back to float64 rows so the directory stays readable
            dtype = DType.FLOAT64;
        }
        try (OutputStream o = store.create(target)) {
            o.write(header(dtype, 0, dims));
        }
    }

    private static Row emptyRow(org.apache.spark.sql.types.StructType schema) {
        Object[] values = new Object[schema.fields().length];
        for (int i = 0; i < values.length; i++) {
            org.apache.spark.sql.types.DataType t = schema.fields()[i].dataType();
            values[i] = t instanceof org.apache.spark.sql.types.ArrayType ? Collections.emptyList()
                    : t instanceof org.apache.spark.sql.types.StructType
                    ? emptyRow((org.apache.spark.sql.types.StructType) t) : null;
        }
        return org.apache.spark.sql.RowFactory.create(values);
    }
}
