package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.testing.Python;

/**
 * Issue 7's heap bound: loading an N-byte array needs at most N + 64 MiB of heap (no second buffer of its size).
 * NumPy writes a 1 GiB float64 {@code .npy}, a {@code .npz} storing it, and a {@code .npz} with a deflated 1 GiB
 * member; a forked JVM with {@code -Xmx} = N + 64 MiB (G1, the defaults a user gets) loads each and prints sampled
 * values, checked against NumPy's. With {@code -Xmx} = N − 64 MiB the same load runs out of memory, so the bound is
 * what is measured. A 100 GB sparse {@code .npy} maps, and reads, in a 16 MiB heap. Heavy profile only ({@code -Pheavy}): about 2.2 GB of files.
 */
class HeapBoundHeavyTest {
    private static final long N_ELEMS = 1L << 27; // float64: N = 1 GiB
    private static final long N_MIB = N_ELEMS * 8 >> 20;

    @TempDir
    static Path dir;

    @BeforeAll
    static void numpyWritesOneGiB() {
        Assumptions.assumeTrue(Boolean.getBoolean("npy4j.heavy"), "heavy tests run with -Pheavy");
        String out = Python.run("import sys, os, numpy as np\n"
                + "d = sys.argv[1]\n"
                + "a = np.arange(" + N_ELEMS + ", dtype='<f8') * 0.5\n"
                + "np.save(os.path.join(d, 'a.npy'), a)\n"
                + "np.savez(os.path.join(d, 'stored.npz'), x=a)\n"
                + "del a\n"
                + "c = (np.arange(" + N_ELEMS + ") % 1000).astype('<f8')\n"
                + "np.savez_compressed(os.path.join(d, 'deflated.npz'), c=c)\n"
                + "print(os.path.getsize(os.path.join(d, 'deflated.npz')))\n", Python.arg(dir));
        assertTrue(Long.parseLong(out.trim()) < N_ELEMS * 8 / 2, "the member is deflated: " + out);
    }

    private static String fork(long xmxMib, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] cmd = new String[4 + args.length];
        cmd[0] = java;
        cmd[1] = "-Xmx" + xmxMib + "m";
        cmd[2] = "-cp";
        cmd[3] = System.getProperty("java.class.path");
        String[] withMain = new String[cmd.length + 1];
        System.arraycopy(cmd, 0, withMain, 0, 4);
        withMain[4] = HeapBoundMain.class.getName();
        System.arraycopy(args, 0, withMain, 5, args.length);
        ProcessBuilder pb = new ProcessBuilder(withMain);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child JVM timed out");
        String text = new String(out, StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static void check(String expectedValues, String... args) throws Exception {
        String out = fork(N_MIB + 64, args);
        assertTrue(out.startsWith(expectedValues + " maxHeap="), out);
        long maxHeap = Long.parseLong(out.substring(out.indexOf("maxHeap=") + 8).trim());
        assertTrue(maxHeap <= (N_MIB + 64) << 20, "the child's heap is bounded by N + 64 MiB: " + out);
        assertEquals("OutOfMemoryError", fork(N_MIB - 64, args), "with less heap than N the load must fail");
    }

    @Test
    void npyLoadFitsInNPlus64MiB() throws Exception {
        check("size=" + N_ELEMS + " first=0.0 middle=" + (N_ELEMS / 2) * 0.5 + " last=" + (N_ELEMS - 1) * 0.5, "load",
                dir.resolve("a.npy").toString());
    }

    @Test
    void storedNpzMemberFitsInNPlus64MiB() throws Exception {
        check("size=" + N_ELEMS + " first=0.0 middle=" + (N_ELEMS / 2) * 0.5 + " last=" + (N_ELEMS - 1) * 0.5, "npz",
                dir.resolve("stored.npz").toString(), "x");
    }

    @Test
    void deflatedNpzMemberFitsInNPlus64MiB() throws Exception {
        check("size=" + N_ELEMS + " first=0.0 middle=" + (double) ((N_ELEMS / 2) % 1000) + " last="
                + (double) ((N_ELEMS - 1) % 1000), "npz", dir.resolve("deflated.npz").toString(), "c");
    }

    @Test
    void mapping100GBSparseFitsInA16MiBHeap() throws Exception {
        Path f = dir.resolve("sparse100g.npy");
        long n = 12_500_000_000L;
        Python.run("import sys, numpy as np\n"
                + "a = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype='<f8', shape=(" + n + ",))\n"
                + "a[0] = 1.5; a[" + n / 2 + "] = 2.5; a[-1] = 3.5; a.flush(); del a\n", Python.arg(f));
        String out = fork(16, "map", f.toString());
        assertTrue(out.startsWith("size=" + n + " first=1.5 middle=2.5 last=3.5 maxHeap="), out);
        Files.delete(f);
    }

    @Test
    void theFilesAreWhatNumpyWrote() throws IOException {
        assertEquals(128 + N_ELEMS * 8, Files.size(dir.resolve("a.npy")));
    }
}
