package org.npy4j.spark;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.types.UTF8String;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.StructDType;
import org.npy4j.header.NpyHeader;

/** How an array's rows become a table: the schema of a file, and the column vectors of one batch of its rows. */
final class Layout {
    static final String FILE = "_file";
    static final String ROW = "_row";

    private Layout() {
    }

    /** Rows of the table: the first axis (a 0-d array is one row). */
    static long rows(NpyHeader h) {
        long[] s = h.shape();
        return s.length == 0 ? 1 : s[0];
    }

    /** The axes after the first. */
    static long[] trailing(NpyHeader h) {
        long[] s = h.shape();
        return s.length <= 1 ? new long[0] : Arrays.copyOfRange(s, 1, s.length);
    }

    /** Bytes of one row. */
    static long rowBytes(NpyHeader h) {
        long n = h.dtype().itemSize();
        for (long d : trailing(h)) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** What must agree between the files of one table: the dtype up to byte order, and the trailing shape. */
    static String signature(NpyHeader h) {
        return h.dtype().withEndianness(Endianness.LITTLE).str() + " rows of shape " + Arrays.toString(trailing(h));
    }

    static StructType schema(NpyHeader h, Options o, String source) {
        DType d = h.dtype();
        long[] t = trailing(h);
        List<StructField> fields = new ArrayList<>();
        if (o.columnsLayout) {
            if (t.length != 1 || d instanceof StructDType) {
                throw new IllegalArgumentException(source + ": layout=columns needs a 2-d array of plain values, not "
                        + h.dtype().str() + " of shape " + Arrays.toString(h.shape()));
            }
            DataType et = Vectors.sparkType(d, source);
            for (long j = 0; j < t[0]; j++) {
                fields.add(DataTypes.createStructField("value_" + j, et, Vectors.nullable(d)));
            }
        } else if (d instanceof StructDType) {
            for (Field f : ((StructDType) d).fields()) {
                fields.add(DataTypes.createStructField(f.name(), arrays(Vectors.sparkType(f.dtype(), source),
                        Vectors.nullable(f.dtype()), t.length), t.length == 0 && Vectors.nullable(f.dtype())));
            }
        } else {
            fields.add(DataTypes.createStructField("value", arrays(Vectors.sparkType(d, source), Vectors.nullable(d),
                    t.length), t.length == 0 && Vectors.nullable(d)));
        }
        if (o.fileColumns) {
            fields.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
            fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
        }
        return DataTypes.createStructType(fields);
    }

    /** The column of a whole array's rows, named {@code name}: the dtype's type, in arrays for the trailing axes. */
    static StructField valueField(String name, NpyHeader h, String source) {
        DType d = h.dtype();
        int levels = trailing(h).length;
        return DataTypes.createStructField(name, arrays(Vectors.sparkType(d, source), Vectors.nullable(d), levels),
                levels == 0 && Vectors.nullable(d));
    }

    /** The vector of type {@code t} over {@code count} whole rows in {@code buf} (laid out as in {@link #vectors}). */
    static ColumnVector valueVector(DataType t, NpyHeader h, int count, ByteBuffer buf) {
        long[] tr = trailing(h);
        int item = h.dtype().itemSize();
        int[] dims = new int[tr.length];
        for (int k = 0; k < tr.length; k++) {
            dims[k] = (int) tr[k];
        }
        int[] strides;
        int rowStride;
        if (h.fortranOrder() && tr.length > 0) {
            strides = new int[tr.length];
            long acc = (long) item * count;
            for (int k = 0; k < tr.length; k++) {
                strides[k] = (int) acc;
                acc *= tr[k];
            }
            rowStride = item;
        } else {
            strides = Vectors.cStrides(dims, item);
            rowStride = (int) rowBytes(h);
        }
        return Vectors.nested(t, h.dtype(), Addr.rows(0, rowStride), buf, dims, strides, 0);
    }

    private static DataType arrays(DataType t, boolean elementNulls, int levels) {
        DataType out = t;
        boolean nulls = elementNulls;
        for (int k = 0; k < levels; k++) {
            out = DataTypes.createArrayType(out, nulls);
            nulls = false;
        }
        return out;
    }

    /**
     * The vectors of {@code required} columns for {@code count} rows starting at file row {@code first}, whose bytes are
     * in {@code buf}: C order as in the file, or for a Fortran-order file the sub-block in Fortran order.
     */
    static ColumnVector[] vectors(StructType required, NpyHeader h, int count, ByteBuffer buf, Options o,
            UTF8String file, long first) {
        return vectors(required, h, count, buf, o, file, first, 0, 0);
    }

    /**
     * The bytes of a row that {@code required} needs, {@code {lo, hi}}, or null when it needs none (only
     * {@code _file}/{@code _row}, or no column at all): then nothing but the header is read.
     */
    static int[] span(StructType required, NpyHeader h, Options o) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        int whole = (int) Math.min(Integer.MAX_VALUE, rowBytes(h));
        for (StructField f : required.fields()) {
            if (o.fileColumns && (f.name().equals(FILE) || f.name().equals(ROW))) {
                continue;
            }
            if (h.dtype() instanceof StructDType && trailing(h).length == 0 && !o.columnsLayout) {
                Field field = ((StructDType) h.dtype()).field(f.name());
                lo = Math.min(lo, field.offset());
                hi = Math.max(hi, field.offset() + field.dtype().itemSize());
            } else {
                return new int[] {0, whole};
            }
        }
        return hi == 0 && lo == Integer.MAX_VALUE ? null : new int[] {lo, hi};
    }

    /**
     * Like {@link #vectors(StructType, NpyHeader, int, ByteBuffer, Options, UTF8String, long)}; when
     * {@code sparseStride > 0} the buffer holds only bytes {@code [lo, lo + sparseStride)} of each record.
     */
    static ColumnVector[] vectors(StructType required, NpyHeader h, int count, ByteBuffer buf, Options o,
            UTF8String file, long first, int lo, int sparseStride) {
        DType d = h.dtype();
        long[] t = trailing(h);
        int item = d.itemSize();
        int[] dims = new int[t.length];
        int[] strides = new int[t.length];
        int rowStride;
        if (h.fortranOrder() && t.length > 0) {
            rowStride = item;
            long acc = (long) item * count;
            for (int k = 0; k < t.length; k++) {
                dims[k] = (int) t[k];
                strides[k] = (int) acc;
                acc *= t[k];
            }
        } else {
            for (int k = 0; k < t.length; k++) {
                dims[k] = (int) t[k];
            }
            int[] cs = Vectors.cStrides(dims, item);
            System.arraycopy(cs, 0, strides, 0, cs.length);
            rowStride = sparseStride > 0 ? sparseStride : (int) rowBytes(h);
        }
        StructField[] fs = required.fields();
        ColumnVector[] out = new ColumnVector[fs.length];
        for (int i = 0; i < fs.length; i++) {
            StructField f = fs[i];
            String name = f.name();
            if (o.fileColumns && name.equals(FILE)) {
                out[i] = new Vectors.Constant(file);
            } else if (o.fileColumns && name.equals(ROW)) {
                out[i] = new Vectors.RowIndex(first);
            } else if (o.columnsLayout) {
                int j = Integer.parseInt(name.substring("value_".length()));
                out[i] = Vectors.build(f.dataType(), d, Addr.rows(j * strides[0], rowStride), buf);
            } else if (d instanceof StructDType) {
                Field field = ((StructDType) d).field(name);
                out[i] = Vectors.nested(f.dataType(), field.dtype(), Addr.rows(field.offset() - lo, rowStride), buf, dims,
                        strides, 0);
            } else {
                out[i] = Vectors.nested(f.dataType(), d, Addr.rows(0, rowStride), buf, dims, strides, 0);
            }
        }
        return out;
    }
}
