package org.npy4j.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.StructDType;

/**
 * How a DataFrame's rows become one {@code .npy} array: a single column {@code value} gives a plain array (an array
 * column adds axes), any other schema a structured array with one field per column. String and binary widths are
 * measured over the whole DataFrame first, so every part file gets the same dtype.
 */
final class WritePlan implements Serializable {
    private static final long serialVersionUID = 1L;
    final StructType schema;
    /** Widest value of each string/binary leaf, by leaf key (see {@link #stringLeaves}). */
    final Map<String, Integer> widths;

    WritePlan(StructType schema, Map<String, Integer> widths) {
        this.schema = schema;
        this.widths = widths;
        check(schema, "");
    }

    boolean plainValue() {
        return schema.fields().length == 1 && schema.fields()[0].name().equals("value");
    }

    /** Refuses, before anything runs, the column types that have no NumPy dtype. */
    static void check(DataType t, String where) {
        if (t instanceof StructType) {
            StructType st = (StructType) t;
            if (st.fields().length == 0) {
                throw new IllegalArgumentException("npy: " + (where.isEmpty() ? "a DataFrame without columns"
                        : "empty struct " + where) + " has no NumPy dtype");
            }
            for (StructField f : st.fields()) {
                check(f.dataType(), where.isEmpty() ? f.name() : where + "." + f.name());
            }
        } else if (t instanceof ArrayType) {
            check(((ArrayType) t).elementType(), where + "[]");
        } else if (t instanceof DecimalType) {
            DecimalType d = (DecimalType) t;
            if (d.precision() != 20 || d.scale() != 0) {
                throw new IllegalArgumentException("npy: column " + where + " of type " + t.simpleString()
                        + " has no NumPy dtype (only decimal(20,0), which is how uint64 is read, maps back to uint64)");
            }
        } else if (!(t instanceof BooleanType || t instanceof ByteType || t instanceof ShortType
                || t instanceof IntegerType || t instanceof LongType || t instanceof FloatType || t instanceof DoubleType
                || t instanceof StringType || t instanceof BinaryType || t instanceof DateType
                || t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof DayTimeIntervalType
                || t instanceof YearMonthIntervalType)) {
            throw new IllegalArgumentException("npy: column " + where + " of type " + t.simpleString()
                    + " has no NumPy dtype");
        }
    }

    /** SQL expressions giving, per row, the longest value of each string/binary leaf. */
    static Map<String, String> stringLeaves(StructType schema) {
        Map<String, String> out = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            leaves(f.dataType(), f.name(), quote(f.name()), 0, out);
        }
        return out;
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static void leaves(DataType t, String key, String e, int depth, Map<String, String> out) {
        if (t instanceof StringType || t instanceof BinaryType) {
            out.put(key, "length(" + e + ")");
        } else if (t instanceof StructType) {
            for (StructField f : ((StructType) t).fields()) {
                leaves(f.dataType(), key + "." + f.name(), e + "." + quote(f.name()), depth, out);
            }
        } else if (t instanceof ArrayType) {
            Map<String, String> inner = new LinkedHashMap<>();
            String x = "x" + depth;
            leaves(((ArrayType) t).elementType(), key + "[]", x, depth + 1, inner);
            inner.forEach((k, ie) -> out.put(k, "array_max(transform(" + e + ", " + x + " -> " + ie + "))"));
        }
    }

    // ---- encoding, resolved on the executor from the first row (array lengths) ----

    /** Encodes one value at an absolute buffer position. */
    abstract static class Enc {
        /** The element dtype after all array axes are taken off. */
        abstract DType base();

        /** Lengths of the array axes this value adds (empty for scalars and records). */
        int[] dims() {
            return new int[0];
        }

        DType dtype() {
            int[] d = dims();
            return d.length == 0 ? base() : DType.subarray(base(), d);
        }

        int size() {
            long n = base().itemSize();
            for (int d : dims()) {
                n *= d;
            }
            return Math.toIntExact(n);
        }

        abstract void put(ByteBuffer b, int pos, Object v, Where w);
    }

    /** Where a value is, for error messages. */
    static final class Where {
        final int partition;
        long row;

        Where(int partition) {
            this.partition = partition;
        }

        IllegalArgumentException error(String column, String problem) {
            return new IllegalArgumentException("npy: column " + column + ", row " + row + " of partition " + partition
                    + ": " + problem);
        }
    }

    /** The record or plain value of a whole row, resolved against the first row. */
    Enc rowEncoder(Row first, Where w) {
        if (plainValue()) {
            return resolve(schema.fields()[0].dataType(), first.get(0), "value", "value", w);
        }
        return resolveStruct(schema, first, "", "", w);
    }

    /** One encoder per column, each a member of its own (the {@code .npz} layout), resolved against the first row. */
    Enc[] columnEncoders(Row first, Where w) {
        StructField[] fs = schema.fields();
        Enc[] out = new Enc[fs.length];
        for (int i = 0; i < fs.length; i++) {
            out[i] = resolve(fs[i].dataType(), first.get(i), fs[i].name(), fs[i].name(), w);
        }
        return out;
    }

    private Enc resolve(DataType t, Object sample, String key, String col, Where w) {
        if (t instanceof ArrayType) {
            if (sample == null) {
                throw w.error(col, "null array (NumPy arrays have no missing rows)");
            }
            List<?> list = list(sample);
            if (list.isEmpty() && ((ArrayType) t).elementType() instanceof ArrayType) {
                throw w.error(col, "empty nested array: its inner length is unknown");
            }
            Object inner = list.isEmpty() ? null : list.get(0);
            Enc child = resolve(((ArrayType) t).elementType(), inner, key + "[]", col + "[]", w);
            return new ArrayEnc(child, list.size(), col);
        }
        if (t instanceof StructType) {
            StructType st = (StructType) t;
            if (isComplex(st)) {
                return new ComplexEnc(st.fields()[0].dataType() instanceof DoubleType, col);
            }
            return resolveStruct(st, sample, key + ".", col + ".", w);
        }
        if (t instanceof StringType || t instanceof BinaryType) {
            Integer width = widths.get(key);
            return new TextEnc(t instanceof StringType, Math.max(1, width == null ? 1 : width), col);
        }
        return new ScalarEnc(t, col);
    }

    private Enc resolveStruct(StructType st, Object sample, String keyPrefix, String colPrefix, Where w) {
        Row r = (Row) sample;
        StructField[] fs = st.fields();
        Enc[] children = new Enc[fs.length];
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < fs.length; i++) {
            Object v = r == null ? null : r.get(i);
            children[i] = resolve(fs[i].dataType(), v, keyPrefix + fs[i].name(), colPrefix + fs[i].name(), w);
            fields.add(Field.of(fs[i].name(), children[i].dtype()));
        }
        return new StructEnc(DType.struct(fields), children, colPrefix.isEmpty() ? "row" : colPrefix);
    }

    static boolean isComplex(StructType st) {
        StructField[] f = st.fields();
        return f.length == 2 && f[0].name().equals("real") && f[1].name().equals("imag")
                && f[0].dataType().equals(f[1].dataType())
                && (f[0].dataType() instanceof DoubleType || f[0].dataType() instanceof FloatType);
    }

    static List<?> list(Object v) {
        if (v instanceof List) {
            return (List<?>) v;
        }
        return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) v);
    }

    private static final class ArrayEnc extends Enc {
        private final Enc child;
        private final int length;
        private final String col;
        private final int childSize;

        ArrayEnc(Enc child, int length, String col) {
            this.child = child;
            this.length = length;
            this.col = col;
            this.childSize = child.size();
        }

        @Override
        DType base() {
            return child.base();
        }

        @Override
        int[] dims() {
            int[] c = child.dims();
            int[] d = new int[c.length + 1];
            d[0] = length;
            System.arraycopy(c, 0, d, 1, c.length);
            return d;
        }

        @Override
        void put(ByteBuffer b, int pos, Object v, Where w) {
            if (v == null) {
                throw w.error(col, "null array (NumPy arrays have no missing values)");
            }
            List<?> list = list(v);
            if (list.size() != length) {
                throw w.error(col, "array of length " + list.size() + " where the first row's has " + length
                        + " (variable-length arrays have no NumPy representation)");
            }
            for (int i = 0; i < length; i++) {
                child.put(b, pos + i * childSize, list.get(i), w);
            }
        }
    }

    private static final class StructEnc extends Enc {
        private final StructDType dtype;
        private final Enc[] children;
        private final int[] offsets;
        private final String col;

        StructEnc(StructDType dtype, Enc[] children, String col) {
            this.dtype = dtype;
            this.children = children;
            this.col = col;
            this.offsets = new int[children.length];
            for (int i = 0; i < children.length; i++) {
                offsets[i] = dtype.fields().get(i).offset();
            }
        }

        @Override
        DType base() {
            return dtype;
        }

        @Override
        void put(ByteBuffer b, int pos, Object v, Where w) {
            if (v == null) {
                throw w.error(col, "null record (NumPy records have no missing values)");
            }
            Row r = (Row) v;
            for (int i = 0; i < children.length; i++) {
                children[i].put(b, pos + offsets[i], r.get(i), w);
            }
        }
    }

    private static final class ComplexEnc extends Enc {
        private final boolean dbl;
        private final String col;

        ComplexEnc(boolean dbl, String col) {
            this.dbl = dbl;
            this.col = col;
        }

        @Override
        DType base() {
            return dbl ? DType.COMPLEX128 : DType.COMPLEX64;
        }

        @Override
        void put(ByteBuffer b, int pos, Object v, Where w) {
            if (v == null) {
                throw w.error(col, "null complex number (NumPy has no missing complex values)");
            }
            Row r = (Row) v;
            if (r.isNullAt(0) || r.isNullAt(1)) {
                throw w.error(col, "complex number with a null part");
            }
            if (dbl) {
                b.putDouble(pos, r.getDouble(0));
                b.putDouble(pos + 8, r.getDouble(1));
            } else {
                b.putFloat(pos, r.getFloat(0));
                b.putFloat(pos + 4, r.getFloat(1));
            }
        }
    }

    private static final class TextEnc extends Enc {
        private final boolean unicode;
        private final int width;
        private final String col;

        TextEnc(boolean unicode, int width, String col) {
            this.unicode = unicode;
            this.width = width;
            this.col = col;
        }

        @Override
        DType base() {
            return unicode ? DType.unicode(width) : DType.bytes(width);
        }

        @Override
        void put(ByteBuffer b, int pos, Object v, Where w) {
            if (v == null) {
                throw w.error(col, "null " + (unicode ? "string" : "binary") + " (NumPy's " + base().str()
                        + " has no missing value; fill or drop nulls first)");
            }
            if (unicode) {
                int[] cps = ((String) v).codePoints().toArray();
                if (cps.length > width) {
                    throw w.error(col, "string longer than " + width + " characters (the data changed while written)");
                }
                for (int i = 0; i < width; i++) {
                    b.putInt(pos + 4 * i, i < cps.length ? cps[i] : 0);
                }
            } else {
                byte[] bytes = v instanceof String ? ((String) v).getBytes(StandardCharsets.UTF_8) : (byte[]) v;
                if (bytes.length > width) {
                    throw w.error(col, "value longer than " + width + " bytes (the data changed while written)");
                }
                for (int i = 0; i < width; i++) {
                    b.put(pos + i, i < bytes.length ? bytes[i] : 0);
                }
            }
        }
    }

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static final class ScalarEnc extends Enc {
        private final DataType t;
        private final DType dtype;
        private final String col;

        ScalarEnc(DataType t, String col) {
            this.t = t;
            this.col = col;
            this.dtype = dtypeOf(t);
        }

        private static DType dtypeOf(DataType t) {
            if (t instanceof BooleanType) {
                return DType.BOOL;
            } else if (t instanceof ByteType) {
                return DType.INT8;
            } else if (t instanceof ShortType) {
                return DType.INT16;
            } else if (t instanceof IntegerType) {
                return DType.INT32;
            } else if (t instanceof LongType) {
                return DType.INT64;
            } else if (t instanceof FloatType) {
                return DType.FLOAT32;
            } else if (t instanceof DoubleType) {
                return DType.FLOAT64;
            } else if (t instanceof DecimalType) {
                return DType.UINT64;
            } else if (t instanceof DateType) {
                return DType.datetime64(DateTimeUnit.DAY);
            } else if (t instanceof TimestampType || t instanceof TimestampNTZType) {
                return DType.datetime64(DateTimeUnit.MICROSECOND);
            } else if (t instanceof DayTimeIntervalType) {
                return DType.timedelta64(DateTimeUnit.MICROSECOND);
            } else if (t instanceof YearMonthIntervalType) {
                return DType.timedelta64(DateTimeUnit.MONTH);
            }
            throw new IllegalArgumentException("npy: type " + t.simpleString() + " has no NumPy dtype");
        }

        @Override
        DType base() {
            return dtype;
        }

        @Override
        void put(ByteBuffer b, int pos, Object v, Where w) {
            if (v == null) {
                if (t instanceof DoubleType) {
                    b.putDouble(pos, Double.NaN);
                } else if (t instanceof FloatType) {
                    b.putFloat(pos, Float.NaN);
                } else if (t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType
                        || t instanceof DayTimeIntervalType || t instanceof YearMonthIntervalType) {
                    b.putLong(pos, Long.MIN_VALUE); // NaT
                } else {
                    throw w.error(col, "null " + t.simpleString() + " (NumPy's " + dtype.str()
                            + " has no missing value; fill or drop nulls first)");
                }
                return;
            }
            if (t instanceof BooleanType) {
                b.put(pos, (byte) (((Boolean) v) ? 1 : 0));
            } else if (t instanceof ByteType) {
                b.put(pos, (Byte) v);
            } else if (t instanceof ShortType) {
                b.putShort(pos, (Short) v);
            } else if (t instanceof IntegerType) {
                b.putInt(pos, (Integer) v);
            } else if (t instanceof LongType) {
                b.putLong(pos, (Long) v);
            } else if (t instanceof FloatType) {
                b.putFloat(pos, (Float) v);
            } else if (t instanceof DoubleType) {
                b.putDouble(pos, (Double) v);
            } else if (t instanceof DecimalType) {
                BigInteger u = ((BigDecimal) v).toBigIntegerExact();
                if (u.signum() < 0 || u.compareTo(TWO_64) >= 0) {
                    throw w.error(col, v + " is outside uint64's range");
                }
                b.putLong(pos, u.longValue());
            } else if (t instanceof DateType) {
                long days = v instanceof LocalDate ? ((LocalDate) v).toEpochDay()
                        : ((java.sql.Date) v).toLocalDate().toEpochDay();
                b.putLong(pos, days);
            } else if (t instanceof TimestampType || t instanceof TimestampNTZType) {
                Instant i = v instanceof Instant ? (Instant) v : v instanceof LocalDateTime
                        ? ((LocalDateTime) v).toInstant(ZoneOffset.UTC) : ((java.sql.Timestamp) v).toInstant();
                b.putLong(pos, Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000));
            } else if (t instanceof DayTimeIntervalType) {
                Duration d = (Duration) v;
                b.putLong(pos, Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000));
            } else {
                b.putLong(pos, ((Period) v).toTotalMonths());
            }
        }
    }
}
