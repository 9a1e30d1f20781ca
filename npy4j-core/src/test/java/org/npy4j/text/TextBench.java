package org.npy4j.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.npy4j.NpyText;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;

/**
 * A manual timing run (not a test): savetxt and loadtxt of a 1000x1000 float64 array, best of several runs.
 * {@code java -cp target/classes:target/test-classes org.npy4j.text.TextBench [dir]}
 */
public final class TextBench {
    private TextBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("textbench");
        int n = 1000;
        NdArray a = NdArray.zeros(DType.FLOAT64, n, n);
        SplittableRandom r = new SplittableRandom(1);
        for (long i = 0; i < (long) n * n; i++) {
            a.storage().putLong(8 * i, Double.doubleToRawLongBits(r.nextDouble()));
        }
        Path p = dir.resolve("bench.txt");
        String[] fmts = args.length > 1 ? args[1].split("\\|") : new String[] {"%.18e"};
        for (String fmt : fmts) {
            SaveTxtOptions o = SaveTxtOptions.builder().fmt(fmt).build();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long best = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            for (int k = 0; k < 8; k++) {
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                NpyText.savetxt(p, a, o);
                bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("savetxt %-7s wall %7.3f s  cpu %7.3f s  (%d bytes)%n", fmt, best / 1e9, bestCpu / 1e9, Files.size(p));
            best = Long.MAX_VALUE;
            bestCpu = Long.MAX_VALUE;
            for (int k = 0; k < 8; k++) {
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                NdArray b = NpyText.loadtxt(p);
                bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
                best = Math.min(best, System.nanoTime() - t0);
                if (b.size() != a.size()) {
                    throw new AssertionError();
                }
            }
            System.out.printf("loadtxt %-7s wall %7.3f s  cpu %7.3f s%n", fmt, best / 1e9, bestCpu / 1e9);
        }
    }
}
