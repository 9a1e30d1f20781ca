package org.npy4j.dtype;

import java.util.Arrays;
import java.util.Objects;

/** A subarray dtype {@code (base, shape)}: a fixed-shape block of {@code base} elements inside a record field. *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public final class SubarrayDType extends DType {
    private final DType base;
    private final int[] shape;
    private final int itemSize;

    private SubarrayDType(DType base, int[] shape, int itemSize) {
        this.base = base;
        this.shape = shape;
        this.itemSize = itemSize;
    }

    static SubarrayDType of(DType base, int... shape) {
        Objects.requireNonNull(base, "base");
        long size = base.itemSize();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in subarray shape " + Arrays.toString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("subarray too large: " + Arrays.toString(shape) + " of " + base);
            }
        }
        return new SubarrayDType(base, shape.clone(), (int) size);
    }

    /**
     * Returns the element dtype (which may itself be a subarray, as NumPy keeps nested subarrays).
     *
     * @return the base dtype
     */
    public DType base() {
        return base;
    }

    /**
     * Returns the subarray shape.
     *
     * @return a copy of the shape
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the number of base elements ({@code prod(shape)}).
     *
     * @return the element count
     */
    public long count() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public Kind kind() {
        return Kind.SUBARRAY;
    }

    @Override
    public int itemSize() {
        return itemSize;
    }

    @Override
    public Endianness endianness() {
        return base.endianness();
    }

    @Override
    public SubarrayDType withEndianness(Endianness order) {
        return new SubarrayDType(base.withEndianness(order), shape, itemSize);
    }

    @Override
    public boolean hasObject() {
        return base.hasObject();
    }

    @Override
    public boolean isNativeOrder() {
        return base.isNativeOrder();
    }

    @Override
    public String str() {
        return "|V" + itemSize;
    }

    @Override
    public String name() {
        return base.name() + " subarray " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SubarrayDType)) {
            return false;
        }
        SubarrayDType s = (SubarrayDType) o;
        return base.equals(s.base) && Arrays.equals(shape, s.shape);
    }

    @Override
    public int hashCode() {
        return 31 * base.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "(" + base + ", " + Arrays.toString(shape) + ")";
    }
}
