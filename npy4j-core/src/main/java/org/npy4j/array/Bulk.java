package org.npy4j.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves runs of primitive values between {@link Storage} and Java arrays. A run that is contiguous
 * ({@code stride == width}) goes through NIO buffer views one chunk at a time ({@code asDoubleBuffer().get(...)});
 * only an element straddling a chunk boundary takes the element accessor. Strided runs loop over the run with
 * one storage read per element and no per-element dispatch.
 */
final class Bulk {
    /** Below this many elements a buffer view costs more than it saves. */
    private static final int MIN_BULK = 16;

    private Bulk() {
    }

    /** A transfer of {@code n} whole elements from/to a chunk buffer positioned at the first one. */
    private interface ChunkOp {
        void apply(ByteBuffer chunkAtPosition, int arrayIndex, int n);
    }

    /** A transfer of one element at {@code offset} (which may straddle chunks). */
    private interface OneOp {
        void apply(long offset, int arrayIndex);
    }

    private static void contiguous(Storage s, long off, int width, int p, int len, ByteOrder bo, ChunkOp bulk, OneOp one) {
        int shift = s.chunkShift();
        long mask = (1L << shift) - 1;
        while (len > 0) {
            ByteBuffer c = s.chunk((int) (off >>> shift));
            int pos = (int) (off & mask);
            int fit = (c.limit() - pos) / width;
            if (fit == 0) {
                one.apply(off, p);
                off += width;
                p++;
                len--;
                continue;
            }
            int n = Math.min(fit, len);
            c.position(pos);
            c.order(bo);
            bulk.apply(c, p, n);
            off += (long) n * width;
            p += n;
            len -= n;
        }
    }

    private static boolean bulk(long stride, int width, int len) {
        return stride == width && len >= MIN_BULK;
    }

    // ---- reads -------------------------------------------------------------------------------------------------

    static void getBytes(Storage s, long off, long stride, byte[] dst, int p, int len) {
        if (stride == 1) {
            s.getBytes(off, dst, p, len);
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            dst[p + i] = s.getByte(off);
        }
    }

    static void getShorts(Storage s, long off, long stride, ByteOrder bo, short[] dst, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 2, len)) {
            contiguous(s, off, 2, p, len, bo, (c, i, n) -> c.asShortBuffer().get(dst, i, n),
                    (o, i) -> dst[i] = swap ? Short.reverseBytes(s.getShort(o)) : s.getShort(o));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            short v = s.getShort(off);
            dst[p + i] = swap ? Short.reverseBytes(v) : v;
        }
    }

    static void getInts(Storage s, long off, long stride, ByteOrder bo, int[] dst, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 4, len)) {
            contiguous(s, off, 4, p, len, bo, (c, i, n) -> c.asIntBuffer().get(dst, i, n),
                    (o, i) -> dst[i] = swap ? Integer.reverseBytes(s.getInt(o)) : s.getInt(o));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            int v = s.getInt(off);
            dst[p + i] = swap ? Integer.reverseBytes(v) : v;
        }
    }

    static void getLongs(Storage s, long off, long stride, ByteOrder bo, long[] dst, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 8, len)) {
            contiguous(s, off, 8, p, len, bo, (c, i, n) -> c.asLongBuffer().get(dst, i, n),
                    (o, i) -> dst[i] = swap ? Long.reverseBytes(s.getLong(o)) : s.getLong(o));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            long v = s.getLong(off);
            dst[p + i] = swap ? Long.reverseBytes(v) : v;
        }
    }

    static void getFloats(Storage s, long off, long stride, ByteOrder bo, float[] dst, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 4, len)) {
            contiguous(s, off, 4, p, len, bo, (c, i, n) -> c.asFloatBuffer().get(dst, i, n),
                    (o, i) -> dst[i] = Float.intBitsToFloat(swap ? Integer.reverseBytes(s.getInt(o)) : s.getInt(o)));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            int v = s.getInt(off);
            dst[p + i] = Float.intBitsToFloat(swap ? Integer.reverseBytes(v) : v);
        }
    }

    static void getDoubles(Storage s, long off, long stride, ByteOrder bo, double[] dst, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 8, len)) {
            contiguous(s, off, 8, p, len, bo, (c, i, n) -> c.asDoubleBuffer().get(dst, i, n),
                    (o, i) -> dst[i] = Double.longBitsToDouble(swap ? Long.reverseBytes(s.getLong(o)) : s.getLong(o)));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            long v = s.getLong(off);
            dst[p + i] = Double.longBitsToDouble(swap ? Long.reverseBytes(v) : v);
        }
    }

    // ---- writes ------------------------------------------------------------------------------------------------

    static void putBytes(Storage s, long off, long stride, byte[] src, int p, int len) {
        if (stride == 1) {
            s.putBytes(off, src, p, len);
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            s.putByte(off, src[p + i]);
        }
    }

    static void putShorts(Storage s, long off, long stride, ByteOrder bo, short[] src, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 2, len)) {
            contiguous(s, off, 2, p, len, bo, (c, i, n) -> c.asShortBuffer().put(src, i, n),
                    (o, i) -> s.putShort(o, swap ? Short.reverseBytes(src[i]) : src[i]));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            s.putShort(off, swap ? Short.reverseBytes(src[p + i]) : src[p + i]);
        }
    }

    static void putInts(Storage s, long off, long stride, ByteOrder bo, int[] src, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 4, len)) {
            contiguous(s, off, 4, p, len, bo, (c, i, n) -> c.asIntBuffer().put(src, i, n),
                    (o, i) -> s.putInt(o, swap ? Integer.reverseBytes(src[i]) : src[i]));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            s.putInt(off, swap ? Integer.reverseBytes(src[p + i]) : src[p + i]);
        }
    }

    static void putLongs(Storage s, long off, long stride, ByteOrder bo, long[] src, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 8, len)) {
            contiguous(s, off, 8, p, len, bo, (c, i, n) -> c.asLongBuffer().put(src, i, n),
                    (o, i) -> s.putLong(o, swap ? Long.reverseBytes(src[i]) : src[i]));
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            s.putLong(off, swap ? Long.reverseBytes(src[p + i]) : src[p + i]);
        }
    }

    static void putFloats(Storage s, long off, long stride, ByteOrder bo, float[] src, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 4, len)) {
            contiguous(s, off, 4, p, len, bo, (c, i, n) -> c.asFloatBuffer().put(src, i, n), (o, i) -> {
                int v = Float.floatToRawIntBits(src[i]);
                s.putInt(o, swap ? Integer.reverseBytes(v) : v);
            });
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            int v = Float.floatToRawIntBits(src[p + i]);
            s.putInt(off, swap ? Integer.reverseBytes(v) : v);
        }
    }

    static void putDoubles(Storage s, long off, long stride, ByteOrder bo, double[] src, int p, int len) {
        boolean swap = bo == ByteOrder.BIG_ENDIAN;
        if (bulk(stride, 8, len)) {
            contiguous(s, off, 8, p, len, bo, (c, i, n) -> c.asDoubleBuffer().put(src, i, n), (o, i) -> {
                long v = Double.doubleToRawLongBits(src[i]);
                s.putLong(o, swap ? Long.reverseBytes(v) : v);
            });
            return;
        }
        for (int i = 0; i < len; i++, off += stride) {
            long v = Double.doubleToRawLongBits(src[p + i]);
            s.putLong(off, swap ? Long.reverseBytes(v) : v);
        }
    }
}
