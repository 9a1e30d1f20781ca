package org.npy4j.array;

import java.util.Arrays;
import java.util.Objects;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;

/**
 * An n-dimensional array as NumPy models one: a {@link DType}, a shape, byte strides and a byte offset over a
 * {@link Storage}. Fortran order, transposes, record fields and row slices are views over the same storage,
 * never copies; {@link #copy(Order)} materialises.
 *
 * <p>Arrays are read-only unless created writable ({@link #zeros}, {@link #copy}); setters on a read-only array throw
 * {@link IllegalStateException}. All indices and sizes are {@code long}.
 *
 * <pre>{@code
 * NdArray a = NdArray.of(new double[][] {{1, 2, 3}, {4, 5, 6}});   // np.array([[1., 2., 3.], [4., 5., 6.]])
 * double x = a.getDouble(1, 2);                                     // a[1, 2]
 * NdArray t = a.transpose();                                         // a.T, a view
 * }</pre>
 */
public final class NdArray {
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final Storage storage;
    private final boolean writable;
    private final long size;

    private NdArray(DType dtype, long[] shape, long[] strides, long offset, Storage storage, boolean writable) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.storage = storage;
        this.writable = writable && !storage.isReadOnly();
        this.size = sizeOf(shape);
    }

    /**
     * Returns a view of {@code storage}: element {@code idx} lives at byte
     * {@code offset + sum(idx[k] * strides[k])}. Every element must lie inside the storage.
     *
     * @throws IllegalArgumentException if the shape is negative, overflows, or reaches outside the storage
     */
    public static NdArray view(DType dtype, long[] shape, long[] strides, long offset, Storage storage, boolean writable) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(storage, "storage");
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in length");
        }
        long n = sizeOf(shape);
        if (n > 0) {
            long lo = offset;
            long hi = offset;
            for (int k = 0; k < shape.length; k++) {
                long span = Math.multiplyExact(shape[k] - 1, strides[k]);
                if (span < 0) {
                    lo = Math.addExact(lo, span);
                } else {
                    hi = Math.addExact(hi, span);
                }
            }
            hi = Math.addExact(hi, dtype.itemSize());
            if (lo < 0 || hi > storage.byteSize()) {
                throw new IllegalArgumentException("view " + Arrays.toString(shape) + " strides " + Arrays.toString(strides)
                        + " offset " + offset + " reaches bytes [" + lo + ", " + hi + ") outside storage of "
                        + storage.byteSize() + " bytes");
            }
        }
        return new NdArray(dtype, shape.clone(), strides.clone(), offset, storage, writable);
    }

    /** Returns a contiguous array of {@code shape} in {@code order} over {@code storage} starting at {@code offset}. */
    public static NdArray contiguous(DType dtype, long[] shape, Order order, Storage storage, long offset, boolean writable) {
        return view(dtype, shape, contiguousStrides(shape, dtype.itemSize(), order), offset, storage, writable);
    }

    /** Returns a new writable, zero-filled, C-ordered array ({@code np.zeros(shape, dtype)}). */
    public static NdArray zeros(DType dtype, long... shape) {
        long bytes = Math.multiplyExact(sizeOf(shape), (long) dtype.itemSize());
        return contiguous(dtype, shape, Order.C, Storage.allocate(bytes), 0, true);
    }

    /** Returns the byte strides of a contiguous array of {@code shape} in {@code order}. */
    public static long[] contiguousStrides(long[] shape, int itemSize, Order order) {
        long[] s = new long[shape.length];
        long stride = itemSize;
        if (order == Order.C) {
            for (int k = shape.length - 1; k >= 0; k--) {
                s[k] = stride;
                stride *= Math.max(1, shape[k]);
            }
        } else {
            for (int k = 0; k < shape.length; k++) {
                s[k] = stride;
                stride *= Math.max(1, shape[k]);
            }
        }
        return s;
    }

    /** Returns {@code prod(shape)}, checking for negative dimensions and overflow. */
    public static long sizeOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    // ---- structure -------------------------------------------------------------------------------------------

    public DType dtype() {
        return dtype;
    }

    /** Returns a copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Returns the length of axis {@code axis}. */
    public long shape(int axis) {
        return shape[axis];
    }

    /** Returns a copy of the byte strides. */
    public long[] strides() {
        return strides.clone();
    }

    /** Returns the byte offset of element {@code [0, 0, …]} in the storage. */
    public long offset() {
        return offset;
    }

    public Storage storage() {
        return storage;
    }

    public int ndim() {
        return shape.length;
    }

    /** Returns the number of elements. */
    public long size() {
        return size;
    }

    /** Returns {@code size() * itemSize}. */
    public long byteSize() {
        return size * dtype.itemSize();
    }

    public boolean isWritable() {
        return writable;
    }

    /** Returns a read-only view of this array. */
    public NdArray asReadOnly() {
        return writable ? new NdArray(dtype, shape, strides, offset, storage, false) : this;
    }

    /** Row-major contiguity with NumPy's relaxed rules (axes of length 1 are ignored; size 0 or 1 is contiguous). */
    public boolean isCContiguous() {
        if (size <= 1) {
            return true;
        }
        long expected = dtype.itemSize();
        for (int k = shape.length - 1; k >= 0; k--) {
            if (shape[k] != 1) {
                if (strides[k] != expected) {
                    return false;
                }
                expected *= shape[k];
            }
        }
        return true;
    }

    /** Column-major contiguity with NumPy's relaxed rules. */
    public boolean isFContiguous() {
        if (size <= 1) {
            return true;
        }
        long expected = dtype.itemSize();
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] != 1) {
                if (strides[k] != expected) {
                    return false;
                }
                expected *= shape[k];
            }
        }
        return true;
    }

    // ---- views -----------------------------------------------------------------------------------------------

    /** Returns the transpose ({@code a.T}) as a view: axes reversed. */
    public NdArray transpose() {
        long[] s = new long[shape.length];
        long[] st = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            s[k] = shape[shape.length - 1 - k];
            st[k] = strides[shape.length - 1 - k];
        }
        return new NdArray(dtype, s, st, offset, storage, writable);
    }

    /** Returns {@code a[i]}: the sub-array at index {@code i} of axis 0, a view with one dimension less. */
    public NdArray get(long i) {
        if (shape.length == 0) {
            throw new IllegalStateException("cannot index a 0-d array");
        }
        checkIndex(0, i);
        return new NdArray(dtype, Arrays.copyOfRange(shape, 1, shape.length), Arrays.copyOfRange(strides, 1, strides.length),
                offset + i * strides[0], storage, writable);
    }

    /** Returns {@code a[start:stop:step]} along axis 0 as a view (Python slice semantics, {@code step != 0}). */
    public NdArray slice(long start, long stop, long step) {
        return slice(0, start, stop, step);
    }

    /** Returns the slice {@code start:stop:step} of {@code axis} as a view (Python slice semantics, clamped). */
    public NdArray slice(int axis, long start, long stop, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        long n = shape[axis];
        long lo;
        long hi;
        if (step > 0) {
            lo = clamp(start < 0 ? start + n : start, 0, n);
            hi = clamp(stop < 0 ? stop + n : stop, 0, n);
        } else {
            lo = clamp(start < 0 ? start + n : start, -1, n - 1);
            hi = clamp(stop < 0 ? stop + n : stop, -1, n - 1);
        }
        long len = step > 0 ? Math.max(0, (hi - lo + step - 1) / step) : Math.max(0, (lo - hi - step - 1) / -step);
        long[] s = shape.clone();
        long[] st = strides.clone();
        s[axis] = len;
        st[axis] = strides[axis] * step;
        long off = len == 0 ? offset : offset + lo * strides[axis];
        return new NdArray(dtype, s, st, off, storage, writable);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * Returns record field {@code name} as a strided view (no copy): {@code a['pos']}. A subarray field's shape is
     * appended to the array's shape, as NumPy does.
     *
     * @throws IllegalArgumentException if the dtype is not a record or has no such field
     */
    public NdArray field(String name) {
        if (!(dtype instanceof StructDType)) {
            throw new IllegalArgumentException("dtype " + dtype + " has no fields");
        }
        Field f = ((StructDType) dtype).field(name);
        if (f == null) {
            throw new IllegalArgumentException("no field '" + name + "' in " + ((StructDType) dtype).names());
        }
        DType t = f.dtype();
        long[] s = shape;
        long[] st = strides;
        while (t instanceof SubarrayDType) {
            SubarrayDType sub = (SubarrayDType) t;
            int[] subShape = sub.shape();
            long[] subStrides = contiguousStrides(toLong(subShape), sub.base().itemSize(), Order.C);
            s = concat(s, toLong(subShape));
            st = concat(st, subStrides);
            t = sub.base();
        }
        return new NdArray(t, s, st, offset + f.offset(), storage, writable);
    }

    private static long[] toLong(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ---- element addressing ------------------------------------------------------------------------------------

    /** Returns the storage byte offset of the element at {@code idx} (negative indices count from the end). */
    public long byteOffset(long... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("expected " + shape.length + " indices, got " + idx.length);
        }
        long off = offset;
        for (int k = 0; k < idx.length; k++) {
            long i = idx[k] < 0 ? idx[k] + shape[k] : idx[k];
            checkIndex(k, i);
            off += i * strides[k];
        }
        return off;
    }

    /** Returns the storage byte offset of the element at flat C-order position {@code flat}. */
    public long byteOffsetFlat(long flat) {
        if (flat < 0 || flat >= size) {
            throw new IndexOutOfBoundsException("flat index " + flat + " out of bounds for size " + size);
        }
        long off = offset;
        for (int k = shape.length - 1; k >= 0; k--) {
            long d = shape[k];
            off += (flat % d) * strides[k];
            flat /= d;
        }
        return off;
    }

    private void checkIndex(int axis, long i) {
        if (i < 0 || i >= shape[axis]) {
            throw new IndexOutOfBoundsException("index " + i + " is out of bounds for axis " + axis + " with size " + shape[axis]);
        }
    }

    // ---- materialise -----------------------------------------------------------------------------------------

    /** Returns a new writable contiguous copy in {@code order} ({@code a.copy(order=...)}). */
    public NdArray copy(Order order) {
        long bytes = byteSize();
        Storage dst = Storage.allocate(bytes);
        NdArray out = contiguous(dtype, shape, order, dst, 0, true);
        copyInto(out);
        return out;
    }

    /** Returns a new writable C-ordered copy. */
    public NdArray copy() {
        return copy(Order.C);
    }

    /**
     * Copies every element's bytes into {@code dst}, which must have the same shape and item size
     * (element for element, whatever either's strides).
     */
    public void copyInto(NdArray dst) {
        if (!Arrays.equals(shape, dst.shape) || dtype.itemSize() != dst.dtype.itemSize()) {
            throw new IllegalArgumentException("shape/itemsize mismatch: " + this + " into " + dst);
        }
        if (!dst.writable) {
            throw new IllegalStateException("destination array is read-only");
        }
        if (size == 0) {
            return;
        }
        int item = dtype.itemSize();
        if (isCContiguous() && dst.isCContiguous() || isFContiguous() && dst.isFContiguous()
                && Arrays.equals(strides, dst.strides)) {
            copyBytes(storage, offset, dst.storage, dst.offset, byteSize());
            return;
        }
        byte[] buf = new byte[item];
        long[] idx = new long[shape.length];
        for (long n = 0; n < size; n++) {
            long src = offset;
            long d = dst.offset;
            for (int k = 0; k < idx.length; k++) {
                src += idx[k] * strides[k];
                d += idx[k] * dst.strides[k];
            }
            storage.getBytes(src, buf, 0, item);
            dst.storage.putBytes(d, buf, 0, item);
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
    }

    /** Copies {@code length} bytes between storages in blocks of at most 1 MiB. */
    static void copyBytes(Storage src, long srcOff, Storage dst, long dstOff, long length) {
        byte[] buf = new byte[(int) Math.min(length, 1 << 20)];
        while (length > 0) {
            int n = (int) Math.min(length, buf.length);
            src.getBytes(srcOff, buf, 0, n);
            dst.putBytes(dstOff, buf, 0, n);
            srcOff += n;
            dstOff += n;
            length -= n;
        }
    }

    // ---- element access (first cut; the array issue completes the typed API) ---------------------------------------

    /** Returns the raw bytes of the element at {@code idx}, in the dtype's own byte order. */
    public byte[] getItemBytes(long... idx) {
        byte[] b = new byte[dtype.itemSize()];
        storage.getBytes(byteOffset(idx), b, 0, b.length);
        return b;
    }

    /** Returns the element at {@code idx} as a {@code double}: bool, integers (uint64 unsigned), floats widen. */
    public double getDouble(long... idx) {
        return readDouble(byteOffset(idx));
    }

    /** Returns the element at {@code idx} as a {@code long}: bool and integers; uint64 as its bit pattern. */
    public long getLong(long... idx) {
        return readLong(byteOffset(idx));
    }

    double readDouble(long off) {
        ScalarDType t = scalar();
        switch (t.kind()) {
            case FLOAT:
                switch (t.itemSize()) {
                    case 2: return Float16.toFloat(swap16(storage.getShort(off), t));
                    case 4: return Float.intBitsToFloat(swap32(storage.getInt(off), t));
                    case 8: return Double.longBitsToDouble(swap64(storage.getLong(off), t));
                    default: throw new UnsupportedOperationException("longdouble as double: not yet");
                }
            case UINT:
                if (t.itemSize() == 8) {
                    long v = readLong(off);
                    return v >= 0 ? (double) v : ((double) (v >>> 1)) * 2.0 + (v & 1);
                }
                return readLong(off);
            case INT:
            case BOOL:
                return readLong(off);
            default:
                throw new IllegalStateException("dtype " + t + " cannot be read as double");
        }
    }

    long readLong(long off) {
        ScalarDType t = scalar();
        switch (t.kind()) {
            case BOOL:
                return storage.getByte(off) != 0 ? 1 : 0;
            case INT:
            case DATETIME:
            case TIMEDELTA:
                switch (t.itemSize()) {
                    case 1: return storage.getByte(off);
                    case 2: return swap16(storage.getShort(off), t);
                    case 4: return swap32(storage.getInt(off), t);
                    default: return swap64(storage.getLong(off), t);
                }
            case UINT:
                switch (t.itemSize()) {
                    case 1: return storage.getByte(off) & 0xFFL;
                    case 2: return swap16(storage.getShort(off), t) & 0xFFFFL;
                    case 4: return swap32(storage.getInt(off), t) & 0xFFFFFFFFL;
                    default: return swap64(storage.getLong(off), t);
                }
            default:
                throw new IllegalStateException("dtype " + t + " cannot be read as long");
        }
    }

    private ScalarDType scalar() {
        if (!(dtype instanceof ScalarDType)) {
            throw new IllegalStateException("dtype " + dtype + " is a record: select a field first");
        }
        return (ScalarDType) dtype;
    }

    private static short swap16(short v, DType t) {
        return t.endianness() == Endianness.BIG ? Short.reverseBytes(v) : v;
    }

    private static int swap32(int v, DType t) {
        return t.endianness() == Endianness.BIG ? Integer.reverseBytes(v) : v;
    }

    private static long swap64(long v, DType t) {
        return t.endianness() == Endianness.BIG ? Long.reverseBytes(v) : v;
    }

    @Override
    public String toString() {
        return "NdArray(dtype=" + dtype.str() + ", shape=" + Arrays.toString(shape) + ", strides=" + Arrays.toString(strides)
                + ", offset=" + offset + (writable ? "" : ", read-only") + ")";
    }

    static boolean isKind(DType t, Kind k) {
        return t.kind() == k;
    }
}
