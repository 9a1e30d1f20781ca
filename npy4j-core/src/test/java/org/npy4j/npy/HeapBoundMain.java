package org.npy4j.npy;

import java.nio.file.Path;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.npz.NpzFile;

/**
 * Run in a forked JVM with a bounded heap by {@link HeapBoundHeavyTest}: loads a {@code .npy} ({@code load FILE}) or
 * one member of a {@code .npz} ({@code npz FILE MEMBER}), or maps a {@code .npy} ({@code map FILE}), and prints
 * {@code size=<n> first=<a[0]> middle=<a[n/2]> last=<a[n-1]> maxHeap=<bytes>}, or {@code OutOfMemoryError}.
 */
public final class HeapBoundMain {
    private HeapBoundMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("map")) {
            try (MappedNpy m = Npy.map(Path.of(args[1]), MapMode.READ_ONLY)) {
                print(m.array());
            }
            return;
        }
        NdArray a;
        try {
            if (args[0].equals("load")) {
                a = Npy.load(Path.of(args[1]));
            } else {
                try (NpzFile f = Npz.open(Path.of(args[1]))) {
                    a = f.get(args[2]);
                }
            }
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError");
            return;
        }
        print(a);
    }

    private static void print(NdArray a) {
        long n = a.size();
        System.out.println("size=" + n + " first=" + a.getDouble(0) + " middle=" + a.getDouble(n / 2) + " last="
                + a.getDouble(n - 1) + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
