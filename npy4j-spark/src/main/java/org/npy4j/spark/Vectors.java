package org.npy4j.spark;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;
import org.npy4j.array.Float16;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;

/**
 * Column vectors reading values straight out of a batch's read buffer: no per-element copy, byte order handled by the
 * buffer view, strides by {@link Addr}. Built per batch (they are a few small objects) over the reused buffer.
 */
final class Vectors {
    private Vectors() {
    }

    /**
     * Builds the vector for Spark type {@code t} (possibly a pruned struct) over values of {@code d} at {@code a}.
     */
    static ColumnVector build(DataType t, DType d, Addr a, ByteBuffer buf) {
        if (d instanceof SubarrayDType) {
            SubarrayDType s = (SubarrayDType) d;
            int[] shape = s.shape();
            return nested(t, s.base(), a, buf, shape, cStrides(shape, s.base().itemSize()), 0);
        }
        if (d instanceof StructDType) {
            StructDType sd = (StructDType) d;
            StructType st = (StructType) t;
            ColumnVector[] children = new ColumnVector[st.fields().length];
            for (int i = 0; i < children.length; i++) {
                StructField f = st.fields()[i];
                Field field = sd.field(f.name());
                children[i] = build(f.dataType(), field.dtype(), a.shift(field.offset()), buf);
            }
            return new StructVec(st, children);
        }
        ScalarDType sc = (ScalarDType) d;
        if (sc.kind() == Kind.COMPLEX) {
            StructType st = (StructType) t;
            int half = sc.itemSize() / 2;
            ScalarDType part = ScalarDType.of(Kind.FLOAT, sc.endianness(), half);
            ColumnVector[] children = new ColumnVector[st.fields().length];
            for (int i = 0; i < children.length; i++) {
                boolean imag = st.fields()[i].name().equals("imag");
                children[i] = new Leaf(st.fields()[i].dataType(), part, imag ? a.shift(half) : a, buf);
            }
            return new StructVec(st, children);
        }
        return new Leaf(t, sc, a, buf);
    }

    /** Arrays over the axes {@code dims[level..]} with byte {@code strides}, elements of {@code d}. */
    static ColumnVector nested(DataType t, DType d, Addr a, ByteBuffer buf, int[] dims, int[] strides, int level) {
        if (level == dims.length) {
            return build(t, d, a, buf);
        }
        ArrayType at = (ArrayType) t;
        Addr inner = a.nest(dims[level], strides[level]);
        return new ArrayVec(at, nested(at.elementType(), d, inner, buf, dims, strides, level + 1), dims[level]);
    }

    static int[] cStrides(int[] shape, int item) {
        int[] s = new int[shape.length];
        long acc = item;
        for (int k = shape.length - 1; k >= 0; k--) {
            s[k] = (int) acc;
            acc *= shape[k];
        }
        return s;
    }

    /** Base class filling in the accessors a vector type does not support. */
    abstract static class Base extends ColumnVector {
        Base(DataType t) {
            super(t);
        }

        @Override
        public void close() {
        }

        @Override
        public boolean hasNull() {
            return false;
        }

        @Override
        public int numNulls() {
            return 0;
        }

        @Override
        public boolean isNullAt(int rowId) {
            return false;
        }

        @Override
        public boolean getBoolean(int rowId) {
            throw unsupported("boolean");
        }

        @Override
        public byte getByte(int rowId) {
            throw unsupported("byte");
        }

        @Override
        public short getShort(int rowId) {
            throw unsupported("short");
        }

        @Override
        public int getInt(int rowId) {
            throw unsupported("int");
        }

        @Override
        public long getLong(int rowId) {
            throw unsupported("long");
        }

        @Override
        public float getFloat(int rowId) {
            throw unsupported("float");
        }

        @Override
        public double getDouble(int rowId) {
            throw unsupported("double");
        }

        @Override
        public ColumnarArray getArray(int rowId) {
            throw unsupported("array");
        }

        @Override
        public ColumnarMap getMap(int ordinal) {
            throw unsupported("map");
        }

        @Override
        public Decimal getDecimal(int rowId, int precision, int scale) {
            throw unsupported("decimal");
        }

        @Override
        public UTF8String getUTF8String(int rowId) {
            throw unsupported("string");
        }

        @Override
        public byte[] getBinary(int rowId) {
            throw unsupported("binary");
        }

        @Override
        public ColumnVector getChild(int ordinal) {
            throw unsupported("struct");
        }

        private UnsupportedOperationException unsupported(String what) {
            return new UnsupportedOperationException("a " + dataType().simpleString() + " column has no " + what
                    + " values");
        }
    }

    /** Fixed-length arrays: row {@code i} is elements {@code [i*len, (i+1)*len)} of the child. */
    static final class ArrayVec extends Base {
        private final ColumnVector child;
        private final int length;

        ArrayVec(ArrayType t, ColumnVector child, int length) {
            super(t);
            this.child = child;
            this.length = length;
        }

        @Override
        public ColumnarArray getArray(int rowId) {
            return new ColumnarArray(child, rowId * length, length);
        }
    }

    /** Records (and complex numbers): children share the grid, shifted by field offsets. */
    static final class StructVec extends Base {
        private final ColumnVector[] children;

        StructVec(StructType t, ColumnVector[] children) {
            super(t);
            this.children = children;
        }

        @Override
        public ColumnVector getChild(int ordinal) {
            return children[ordinal];
        }
    }

    /** The {@code _file} column: one path for the whole batch. */
    static final class Constant extends Base {
        private final UTF8String value;

        Constant(UTF8String value) {
            super(DataTypes.StringType);
            this.value = value;
        }

        @Override
        public UTF8String getUTF8String(int rowId) {
            return value;
        }
    }

    /** The {@code _row} column: the row's index in its file. */
    static final class RowIndex extends Base {
        private final long first;

        RowIndex(long first) {
            super(DataTypes.LongType);
            this.first = first;
        }

        @Override
        public long getLong(int rowId) {
            return first + rowId;
        }
    }

    /** One scalar per element, decoded from the buffer in the dtype's byte order. */
    static final class Leaf extends Base {
        private final ByteBuffer buf;
        private final Addr a;
        private final Kind kind;
        private final int item;
        private final DateTimeUnit unit;
        private final int multiplier;
        /** Spark represents this dtype as a date (days), a year-month interval (months), or else microseconds. */
        private final boolean days;
        private final boolean months;
        private final boolean temporal;

        Leaf(DataType t, ScalarDType d, Addr a, ByteBuffer buf) {
            super(t);
            this.buf = buf.duplicate().order(d.endianness() == Endianness.BIG ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN);
            this.a = a;
            this.kind = d.kind();
            this.item = d.itemSize();
            this.temporal = kind == Kind.DATETIME || kind == Kind.TIMEDELTA;
            this.unit = temporal ? d.unit() : null;
            this.multiplier = temporal ? d.multiplier() : 0;
            this.days = t.equals(DataTypes.DateType);
            this.months = temporal && (unit == DateTimeUnit.YEAR || unit == DateTimeUnit.MONTH)
                    && kind == Kind.TIMEDELTA;
        }

        @Override
        public boolean hasNull() {
            return temporal;
        }

        @Override
        public int numNulls() {
            // only asked for by a few operators; the vector does not know its row count, so callers use isNullAt
            return 0;
        }

        @Override
        public boolean isNullAt(int rowId) {
            return temporal && buf.getLong(a.pos(rowId)) == Long.MIN_VALUE;
        }

        @Override
        public boolean getBoolean(int rowId) {
            return buf.get(a.pos(rowId)) != 0;
        }

        @Override
        public byte getByte(int rowId) {
            return buf.get(a.pos(rowId));
        }

        @Override
        public short getShort(int rowId) {
            int p = a.pos(rowId);
            return item == 1 ? (short) (buf.get(p) & 0xff) : buf.getShort(p);
        }

        @Override
        public int getInt(int rowId) {
            int p = a.pos(rowId);
            if (temporal) {
                long v = buf.getLong(p);
                return days ? Math.toIntExact(Math.multiplyExact(v, (long) multiplier)) : Math.toIntExact(toMonths(v));
            }
            return item == 2 ? buf.getShort(p) & 0xffff : buf.getInt(p);
        }

        @Override
        public long getLong(int rowId) {
            int p = a.pos(rowId);
            if (temporal) {
                return toMicros(buf.getLong(p));
            }
            return item == 4 ? buf.getInt(p) & 0xffffffffL : buf.getLong(p);
        }

        @Override
        public float getFloat(int rowId) {
            int p = a.pos(rowId);
            return item == 2 ? Float16.toFloat(buf.getShort(p)) : buf.getFloat(p);
        }

        @Override
        public double getDouble(int rowId) {
            int p = a.pos(rowId);
            return item == 8 ? buf.getDouble(p) : extendedToDouble(buf, p);
        }

        @Override
        public Decimal getDecimal(int rowId, int precision, int scale) {
            long v = buf.getLong(a.pos(rowId));
            if (v >= 0) {
                return Decimal.apply(v, precision, scale);
            }
            return Decimal.apply(new BigDecimal(new BigInteger(Long.toUnsignedString(v))), precision, scale);
        }

        @Override
        public UTF8String getUTF8String(int rowId) {
            int p = a.pos(rowId);
            int n = item / 4;
            while (n > 0 && buf.getInt(p + 4 * (n - 1)) == 0) {
                n--;
            }
            int[] cps = new int[n];
            for (int i = 0; i < n; i++) {
                cps[i] = buf.getInt(p + 4 * i);
            }
            return UTF8String.fromString(new String(cps, 0, n));
        }

        @Override
        public byte[] getBinary(int rowId) {
            int p = a.pos(rowId);
            int n = item;
            if (kind == Kind.BYTES) {
                while (n > 0 && buf.get(p + n - 1) == 0) {
                    n--;
                }
            }
            byte[] out = new byte[n];
            buf.get(p, out, 0, n);
            return out;
        }

        private long toMonths(long v) {
            long m = Math.multiplyExact(v, (long) multiplier);
            return unit == DateTimeUnit.YEAR ? Math.multiplyExact(m, 12L) : m;
        }

        private long toMicros(long v) {
            long x = Math.multiplyExact(v, (long) multiplier);
            if (unit == DateTimeUnit.YEAR || unit == DateTimeUnit.MONTH) {
                long m = unit == DateTimeUnit.YEAR ? Math.multiplyExact(x, 12L) : x;
                return Math.multiplyExact(LocalDate.of(1970, 1, 1).plusMonths(m).toEpochDay(), 86_400_000_000L);
            }
            long npu = unit.nanosPerUnit();
            if (npu >= 1000) {
                return Math.multiplyExact(x, npu / 1000);
            }
            if (npu > 0) {
                return Math.floorDiv(x, 1000L / npu);
            }
            return Math.floorDiv(x, Math.multiplyExact(1000L, -npu));
        }
    }

    /** x87 80-bit extended precision ({@code '<f16'} on x86-64) to the nearest double, rounding by truncation. */
    static double extendedToDouble(ByteBuffer b, int p) {
        long mant = b.getLong(b.order() == ByteOrder.LITTLE_ENDIAN ? p : p + 8);
        int se = b.getShort(b.order() == ByteOrder.LITTLE_ENDIAN ? p + 8 : p + 6) & 0xffff;
        boolean neg = (se & 0x8000) != 0;
        int exp = se & 0x7fff;
        double v;
        if (exp == 0x7fff) {
            v = (mant << 1) == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exp == 0 && mant == 0) {
            v = 0.0;
        } else {
            // value = mant * 2^(exp - 16383 - 63); scale in two steps to avoid overflow of the intermediate
            double m = (double) (mant >>> 11) * 2048.0 + (mant & 0x7ff);
            v = Math.scalb(m, exp - 16383 - 63);
        }
        return neg ? -v : v;
    }

    /** Spark's type for a scalar dtype in this source's table (see the package documentation). */
    static DataType sparkType(DType d, String source) {
        if (d instanceof SubarrayDType) {
            SubarrayDType s = (SubarrayDType) d;
            DataType t = sparkType(s.base(), source);
            boolean nulls = nullable(s.base());
            for (int k = s.shape().length - 1; k >= 0; k--) {
                t = DataTypes.createArrayType(t, nulls);
                nulls = false;
            }
            return t;
        }
        if (d instanceof StructDType) {
            List<Field> fs = ((StructDType) d).fields();
            StructField[] out = new StructField[fs.size()];
            for (int i = 0; i < out.length; i++) {
                Field f = fs.get(i);
                out[i] = DataTypes.createStructField(f.name(), sparkType(f.dtype(), source), nullable(f.dtype()));
            }
            return DataTypes.createStructType(out);
        }
        ScalarDType s = (ScalarDType) d;
        switch (s.kind()) {
            case BOOL:
                return DataTypes.BooleanType;
            case INT:
                switch (s.itemSize()) {
                    case 1: return DataTypes.ByteType;
                    case 2: return DataTypes.ShortType;
                    case 4: return DataTypes.IntegerType;
                    default: return DataTypes.LongType;
                }
            case UINT:
                switch (s.itemSize()) {
                    case 1: return DataTypes.ShortType;
                    case 2: return DataTypes.IntegerType;
                    case 4: return DataTypes.LongType;
                    default: return DataTypes.createDecimalType(20, 0);
                }
            case FLOAT:
                return s.itemSize() <= 4 ? DataTypes.FloatType : DataTypes.DoubleType;
            case COMPLEX: {
                DataType part = s.itemSize() == 8 ? DataTypes.FloatType : DataTypes.DoubleType;
                return DataTypes.createStructType(new StructField[] {
                    DataTypes.createStructField("real", part, false),
                    DataTypes.createStructField("imag", part, false)});
            }
            case BYTES:
            case VOID:
                return DataTypes.BinaryType;
            case UNICODE:
                return DataTypes.StringType;
            case DATETIME:
                if (s.unit() == DateTimeUnit.GENERIC) {
                    throw new IllegalArgumentException(source + ": datetime64 without a unit has no Spark type");
                }
                return s.unit() == DateTimeUnit.DAY && s.multiplier() == 1 ? DataTypes.DateType
                        : DataTypes.TimestampType;
            case TIMEDELTA:
                if (s.unit() == DateTimeUnit.GENERIC) {
                    throw new IllegalArgumentException(source + ": timedelta64 without a unit has no Spark type");
                }
                if (s.unit() == DateTimeUnit.YEAR || s.unit() == DateTimeUnit.MONTH) {
                    return DataTypes.createYearMonthIntervalType();
                }
                return DataTypes.createDayTimeIntervalType();
            default:
                throw new IllegalArgumentException(source + ": dtype " + s.str() + " has no Spark type");
        }
    }

    /** Only datetimes and timedeltas can be missing (NaT). */
    static boolean nullable(DType d) {
        return d instanceof ScalarDType && (d.kind() == Kind.DATETIME || d.kind() == Kind.TIMEDELTA);
    }
}
