package org.npy4j.spark;

/**
 * Where element {@code id} of a column vector sits in a batch buffer. A top-level vector's ids are rows; each array
 * level nests one more axis, its ids running over the flattened (row, i1, …, ik) index in C order, which is what
 * {@code ColumnarArray} asks for. Positions follow the file's strides, so C- and Fortran-ordered data need no copy.
 */
final class Addr {
    final int base;
    /** Lengths of the nested axes, outermost first (empty for a top-level vector). */
    private final int[] radix;
    /** Byte strides: {@code strides[0]} for rows, {@code strides[k]} for {@code radix[k-1]}. */
    private final int[] strides;
    /** Set when position is {@code base + id * step}, the common C-order case, decided once. */
    private final boolean linear;
    private final int step;

    private Addr(int base, int[] radix, int[] strides) {
        this.base = base;
        this.radix = radix;
        this.strides = strides;
        boolean lin = true;
        for (int k = 0; k < radix.length; k++) {
            if ((long) strides[k] != (long) radix[k] * strides[k + 1]) {
                lin = false;
            }
        }
        this.linear = lin;
        this.step = strides[strides.length - 1];
    }

    /** A top-level vector: row {@code id} at {@code base + id * rowStride}. */
    static Addr rows(int base, int rowStride) {
        return new Addr(base, new int[0], new int[] {rowStride});
    }

    /** The address of the elements of an array level of {@code length} elements {@code stride} bytes apart. */
    Addr nest(int length, int stride) {
        int[] r = java.util.Arrays.copyOf(radix, radix.length + 1);
        r[radix.length] = length;
        int[] s = java.util.Arrays.copyOf(strides, strides.length + 1);
        s[strides.length] = stride;
        return new Addr(base, r, s);
    }

    /** The same element grid shifted by {@code offset} bytes (a record field). */
    Addr shift(int offset) {
        return new Addr(base + offset, radix, strides);
    }

    int pos(int id) {
        if (linear) {
            return base + id * step;
        }
        int p = base;
        int x = id;
        for (int k = radix.length; k >= 1; k--) {
            int d = radix[k - 1];
            p += (x % d) * strides[k];
            x /= d;
        }
        return p + x * strides[0];
    }
}
