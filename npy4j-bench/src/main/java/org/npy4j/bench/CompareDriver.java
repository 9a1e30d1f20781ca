package org.npy4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.npy4j.Npy;
import org.npy4j.NpyText;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npz.NpzFile;

/**
 * The Java half of {@code bench/compare.sh}: one long-lived JVM that runs one operation per command line read from
 * stdin and answers one line on stdout, so JVM start-up and JIT warm-up stay out of the timings, which are taken
 * inside this process around the library call only.
 *
 * <p>Commands (words separated by single spaces; paths must not contain spaces):
 * <pre>
 * memcpy BYTES REPS            System.arraycopy of BYTES bytes (the machine's ceiling)
 * load FILE REPS               Npy.load                      load_java FILE REPS   Npy.loadDoubleArray() etc.
 * load_jb FILE REPS            JetBrains NpyFile.read        map FILE REPS         Npy.map open + 2 reads + close
 * keep SLOT FILE               load FILE into SLOT (untimed) save SLOT DST REPS    Npy.save of the slot's array
 * save_java SLOT DST REPS      Npy.save(path, javaArray, shape) (or NdArray.of + save)                save_jb SLOT DST REPS
 * many_save SLOT DIR COUNT     COUNT files DIR/i.npy         many_load DIR COUNT   (and many_save_jb, many_load_jb)
 * npz_save DST [NAME=]SLOT...  Npz.savez                     npz_savec DST ...     Npz.savezCompressed
 * npz_load FILE REPS           Npz.open + get every member   npz_save_jb / npz_savec_jb / npz_load_jb
 * savetxt SLOT DST             NpyText.savetxt               loadtxt FILE          NpyText.loadtxt
 * npz_get FILE MEMBER REPS     Npz.open + get one member (bench/compare.py's heap group runs it, like load and map,
 *                              in fresh JVMs with ever smaller -Xmx to find the peak heap an operation needs)
 * gc                           System.gc()                   quit
 * </pre>
 * Answers: {@code ok SECONDS CHECKSUM CPUSECONDS} (wall and process-CPU seconds per repetition; checksum of sampled values, to check the work was
 * done and is right), {@code na REASON} (the operation is not implemented in this build of the library) or
 * {@code err MESSAGE}.
 *
 * <pre>{@code
 * echo "load /dev/shm/a.npy 1" | java -cp benchmarks.jar org.npy4j.bench.CompareDriver
 * }</pre>
 */
public final class CompareDriver {
    private final Map<String, NdArray> arrays = new HashMap<>();
    private final Map<String, Object> javaArrays = new HashMap<>();
    private byte[] copySrc;
    private byte[] copyDst;
    /** Results land here so the JIT cannot drop the work. */
    static volatile Object sink;

    /** Runs the command loop on stdin/stdout. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CompareDriver d = new CompareDriver();
        out.println("ready " + Runtime.version() + " export=" + (Arrays4j.usesLibraryExport() ? "library" : "stand-in")
                + " javasave=" + (Arrays4j.hasDirectJavaSave() ? "Npy.save(Path,double[],long...)" : "NdArray.of+Npy.save"));
        for (String line; (line = in.readLine()) != null; ) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("quit")) {
                break;
            }
            out.println(d.execute(line));
        }
    }

    /** Executes one command line and returns the answer line. */
    public String execute(String line) {
        String[] w = line.split(" ");
        try {
            return run(w);
        } catch (UnsupportedOperationException e) {
            return "na " + oneLine(String.valueOf(e.getMessage()));
        } catch (Exception | OutOfMemoryError e) {
            return "err " + oneLine(e.toString());
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    @FunctionalInterface
    private interface Op {
        Object run() throws Exception;
    }

    /**
     * Runs {@code op} {@code reps} times; answers the mean wall seconds per run, the checksum of the last result and
     * the mean process CPU seconds per run (all threads, GC and JIT included: on a shared machine the CPU time is the
     * steadier measure of the work done).
     */
    private static String timed(int reps, Op op) throws Exception {
        Object last = null;
        long[] c0 = cpuNow();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            last = op.run();
        }
        long t1 = System.nanoTime();
        long cpu = cpuDelta(c0, cpuNow());
        sink = last;
        return "ok " + ((t1 - t0) / 1e9 / reps) + " " + checksum(last) + " " + cpu / 1e9 / reps;
    }

    /**
     * Like {@link #timed} for saves: before every repetition the target is deleted, untimed, so every library writes a
     * new file (np.save truncates; JetBrains npy would otherwise overwrite the old pages in place, which is cheaper
     * on tmpfs and not what a user's first save does).
     */
    private static String timedSave(int reps, Path target, Op op) throws Exception {
        Object last = null;
        long wall = 0;
        long cpu = 0;
        for (int i = 0; i < reps; i++) {
            Files.deleteIfExists(target);
            long[] c0 = cpuNow();
            long t0 = System.nanoTime();
            last = op.run();
            wall += System.nanoTime() - t0;
            cpu += cpuDelta(c0, cpuNow());
        }
        sink = last;
        return "ok " + (wall / 1e9 / reps) + " " + checksum(last) + " " + cpu / 1e9 / reps;
    }

    /** Both CPU clocks now: the live threads' nanosecond sum and the process's tick-resolution total. */
    static long[] cpuNow() {
        return new long[] {processCpuNanos(), processCpuTicks()};
    }

    /**
     * CPU nanoseconds between two {@link #cpuNow} readings: the live threads' sum, unless threads that ended in
     * between (a writer's deflate workers) took more than the tick clock's resolution — their time is gone from the
     * sum but still in the process's total, which then counts.
     */
    static long cpuDelta(long[] before, long[] after) {
        long live = after[0] - before[0];
        long all = after[1] - before[1];
        return all > live + 20_000_000L ? all : live;
    }

    /** The JVM's process CPU time (threads that ended included), in 10 ms ticks on Linux; 0 if unavailable. */
    static long processCpuTicks() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    /**
     * CPU nanoseconds used so far by all threads of this JVM (GC and JIT included). On Linux the sum of
     * {@code /proc/self/task/*}{@code /schedstat} (nanosecond resolution); elsewhere the JVM's process CPU time, which
     * Linux would only give in 10 ms ticks.
     */
    static long processCpuNanos() {
        Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            long sum = 0;
            try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
                for (Path t : ds) {
                    try {
                        String st = Files.readString(t.resolve("schedstat"));
                        sum += Long.parseLong(st.substring(0, st.indexOf(' ')));
                    } catch (IOException | RuntimeException e) {
                        // the thread ended between listing and reading: its time is lost, a few microseconds
                    }
                }
                return sum;
            } catch (IOException e) {
                // fall through to the JVM's coarser figure
            }
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    private String run(String[] w) throws Exception {
        switch (w[0]) {
            case "memcpy": {
                int n = Integer.parseInt(w[1]);
                if (copySrc == null || copySrc.length != n) {
                    copySrc = new byte[n];
                    copyDst = new byte[n];
                    Arrays.fill(copySrc, (byte) 1);
                }
                return timed(Integer.parseInt(w[2]), () -> {
                    System.arraycopy(copySrc, 0, copyDst, 0, n);
                    return null;
                });
            }
            case "load":
                return timed(Integer.parseInt(w[2]), () -> Npy.load(Path.of(w[1])));
            case "load_java":
            {
                // the element type a user would ask for, known before the timing (a user knows their data)
                Class<?> type = Arrays4j.javaType(Npy.readHeader(Path.of(w[1])).dtype());
                return timed(Integer.parseInt(w[2]), () -> Arrays4j.loadJava(Path.of(w[1]), type));
            }
            case "load_jb":
                return timed(Integer.parseInt(w[2]), () -> JetBrainsNpy.load(Path.of(w[1])));
            case "map":
                return timed(Integer.parseInt(w[2]), () -> {
                    try (MappedNpy m = Npy.map(Path.of(w[1]), MapMode.READ_ONLY)) {
                        NdArray a = m.array();
                        long last = a.size() - 1;
                        return a.getDouble(0) + a.getDouble(last);
                    }
                });
            case "keep": {
                NdArray a = Npy.load(Path.of(w[2]));
                arrays.put(w[1], a);
                Object j = null;
                try {
                    j = Arrays4j.toJava(a);
                } catch (RuntimeException e) {
                    // a dtype without a Java array type: only the NdArray operations apply to this slot
                }
                javaArrays.put(w[1], j);
                return "ok 0 " + checksum(a);
            }
            case "save": {
                NdArray a = slot(w[1]);
                return timedSave(Integer.parseInt(w[3]), Path.of(w[2]), () -> Npy.save(Path.of(w[2]), a));
            }
            case "save_java": {
                Object j = javaSlot(w[1]);
                long[] shape = slot(w[1]).shape();
                return timedSave(Integer.parseInt(w[3]), Path.of(w[2]), () -> Arrays4j.saveJava(Path.of(w[2]), j, shape));
            }
            case "save_java_ndarray": {
                Object j = javaSlot(w[1]);
                long[] shape = slot(w[1]).shape();
                return timedSave(Integer.parseInt(w[3]), Path.of(w[2]), () -> Npy.save(Path.of(w[2]), Arrays4j.ofJava(j, shape)));
            }
            case "save_jb": {
                Object j = javaSlot(w[1]);
                int[] shape = intShape(slot(w[1]));
                return timedSave(Integer.parseInt(w[3]), Path.of(w[2]), () -> {
                    JetBrainsNpy.save(Path.of(w[2]), j, shape);
                    return null;
                });
            }
            case "many_save": {
                NdArray a = slot(w[1]);
                Path dir = Files.createDirectories(Path.of(w[2]));
                int count = Integer.parseInt(w[3]);
                return timed(1, () -> {
                    for (int i = 0; i < count; i++) {
                        Npy.save(dir.resolve(i + ".npy"), a);
                    }
                    return a;
                });
            }
            case "many_save_jb": {
                Object j = javaSlot(w[1]);
                int[] shape = intShape(slot(w[1]));
                Path dir = Files.createDirectories(Path.of(w[2]));
                int count = Integer.parseInt(w[3]);
                return timed(1, () -> {
                    for (int i = 0; i < count; i++) {
                        JetBrainsNpy.save(dir.resolve(i + ".npy"), j, shape);
                    }
                    return j;
                });
            }
            case "many_load": {
                Path dir = Path.of(w[1]);
                int count = Integer.parseInt(w[2]);
                return timed(1, () -> {
                    NdArray last = null;
                    for (int i = 0; i < count; i++) {
                        last = Npy.load(dir.resolve(i + ".npy"));
                    }
                    return last;
                });
            }
            case "many_load_jb": {
                Path dir = Path.of(w[1]);
                int count = Integer.parseInt(w[2]);
                return timed(1, () -> {
                    Object last = null;
                    for (int i = 0; i < count; i++) {
                        last = JetBrainsNpy.load(dir.resolve(i + ".npy"));
                    }
                    return last;
                });
            }
            case "npz_save":
            case "npz_savec": {
                Map<String, NdArray> named = new LinkedHashMap<>();
                for (int i = 2; i < w.length; i++) {
                    named.put(member(w[i]), slot(slotOf(w[i])));
                }
                boolean compressed = w[0].equals("npz_savec");
                return timed(1, () -> compressed ? Npz.savezCompressed(Path.of(w[1]), named)
                        : Npz.savez(Path.of(w[1]), named));
            }
            case "npz_save_jb":
            case "npz_savec_jb": {
                Map<String, Object> named = new LinkedHashMap<>();
                Map<String, int[]> shapes = new HashMap<>();
                for (int i = 2; i < w.length; i++) {
                    named.put(member(w[i]), javaSlot(slotOf(w[i])));
                    shapes.put(member(w[i]), intShape(slot(slotOf(w[i]))));
                }
                boolean compressed = w[0].equals("npz_savec_jb");
                return timed(1, () -> {
                    JetBrainsNpy.savez(Path.of(w[1]), compressed, named, shapes);
                    return null;
                });
            }
            case "npz_load":
                return timed(Integer.parseInt(w[2]), () -> {
                    try (NpzFile f = Npz.open(Path.of(w[1]))) {
                        Object[] all = new Object[f.files().size()];
                        for (int i = 0; i < all.length; i++) {
                            all[i] = f.get(f.files().get(i));
                        }
                        return all;
                    }
                });
            case "npz_get":
                return timed(Integer.parseInt(w[3]), () -> {
                    try (NpzFile f = Npz.open(Path.of(w[1]))) {
                        return f.get(w[2]);
                    }
                });
            case "npz_load_jb":
                return timed(Integer.parseInt(w[2]), () -> JetBrainsNpy.loadz(Path.of(w[1])));
            case "savetxt": {
                NdArray a = slot(w[1]);
                return timed(1, () -> {
                    NpyText.savetxt(Path.of(w[2]), a);
                    return null;
                });
            }
            case "loadtxt":
                return timed(1, () -> NpyText.loadtxt(Path.of(w[1])));
            case "gc":
                System.gc();
                return "ok 0 0";
            case "drop":
                arrays.remove(w[1]);
                javaArrays.remove(w[1]);
                return "ok 0 0";
            default:
                return "err unknown command " + w[0];
        }
    }

    /** {@code NAME=SLOT} names a member after NAME; a bare {@code SLOT} after the slot. */
    private static String member(String word) {
        int eq = word.indexOf('=');
        return eq < 0 ? word : word.substring(0, eq);
    }

    private static String slotOf(String word) {
        return word.substring(word.indexOf('=') + 1);
    }

    private NdArray slot(String name) {
        NdArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no array kept as " + name);
        }
        return a;
    }

    private Object javaSlot(String name) {
        Object j = javaArrays.get(name);
        if (j == null) {
            throw new IllegalArgumentException("no Java array for slot " + name);
        }
        return j;
    }

    private static int[] intShape(NdArray a) {
        long[] s = a.shape();
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = Math.toIntExact(s[i]);
        }
        return r;
    }

    /**
     * Sum of up to 1024 evenly spaced elements (all of them in a small array) of an NdArray, a Java numeric array, or
     * each of an {@code Object[]} of those; 0 for anything else. Python computes the same sum over the same indices.
     */
    static double checksum(Object o) {
        if (o instanceof Object[]) {
            double s = 0;
            for (Object x : (Object[]) o) {
                s += checksum(x);
            }
            return s;
        }
        if (o instanceof Double) {
            return (Double) o;
        }
        if (o instanceof NdArray) {
            NdArray a = (NdArray) o;
            long n = a.size();
            double s = 0;
            if (n == 0) {
                return 0;
            }
            long[] shape = a.shape();
            long[] idx = new long[shape.length];
            for (long k : sampleIndices(n)) {
                long rest = k;
                for (int d = shape.length - 1; d >= 0; d--) {
                    idx[d] = rest % shape[d];
                    rest /= shape[d];
                }
                s += a.getDouble(idx);
            }
            return s;
        }
        if (o != null && o.getClass().isArray() && o.getClass().getComponentType().isPrimitive()) {
            int n = Array.getLength(o);
            double s = 0;
            if (n == 0) {
                return 0;
            }
            for (long k : sampleIndices(n)) {
                s += ((Number) Array.get(o, (int) k)).doubleValue();
            }
            return s;
        }
        return 0;
    }

    /** Flat indices {@code floor(i * n / m)} for {@code i < m = min(n, 1024)}. */
    static long[] sampleIndices(long n) {
        int m = (int) Math.min(n, 1024);
        long[] r = new long[m];
        for (int i = 0; i < m; i++) {
            r[i] = (long) ((double) i * n / m);
        }
        return r;
    }
}
