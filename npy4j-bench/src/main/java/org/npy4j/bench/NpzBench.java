package org.npy4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.npz.NpzFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code .npz}: {@code savez}, {@code savez_compressed} and loading every member, stored and deflated, for npy4j and
 * JetBrains npy. Content: {@code random} (incompressible uniform values) or {@code sparse} (95 % zeros).
 * Benchmarks of a facade not yet implemented in this build fail in their setup with "TODO" and JMH moves on.
 *
 * <pre>{@code
 * java -jar npy4j-bench/target/benchmarks.jar NpzBench -p content=sparse
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class NpzBench {
    @Param({"<f8", "<f4"})
    public String dtype;

    @Param({"16"})
    public int mib;

    @Param({"random", "sparse"})
    public String content;

    private Path dir;
    private NdArray array;
    private Object javaArray;
    private int[] intShape;
    private Path stored;
    private Path deflated;
    private Path jbStored;
    private Path jbDeflated;
    private Path out;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFiles.newDir("npz");
        DType t = DType.parse(dtype);
        long n = (long) mib * 1024 * 1024 / t.itemSize();
        array = Arrays4j.random(t, new long[] {n}, 11, content.equals("sparse"));
        javaArray = Arrays4j.toJava(array);
        intShape = new int[] {Math.toIntExact(n)};
        Map<String, Object> m = Map.of("x", javaArray);
        Map<String, int[]> s = Map.of("x", intShape);
        jbStored = dir.resolve("jb.npz");
        jbDeflated = dir.resolve("jbc.npz");
        JetBrainsNpy.savez(jbStored, false, m, s);
        JetBrainsNpy.savez(jbDeflated, true, m, s);
        try {
            stored = Npz.savez(dir.resolve("a.npz"), named());
            deflated = Npz.savezCompressed(dir.resolve("c.npz"), named());
        } catch (UnsupportedOperationException e) {
            stored = null; // npz not implemented in this build: the npy4j benchmarks below say so
        }
        out = dir.resolve("out.npz");
        Npy.save(dir.resolve("x.npy"), array);
    }

    private Map<String, NdArray> named() {
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("x", array);
        return m;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        BenchFiles.delete(dir);
    }

    private Path need(Path p) {
        if (p == null) {
            throw new UnsupportedOperationException("Npz not implemented in this build: skipped");
        }
        return p;
    }

    private static Object loadAll(Path p) throws IOException {
        try (NpzFile f = Npz.open(p)) {
            Object[] all = new Object[f.files().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = f.get(f.files().get(i));
            }
            return all;
        }
    }

    @Benchmark
    public Path savez() throws IOException {
        return Npz.savez(out, named());
    }

    @Benchmark
    public Path savezCompressed() throws IOException {
        return Npz.savezCompressed(out, named());
    }

    @Benchmark
    public Object loadStored() throws IOException {
        return loadAll(need(stored));
    }

    @Benchmark
    public Object loadCompressed() throws IOException {
        return loadAll(need(deflated));
    }

    @Benchmark
    public void jetbrainsSavez() {
        JetBrainsNpy.savez(out, false, Map.of("x", javaArray), Map.of("x", intShape));
    }

    @Benchmark
    public void jetbrainsSavezCompressed() {
        JetBrainsNpy.savez(out, true, Map.of("x", javaArray), Map.of("x", intShape));
    }

    @Benchmark
    public Object jetbrainsLoadStored() {
        return JetBrainsNpy.loadz(jbStored);
    }

    @Benchmark
    public Object jetbrainsLoadCompressed() {
        return JetBrainsNpy.loadz(jbDeflated);
    }
}
