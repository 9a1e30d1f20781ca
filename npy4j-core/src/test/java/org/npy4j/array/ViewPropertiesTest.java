package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.npy4j.dtype.DType;

/**
 * Properties of views and copies on arrays whose element values are their own flat C index, so any mix-up of
 * strides, offsets or order shows as a wrong value. Every array also lives on 8-byte chunks at an odd offset.
 */
class ViewPropertiesTest {
    private static final DType[] TYPES = {DType.FLOAT64, DType.parse(">f8"), DType.INT16, DType.parse(">i4"), DType.FLOAT32,
        DType.parse(">u8"), DType.LONGDOUBLE};

    private static NdArray indexArray(List<Integer> dims, int type, boolean chunked) {
        long[] shape = dims.stream().mapToLong(Integer::longValue).toArray();
        double[] v = new double[(int) NdArray.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        NdArray a = NdArray.of(DType.FLOAT64, shape, Order.C, v).astype(TYPES[type % TYPES.length]);
        return chunked ? ArrayContractTest.relocate(a, 3, 3, Order.F) : a;
    }

    /** Element values in C order, read one index at a time (independent of every bulk path). */
    private static double[] elementwise(NdArray a) {
        double[] out = new double[(int) a.size()];
        long[] idx = new long[a.ndim()];
        for (int n = 0; n < out.length; n++) {
            out[n] = a.getDouble(idx);
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < a.shape(k)) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    @Property(tries = 150)
    void transposeTwiceAndInversePermutationAreIdentity(@ForAll @Size(max = 4) List<@IntRange(min = 0, max = 5) Integer> dims,
            @ForAll @IntRange(min = 0, max = 6) int type, @ForAll boolean chunked, @ForAll long seed) {
        NdArray a = indexArray(dims, type, chunked);
        assertTrue(a.transpose().transpose().contentEquals(a));
        List<Integer> perm = new ArrayList<>();
        for (int k = 0; k < dims.size(); k++) {
            perm.add(k);
        }
        Collections.shuffle(perm, new Random(seed));
        int[] axes = perm.stream().mapToInt(Integer::intValue).toArray();
        int[] inverse = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            inverse[axes[k]] = k;
        }
        NdArray p = a.permute(axes);
        for (int k = 0; k < axes.length; k++) {
            assertEquals(a.shape(axes[k]), p.shape(k));
        }
        assertTrue(p.permute(inverse).contentEquals(a));
        // casts read strided, chunked, byte-swapped sources in C order
        assertArrayEquals(elementwise(p), p.astype(DType.FLOAT64).toDoubleArray());
        assertArrayEquals(elementwise(p), p.astype(DType.parse(">f4")).astype(DType.LONGDOUBLE).toDoubleArray());
        assertTrue(p.toString().length() < 200, p.toString());
        // the permuted view reads what its index mapping says, in bulk and element by element
        assertArrayEquals(elementwise(p), p.toDoubleArray());
        assertArrayEquals(elementwise(p), p.copy(Order.F).toDoubleArray());
        if (dims.size() == axes.length && axes.length > 0) {
            long[] idx = new long[axes.length];
            long[] orig = new long[axes.length];
            for (int k = 0; k < axes.length; k++) {
                idx[k] = p.shape(k) - 1;
                orig[axes[k]] = idx[k];
            }
            if (a.size() > 0) {
                assertEquals(a.getDouble(orig), p.getDouble(idx));
            }
        }
    }

    @Property(tries = 200)
    void slicesFollowPythonSemantics(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 7) Integer> dims,
            @ForAll @IntRange(min = 0, max = 6) int type, @ForAll boolean chunked, @ForAll @IntRange(min = 0, max = 2) int axis,
            @ForAll @IntRange(min = -10, max = 10) int start, @ForAll @IntRange(min = -10, max = 10) int stop,
            @ForAll @IntRange(min = -4, max = 4) int step) {
        if (step == 0 || axis >= dims.size()) {
            return;
        }
        NdArray a = indexArray(dims, type, chunked);
        NdArray s = a.slice(axis, start, stop, step);
        List<Long> picked = pythonRange(dims.get(axis), start, stop, step);
        assertEquals(picked.size(), s.shape(axis));
        NdArray back = NdArray.zeros(a.dtype(), s.shape());
        s.copyInto(back);
        double[] got = back.toDoubleArray();
        double[] want = new double[got.length];
        long[] idx = new long[dims.size()];
        for (int n = 0; n < want.length; n++) {
            long[] orig = idx.clone();
            orig[axis] = picked.get((int) idx[axis]);
            want[n] = a.getDouble(orig);
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < s.shape(k)) {
                    break;
                }
                idx[k] = 0;
            }
        }
        assertArrayEquals(want, got);
        assertArrayEquals(want, s.toDoubleArray());
        assertArrayEquals(want, elementwise(s));
    }

    /** CPython's slice.indices + range, written out independently. */
    private static List<Long> pythonRange(long n, long start, long stop, long step) {
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? n - 1 : n;
        long s = start < 0 ? Math.max(start + n, lower) : Math.min(start, upper);
        long e = stop < 0 ? Math.max(stop + n, lower) : Math.min(stop, upper);
        List<Long> out = new ArrayList<>();
        for (long i = s; step > 0 ? i < e : i > e; i += step) {
            out.add(i);
        }
        return out;
    }

    @Property(tries = 150)
    void reshapeRavelSqueezeAndCopyPreserveCOrderValues(
            @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 4) Integer> dims, @ForAll @IntRange(min = 0, max = 6) int type,
            @ForAll boolean chunked, @ForAll boolean transposed) {
        NdArray a = indexArray(dims, type, chunked);
        if (transposed) {
            a = a.transpose();
        }
        double[] values = elementwise(a);
        NdArray flat = a.ravel();
        assertEquals(1, flat.ndim());
        assertArrayEquals(values, flat.toDoubleArray());
        assertEquals(a.isCContiguous(), flat.storage() == a.storage(), "ravel is a view exactly when C-contiguous");
        NdArray back = flat.reshape(a.shape());
        assertTrue(back.contentEquals(a));
        if (a.size() > 0) {
            NdArray r = a.reshape(1, -1, 1);
            assertArrayEquals(values, r.toDoubleArray());
            assertArrayEquals(values, r.squeeze().ravel().toDoubleArray());
        }
        for (Order o : Order.values()) {
            NdArray c = a.copy(o);
            assertTrue(o == Order.C ? c.isCContiguous() : c.isFContiguous());
            assertTrue(c.contentEquals(a));
            assertArrayEquals(values, c.toDoubleArray());
            NdArray moved = ArrayContractTest.relocate(c, 4, 1, o);
            assertTrue(moved.contentEquals(a));
        }
    }
}
