package org.npy4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
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
 * Whole-array {@code .npy} load and save from a tmpfs file, by dtype (big-endian {@code >f8} included: the byte-swapping
 * load) and size, for npy4j and JetBrains npy.
 *
 * <pre>{@code
 * java -jar npy4j-bench/target/benchmarks.jar NpyBench -p dtype='<f8' -p mib=512
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class NpyBench {
    /** The dtype of the file ({@code >f8} is big-endian: loads into native values must swap). */
    @Param({"<f8", "<f4", "<i4", "<i8", ">f8"})
    public String dtype;

    /** Size of the array data in MiB. */
    @Param({"1", "64", "512"})
    public int mib;

    private Path dir;
    private Path file;
    private Path out;
    private NdArray array;
    private Object javaArray;
    private int[] intShape;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFiles.newDir("npy");
        DType t = DType.parse(dtype);
        long n = (long) mib * 1024 * 1024 / t.itemSize();
        array = Arrays4j.random(t, new long[] {n}, 42, false);
        file = Npy.save(dir.resolve("a.npy"), array);
        out = dir.resolve("out.npy");
        try {
            javaArray = Arrays4j.toJava(array);
        } catch (RuntimeException e) {
            javaArray = null; // no Java-array export for this dtype in this core: the *Java benchmarks report it
        }
        intShape = new int[] {Math.toIntExact(n)};
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        BenchFiles.delete(dir);
    }

    private Object java() {
        if (javaArray == null) {
            throw new UnsupportedOperationException("no Java array export for " + dtype + " in this core: skipped");
        }
        return javaArray;
    }

    /** {@code Npy.load(path)}: the file into the library's array. */
    @Benchmark
    public NdArray load() throws IOException {
        return Npy.load(file);
    }

    /** {@code Npy.loadDoubleArray(path)} (float/int/long for those dtypes): straight into a Java array. */
    @Benchmark
    public Object loadJavaArray() throws IOException {
        return Arrays4j.loadJava(file, Arrays4j.javaType(array.dtype()));
    }

    /** {@code Npy.load(path)} then the Java array export ({@code toDoubleArray()} etc.): two copies. */
    @Benchmark
    public Object loadThenExport() throws IOException {
        return Arrays4j.toJava(Npy.load(file));
    }

    /** {@code Npy.save(path, array)}, atomic (temp file + rename). */
    @Benchmark
    public Path save() throws IOException {
        return Npy.save(out, array);
    }

    /** Saves the Java array: {@code Npy.save(path, javaArray, shape)}, or {@code NdArray.of} + save on older cores. */
    @Benchmark
    public Path saveJavaArray() throws IOException {
        return Arrays4j.saveJava(out, java(), array.shape());
    }

    /** JetBrains {@code NpyFile.read(path)}. */
    @Benchmark
    public Object jetbrainsLoad() {
        return JetBrainsNpy.load(file);
    }

    /** JetBrains {@code NpyFile.write(path, javaArray, shape)}. */
    @Benchmark
    public void jetbrainsSave() {
        JetBrainsNpy.save(out, java(), intShape);
    }
}
