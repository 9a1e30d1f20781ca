package org.npy4j.dtype;

import java.util.List;

/**
 * A NumPy data type: how the bytes of one array element are laid out and what they mean.
 *
 * <p>Three shapes exist, as in NumPy: a plain {@link ScalarDType} ({@code '<f8'}, {@code '|S3'},
 * {@code '<M8[ns]'}), a record {@link StructDType} with named fields at byte offsets, and a
 * {@link SubarrayDType} {@code (base, shape)} that appears as the type of a record field. Values are immutable
 * and compare by layout, like NumPy's {@code ==} on dtypes.
 *
 * <pre>{@code
 * DType f8 = DType.FLOAT64;                         // np.dtype('<f8')
 * DType be = DType.parse(">i4");                    // np.dtype('>i4')
 * DType rec = DType.struct(List.of(                 // np.dtype([('x', '<f4'), ('y', '<i8')])
 *     Field.of("x", DType.FLOAT32), Field.of("y", DType.INT64)));
 * }</pre>
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public abstract sealed class DType permits ScalarDType, StructDType, SubarrayDType {

    /** {@code np.bool_} ({@code '|b1'}): one byte, 0 or 1. */
    public static final ScalarDType BOOL = ScalarDType.of(Kind.BOOL, Endianness.NOT_APPLICABLE, 1);
    /** {@code np.int8} ({@code '|i1'}). */
    public static final ScalarDType INT8 = ScalarDType.of(Kind.INT, Endianness.NOT_APPLICABLE, 1);
    /** {@code np.uint8} ({@code '|u1'}). */
    public static final ScalarDType UINT8 = ScalarDType.of(Kind.UINT, Endianness.NOT_APPLICABLE, 1);
    /** {@code np.int16} ({@code '<i2'}). */
    public static final ScalarDType INT16 = ScalarDType.of(Kind.INT, Endianness.LITTLE, 2);
    /** {@code np.uint16} ({@code '<u2'}). */
    public static final ScalarDType UINT16 = ScalarDType.of(Kind.UINT, Endianness.LITTLE, 2);
    /** {@code np.int32} ({@code '<i4'}). */
    public static final ScalarDType INT32 = ScalarDType.of(Kind.INT, Endianness.LITTLE, 4);
    /** {@code np.uint32} ({@code '<u4'}). */
    public static final ScalarDType UINT32 = ScalarDType.of(Kind.UINT, Endianness.LITTLE, 4);
    /** {@code np.int64} ({@code '<i8'}). */
    public static final ScalarDType INT64 = ScalarDType.of(Kind.INT, Endianness.LITTLE, 8);
    /** {@code np.uint64} ({@code '<u8'}). */
    public static final ScalarDType UINT64 = ScalarDType.of(Kind.UINT, Endianness.LITTLE, 8);
    /** {@code np.float16} ({@code '<f2'}), IEEE half precision. */
    public static final ScalarDType FLOAT16 = ScalarDType.of(Kind.FLOAT, Endianness.LITTLE, 2);
    /** {@code np.float32} ({@code '<f4'}). */
    public static final ScalarDType FLOAT32 = ScalarDType.of(Kind.FLOAT, Endianness.LITTLE, 4);
    /** {@code np.float64} ({@code '<f8'}), NumPy's default float. */
    public static final ScalarDType FLOAT64 = ScalarDType.of(Kind.FLOAT, Endianness.LITTLE, 8);
    /** x86 extended precision stored in 16 bytes ({@code '<f16'}); readable as raw bytes and as a lossy double. */
    public static final ScalarDType LONGDOUBLE = ScalarDType.of(Kind.FLOAT, Endianness.LITTLE, 16);
    /** {@code np.complex64} ({@code '<c8'}): two float32, real then imaginary. */
    public static final ScalarDType COMPLEX64 = ScalarDType.of(Kind.COMPLEX, Endianness.LITTLE, 8);
    /** {@code np.complex128} ({@code '<c16'}): two float64, real then imaginary. */
    public static final ScalarDType COMPLEX128 = ScalarDType.of(Kind.COMPLEX, Endianness.LITTLE, 16);
    /** {@code np.clongdouble} ({@code '<c32'}): two {@link #LONGDOUBLE} values, real then imaginary. */
    public static final ScalarDType CLONGDOUBLE = ScalarDType.of(Kind.COMPLEX, Endianness.LITTLE, 32);
    /** Python objects ({@code '|O'}): recognised so that it can be refused with a clear message. */
    public static final ScalarDType OBJECT = ScalarDType.of(Kind.OBJECT, Endianness.NOT_APPLICABLE, 8);

    DType() {
    }

    /**
     * Returns the kind of this dtype.
     *
     * @return the kind
     */
    public abstract Kind kind();

    /**
     * Returns the number of bytes one element occupies ({@code dtype.itemsize}).
     *
     * @return the element size in bytes
     */
    public abstract int itemSize();

    /**
     * Returns the byte order ({@link Endianness#NOT_APPLICABLE} for records and subarrays).
     *
     * @return the byte order
     */
    public abstract Endianness endianness();

    /**
     * Returns this dtype with every multi-byte scalar in it set to {@code order} (records recursively).
     *
     * @param order the byte order to give every multi-byte scalar
     * @return the dtype in that byte order
     */
    public abstract DType withEndianness(Endianness order);

    /**
     * Returns true if this dtype holds Python objects anywhere (such data is pickled and refused).
     *
     * @return whether an object dtype occurs in this dtype
     */
    public abstract boolean hasObject();

    /**
     * Returns NumPy's {@code dtype.str}: the type string such as {@code "<f8"}, {@code "|S3"}, {@code "<M8[ns]"};
     * records and subarrays give {@code "|V<itemsize>"}.
     *
     * @return the type string
     */
    public abstract String str();

    /**
     * Returns true if all multi-byte values in this dtype are stored in the platform's byte order.
     *
     * @return whether no value needs byte swapping on this platform
     */
    public abstract boolean isNativeOrder();

    /**
     * Returns true for the boolean, integer, float and complex kinds.
     *
     * @return whether the kind is numeric
     */
    public boolean isNumeric() {
        Kind k = kind();
        return k == Kind.BOOL || k == Kind.INT || k == Kind.UINT || k == Kind.FLOAT || k == Kind.COMPLEX;
    }

    // ---- factories -------------------------------------------------------------------------------------------

    /**
     * {@code np.dtype('S<n>')}: NUL-padded byte strings of {@code n} bytes.
     *
     * @param n the length in bytes
     * @return the byte-string dtype {@code '|S<n>'}
     */
    public static ScalarDType bytes(int n) {
        return ScalarDType.of(Kind.BYTES, Endianness.NOT_APPLICABLE, n);
    }

    /**
     * {@code np.dtype('<U<n>')}: unicode strings of {@code n} code points (4 bytes each).
     *
     * @param n the length in code points
     * @return the little-endian unicode dtype {@code '<U<n>'}
     */
    public static ScalarDType unicode(int n) {
        if (n < 0 || n > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("unicode length out of range: " + n);
        }
        return ScalarDType.of(Kind.UNICODE, Endianness.LITTLE, n * 4);
    }

    /**
     * {@code np.dtype('V<n>')}: raw bytes.
     *
     * @param n the length in bytes
     * @return the void dtype {@code '|V<n>'}
     */
    public static ScalarDType voidType(int n) {
        return ScalarDType.of(Kind.VOID, Endianness.NOT_APPLICABLE, n);
    }

    /**
     * {@code np.dtype('<M8[<multiplier><unit>]')}.
     *
     * @param unit the unit
     * @param multiplier how many units one count stands for
     * @return the little-endian datetime64 dtype
     */
    public static ScalarDType datetime64(DateTimeUnit unit, int multiplier) {
        return ScalarDType.time(Kind.DATETIME, Endianness.LITTLE, unit, multiplier);
    }

    /**
     * {@code np.dtype('<M8[<unit>]')}.
     *
     * @param unit the unit
     * @return the little-endian datetime64 dtype, multiplier 1
     */
    public static ScalarDType datetime64(DateTimeUnit unit) {
        return datetime64(unit, 1);
    }

    /**
     * {@code np.dtype('<m8[<multiplier><unit>]')}.
     *
     * @param unit the unit
     * @param multiplier how many units one count stands for
     * @return the little-endian timedelta64 dtype
     */
    public static ScalarDType timedelta64(DateTimeUnit unit, int multiplier) {
        return ScalarDType.time(Kind.TIMEDELTA, Endianness.LITTLE, unit, multiplier);
    }

    /**
     * {@code np.dtype('<m8[<unit>]')}.
     *
     * @param unit the unit
     * @return the little-endian timedelta64 dtype, multiplier 1
     */
    public static ScalarDType timedelta64(DateTimeUnit unit) {
        return timedelta64(unit, 1);
    }

    /**
     * A packed record: fields placed one after another, like {@code np.dtype([('x','<f4'), ('y','<i8')])}.
     *
     * @param fields the fields in order
     * @return the packed record dtype
     */
    public static StructDType struct(List<Field> fields) {
        return StructDType.packed(fields);
    }

    /**
     * A record with the C compiler's alignment, like {@code np.dtype([...], align=True)}.
     *
     * @param fields the fields in order
     * @return the aligned record dtype
     */
    public static StructDType alignedStruct(List<Field> fields) {
        return StructDType.aligned(fields);
    }

    /**
     * {@code np.dtype((base, shape))}, the type of a subarray record field.
     *
     * @param base the element type
     * @param shape the subarray's shape
     * @return the subarray dtype
     */
    public static SubarrayDType subarray(DType base, int... shape) {
        return SubarrayDType.of(base, shape);
    }

    /**
     * Parses a NumPy type string: everything {@code np.save} writes ({@code "<f8"}, {@code "|b1"}, {@code ">U5"},
     * {@code "<m8[10ms]"}, …) and the loose forms {@code np.dtype()} accepts and readers meet in practice
     * ({@code "i4"}, {@code "=i8"}, {@code "?"}, {@code "float64"}, {@code "S0"}).
     *
     * @param typeString the type string
     * @return the scalar dtype it names
     * @throws IllegalArgumentException if the string is not a type string this library understands
     */
    public static ScalarDType parse(String typeString) {
        return TypeStrings.parse(typeString);
    }

    /**
     * Returns a short plain-words name, such as {@code "float64"}, {@code "unicode string of 5 chars"}, {@code "record"}.
     *
     * @return the name
     */
    public abstract String name();

    @Override
    public String toString() {
        return str();
    }
}
