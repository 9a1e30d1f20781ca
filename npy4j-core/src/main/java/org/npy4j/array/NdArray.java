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
 * <p>Element access is typed and follows NumPy's {@code safe} casting: {@code getDouble} reads any integer or float,
 * {@code getInt} reads {@code int32} and narrower, and a narrowing read or write throws {@link IllegalStateException}
 * naming the right accessor and {@link #astype}, which converts with NumPy's casting rules. Setters take the value
 * first and the index last ({@code setDouble(2.5, i, j)}). Big-endian dtypes are swapped transparently. Bulk exports
 * ({@link #toDoubleArray()} …) return C order whatever the layout.
 *
 * <p>Arrays are read-only unless created writable (factories, {@link #zeros}, {@link #copy}); setters on a read-only
 * array throw {@link IllegalStateException}. All indices and sizes are {@code long}; negative indices count from the end.
 *
 * <pre>{@code
 * NdArray a = NdArray.of(new double[][] {{1, 2, 3}, {4, 5, 6}});   // np.array([[1., 2., 3.], [4., 5., 6.]])
 * double x = a.getDouble(1, 2);                                     // a[1, 2]
 * double[] colMajor = a.transpose().toDoubleArray();                // a.T.ravel(): 1, 4, 2, 5, 3, 6
 * }</pre>
 *
 * <p>Thread safety: the array value (dtype, shape, strides, offset) is immutable; reads from any number of threads are safe. Writes through a writable array are not synchronised: as with a Java array, writers must not race with other readers or writers of the same elements.
 */
public final class NdArray {
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final Storage storage;
    private final boolean writable;
    private final long size;
    /** The dtype resolved once for the accessors (see {@link Elem}); {@code swap} for big-endian dtypes. */
    private final int code;
    private final boolean swap;

    private NdArray(DType dtype, long[] shape, long[] strides, long offset, Storage storage, boolean writable) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.storage = storage;
        this.writable = writable && !storage.isReadOnly();
        this.size = sizeOf(shape);
        this.code = Elem.code(dtype);
        this.swap = Elem.swap(dtype);
    }

    /**
     * Returns a view of {@code storage}: element {@code idx} lives at byte
     * {@code offset + sum(idx[k] * strides[k])}. Every element must lie inside the storage.
     *
     * @param dtype the element type
     * @param shape the shape
     * @param strides the byte strides, one per axis
     * @param offset the byte offset
     * @param storage the bytes to view
     * @param writable whether setters are allowed
     * @return a view of the same storage
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

    /**
     * Returns a contiguous array of {@code shape} in {@code order} over {@code storage} starting at {@code offset}.
     *
     * @param dtype the element type
     * @param shape the shape
     * @param order the memory order
     * @param storage the bytes to view
     * @param offset the byte offset
     * @param writable whether setters are allowed
     * @return a new array
     */
    public static NdArray contiguous(DType dtype, long[] shape, Order order, Storage storage, long offset, boolean writable) {
        return view(dtype, shape, contiguousStrides(shape, dtype.itemSize(), order), offset, storage, writable);
    }

    /**
     * Returns a new writable, zero-filled, C-ordered array ({@code np.zeros(shape, dtype)}).
     *
     * @param dtype the element type
     * @param shape the shape
     * @return a new array
     */
    public static NdArray zeros(DType dtype, long... shape) {
        long bytes = Math.multiplyExact(sizeOf(shape), (long) dtype.itemSize());
        return contiguous(dtype, shape, Order.C, Storage.allocate(bytes), 0, true);
    }

    /**
     * Returns the byte strides of a contiguous array of {@code shape} in {@code order}.
     *
     * @param shape the shape
     * @param itemSize the element size in bytes
     * @param order the memory order
     * @return the byte strides of a contiguous array of {@code shape} in {@code order}
     */
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

    /**
     * Returns {@code prod(shape)}, checking for negative dimensions and overflow.
     *
     * @param shape the shape
     * @return {@code prod(shape)}, checking for negative dimensions and overflow
     */
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

    /**
     * Returns the element type ({@code a.dtype}).
     *
     * @return the element type
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Returns a copy of the shape.
     *
     * @return a copy of the shape
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Returns the length of axis {@code axis}.
     *
     * @param axis the axis to slice
     * @return the length of axis {@code axis}
     */
    public long shape(int axis) {
        return shape[axis];
    }

    /**
     * Returns a copy of the byte strides.
     *
     * @return a copy of the byte strides
     */
    public long[] strides() {
        return strides.clone();
    }

    /**
     * Returns the byte offset of element {@code [0, 0, …]} in the storage.
     *
     * @return the byte offset of element {@code [0, 0, …]} in the storage
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns the bytes this array is a view of (shared, not copied).
     *
     * @return the bytes this array is a view of (shared, not copied)
     */
    public Storage storage() {
        return storage;
    }

    /**
     * Returns the number of dimensions ({@code a.ndim}); 0 for a 0-d array.
     *
     * @return the number of dimensions; 0 for a 0-d array
     */
    public int ndim() {
        return shape.length;
    }

    /**
     * Returns the number of elements.
     *
     * @return the number of elements
     */
    public long size() {
        return size;
    }

    /**
     * Returns {@code size() * itemSize}.
     *
     * @return {@code size() * itemSize}
     */
    public long byteSize() {
        return size * dtype.itemSize();
    }

    /**
     * Returns true if setters are allowed (the array was created writable and its storage is not read-only).
     *
     * @return true if so
     */
    public boolean isWritable() {
        return writable;
    }

    /**
     * Returns a read-only view of this array.
     *
     * @return a view of the same storage
     */
    public NdArray asReadOnly() {
        return writable ? new NdArray(dtype, shape, strides, offset, storage, false) : this;
    }

    /**
     * Row-major contiguity with NumPy's relaxed rules (axes of length 1 are ignored; size 0 or 1 is contiguous).
     *
     * @return true if so
     */
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

    /**
     * Column-major contiguity with NumPy's relaxed rules.
     *
     * @return true if so
     */
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

    /**
     * Returns the transpose ({@code a.T}) as a view: axes reversed.
     *
     * @return a view of the same storage
     */
    public NdArray transpose() {
        long[] s = new long[shape.length];
        long[] st = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            s[k] = shape[shape.length - 1 - k];
            st[k] = strides[shape.length - 1 - k];
        }
        return new NdArray(dtype, s, st, offset, storage, writable);
    }

    /**
     * Returns {@code a[i]}: the sub-array at index {@code i} of axis 0, a view with one dimension less.
     *
     * @param i the index along axis 0
     * @return a view of the same storage
     */
    public NdArray get(long i) {
        if (shape.length == 0) {
            throw new IllegalStateException("cannot index a 0-d array");
        }
        checkIndex(0, i);
        return new NdArray(dtype, Arrays.copyOfRange(shape, 1, shape.length), Arrays.copyOfRange(strides, 1, strides.length),
                offset + i * strides[0], storage, writable);
    }

    /**
     * Returns {@code a[start:stop:step]} along axis 0 as a view (Python slice semantics, {@code step != 0}).
     *
     * @param start the first index (Python slice semantics)
     * @param stop the index to stop before (Python slice semantics)
     * @param step the step, not zero
     * @return a view of the same storage
     */
    public NdArray slice(long start, long stop, long step) {
        return slice(0, start, stop, step);
    }

    /**
     * Returns the slice {@code start:stop:step} of {@code axis} as a view (Python slice semantics, clamped).
     *
     * @param axis the axis to slice
     * @param start the first index (Python slice semantics)
     * @param stop the index to stop before (Python slice semantics)
     * @param step the step, not zero
     * @return a view of the same storage
     */
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
     * @param name the field name or title
     * @return a view of the same storage
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

    /**
     * Returns the storage byte offset of the element at {@code idx} (negative indices count from the end).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the storage byte offset of the element at {@code idx} (negative indices count from the end)
     */
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

    /**
     * Returns the storage byte offset of the element at flat C-order position {@code flat}.
     *
     * @param flat the flat C-order index
     * @return the storage byte offset of the element at flat C-order position {@code flat}
     */
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

    /**
     * Returns a new writable contiguous copy in {@code order} ({@code a.copy(order=...)}).
     *
     * @param order the memory order
     * @return a new writable array
     */
    public NdArray copy(Order order) {
        long bytes = byteSize();
        Storage dst = Storage.allocate(bytes);
        NdArray out = contiguous(dtype, shape, order, dst, 0, true);
        copyInto(out);
        return out;
    }

    /**
     * Returns a new writable C-ordered copy.
     *
     * @return a new writable array
     */
    public NdArray copy() {
        return copy(Order.C);
    }

    /**
     * Copies every element's bytes into {@code dst}, which must have the same shape and item size
     * (element for element, whatever either's strides). Runs that are contiguous in both arrays move as byte blocks;
     * others element by element without allocation. Overlapping source and destination give undefined results.
     *
     * @param dst the destination
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
        if (!isCContiguous() || !dst.isCContiguous()) {
            if (Tiled.copy(this, dst)) {
                return;
            }
        }
        int item = dtype.itemSize();
        Runs r = Runs.of(shape, new long[][] {strides, dst.strides}, new long[] {offset, dst.offset});
        byte[] buf = null;
        while (r.next()) {
            long len = r.length();
            long s0 = r.offset(0);
            long d0 = r.offset(1);
            long ss = r.stride(0);
            long ds = r.stride(1);
            if (ss == item && ds == item) {
                copyBytes(storage, s0, dst.storage, d0, len * item);
                continue;
            }
            Storage from = storage;
            Storage to = dst.storage;
            switch (item) {
                case 1:
                    for (long i = 0; i < len; i++) {
                        to.putByte(d0 + ds * i, from.getByte(s0 + ss * i));
                    }
                    break;
                case 2:
                    for (long i = 0; i < len; i++) {
                        to.putShort(d0 + ds * i, from.getShort(s0 + ss * i));
                    }
                    break;
                case 4:
                    for (long i = 0; i < len; i++) {
                        to.putInt(d0 + ds * i, from.getInt(s0 + ss * i));
                    }
                    break;
                case 8:
                    for (long i = 0; i < len; i++) {
                        to.putLong(d0 + ds * i, from.getLong(s0 + ss * i));
                    }
                    break;
                default:
                    if (buf == null) {
                        buf = new byte[item];
                    }
                    for (long i = 0; i < len; i++) {
                        from.getBytes(s0 + ss * i, buf, 0, item);
                        to.putBytes(d0 + ds * i, buf, 0, item);
                    }
                    break;
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

    // ---- factories from Java data ------------------------------------------------------------------------------

    /**
     * Returns a new 1-d {@code float64} array holding a copy of {@code data} ({@code np.array(data)}).
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(double[] data) {
        return of(DType.FLOAT64, new long[] {data.length}, Order.C, data);
    }

    /**
     * Returns a new 1-d {@code float32} array holding a copy of {@code data}.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(float[] data) {
        return of(DType.FLOAT32, new long[] {data.length}, Order.C, data);
    }

    /**
     * Returns a new 1-d {@code int64} array holding a copy of {@code data}.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(long[] data) {
        return of(DType.INT64, new long[] {data.length}, Order.C, data);
    }

    /**
     * Returns a new 1-d {@code int32} array holding a copy of {@code data}.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(int[] data) {
        return of(DType.INT32, new long[] {data.length}, Order.C, data);
    }

    /**
     * Returns a new 1-d {@code int16} array holding a copy of {@code data}.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(short[] data) {
        return of(DType.INT16, new long[] {data.length}, Order.C, data);
    }

    /**
     * Returns a new 1-d {@code int8} array holding a copy of {@code data}.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(byte[] data) {
        return of(DType.INT8, new long[] {data.length}, Order.C, data);
    }

    /**
     * Returns a new 1-d {@code bool} array holding a copy of {@code data}.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(boolean[] data) {
        NdArray a = zeros(DType.BOOL, data.length);
        a.putRow(0, data);
        return a;
    }

    /**
     * Returns a 0-d {@code float64} array ({@code np.array(value)}).
     *
     * @param value the value to store
     * @return a new array
     */
    public static NdArray scalar(double value) {
        return of(DType.FLOAT64, new long[0], Order.C, new double[] {value});
    }

    /**
     * Returns a 0-d {@code int64} array.
     *
     * @param value the value to store
     * @return a new array
     */
    public static NdArray scalar(long value) {
        return of(DType.INT64, new long[0], Order.C, new long[] {value});
    }

    /**
     * Returns a new 1-d {@code <Un} array of the strings, {@code n} the largest length in code points (at least 1),
     * like {@code np.array(["a", "bcd"])} gives {@code '<U3'}. A surrogate pair is one code point.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray ofStrings(String... data) {
        int n = 1;
        for (int i = 0; i < data.length; i++) {
            String s = Objects.requireNonNull(data[i], "null string at index " + i);
            n = Math.max(n, s.codePointCount(0, s.length()));
        }
        NdArray a = zeros(DType.unicode(n), data.length);
        for (int i = 0; i < data.length; i++) {
            a.setString(data[i], i);
        }
        return a;
    }

    /**
     * Returns a new 1-d {@code |Sn} array of the byte strings, {@code n} the largest length (at least 1).
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray ofBytes(byte[]... data) {
        int n = 1;
        for (int i = 0; i < data.length; i++) {
            n = Math.max(n, Objects.requireNonNull(data[i], "null byte string at index " + i).length);
        }
        NdArray a = zeros(DType.bytes(n), data.length);
        for (int i = 0; i < data.length; i++) {
            a.storage.putBytes((long) i * n, data[i], 0, data[i].length);
        }
        return a;
    }

    /**
     * Returns a new 2-d {@code float64} array; every row must have the same length.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(double[][] data) {
        return of2(DType.FLOAT64, data);
    }

    /**
     * Returns a new 3-d {@code float64} array; the input must be rectangular.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(double[][][] data) {
        return of3(DType.FLOAT64, data);
    }

    /**
     * Returns a new 2-d {@code float32} array; every row must have the same length.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(float[][] data) {
        return of2(DType.FLOAT32, data);
    }

    /**
     * Returns a new 3-d {@code float32} array; the input must be rectangular.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(float[][][] data) {
        return of3(DType.FLOAT32, data);
    }

    /**
     * Returns a new 2-d {@code int64} array; every row must have the same length.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(long[][] data) {
        return of2(DType.INT64, data);
    }

    /**
     * Returns a new 3-d {@code int64} array; the input must be rectangular.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(long[][][] data) {
        return of3(DType.INT64, data);
    }

    /**
     * Returns a new 2-d {@code int32} array; every row must have the same length.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(int[][] data) {
        return of2(DType.INT32, data);
    }

    /**
     * Returns a new 3-d {@code int32} array; the input must be rectangular.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(int[][][] data) {
        return of3(DType.INT32, data);
    }

    /**
     * Returns a new 2-d {@code int16} array; every row must have the same length.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(short[][] data) {
        return of2(DType.INT16, data);
    }

    /**
     * Returns a new 3-d {@code int16} array; the input must be rectangular.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(short[][][] data) {
        return of3(DType.INT16, data);
    }

    /**
     * Returns a new 2-d {@code int8} array; every row must have the same length.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(byte[][] data) {
        return of2(DType.INT8, data);
    }

    /**
     * Returns a new 3-d {@code int8} array; the input must be rectangular.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(byte[][][] data) {
        return of3(DType.INT8, data);
    }

    /**
     * Returns a new 2-d {@code bool} array; every row must have the same length.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(boolean[][] data) {
        return of2(DType.BOOL, data);
    }

    /**
     * Returns a new 3-d {@code bool} array; the input must be rectangular.
     *
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(boolean[][][] data) {
        return of3(DType.BOOL, data);
    }

    private static NdArray of2(DType t, Object[] rows) {
        int cols = rows.length == 0 ? 0 : rowLength(rows[0], "row 0");
        for (int i = 1; i < rows.length; i++) {
            int n = rowLength(rows[i], "row " + i);
            if (n != cols) {
                throw new IllegalArgumentException("ragged input: row " + i + " has length " + n + ", row 0 has length " + cols);
            }
        }
        NdArray a = zeros(t, rows.length, cols);
        long rowBytes = (long) cols * t.itemSize();
        for (int i = 0; i < rows.length; i++) {
            a.putRow(i * rowBytes, rows[i]);
        }
        return a;
    }

    private static NdArray of3(DType t, Object[][] planes) {
        int rows = planes.length == 0 ? 0 : rowLength(planes[0], "row 0");
        int cols = rows == 0 ? 0 : rowLength(planes[0][0], "row [0][0]");
        for (int i = 0; i < planes.length; i++) {
            int n = rowLength(planes[i], "row " + i);
            if (n != rows) {
                throw new IllegalArgumentException("ragged input: row " + i + " has length " + n + ", row 0 has length " + rows);
            }
            for (int j = 0; j < rows; j++) {
                int m = rowLength(planes[i][j], "row [" + i + "][" + j + "]");
                if (m != cols) {
                    throw new IllegalArgumentException("ragged input: row [" + i + "][" + j + "] has length " + m
                            + ", row [0][0] has length " + cols);
                }
            }
        }
        NdArray a = zeros(t, planes.length, rows, cols);
        long rowBytes = (long) cols * t.itemSize();
        long off = 0;
        for (Object[] plane : planes) {
            for (Object row : plane) {
                a.putRow(off, row);
                off += rowBytes;
            }
        }
        return a;
    }

    private static int rowLength(Object row, String what) {
        if (row == null) {
            throw new IllegalArgumentException("ragged input: " + what + " is null");
        }
        return java.lang.reflect.Array.getLength(row);
    }

    /** Writes one Java primitive array contiguously at byte {@code off} in this (native-order) array's storage. */
    private void putRow(long off, Object row) {
        java.nio.ByteOrder bo = dtype.endianness().toByteOrder();
        if (row instanceof double[]) {
            double[] r = (double[]) row;
            Bulk.putDoubles(storage, off, 8, bo, r, 0, r.length);
        } else if (row instanceof float[]) {
            float[] r = (float[]) row;
            Bulk.putFloats(storage, off, 4, bo, r, 0, r.length);
        } else if (row instanceof long[]) {
            long[] r = (long[]) row;
            Bulk.putLongs(storage, off, 8, bo, r, 0, r.length);
        } else if (row instanceof int[]) {
            int[] r = (int[]) row;
            Bulk.putInts(storage, off, 4, bo, r, 0, r.length);
        } else if (row instanceof short[]) {
            short[] r = (short[]) row;
            Bulk.putShorts(storage, off, 2, bo, r, 0, r.length);
        } else if (row instanceof byte[]) {
            byte[] r = (byte[]) row;
            Bulk.putBytes(storage, off, 1, r, 0, r.length);
        } else {
            boolean[] r = (boolean[]) row;
            byte[] b = new byte[r.length];
            for (int i = 0; i < r.length; i++) {
                b[i] = (byte) (r[i] ? 1 : 0);
            }
            storage.putBytes(off, b, 0, b.length);
        }
    }

    /**
     * Returns a new array of {@code dtype} and {@code shape} whose elements, laid out in {@code order}, are
     * {@code data} ({@code np.array(data).reshape(shape, order=order)} then cast without changing bits).
     * {@code dtype} must be {@code float64} in either byte order; big-endian dtypes store swapped bytes.
     *
     * @param dtype the element type
     * @param shape the shape
     * @param order the memory order
     * @param data the values (copied)
     * @return a new array
     * @throws IllegalArgumentException if the dtype does not match the carrier or the lengths differ
     */
    public static NdArray of(DType dtype, long[] shape, Order order, double[] data) {
        NdArray a = flat(dtype, shape, order, data.length, "double[]", Elem.F64);
        Bulk.putDoubles(a.storage, 0, 8, dtype.endianness().toByteOrder(), data, 0, data.length);
        return a;
    }

    /**
     * Like {@link #of(DType, long[], Order, double[])} for {@code float32} data.
     *
     * @param dtype the element type
     * @param shape the shape
     * @param order the memory order
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(DType dtype, long[] shape, Order order, float[] data) {
        NdArray a = flat(dtype, shape, order, data.length, "float[]", Elem.F32);
        Bulk.putFloats(a.storage, 0, 4, dtype.endianness().toByteOrder(), data, 0, data.length);
        return a;
    }

    /**
     * Like {@link #of(DType, long[], Order, double[])} for 8-byte integer dtypes: {@code int64}, {@code uint64} (the
     * longs' bits), {@code datetime64}/{@code timedelta64} (the counts).
     *
     * @param dtype the element type
     * @param shape the shape
     * @param order the memory order
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(DType dtype, long[] shape, Order order, long[] data) {
        NdArray a = flat(dtype, shape, order, data.length, "long[]", Elem.I64, Elem.U64, Elem.TIME);
        Bulk.putLongs(a.storage, 0, 8, dtype.endianness().toByteOrder(), data, 0, data.length);
        return a;
    }

    /**
     * Like {@link #of(DType, long[], Order, double[])} for {@code int32} and {@code uint32} (the ints' bits).
     *
     * @param dtype the element type
     * @param shape the shape
     * @param order the memory order
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(DType dtype, long[] shape, Order order, int[] data) {
        NdArray a = flat(dtype, shape, order, data.length, "int[]", Elem.I32, Elem.U32);
        Bulk.putInts(a.storage, 0, 4, dtype.endianness().toByteOrder(), data, 0, data.length);
        return a;
    }

    /**
     * Like {@link #of(DType, long[], Order, double[])} for {@code int16}, {@code uint16} (the shorts' bits) and
     * {@code float16} (the shorts are binary16 bit patterns).
     *
     * @param dtype the element type
     * @param shape the shape
     * @param order the memory order
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(DType dtype, long[] shape, Order order, short[] data) {
        NdArray a = flat(dtype, shape, order, data.length, "short[]", Elem.I16, Elem.U16, Elem.F16);
        Bulk.putShorts(a.storage, 0, 2, dtype.endianness().toByteOrder(), data, 0, data.length);
        return a;
    }

    /**
     * Like {@link #of(DType, long[], Order, double[])} for {@code int8} and {@code uint8} (the bytes' bits).
     *
     * @param dtype the element type
     * @param shape the shape
     * @param order the memory order
     * @param data the values (copied)
     * @return a new array
     */
    public static NdArray of(DType dtype, long[] shape, Order order, byte[] data) {
        NdArray a = flat(dtype, shape, order, data.length, "byte[]", Elem.I8, Elem.U8);
        a.storage.putBytes(0, data, 0, data.length);
        return a;
    }

    private static NdArray flat(DType dtype, long[] shape, Order order, int length, String carrier, int... codes) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(order, "order");
        int c = Elem.code(dtype);
        boolean ok = false;
        for (int k : codes) {
            ok |= k == c;
        }
        if (!ok) {
            throw new IllegalArgumentException("a " + carrier + " cannot hold the elements of dtype " + dtype.name()
                    + " (" + dtype.str() + ")");
        }
        long n = sizeOf(shape);
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n + " elements but "
                    + carrier + " has " + length);
        }
        return contiguous(dtype, shape, order, Storage.allocate(n * dtype.itemSize()), 0, true);
    }

    // ---- views -----------------------------------------------------------------------------------------------

    /**
     * Returns the array with a new shape ({@code a.reshape(shape)}, C order): a view when this array is C-contiguous,
     * otherwise a writable copy. One dimension may be {@code -1}: it is inferred from the size.
     *
     * @param newShape the new shape; one dimension may be {@code -1}
     * @return a view when this array is C-contiguous, otherwise a copy
     */
    public NdArray reshape(long... newShape) {
        long[] s = newShape.clone();
        int unknown = -1;
        long known = 1;
        for (int k = 0; k < s.length; k++) {
            if (s[k] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("can only specify one unknown dimension in " + Arrays.toString(newShape));
                }
                unknown = k;
            } else if (s[k] < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(newShape));
            } else {
                known = Math.multiplyExact(known, s[k]);
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape array of size " + size + " into shape "
                        + Arrays.toString(newShape));
            }
            s[unknown] = size / known;
        }
        if (sizeOf(s) != size) {
            throw new IllegalArgumentException("cannot reshape array of size " + size + " into shape " + Arrays.toString(newShape));
        }
        NdArray src = isCContiguous() ? this : copy(Order.C);
        return new NdArray(dtype, s, contiguousStrides(s, dtype.itemSize(), Order.C), src.offset, src.storage, src.writable);
    }

    /**
     * Returns the flattened array in C order ({@code a.ravel()}): a view when C-contiguous, otherwise a copy.
     *
     * @return a view when this array is C-contiguous, otherwise a copy
     */
    public NdArray ravel() {
        return reshape(size);
    }

    /**
     * Returns the array with its axes permuted ({@code np.transpose(a, axes)}): axis {@code k} of the result is axis
     * {@code axes[k]} of this array. Negative axes count from the end. A view.
     *
     * @param axes the new order of the axes
     * @return a view of the same storage
     */
    public NdArray permute(int... axes) {
        if (axes.length != shape.length) {
            throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " don't match an array of " + shape.length
                    + " dimensions");
        }
        long[] s = new long[axes.length];
        long[] st = new long[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int k = 0; k < axes.length; k++) {
            int a = axes[k] < 0 ? axes[k] + shape.length : axes[k];
            if (a < 0 || a >= shape.length) {
                throw new IllegalArgumentException("axis " + axes[k] + " is out of bounds for an array of " + shape.length
                        + " dimensions");
            }
            if (seen[a]) {
                throw new IllegalArgumentException("repeated axis in " + Arrays.toString(axes));
            }
            seen[a] = true;
            s[k] = shape[a];
            st[k] = strides[a];
        }
        return new NdArray(dtype, s, st, offset, storage, writable);
    }

    /**
     * Returns the array without its axes of length 1 ({@code a.squeeze()}), a view.
     *
     * @return a view of the same storage
     */
    public NdArray squeeze() {
        int n = 0;
        for (long d : shape) {
            if (d != 1) {
                n++;
            }
        }
        long[] s = new long[n];
        long[] st = new long[n];
        int j = 0;
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] != 1) {
                s[j] = shape[k];
                st[j++] = strides[k];
            }
        }
        return new NdArray(dtype, s, st, offset, storage, writable);
    }

    /**
     * Returns the record field names in order ({@code a.dtype.names}); empty if the dtype is not a record.
     *
     * @return the field names, in order
     */
    public java.util.List<String> fieldNames() {
        return dtype instanceof StructDType ? ((StructDType) dtype).names() : java.util.List.of();
    }

    // ---- typed element access ------------------------------------------------------------------------------------
    //
    // Getters widen the way NumPy's "safe" casting does and refuse anything narrower; setters take the value first and
    // the index last: setDouble(2.5, i, j). The same-width unsigned/Java pairs (uint8/byte ... uint64/long) read and
    // write the bit pattern, as the factories do.

    private static final int R_BOOLEAN = Elem.mask(Elem.BOOL);
    private static final int R_BYTE = Elem.mask(Elem.BOOL, Elem.I8, Elem.U8);
    private static final int R_SHORT = R_BYTE | Elem.mask(Elem.I16, Elem.U16);
    private static final int R_INT = R_SHORT | Elem.mask(Elem.I32, Elem.U32);
    private static final int R_LONG = R_INT | Elem.mask(Elem.I64, Elem.U64, Elem.TIME);
    private static final int R_FLOAT = Elem.mask(Elem.BOOL, Elem.I8, Elem.U8, Elem.I16, Elem.U16, Elem.F16, Elem.F32);
    private static final int R_DOUBLE = (R_LONG & ~Elem.mask(Elem.TIME)) | Elem.mask(Elem.F16, Elem.F32, Elem.F64, Elem.F128);
    private static final int R_COMPLEX = R_DOUBLE | Elem.mask(Elem.C64, Elem.C128, Elem.C256);

    private static final int FLOATING = Elem.mask(Elem.F16, Elem.F32, Elem.F64, Elem.F128, Elem.C64, Elem.C128, Elem.C256);
    private static final int W_BOOLEAN = Elem.mask(Elem.BOOL, Elem.I8, Elem.U8, Elem.I16, Elem.U16, Elem.I32, Elem.U32,
            Elem.I64, Elem.U64) | FLOATING;
    private static final int W_BYTE = Elem.mask(Elem.I8, Elem.U8, Elem.I16, Elem.I32, Elem.I64) | FLOATING;
    private static final int W_SHORT = Elem.mask(Elem.I16, Elem.U16, Elem.I32, Elem.I64, Elem.F32, Elem.F64, Elem.F128,
            Elem.C64, Elem.C128, Elem.C256);
    private static final int W_INT = Elem.mask(Elem.I32, Elem.U32, Elem.I64, Elem.F64, Elem.F128, Elem.C128, Elem.C256);
    private static final int W_LONG = Elem.mask(Elem.I64, Elem.U64, Elem.TIME, Elem.F64, Elem.F128, Elem.C128, Elem.C256);
    private static final int W_FLOAT = Elem.mask(Elem.F32, Elem.F64, Elem.F128, Elem.C64, Elem.C128, Elem.C256);
    private static final int W_DOUBLE = Elem.mask(Elem.F64, Elem.F128, Elem.C128, Elem.C256);

    private void canRead(int allowed, String javaType) {
        if ((allowed & (1 << code)) == 0) {
            if (code == Elem.OTHER && dtype instanceof StructDType) {
                throw new IllegalStateException("dtype " + dtype + " is a record: select a field first (field(name))");
            }
            throw new IllegalStateException("cannot read " + dtype.name() + " (" + dtype.str() + ") as " + javaType
                    + " without loss: use " + naturalGetter() + ", or astype(DType) to convert with NumPy's casting rules");
        }
    }

    private long writableOffset(int allowed, String javaType, long[] idx) {
        if (!writable) {
            throw new IllegalStateException("array is read-only");
        }
        if ((allowed & (1 << code)) == 0) {
            throw new IllegalStateException("cannot store a " + javaType + " into " + dtype.name() + " (" + dtype.str()
                    + ") without loss: use " + naturalGetter().replace("get", "set")
                    + ", or build the values in a wider dtype and convert with astype(DType)");
        }
        return byteOffset(idx);
    }

    private String naturalGetter() {
        switch (code) {
            case Elem.BOOL: return "getBoolean";
            case Elem.I8: return "getByte";
            case Elem.U8:
            case Elem.I16: return "getShort";
            case Elem.U16:
            case Elem.I32: return "getInt";
            case Elem.U32:
            case Elem.I64:
            case Elem.U64:
            case Elem.TIME: return "getLong";
            case Elem.F16:
            case Elem.F32: return "getFloat";
            case Elem.F64:
            case Elem.F128: return "getDouble";
            case Elem.C64:
            case Elem.C128:
            case Elem.C256: return "getComplex";
            case Elem.BYTES: return "getBytes";
            case Elem.UNICODE: return "getString";
            default: return "getItemBytes";
        }
    }

    /**
     * Returns the {@code bool} element at {@code idx}.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public boolean getBoolean(long... idx) {
        canRead(R_BOOLEAN, "boolean");
        return storage.getByte(byteOffset(idx)) != 0;
    }

    /**
     * Returns the element at {@code idx} as a {@code byte}: bool (0/1), int8; uint8 as its bit pattern.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public byte getByte(long... idx) {
        canRead(R_BYTE, "byte");
        return (byte) Elem.readInteger(storage, byteOffset(idx), code, swap);
    }

    /**
     * Returns the element at {@code idx} as a {@code short}: bool, int8, uint8, int16; uint16 as its bit pattern.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public short getShort(long... idx) {
        canRead(R_SHORT, "short");
        return (short) Elem.readInteger(storage, byteOffset(idx), code, swap);
    }

    /**
     * Returns the element at {@code idx} as an {@code int}: bool, 8/16-bit integers, int32; uint32 as its bit pattern.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public int getInt(long... idx) {
        canRead(R_INT, "int");
        return (int) Elem.readInteger(storage, byteOffset(idx), code, swap);
    }

    /**
     * Returns the element at {@code idx} as a {@code long}: bool and integers; uint64 as its bit pattern (see
     * {@link #getUnsigned}); datetime64/timedelta64 as the raw count of units (NaT is {@code Long.MIN_VALUE}).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public long getLong(long... idx) {
        canRead(R_LONG, "long");
        return Elem.readInteger(storage, byteOffset(idx), code, swap);
    }

    /**
     * Returns the element at {@code idx} as a {@code float}: bool, 8/16-bit integers, float16, float32 (all exact).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public float getFloat(long... idx) {
        canRead(R_FLOAT, "float");
        long off = byteOffset(idx);
        if (code == Elem.F16) {
            return Float16.toFloat(Elem.getShort(storage, off, swap));
        }
        if (code == Elem.F32) {
            return Float.intBitsToFloat(Elem.getInt(storage, off, swap));
        }
        return Elem.readInteger(storage, off, code, swap);
    }

    /**
     * Returns the element at {@code idx} as a {@code double}: bool, integers (int64/uint64 rounded to nearest, as NumPy's
     * safe cast does), float16/32/64 exactly, longdouble rounded once to nearest (ties to even).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public double getDouble(long... idx) {
        canRead(R_DOUBLE, "double");
        return Elem.readDouble(storage, byteOffset(idx), code, swap);
    }

    /**
     * Returns the element at {@code idx} as a complex value: complex kinds, and every kind {@link #getDouble} reads.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element as a complex value
     */
    public Complex getComplex(long... idx) {
        canRead(R_COMPLEX, "complex");
        long off = byteOffset(idx);
        return Complex.of(Elem.readDouble(storage, off, code, swap), Elem.readImag(storage, off, code, swap));
    }

    /**
     * Returns the exact value of the unsigned (or bool) integer element at {@code idx}, uint64 included.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element's exact unsigned value
     */
    public java.math.BigInteger getUnsigned(long... idx) {
        if (code != Elem.BOOL && code != Elem.U8 && code != Elem.U16 && code != Elem.U32 && code != Elem.U64) {
            throw new IllegalStateException("getUnsigned reads unsigned integers, not " + dtype.name() + ": use " + naturalGetter());
        }
        long v = Elem.readInteger(storage, byteOffset(idx), code, swap);
        java.math.BigInteger b = java.math.BigInteger.valueOf(v);
        return v < 0 ? b.add(java.math.BigInteger.ONE.shiftLeft(64)) : b;
    }

    /**
     * Returns the unsigned element at {@code idx} in decimal ({@code "18446744073709551615"}).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element's exact unsigned value
     */
    public String getUnsignedString(long... idx) {
        return getUnsigned(idx).toString();
    }

    /**
     * Returns the {@code S} element at {@code idx} with trailing NULs stripped, as NumPy returns {@code bytes}.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return a new array of the element's bytes
     */
    public byte[] getBytes(long... idx) {
        if (code != Elem.BYTES) {
            throw new IllegalStateException("getBytes reads byte strings (S), not " + dtype.name() + ": use " + naturalGetter());
        }
        byte[] b = getItemBytes(idx);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n == b.length ? b : Arrays.copyOf(b, n);
    }

    /**
     * Returns the string element at {@code idx}: {@code U} decoded from UTF-32 in the dtype's byte order (trailing NULs
     * stripped, code points above U+FFFF as surrogate pairs); {@code S} decoded as ISO-8859-1, one char per byte.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public String getString(long... idx) {
        if (code == Elem.BYTES) {
            return new String(getBytes(idx), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (code != Elem.UNICODE) {
            throw new IllegalStateException("getString reads strings (U or S), not " + dtype.name() + ": use " + naturalGetter());
        }
        return readString(byteOffset(idx));
    }

    private String readString(long off) {
        int n = dtype.itemSize() / 4;
        while (n > 0 && Elem.getInt(storage, off + 4L * (n - 1), swap) == 0) {
            n--;
        }
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int cp = Elem.getInt(storage, off + 4L * i, swap);
            if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                throw new IllegalStateException("invalid code point 0x" + Integer.toHexString(cp) + " in " + dtype.str()
                        + " element at byte " + off);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /**
     * Returns the datetime64 element at {@code idx} as an instant (units Y … ns; null for NaT).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public java.time.Instant getInstant(long... idx) {
        long v = timeValue(org.npy4j.dtype.Kind.DATETIME, idx);
        return v == Long.MIN_VALUE ? null : DateTimes.toInstant(v, (ScalarDType) dtype);
    }

    /**
     * Returns the datetime64 element at {@code idx} as a date, for units Y, M, W and D (null for NaT).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public java.time.LocalDate getLocalDate(long... idx) {
        long v = timeValue(org.npy4j.dtype.Kind.DATETIME, idx);
        return v == Long.MIN_VALUE ? null : DateTimes.toLocalDate(v, (ScalarDType) dtype);
    }

    /**
     * Returns the timedelta64 element at {@code idx} as a duration, for fixed units W … ns (null for NaT).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return the element
     */
    public java.time.Duration getDuration(long... idx) {
        long v = timeValue(org.npy4j.dtype.Kind.TIMEDELTA, idx);
        return v == Long.MIN_VALUE ? null : DateTimes.toDuration(v, (ScalarDType) dtype);
    }

    /**
     * Returns true if the datetime64/timedelta64 element at {@code idx} is NaT (not a time).
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return true if so
     */
    public boolean isNaT(long... idx) {
        if (code != Elem.TIME) {
            throw new IllegalStateException("isNaT needs a datetime64 or timedelta64 array, not " + dtype.name());
        }
        return Elem.getLong(storage, byteOffset(idx), swap) == Long.MIN_VALUE;
    }

    private long timeValue(org.npy4j.dtype.Kind kind, long[] idx) {
        if (dtype.kind() != kind) {
            throw new IllegalStateException("this needs a " + (kind == org.npy4j.dtype.Kind.DATETIME ? "datetime64" : "timedelta64")
                    + " array, not " + dtype.name());
        }
        return Elem.getLong(storage, byteOffset(idx), swap);
    }

    /**
     * Returns the raw bytes of the element at {@code idx}, in the dtype's own byte order.
     *
     * @param idx the element index, one per axis (negative counts from the end)
     * @return a new array of the element's bytes
     */
    public byte[] getItemBytes(long... idx) {
        byte[] b = new byte[dtype.itemSize()];
        storage.getBytes(byteOffset(idx), b, 0, b.length);
        return b;
    }

    /**
     * Sets the element at {@code idx} to {@code value}: any numeric dtype (true is 1).
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setBoolean(boolean value, long... idx) {
        storeInteger(writableOffset(W_BOOLEAN, "boolean", idx), value ? 1 : 0);
    }

    /**
     * Sets the element at {@code idx}: int8 and wider signed integers, floats, complex; uint8 takes the bit pattern.
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setByte(byte value, long... idx) {
        storeInteger(writableOffset(W_BYTE, "byte", idx), value);
    }

    /**
     * Sets the element at {@code idx}: int16 and wider integers, float32 and wider, complex; uint16 takes the bits.
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setShort(short value, long... idx) {
        storeInteger(writableOffset(W_SHORT, "short", idx), value);
    }

    /**
     * Sets the element at {@code idx}: int32, int64, float64, longdouble, complex128+; uint32 takes the bit pattern.
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setInt(int value, long... idx) {
        storeInteger(writableOffset(W_INT, "int", idx), value);
    }

    /**
     * Sets the element at {@code idx}: int64, datetime64/timedelta64 (the count), float64 (rounded, as NumPy's safe
     * cast), longdouble (exact), complex128+; uint64 takes the bit pattern.
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setLong(long value, long... idx) {
        storeInteger(writableOffset(W_LONG, "long", idx), value);
    }

    /**
     * Sets the element at {@code idx}: float32 and wider floats, complex.
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setFloat(float value, long... idx) {
        long off = writableOffset(W_FLOAT, "float", idx);
        Elem.writeFloating(storage, off, code, swap, value, 0);
    }

    /**
     * Sets the element at {@code idx}: float64, longdouble (exact), complex128, clongdouble.
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setDouble(double value, long... idx) {
        long off = writableOffset(W_DOUBLE, "double", idx);
        Elem.writeFloating(storage, off, code, swap, value, 0);
    }

    /**
     * Sets the complex element at {@code idx}: complex128 and clongdouble; complex64 only when both parts are
     * exactly representable as {@code float} (narrowing is refused; use {@link #astype}).
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setComplex(Complex value, long... idx) {
        long off = writableOffset(Elem.mask(Elem.C64, Elem.C128, Elem.C256), "complex", idx);
        if (code == Elem.C64 && (!exactFloat(value.re()) || !exactFloat(value.im()))) {
            throw new IllegalArgumentException("complex64 cannot hold " + value + " exactly: round the parts to float first,"
                    + " or convert a complex128 array with astype(DType.COMPLEX64)");
        }
        Elem.writeFloating(storage, off, code, swap, value.re(), value.im());
    }

    private static boolean exactFloat(double d) {
        return Double.isNaN(d) || (double) (float) d == d;
    }

    /**
     * Sets the {@code U} element at {@code idx}; a string longer than the dtype's length is refused (NumPy truncates).
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setString(String value, long... idx) {
        if (code != Elem.UNICODE) {
            throw new IllegalStateException("setString writes unicode (U) arrays, not " + dtype.name()
                    + (code == Elem.BYTES ? ": use setBytes" : ""));
        }
        long off = writableOffset(Elem.mask(Elem.UNICODE), "string", idx);
        int n = dtype.itemSize() / 4;
        int count = value.codePointCount(0, value.length());
        if (count > n) {
            throw new IllegalArgumentException("string of " + count + " code points does not fit " + dtype.str());
        }
        int i = 0;
        for (int p = 0; p < value.length(); ) {
            int cp = value.codePointAt(p);
            Elem.putInt(storage, off + 4L * i++, swap, cp);
            p += Character.charCount(cp);
        }
        for (; i < n; i++) {
            storage.putInt(off + 4L * i, 0);
        }
    }

    /**
     * Sets the {@code S} element at {@code idx}, NUL-padded; longer values are refused (NumPy truncates).
     *
     * @param value the value to store
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setBytes(byte[] value, long... idx) {
        long off = writableOffset(Elem.mask(Elem.BYTES), "byte string", idx);
        int n = dtype.itemSize();
        if (value.length > n) {
            throw new IllegalArgumentException(value.length + " bytes do not fit " + dtype.str());
        }
        storage.putBytes(off, value, 0, value.length);
        for (int i = value.length; i < n; i++) {
            storage.putByte(off + i, (byte) 0);
        }
    }

    /**
     * Sets the raw bytes of the element at {@code idx} (any dtype; exactly {@code itemSize} bytes, dtype byte order).
     *
     * @param raw the element bytes in the dtype's byte order
     * @param idx the element index, one per axis (negative counts from the end)
     */
    public void setItemBytes(byte[] raw, long... idx) {
        if (!writable) {
            throw new IllegalStateException("array is read-only");
        }
        if (raw.length != dtype.itemSize()) {
            throw new IllegalArgumentException(raw.length + " bytes given for an item of " + dtype.itemSize());
        }
        storage.putBytes(byteOffset(idx), raw, 0, raw.length);
    }

    private void storeInteger(long off, long v) {
        if (Elem.isInteger(code)) {
            Elem.writeInteger(storage, off, code, swap, v);
        } else {
            Elem.writeIntegerAsFloating(storage, off, code, swap, v, false);
        }
    }

    // ---- bulk export -----------------------------------------------------------------------------------------

    /** Largest Java array length the VMs allow reliably. */
    private static final int MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;
    private static final int BLOCK = 4096;

    private int exportLength(String what) {
        if (size > MAX_JAVA_ARRAY) {
            throw new IllegalStateException("array of " + size + " elements is too large for one Java " + what
                    + " (at most " + MAX_JAVA_ARRAY + "): export parts of it, e.g. get(i) or slice(...)");
        }
        return (int) size;
    }

    private Runs runs() {
        return Runs.of(shape, new long[][] {strides}, new long[] {offset});
    }

    private java.nio.ByteOrder byteOrder() {
        return swap ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN;
    }

    /** Reads a run of an integer-code array as long values into {@code dst} (block temps supplied by the caller). */
    private void integerRun(long off, long st, long[] dst, int p, int len, Temps t) {
        java.nio.ByteOrder bo = byteOrder();
        switch (code) {
            case Elem.I64:
            case Elem.U64:
            case Elem.TIME:
                Bulk.getLongs(storage, off, st, bo, dst, p, len);
                return;
            default:
                break;
        }
        while (len > 0) {
            int n = Math.min(len, BLOCK);
            switch (code) {
                case Elem.BOOL: {
                    Bulk.getBytes(storage, off, st, t.bytes(), 0, n);
                    for (int i = 0; i < n; i++) {
                        dst[p + i] = t.b[i] != 0 ? 1 : 0;
                    }
                    break;
                }
                case Elem.I8:
                case Elem.U8: {
                    Bulk.getBytes(storage, off, st, t.bytes(), 0, n);
                    long m = code == Elem.U8 ? 0xFF : -1;
                    for (int i = 0; i < n; i++) {
                        dst[p + i] = t.b[i] & m;
                    }
                    break;
                }
                case Elem.I16:
                case Elem.U16: {
                    Bulk.getShorts(storage, off, st, bo, t.shorts(), 0, n);
                    long m = code == Elem.U16 ? 0xFFFF : -1;
                    for (int i = 0; i < n; i++) {
                        dst[p + i] = t.s[i] & m;
                    }
                    break;
                }
                default: { // I32, U32
                    Bulk.getInts(storage, off, st, bo, t.ints(), 0, n);
                    long m = code == Elem.U32 ? 0xFFFFFFFFL : -1;
                    for (int i = 0; i < n; i++) {
                        dst[p + i] = t.i[i] & m;
                    }
                    break;
                }
            }
            off += st * n;
            p += n;
            len -= n;
        }
    }

    /** Per-export scratch buffers, allocated on first use. */
    private static final class Temps {
        byte[] b;
        short[] s;
        int[] i;
        long[] l;
        float[] f;

        byte[] bytes() {
            return b == null ? b = new byte[BLOCK] : b;
        }

        short[] shorts() {
            return s == null ? s = new short[BLOCK] : s;
        }

        int[] ints() {
            return i == null ? i = new int[BLOCK] : i;
        }

        long[] longs() {
            return l == null ? l = new long[BLOCK] : l;
        }

        float[] floats() {
            return f == null ? f = new float[BLOCK] : f;
        }
    }

    /** Fills part of an export array from one (temporary, C-contiguous) array. */
    private interface Filler<T> {
        void fill(NdArray from, T out, int start);
    }

    /** Target size of one temporary slab when a transposed layout is exported through blocked copies. */
    private static final long SLAB_BYTES = 8L << 20;

    /**
     * Runs {@code filler} over this array. A transposed layout (contiguous along an axis other than the last) is
     * first copied to C order in slabs along axis 0 with the cache-blocked {@link Tiled} copy, each slab then
     * exported in bulk: two sequential passes beat one pass that misses the cache on every element.
     */
    private <T> void exportInto(T out, Filler<T> filler) {
        if (size >= (1 << 15) && shape.length >= 2 && !isCContiguous()) {
            long perRow = size / shape[0] * dtype.itemSize();
            long rows = Math.max(1, SLAB_BYTES / Math.max(1, perRow));
            NdArray first = slice(0, 0, Math.min(rows, shape[0]), 1);
            // a row larger than a slab would make the temporary unbounded: export such arrays directly
            if (perRow <= SLAB_BYTES && Tiled.applies(first, contiguousStrides(first.shape, dtype.itemSize(), Order.C))) {
                int p = 0;
                for (long i = 0; i < shape[0]; i += rows) {
                    NdArray slab = slice(0, i, Math.min(shape[0], i + rows), 1).copy(Order.C);
                    filler.fill(slab, out, p);
                    p += (int) slab.size;
                }
                return;
            }
        }
        filler.fill(this, out, 0);
    }

    /**
     * Returns all elements in C order as {@code double}s (the {@link #getDouble} widening), whatever the layout.
     *
     * @return a new Java array holding the elements in C order
     */
    public double[] toDoubleArray() {
        canRead(R_DOUBLE, "double");
        double[] out = new double[exportLength("double[]")];
        exportInto(out, (a, o, start) -> a.fillDoubles(o, start));
        return out;
    }

    /** Writes this array's elements in C order into {@code out} from index {@code start}. */
    private void fillDoubles(double[] out, int start) {
        Temps t = new Temps();
        java.nio.ByteOrder bo = byteOrder();
        Runs r = runs();
        int p = start;
        while (r.next()) {
            long off = r.offset(0);
            long st = r.stride(0);
            int len = (int) r.length();
            switch (code) {
                case Elem.F64:
                    Bulk.getDoubles(storage, off, st, bo, out, p, len);
                    break;
                case Elem.F128:
                    for (int i = 0; i < len; i++) {
                        out[p + i] = Elem.readDouble(storage, off + st * i, code, swap);
                    }
                    break;
                case Elem.F32:
                case Elem.F16:
                    for (int done = 0; done < len; ) {
                        int n = Math.min(len - done, BLOCK);
                        floatRun(off + st * done, st, t.floats(), 0, n, t);
                        for (int i = 0; i < n; i++) {
                            out[p + done + i] = t.f[i];
                        }
                        done += n;
                    }
                    break;
                default:
                    for (int done = 0; done < len; ) {
                        int n = Math.min(len - done, BLOCK);
                        integerRun(off + st * done, st, t.longs(), 0, n, t);
                        long[] l = t.l;
                        if (code == Elem.U64) {
                            for (int i = 0; i < n; i++) {
                                out[p + done + i] = Elem.unsignedToDouble(l[i]);
                            }
                        } else {
                            for (int i = 0; i < n; i++) {
                                out[p + done + i] = l[i];
                            }
                        }
                        done += n;
                    }
                    break;
            }
            p += len;
        }
    }

    /** Reads a run of a float16/float32 array as floats. */
    private void floatRun(long off, long st, float[] dst, int p, int len, Temps t) {
        if (code == Elem.F32) {
            Bulk.getFloats(storage, off, st, byteOrder(), dst, p, len);
            return;
        }
        while (len > 0) {
            int n = Math.min(len, BLOCK);
            Bulk.getShorts(storage, off, st, byteOrder(), t.shorts(), 0, n);
            for (int i = 0; i < n; i++) {
                dst[p + i] = Float16.toFloat(t.s[i]);
            }
            off += st * n;
            p += n;
            len -= n;
        }
    }

    /**
     * Returns all elements in C order as {@code float}s (the {@link #getFloat} widening).
     *
     * @return a new Java array holding the elements in C order
     */
    public float[] toFloatArray() {
        canRead(R_FLOAT, "float");
        float[] out = new float[exportLength("float[]")];
        exportInto(out, (a, o, start) -> a.fillFloats(o, start));
        return out;
    }

    /** Writes this array's elements in C order into {@code out} from index {@code start}. */
    private void fillFloats(float[] out, int start) {
        Temps t = new Temps();
        Runs r = runs();
        int p = start;
        while (r.next()) {
            long off = r.offset(0);
            long st = r.stride(0);
            int len = (int) r.length();
            if (code == Elem.F32 || code == Elem.F16) {
                floatRun(off, st, out, p, len, t);
            } else {
                for (int done = 0; done < len; ) {
                    int n = Math.min(len - done, BLOCK);
                    integerRun(off + st * done, st, t.longs(), 0, n, t);
                    for (int i = 0; i < n; i++) {
                        out[p + done + i] = t.l[i];
                    }
                    done += n;
                }
            }
            p += len;
        }
    }

    /**
     * Returns all elements in C order as {@code long}s (the {@link #getLong} rules: uint64 bits, datetime counts).
     *
     * @return a new Java array holding the elements in C order
     */
    public long[] toLongArray() {
        canRead(R_LONG, "long");
        long[] out = new long[exportLength("long[]")];
        exportInto(out, (a, o, start) -> a.fillLongs(o, start));
        return out;
    }

    /** Writes this array's elements in C order into {@code out} from index {@code start}. */
    private void fillLongs(long[] out, int start) {
        Temps t = new Temps();
        Runs r = runs();
        int p = start;
        while (r.next()) {
            int len = (int) r.length();
            integerRun(r.offset(0), r.stride(0), out, p, len, t);
            p += len;
        }
    }

    /**
     * Returns all elements in C order as {@code int}s (the {@link #getInt} rules: uint32 as bits).
     *
     * @return a new Java array holding the elements in C order
     */
    public int[] toIntArray() {
        canRead(R_INT, "int");
        int[] out = new int[exportLength("int[]")];
        exportInto(out, (a, o, start) -> a.fillInts(o, start));
        return out;
    }

    /** Writes this array's elements in C order into {@code out} from index {@code start}. */
    private void fillInts(int[] out, int start) {
        Temps t = new Temps();
        Runs r = runs();
        int p = start;
        while (r.next()) {
            long off = r.offset(0);
            long st = r.stride(0);
            int len = (int) r.length();
            if (code == Elem.I32 || code == Elem.U32) {
                Bulk.getInts(storage, off, st, byteOrder(), out, p, len);
            } else {
                for (int done = 0; done < len; ) {
                    int n = Math.min(len - done, BLOCK);
                    integerRun(off + st * done, st, t.longs(), 0, n, t);
                    for (int i = 0; i < n; i++) {
                        out[p + done + i] = (int) t.l[i];
                    }
                    done += n;
                }
            }
            p += len;
        }
    }

    /**
     * Returns all elements in C order as {@code short}s (the {@link #getShort} rules: uint16 as bits).
     *
     * @return a new Java array holding the elements in C order
     */
    public short[] toShortArray() {
        canRead(R_SHORT, "short");
        short[] out = new short[exportLength("short[]")];
        exportInto(out, (a, o, start) -> a.fillShorts(o, start));
        return out;
    }

    /** Writes this array's elements in C order into {@code out} from index {@code start}. */
    private void fillShorts(short[] out, int start) {
        Temps t = new Temps();
        Runs r = runs();
        int p = start;
        while (r.next()) {
            long off = r.offset(0);
            long st = r.stride(0);
            int len = (int) r.length();
            if (code == Elem.I16 || code == Elem.U16) {
                Bulk.getShorts(storage, off, st, byteOrder(), out, p, len);
            } else {
                for (int done = 0; done < len; ) {
                    int n = Math.min(len - done, BLOCK);
                    integerRun(off + st * done, st, t.longs(), 0, n, t);
                    for (int i = 0; i < n; i++) {
                        out[p + done + i] = (short) t.l[i];
                    }
                    done += n;
                }
            }
            p += len;
        }
    }

    /**
     * Returns all elements in C order as {@code byte}s: bool (0/1), int8; uint8 as bits.
     *
     * @return a new Java array holding the elements in C order
     */
    public byte[] toByteArray() {
        canRead(R_BYTE, "byte");
        byte[] out = new byte[exportLength("byte[]")];
        exportInto(out, (a, o, start) -> a.fillBytes(o, start));
        return out;
    }

    /** Writes this array's elements in C order into {@code out} from index {@code start}. */
    private void fillBytes(byte[] out, int start) {
        Runs r = runs();
        int p = start;
        while (r.next()) {
            int len = (int) r.length();
            Bulk.getBytes(storage, r.offset(0), r.stride(0), out, p, len);
            if (code == Elem.BOOL) {
                for (int i = p; i < p + len; i++) {
                    out[i] = (byte) (out[i] != 0 ? 1 : 0);
                }
            }
            p += len;
        }
    }

    /**
     * Returns all elements of a {@code bool} array in C order.
     *
     * @return a new Java array holding the elements in C order
     */
    public boolean[] toBooleanArray() {
        canRead(R_BOOLEAN, "boolean");
        boolean[] out = new boolean[exportLength("boolean[]")];
        exportInto(out, (a, o, start) -> a.fillBooleans(o, start));
        return out;
    }

    /** Writes this array's elements in C order into {@code out} from index {@code start}. */
    private void fillBooleans(boolean[] out, int start) {
        byte[] tmp = new byte[(int) Math.min(BLOCK, Math.max(1, size))];
        Runs r = runs();
        int p = start;
        while (r.next()) {
            long off = r.offset(0);
            long st = r.stride(0);
            int len = (int) r.length();
            for (int done = 0; done < len; ) {
                int n = Math.min(len - done, tmp.length);
                Bulk.getBytes(storage, off + st * done, st, tmp, 0, n);
                for (int i = 0; i < n; i++) {
                    out[p + done + i] = tmp[i] != 0;
                }
                done += n;
            }
            p += len;
        }
    }

    /**
     * Returns all elements of a {@code U} or {@code S} array in C order, decoded as {@link #getString} does.
     *
     * @return a new Java array holding the elements in C order
     */
    public String[] toStringArray() {
        if (code != Elem.UNICODE && code != Elem.BYTES) {
            throw new IllegalStateException("toStringArray needs a U or S array, not " + dtype.name());
        }
        String[] out = new String[exportLength("String[]")];
        byte[] buf = new byte[dtype.itemSize()];
        Runs r = runs();
        int p = 0;
        while (r.next()) {
            for (long i = 0; i < r.length(); i++) {
                long off = r.offset(0) + r.stride(0) * i;
                if (code == Elem.UNICODE) {
                    out[p++] = readString(off);
                } else {
                    storage.getBytes(off, buf, 0, buf.length);
                    int n = buf.length;
                    while (n > 0 && buf[n - 1] == 0) {
                        n--;
                    }
                    out[p++] = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                }
            }
        }
        return out;
    }

    private void requireNdim(int n) {
        if (shape.length != n) {
            throw new IllegalStateException("array has " + shape.length + " dimensions, not " + n + ": shape " + Arrays.toString(shape));
        }
    }

    /**
     * Returns a 2-d array's elements as rows ({@code a.tolist()} for 2-d), widening as {@link #toDoubleArray}.
     *
     * @return a new Java array holding the elements in C order
     */
    public double[][] toDoubleArray2D() {
        requireNdim(2);
        double[] flat = toDoubleArray();
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * cols, i * cols + cols);
        }
        return out;
    }

    /**
     * Returns a 3-d array's elements as nested rows, widening as {@link #toDoubleArray}.
     *
     * @return a new Java array holding the elements in C order
     */
    public double[][][] toDoubleArray3D() {
        requireNdim(3);
        double[] flat = toDoubleArray();
        int d0 = (int) shape[0];
        int d1 = (int) shape[1];
        int d2 = (int) shape[2];
        double[][][] out = new double[d0][d1][];
        int p = 0;
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++, p += d2) {
                out[i][j] = Arrays.copyOfRange(flat, p, p + d2);
            }
        }
        return out;
    }

    /**
     * Returns a 2-d array's elements as rows, widening as {@link #toFloatArray}.
     *
     * @return a new Java array holding the elements in C order
     */
    public float[][] toFloatArray2D() {
        requireNdim(2);
        float[] flat = toFloatArray();
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * cols, i * cols + cols);
        }
        return out;
    }

    /**
     * Returns a 3-d array's elements as nested rows, widening as {@link #toFloatArray}.
     *
     * @return a new Java array holding the elements in C order
     */
    public float[][][] toFloatArray3D() {
        requireNdim(3);
        float[] flat = toFloatArray();
        int d0 = (int) shape[0];
        int d1 = (int) shape[1];
        int d2 = (int) shape[2];
        float[][][] out = new float[d0][d1][];
        int p = 0;
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++, p += d2) {
                out[i][j] = Arrays.copyOfRange(flat, p, p + d2);
            }
        }
        return out;
    }

    /**
     * Returns a 2-d array's elements as rows, as {@link #toLongArray}.
     *
     * @return a new Java array holding the elements in C order
     */
    public long[][] toLongArray2D() {
        requireNdim(2);
        long[] flat = toLongArray();
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        long[][] out = new long[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * cols, i * cols + cols);
        }
        return out;
    }

    /**
     * Returns a 2-d array's elements as rows, as {@link #toIntArray}.
     *
     * @return a new Java array holding the elements in C order
     */
    public int[][] toIntArray2D() {
        requireNdim(2);
        int[] flat = toIntArray();
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        int[][] out = new int[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * cols, i * cols + cols);
        }
        return out;
    }

    // ---- comparison and conversion ---------------------------------------------------------------------------

    /**
     * Returns true if {@code other} has the same dtype, the same shape and the same bytes in every element, whatever
     * either array's strides, order or storage (NaNs with equal bits compare equal; longdouble padding counts).
     *
     * @param other the array to compare with
     * @return true if so
     */
    public boolean contentEquals(NdArray other) {
        if (!dtype.equals(other.dtype) || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        int item = dtype.itemSize();
        Runs r = Runs.of(shape, new long[][] {strides, other.strides}, new long[] {offset, other.offset});
        // compare in blocks of about 64 KiB (at least one item, at most what the array has)
        int perBlock = (int) Math.max(1, Math.min(size, (1 << 16) / Math.max(1, item)));
        byte[] a = new byte[perBlock * item];
        byte[] b = new byte[a.length];
        while (r.next()) {
            long len = r.length();
            boolean contiguousA = r.stride(0) == item;
            boolean contiguousB = r.stride(1) == item;
            for (long done = 0; done < len; ) {
                int n = (int) Math.min(len - done, perBlock);
                gather(storage, r.offset(0) + r.stride(0) * done, r.stride(0), contiguousA, item, n, a);
                gather(other.storage, r.offset(1) + r.stride(1) * done, r.stride(1), contiguousB, item, n, b);
                if (!Arrays.equals(a, 0, n * item, b, 0, n * item)) {
                    return false;
                }
                done += n;
            }
        }
        return true;
    }

    private static void gather(Storage s, long off, long stride, boolean contiguous, int item, int n, byte[] dst) {
        if (contiguous) {
            s.getBytes(off, dst, 0, n * item);
        } else {
            for (int i = 0; i < n; i++) {
                s.getBytes(off + stride * i, dst, i * item, item);
            }
        }
    }

    /**
     * Returns a new writable C-ordered copy converted to {@code target} ({@code a.astype(target)}) with NumPy's casting
     * semantics: float to integer truncates toward zero, integers wrap to narrower ones, anything non-zero is true,
     * floats round to nearest (ties to even), complex to real drops the imaginary part, byte order follows the target.
     * Also: datetime64/timedelta64 to and from integers (the counts) and between units (coarser units round toward
     * minus infinity, datetime years and months through the calendar, finer units wrap on overflow), {@code S}/{@code U}
     * resizing and ASCII conversions between them. Out-of-range float to integer results are platform-dependent in
     * NumPy; here int32/int64 give their minimum (as x86 does) and narrower types wrap the int32 result.
     *
     * @param target the dtype to convert to
     * @return a new writable C-ordered array
     * @throws IllegalArgumentException if NumPy cannot cast between these dtypes or this library does not
     */
    public NdArray astype(DType target) {
        return Casts.astype(this, target);
    }

    int code() {
        return code;
    }

    boolean swap() {
        return swap;
    }

    Runs runsForCast() {
        return runs();
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
