package org.npy4j.reliability;

import java.io.IOException;
import java.nio.file.Path;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;

/**
 * Child process of {@link AtomicSaveCrashTest}: saves a {@value #ELEMENTS}-element int64 array (64 MiB) over
 * {@code args[0]} again and again until it is killed. Generation {@code g} holds {@code g} in its first and last
 * element and {@code i} at every other index {@code i}, so a reader can tell a complete file of any generation from a
 * partial or mixed one. Prints {@code ready} before the first save and {@code saved g} after each.
 */
public final class AtomicSaver {
    static final int ELEMENTS = 8 << 20;

    private AtomicSaver() {
    }

    /** Returns generation {@code g} of the array. */
    static NdArray generation(long g) {
        NdArray a = NdArray.zeros(DType.parse("<i8"), ELEMENTS);
        for (long i = 1; i < ELEMENTS - 1; i++) {
            a.storage().putLong(8 * i, i);
        }
        mark(a, g);
        return a;
    }

    private static void mark(NdArray a, long g) {
        a.storage().putLong(0, g);
        a.storage().putLong(8L * (ELEMENTS - 1), g);
    }

    /**
     * Returns the generation of a loaded array, or throws {@link AssertionError} if it is not a complete generation.
     */
    static long check(NdArray a) {
        if (a.size() != ELEMENTS || !a.dtype().equals(DType.parse("<i8"))) {
            throw new AssertionError("wrong array: " + a);
        }
        long g = a.getLong(0);
        if (a.getLong(ELEMENTS - 1) != g) {
            throw new AssertionError("first element " + g + " but last " + a.getLong(ELEMENTS - 1));
        }
        for (long i = 1; i < ELEMENTS - 1; i++) {
            if (a.storage().getLong(8 * i) != i) {
                throw new AssertionError("element " + i + " is " + a.storage().getLong(8 * i));
            }
        }
        return g;
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        long g = Long.parseLong(args[1]);
        NdArray a = generation(g);
        System.out.println("ready");
        System.out.flush();
        while (true) {
            mark(a, g);
            Npy.save(target, a);
            System.out.println("saved " + g);
            System.out.flush();
            g++;
        }
    }
}
