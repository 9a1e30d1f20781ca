package org.npy4j.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.npy4j.Npy;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;
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
 * The many-small-arrays case (issue 7: 100 000 arrays of 3×64×64 float32, one file each): header format/parse alone,
 * in-memory {@code toBytes}/{@code fromBytes}, and one file saved/loaded per operation, for npy4j and JetBrains npy.
 *
 * <pre>{@code
 * java -jar npy4j-bench/target/benchmarks.jar SmallArraysBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SmallArraysBench {
    /** Shape of the small array, as {@code d0xd1x...}. */
    @Param({"3x64x64"})
    public String shape;

    @Param({"<f4"})
    public String dtype;

    private NdArray array;
    private byte[] npyBytes;
    private byte[] headerBytes;
    private long[] dims;
    private DType type;
    private Path dir;
    private Path file;
    private Path out;
    private float[] floats;
    private int[] intShape;
    private int counter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String[] parts = shape.split("x");
        dims = new long[parts.length];
        intShape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = Long.parseLong(parts[i]);
            intShape[i] = (int) dims[i];
        }
        type = DType.parse(dtype);
        array = Arrays4j.random(type, dims, 3, false);
        npyBytes = Npy.toBytes(array);
        headerBytes = NpyHeader.of(type, dims, false).encode();
        dir = BenchFiles.newDir("small");
        file = Npy.save(dir.resolve("a.npy"), array);
        out = dir.resolve("out.npy");
        floats = type.itemSize() == 4 ? Arrays4j.toFloats(array) : null;
        Files.createDirectories(dir.resolve("many"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        BenchFiles.delete(dir);
    }

    /** Formats the header np.save would write. */
    @Benchmark
    public byte[] headerFormat() {
        return NpyHeader.of(type, dims, false).encode();
    }

    /** Parses a header from its bytes. */
    @Benchmark
    public NpyHeader headerParse() throws IOException {
        return NpyHeader.read(Channels.newChannel(new ByteArrayInputStream(headerBytes)), ReadLimits.DEFAULT, "bench");
    }

    /** The whole small array to {@code .npy} bytes. */
    @Benchmark
    public byte[] toBytes() {
        return Npy.toBytes(array);
    }

    /** The whole small array from {@code .npy} bytes. */
    @Benchmark
    public NdArray fromBytes() throws IOException {
        return Npy.fromBytes(npyBytes);
    }

    /** One small file loaded. */
    @Benchmark
    public NdArray loadFile() throws IOException {
        return Npy.load(file);
    }

    /** One small file saved (atomic: temp + rename), a new name each time as in a dataset export. */
    @Benchmark
    public Path saveFile() throws IOException {
        return Npy.save(dir.resolve("many").resolve((counter++ & 1023) + ".npy"), array);
    }

    /** JetBrains: one small file loaded. */
    @Benchmark
    public Object jetbrainsLoadFile() {
        return JetBrainsNpy.load(file);
    }

    /** JetBrains: one small file saved. */
    @Benchmark
    public void jetbrainsSaveFile() {
        if (floats == null) {
            throw new UnsupportedOperationException("JetBrains save benchmark takes float32 only");
        }
        JetBrainsNpy.save(out, floats, intShape);
    }
}
