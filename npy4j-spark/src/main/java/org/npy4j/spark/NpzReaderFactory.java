package org.npy4j.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.npy4j.Npz;
import org.npy4j.NpyFormatException;
import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.header.NpyHeader;
import org.npy4j.npz.NpzFile;

/**
 * Executor side of {@code .npz}: stored members are memory-mapped out of the archive by the core and batches are
 * views of (or copies out of) the mapping; deflated members are inflated as they are read, row by row
 * ({@link NpzFile#stream}), except Fortran-ordered N-d ones, which the core reads whole ({@link NpzFile#get}).
 */
final class NpzReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;
    private final Options options;
    private final StructType required;

    NpzReaderFactory(Options options, StructType required) {
        this.options = options;
        this.required = required;
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("npz partitions are read as columnar batches");
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        return new Reader((NpyScan.NpyPartition) partition);
    }

    private final class Reader implements PartitionReader<ColumnarBatch> {
        private final NpyScan.Segment[] segments;
        private int seg = -1;
        private long row;
        private UTF8String file;
        /** Per required column: the member's array and header, or null for _file/_row. */
        private NdArray[] arrays;
        /** Deflated C-order members are streamed row by row instead (never inflated whole). */
        private java.io.InputStream[] streams;
        private NpzFile zip;
        private NpyHeader[] headers;
        private ByteBuffer[] buffers;
        private ColumnarBatch batch;

        Reader(NpyScan.NpyPartition p) {
            this.segments = p.segments;
        }

        @Override
        public boolean next() throws IOException {
            while (seg < 0 || row >= segments[seg].end) {
                if (++seg >= segments.length) {
                    return false;
                }
                open(segments[seg]);
            }
            NpyScan.Segment s = segments[seg];
            long rowBytes = 0;
            for (NpyHeader h : headers) {
                rowBytes += h == null ? 0 : Layout.rowBytes(h);
            }
            int count = (int) Math.max(1, Math.min(s.end - row, rowBytes == 0 ? Integer.MAX_VALUE
                    : options.batchBytes / rowBytes));
            StructField[] fs = required.fields();
            ColumnVector[] cols = new ColumnVector[fs.length];
            for (int i = 0; i < fs.length; i++) {
                String name = fs[i].name();
                if (headers[i] == null) {
                    cols[i] = name.equals(Layout.FILE) ? new Vectors.Constant(file) : new Vectors.RowIndex(row);
                } else {
                    cols[i] = Layout.valueVector(fs[i].dataType(), headers[i], count, rows(i, count, s.path));
                }
            }
            batch = new ColumnarBatch(cols, count);
            row += count;
            return true;
        }

        /** The bytes of rows {@code [row, row + count)} of column {@code i}'s member, laid out as Layout expects. */
        private ByteBuffer rows(int i, int count, String path) throws IOException {
            NpyHeader h = headers[i];
            if (streams[i] != null) {
                int n = Math.toIntExact(count * Layout.rowBytes(h));
                if (buffers[i] == null || buffers[i].capacity() < n) {
                    buffers[i] = ByteBuffer.allocate(Math.max(64, n)).order(ByteOrder.LITTLE_ENDIAN);
                }
                if (streams[i].readNBytes(buffers[i].array(), 0, n) != n) {
                    throw new org.npy4j.NpyTruncatedException(path + ":" + required.fields()[i].name(), -1,
                            "member ends before row " + (row + count));
                }
                buffers[i].clear();
                return buffers[i];
            }
            Storage st = arrays[i].storage();
            long base = arrays[i].offset();
            long rb = Layout.rowBytes(h);
            int item = h.dtype().itemSize();
            long[] t = Layout.trailing(h);
            int bytes = Math.toIntExact(count * rb);
            if (!(h.fortranOrder() && t.length > 0)) {
                long start = base + row * rb;
                int c = (int) (start >>> st.chunkShift());
                long within = start - ((long) c << st.chunkShift());
                ByteBuffer chunk = st.chunk(c);
                if (within + bytes <= chunk.capacity()) {
                    // zero-copy: a view of the mapping (or of the inflated member)
                    ByteBuffer v = chunk.duplicate();
                    v.limit((int) within + bytes).position((int) within);
                    return v.slice().order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            if (buffers[i] == null || buffers[i].capacity() < bytes) {
                buffers[i] = ByteBuffer.allocateDirect(Math.max(64, bytes)).order(ByteOrder.LITTLE_ENDIAN);
            }
            ByteBuffer dst = buffers[i];
            dst.clear();
            if (h.fortranOrder() && t.length > 0) {
                long runs = rb / Math.max(1, item);
                int run = count * item;
                for (long j = 0; j < runs; j++) {
                    copy(st, base + (row + Layout.rows(h) * j) * item, dst, (int) (j * run), run);
                }
            } else {
                copy(st, base + row * rb, dst, 0, bytes);
            }
            dst.clear();
            return dst;
        }

        private void copy(Storage st, long pos, ByteBuffer dst, int at, int len) {
            int shift = st.chunkShift();
            long p = pos;
            int done = 0;
            while (done < len) {
                int c = (int) (p >>> shift);
                int within = (int) (p - ((long) c << shift));
                ByteBuffer src = st.chunk(c).duplicate();
                int n = Math.min(len - done, src.capacity() - within);
                src.limit(within + n).position(within);
                dst.clear().position(at + done);
                dst.put(src);
                done += n;
                p += n;
            }
        }

        private void open(NpyScan.Segment s) throws IOException {
            closeZip();
            StructField[] fs = required.fields();
            arrays = new NdArray[fs.length];
            streams = new java.io.InputStream[fs.length];
            headers = new NpyHeader[fs.length];
            buffers = new ByteBuffer[fs.length];
            zip = Npz.open(Store.localPath(s.path), NpyScan.LIMITS);
            for (int i = 0; i < fs.length; i++) {
                String name = fs[i].name();
                if (options.fileColumns && (name.equals(Layout.FILE) || name.equals(Layout.ROW))) {
                    continue;
                }
                headers[i] = zip.header(name);
                NpyHeader h = headers[i];
                if (Layout.rows(h) != s.fileRows) {
                    throw new NpyFormatException(s.path + ":" + name, "the archive changed after the query was "
                            + "planned");
                }
                boolean fortranNd = h.fortranOrder() && Layout.trailing(h).length > 0;
                if (zip.entry(name).method() == 0) {
                    arrays[i] = zip.map(name); // a view of the archive's bytes; stays valid after close
                } else if (!fortranNd && s.start == 0) {
                    streams[i] = zip.stream(name);
                    NpyHeader again = NpyHeader.read(java.nio.channels.Channels.newChannel(streams[i]), NpyScan.LIMITS,
                            s.path + ":" + name);
                    if (!again.equals(h)) {
                        throw new NpyFormatException(s.path + ":" + name, "member header changed while read");
                    }
                } else {
                    // a Fortran-ordered deflated member has no row-wise stream: the core inflates it (CRC checked)
                    arrays[i] = zip.get(name);
                }
            }
            file = UTF8String.fromString(s.path);
            row = s.start;
        }

        private void closeZip() throws IOException {
            if (zip != null) {
                zip.close();
                zip = null;
            }
        }

        @Override
        public ColumnarBatch get() {
            return batch;
        }

        @Override
        public void close() throws IOException {
            arrays = null;
            closeZip();
        }
    }
}
