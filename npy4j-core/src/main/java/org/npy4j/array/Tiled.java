package org.npy4j.array;

/**
 * Cache-blocked copy for the transposing case: the destination is contiguous along one axis and the source along
 * another (an F-ordered array copied to C order, or the reverse). Walking either array in the other's order touches a
 * new cache line per element; square tiles keep both sides' lines in cache.
 */
final class Tiled {
    private static final int TILE = 64;

    private Tiled() {
    }

    /** Returns true if {@link #copy} takes the blocked path for {@code src} into a destination with these strides. */
    static boolean applies(NdArray src, long[] dstStrides) {
        return axes(src, dstStrides) != null;
    }

    /** The (dst-contiguous, src-contiguous) axis pair, or null if the blocked path does not apply. */
    private static int[] axes(NdArray src, long[] ds) {
        int item = src.dtype().itemSize();
        if (item != 1 && item != 2 && item != 4 && item != 8) {
            return null;
        }
        long[] ss = src.strides();
        int inner = -1; // axis along which dst is contiguous
        int across = -1; // axis along which src is contiguous
        for (int k = 0; k < ss.length; k++) {
            if (src.shape(k) < 2) {
                continue;
            }
            if (ds[k] == item && inner < 0) {
                inner = k;
            }
            if (ss[k] == item && across < 0) {
                across = k;
            }
        }
        if (inner < 0 || across < 0 || inner == across || src.shape(inner) < TILE / 2 || src.shape(across) < TILE / 2) {
            return null;
        }
        return new int[] {inner, across};
    }

    /** Copies {@code src} into {@code dst} (same shape and item size) if the blocked path applies; false otherwise. */
    static boolean copy(NdArray src, NdArray dst) {
        long[] ds = dst.strides();
        int[] ax = axes(src, ds);
        if (ax == null) {
            return false;
        }
        int item = src.dtype().itemSize();
        int inner = ax[0];
        int across = ax[1];
        long[] shape = src.shape();
        long[] ss = src.strides();
        // the remaining axes are walked with Runs; each of their elements is the corner of one 2-d block
        int rest = shape.length - 2;
        long[] rs = new long[rest];
        long[][] rst = new long[2][rest];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != inner && k != across) {
                rs[j] = shape[k];
                rst[0][j] = ss[k];
                rst[1][j] = ds[k];
                j++;
            }
        }
        Runs r = Runs.of(rs, rst, new long[] {src.offset(), dst.offset()});
        Storage from = src.storage();
        Storage to = dst.storage();
        long ni = shape[across];
        long nj = shape[inner];
        long sI = ss[across];
        long sJ = ss[inner];
        long dI = ds[across];
        long dJ = ds[inner];
        while (r.next()) {
            for (long e = 0; e < r.length(); e++) {
                long sBase = r.offset(0) + r.stride(0) * e;
                long dBase = r.offset(1) + r.stride(1) * e;
                for (long i0 = 0; i0 < ni; i0 += TILE) {
                    long i1 = Math.min(ni, i0 + TILE);
                    for (long j0 = 0; j0 < nj; j0 += TILE) {
                        long j1 = Math.min(nj, j0 + TILE);
                        block(from, to, item, sBase, dBase, i0, i1, j0, j1, sI, sJ, dI, dJ);
                    }
                }
            }
        }
        return true;
    }

    private static void block(Storage from, Storage to, int item, long sBase, long dBase, long i0, long i1, long j0, long j1,
            long sI, long sJ, long dI, long dJ) {
        for (long i = i0; i < i1; i++) {
            long s = sBase + i * sI + j0 * sJ;
            long d = dBase + i * dI + j0 * dJ;
            switch (item) {
                case 1:
                    for (long j = j0; j < j1; j++, s += sJ, d += dJ) {
                        to.putByte(d, from.getByte(s));
                    }
                    break;
                case 2:
                    for (long j = j0; j < j1; j++, s += sJ, d += dJ) {
                        to.putShort(d, from.getShort(s));
                    }
                    break;
                case 4:
                    for (long j = j0; j < j1; j++, s += sJ, d += dJ) {
                        to.putInt(d, from.getInt(s));
                    }
                    break;
                default:
                    for (long j = j0; j < j1; j++, s += sJ, d += dJ) {
                        to.putLong(d, from.getLong(s));
                    }
                    break;
            }
        }
    }
}
