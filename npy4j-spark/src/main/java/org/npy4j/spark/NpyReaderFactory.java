package org.npy4j.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.header.NpyHeader;

/** Executor side: reads a partition's row ranges batch by batch into one reused buffer. */
final class NpyReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;
    /** Data bytes read by this JVM's readers (headers excluded): lets tests see that pruning really skips reads. */
    static final java.util.concurrent.atomic.AtomicLong DATA_BYTES_READ = new java.util.concurrent.atomic.AtomicLong();
    /** Records at least this wide are read field-wise when the query needs at most an eighth of each. */
    static final int SPARSE_MIN_ROW = 16384;
    private final Store store;
    private final Options options;
    private final StructType required;

    NpyReaderFactory(Store store, Options options, StructType required) {
        this.store = store;
        this.options = options;
        this.required = required;
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        return new Reader((NpyScan.NpyPartition) partition);
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        Reader batches = new Reader((NpyScan.NpyPartition) partition);
        return new PartitionReader<InternalRow>() {
            private ColumnarBatch batch;
            private int next;

            @Override
            public boolean next() throws IOException {
                while (batch == null || next >= batch.numRows()) {
                    if (!batches.next()) {
                        return false;
                    }
                    batch = batches.get();
                    next = 0;
                }
                next++;
                return true;
            }

            @Override
            public InternalRow get() {
                return batch.getRow(next - 1);
            }

            @Override
            public void close() throws IOException {
                batches.close();
            }
        };
    }

    private final class Reader implements PartitionReader<ColumnarBatch> {
        private final NpyScan.Segment[] segments;
        private int seg = -1;
        private Store.Input in;
        private NpyHeader header;
        private UTF8String file;
        private long row;
        private ByteBuffer buf;
        private int[] span;
        private ColumnarBatch batch;

        Reader(NpyScan.NpyPartition p) {
            this.segments = p.segments;
        }

        @Override
        public boolean next() throws IOException {
            while (seg < 0 || row >= segments[seg].end) {
                closeFile();
                if (++seg >= segments.length) {
                    return false;
                }
                open(segments[seg]);
            }
            NpyScan.Segment s = segments[seg];
            long rowBytes = Layout.rowBytes(header);
            int count;
            if (span == null) {
                // nothing to decode (count(*), or only _file/_row): no data bytes are read at all
                count = (int) Math.min(s.end - row, Integer.MAX_VALUE);
                batch = new ColumnarBatch(Layout.vectors(required, header, count, null, options, file, row), count);
            } else {
                if (rowBytes > Integer.MAX_VALUE - 64) {
                    throw new NpyFormatException(s.path, "a row of " + rowBytes + " bytes is too large to read as one");
                }
                // records much wider than the fields asked for: read just those bytes of each record
                int width = span[1] - span[0];
                boolean sparse = rowBytes >= SPARSE_MIN_ROW && (long) width * 8 <= rowBytes;
                long perRow = sparse ? width : rowBytes;
                count = (int) Math.max(1, Math.min(s.end - row, perRow == 0 ? Integer.MAX_VALUE
                        : options.batchBytes / perRow));
                if (perRow > 0) {
                    count = (int) Math.min(count, (Integer.MAX_VALUE - 64) / perRow);
                }
                int bytes = (int) (count * perRow);
                if (buf == null || buf.capacity() < bytes) {
                    buf = ByteBuffer.allocateDirect(Math.max(bytes, 64)).order(ByteOrder.LITTLE_ENDIAN);
                }
                if (sparse) {
                    fillSparse(s, count, rowBytes, span[0], width);
                } else {
                    fill(s, count, rowBytes, bytes);
                }
                ColumnVector[] cols = Layout.vectors(required, header, count, buf, options, file, row,
                        sparse ? span[0] : 0, sparse ? width : 0);
                batch = new ColumnarBatch(cols, count);
            }
            row += count;
            return true;
        }

        private void fillSparse(NpyScan.Segment s, int count, long rowBytes, int lo, int width) throws IOException {
            try {
                for (int i = 0; i < count; i++) {
                    buf.clear().position(i * width).limit(i * width + width);
                    in.readFully(header.dataOffset() + (row + i) * rowBytes + lo, buf);
                }
            } catch (java.io.EOFException e) {
                throw new NpyTruncatedException(s.path, header.dataOffset() + row * rowBytes,
                        "data ends before row " + (row + count) + " (file changed or truncated while being read)");
            }
            buf.clear();
            DATA_BYTES_READ.addAndGet((long) count * width);
        }

        private void fill(NpyScan.Segment s, int count, long rowBytes, int bytes) throws IOException {
            long[] t = Layout.trailing(header);
            try {
                if (header.fortranOrder() && t.length > 0) {
                    // column J of the trailing axes holds rows [row, row+count) contiguously
                    int item = header.dtype().itemSize();
                    long runs = rowBytes / Math.max(1, item);
                    int run = count * item;
                    for (long j = 0; j < runs; j++) {
                        buf.clear().position((int) (j * run)).limit((int) (j * run + run));
                        in.readFully(header.dataOffset() + (row + s.fileRows * j) * item, buf);
                    }
                } else {
                    buf.clear().limit(bytes);
                    in.readFully(header.dataOffset() + row * rowBytes, buf);
                }
            } catch (java.io.EOFException e) {
                throw new NpyTruncatedException(s.path, header.dataOffset() + row * rowBytes,
                        "data ends before row " + (row + count) + " (file changed or truncated while being read)");
            }
            buf.clear();
            DATA_BYTES_READ.addAndGet(bytes);
        }

        private void open(NpyScan.Segment s) throws IOException {
            in = store.open(s.path);
            header = NpyHeader.read(in.atStart(), NpyScan.LIMITS, s.path);
            if (header.dataOffset() != s.dataOffset || Layout.rows(header) != s.fileRows) {
                throw new NpyFormatException(s.path, "the file changed after the query was planned (its header no "
                        + "longer matches)");
            }
            file = UTF8String.fromString(s.path);
            span = Layout.span(required, header, options);
            row = s.start;
        }

        private void closeFile() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }

        @Override
        public ColumnarBatch get() {
            return batch;
        }

        @Override
        public void close() throws IOException {
            closeFile();
        }
    }
}
