package org.npy4j.mmap;

import java.nio.file.Path;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.NpyBlockReader;

/**
 * Run in a forked JVM with a small heap by {@link MappedMemoryHeavyTest}: sums every int64 of a C-order {@code .npy}
 * through the block reader ({@code blocks}) or through a mapping ({@code map}), and prints
 * {@code count=<n> sum=<s> last=<a[-1, -1]> maxHeap=<bytes>}.
 */
public final class MemoryBoundMain {
    private MemoryBoundMain() {
    }

    public static void main(String[] args) throws Exception {
        Path p = Path.of(args[1]);
        long count = 0;
        long sum = 0;
        long last;
        if (args[0].equals("blocks")) {
            long l = 0;
            try (NpyBlockReader r = NpyBlockReader.open(p, 65536)) {
                for (NdArray b = r.next(); b != null; b = r.next()) {
                    Storage s = b.storage();
                    long bytes = b.byteSize();
                    for (long off = 0; off < bytes; off += 8) {
                        sum += s.getLong(off);
                    }
                    count += b.size();
                    l = b.getLong(b.shape(0) - 1, b.shape(1) - 1);
                }
            }
            last = l;
        } else {
            try (MappedNpy m = Npy.map(p, MapMode.READ_ONLY)) {
                NdArray a = m.array();
                Storage s = a.storage();
                long bytes = a.byteSize();
                for (long off = 0; off < bytes; off += 8) {
                    sum += s.getLong(off);
                }
                count = a.size();
                last = a.getLong(-1, -1);
            }
        }
        System.out.println("count=" + count + " sum=" + sum + " last=" + last + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
