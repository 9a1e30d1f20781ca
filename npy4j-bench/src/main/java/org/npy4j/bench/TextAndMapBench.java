package org.npy4j.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.npy4j.Npy;
import org.npy4j.NpyText;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code savetxt}/{@code loadtxt} of a 1000×1000 float64 array, and opening a memory-mapped 100 GB sparse
 * {@code .npy} (header only; must be O(1)). Benchmarks of a facade not yet implemented fail with "TODO".
 *
 * <pre>{@code
 * java -jar npy4j-bench/target/benchmarks.jar TextAndMapBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TextAndMapBench {
    private Path dir;
    private NdArray matrix;
    private Path text;
    private Path out;
    private Path sparse;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFiles.newDir("text");
        matrix = Arrays4j.random(DType.FLOAT64, new long[] {1000, 1000}, 5, false);
        text = dir.resolve("m.txt");
        out = dir.resolve("out.txt");
        try {
            NpyText.savetxt(text, matrix);
        } catch (UnsupportedOperationException e) {
            text = null;
        }
        // 100 GB of float64 that occupies no memory: header, then a hole up to the full size
        sparse = dir.resolve("sparse.npy");
        long n = 100_000_000_000L / 8;
        byte[] h = NpyHeader.of(DType.FLOAT64, new long[] {n}, false).encode();
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.write(h);
            f.setLength(h.length + n * 8);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        BenchFiles.delete(dir);
    }

    @Benchmark
    public void savetxt() throws IOException {
        NpyText.savetxt(out, matrix);
    }

    @Benchmark
    public NdArray loadtxt() throws IOException {
        if (text == null) {
            throw new UnsupportedOperationException("NpyText not implemented in this build: skipped");
        }
        return NpyText.loadtxt(text);
    }

    /** Open, read the first and last element, close: the heap use and time must not depend on the 100 GB. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double mapOpen100GB() throws IOException {
        try (MappedNpy m = Npy.map(sparse, MapMode.READ_ONLY)) {
            NdArray a = m.array();
            return a.getDouble(0) + a.getDouble(a.size() - 1);
        }
    }
}
