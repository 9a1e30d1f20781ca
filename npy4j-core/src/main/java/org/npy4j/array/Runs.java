package org.npy4j.array;

/**
 * Walks one or more arrays of the same shape in C order, one <em>run</em> along the innermost axis at a time.
 * Axes of length 1 are dropped and neighbouring axes that are contiguous in every array are merged first, so a
 * C-contiguous array is a single run and a Fortran array read in C order is runs along the last axis.
 *
 * <pre>{@code
 * Runs r = Runs.of(shape, new long[][] {a.strides}, new long[] {a.offset});
 * while (r.next()) { long off = r.offset(0); long n = r.length(); long step = r.stride(0); ... }
 * }</pre>
 */
final class Runs {
    private final int arrays;
    private final long[] shape;      // collapsed outer axes + inner axis last
    private final long[][] strides;  // [array][axis]
    private final long[] counter;
    private final long[] offsets;
    private final long[] base;
    private final long length;
    private final boolean empty;
    private boolean started;

    private Runs(long[] shape, long[][] strides, long[] base, boolean empty) {
        this.arrays = base.length;
        this.shape = shape;
        this.strides = strides;
        this.base = base.clone();
        this.offsets = base.clone();
        this.counter = new long[shape.length];
        this.length = shape[shape.length - 1];
        this.empty = empty;
    }

    static Runs of(long[] shape, long[][] strides, long[] offsets) {
        int na = offsets.length;
        for (long d : shape) {
            if (d == 0) {
                return new Runs(new long[] {0}, new long[na][1], offsets, true);
            }
        }
        long[] cs = new long[shape.length];
        long[][] cst = new long[na][shape.length];
        int n = 0;
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] == 1) {
                continue;
            }
            boolean merge = n > 0;
            for (int a = 0; a < na && merge; a++) {
                merge = cst[a][n - 1] == strides[a][k] * shape[k];
            }
            if (merge) {
                cs[n - 1] *= shape[k];
                for (int a = 0; a < na; a++) {
                    cst[a][n - 1] = strides[a][k];
                }
            } else {
                cs[n] = shape[k];
                for (int a = 0; a < na; a++) {
                    cst[a][n] = strides[a][k];
                }
                n++;
            }
        }
        if (n == 0) {
            return new Runs(new long[] {1}, new long[na][1], offsets, false);
        }
        long[] s = java.util.Arrays.copyOf(cs, n);
        long[][] st = new long[na][];
        for (int a = 0; a < na; a++) {
            st[a] = java.util.Arrays.copyOf(cst[a], n);
        }
        return new Runs(s, st, offsets, false);
    }

    /** Advances to the next run; false when all are done. */
    boolean next() {
        if (empty) {
            return false;
        }
        if (!started) {
            started = true;
            return true;
        }
        for (int k = shape.length - 2; k >= 0; k--) {
            if (++counter[k] < shape[k]) {
                for (int a = 0; a < arrays; a++) {
                    offsets[a] += strides[a][k];
                }
                return true;
            }
            counter[k] = 0;
            for (int a = 0; a < arrays; a++) {
                offsets[a] -= strides[a][k] * (shape[k] - 1);
            }
        }
        return false;
    }

    /** Returns the storage offset of the current run's first element in array {@code a}. */
    long offset(int a) {
        return offsets[a];
    }

    /** Returns the byte step between a run's elements in array {@code a}. */
    long stride(int a) {
        return strides[a][shape.length - 1];
    }

    /** Returns the number of elements in every run. */
    long length() {
        return length;
    }

    /** Returns the starting offsets (unused by callers; kept for symmetry in debugging output). */
    @Override
    public String toString() {
        return "Runs(shape=" + java.util.Arrays.toString(shape) + ", base=" + java.util.Arrays.toString(base) + ")";
    }
}
