package org.npy4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.npy4j.Npz;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;
import org.npy4j.npz.NpzWriter;

/**
 * A task of {@code df.write.format("npz")}: one archive per task, one member per column. Rows arrive once, members are
 * written one after another, so each column is first spooled to a local temporary file, then streamed into the
 * archive by the core's {@link NpzWriter} (stored as {@code np.savez}, or deflated as {@code np.savez_compressed}).
 */
final class NpzWrite {
    private NpzWrite() {
    }

    /** Option {@code compression}: {@code stored} (default, as np.savez) or {@code deflate}. */
    static boolean deflate(Map<String, String> params) {
        String v = "stored";
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase("compression")) {
                v = e.getValue().trim().toLowerCase(Locale.ROOT);
            }
        }
        if (!v.equals("stored") && !v.equals("deflate")) {
            throw new IllegalArgumentException("npz: option compression must be 'stored' or 'deflate', not '" + v + "'");
        }
        return v.equals("deflate");
    }

    static Iterator<String> writeTask(Iterator<Row> rows, WritePlan plan, Store store, String staging, String job,
            boolean deflate) throws IOException {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        TaskContext tc = TaskContext.get();
        int partition = tc == null ? 0 : tc.partitionId();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        WritePlan.Where where = new WritePlan.Where(partition);
        Row first = rows.next();
        WritePlan.Enc[] encs = plan.columnEncoders(first, where);
        int n = encs.length;
        String[] names = plan.schema.fieldNames();
        Path[] spool = new Path[n];
        FileChannel[] chs = new FileChannel[n];
        ByteBuffer[] bufs = new ByteBuffer[n];
        int[] sizes = new int[n];
        long count = 0;
        try {
            for (int i = 0; i < n; i++) {
                spool[i] = Files.createTempFile("npy4j-npz-", ".col");
                chs[i] = FileChannel.open(spool[i], StandardOpenOption.WRITE);
                sizes[i] = encs[i].size();
                bufs[i] = ByteBuffer.allocate(Math.max(sizes[i], (1 << 18) / Math.max(1, sizes[i]) * sizes[i]))
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
            Row row = first;
            while (row != null) {
                where.row = count;
                for (int i = 0; i < n; i++) {
                    if (bufs[i].capacity() - bufs[i].position() < sizes[i]) {
                        flush(chs[i], bufs[i]);
                    }
                    encs[i].put(bufs[i], bufs[i].position(), row.get(i), where);
                    bufs[i].position(bufs[i].position() + sizes[i]);
                }
                count++;
                row = rows.hasNext() ? rows.next() : null;
            }
            for (int i = 0; i < n; i++) {
                flush(chs[i], bufs[i]);
                chs[i].close();
            }
            String name = String.format("part-%05d-%s.npz", partition, job);
            String dir = Store.child(staging, "attempt-" + partition + "-" + attempt);
            store.mkdirs(dir);
            String staged = Store.child(dir, name);
            StringBuilder signature = new StringBuilder();
            try (OutputStream out = store.create(staged);
                    NpzWriter w = Npz.writer(out).compressed(deflate).threads(1).open()) {
                for (int i = 0; i < n; i++) {
                    DType base = encs[i].base();
                    int[] dims = encs[i].dims();
                    long[] shape = new long[dims.length + 1];
                    shape[0] = count;
                    for (int k = 0; k < dims.length; k++) {
                        shape[k + 1] = dims[k];
                    }
                    Path p = spool[i];
                    w.add(names[i], NpyHeader.of(base, shape, false), sink -> {
                        try (FileChannel in = FileChannel.open(p, StandardOpenOption.READ)) {
                            ByteBuffer b = ByteBuffer.allocate(1 << 20);
                            while (in.read(b) >= 0) {
                                b.flip();
                                while (b.hasRemaining()) {
                                    sink.write(b);
                                }
                                b.clear();
                            }
                        }
                    });
                    signature.append(names[i]).append(' ').append(base.str()).append(java.util.Arrays.toString(dims))
                            .append(';');
                }
            }
            return Collections.singletonList(NpyWrite.result(staged, name, count, signature.toString(), new int[0]))
                    .iterator();
        } finally {
            for (int i = 0; i < n; i++) {
                if (chs[i] != null) {
                    chs[i].close();
                }
                if (spool[i] != null) {
                    Files.deleteIfExists(spool[i]);
                }
            }
        }
    }

    private static void flush(FileChannel ch, ByteBuffer b) throws IOException {
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
        b.clear();
    }
}
