package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;

/**
 * {@code npy show} against NumPy's own {@code str(a)} and {@code repr(a)}: the same bytes are given to NumPy with
 * {@code np.frombuffer(...).reshape(...)}, so the comparison does not depend on the .npy codec.
 */
class ArrayPrinterTest {
    @TempDir
    Path tmp;

    private record Case(String name, String dtype, long[] shape, byte[] data) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void add(String name, String dtype, long[] shape, int itemSize, Consumer<ByteBuffer> fill) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocate((int) (n * itemSize)).order(dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        cases.add(new Case(name, dtype, shape, b.array()));
    }

    private static long[] s(long... d) {
        return d;
    }

    @Test
    void matchesNumpyStrAndRepr() throws Exception {
        Random r = new Random(5);
        add("int64 small", "<i8", s(6), 8, b -> { for (int i = 0; i < 6; i++) b.putLong(i * 7 - 20); });
        add("int32 2-D", "<i4", s(3, 4), 4, b -> { for (int i = 0; i < 12; i++) b.putInt(i * i * 1001 - 5000); });
        add("uint64 big", "<u8", s(3), 8, b -> { b.putLong(-1); b.putLong(0); b.putLong(Long.MAX_VALUE); });
        add("int16 big-endian", ">i2", s(4), 2, b -> { for (int i = 0; i < 4; i++) b.putShort((short) (i * 300 - 600)); });
        add("uint8 3-D", "|u1", s(2, 3, 4), 1, b -> { for (int i = 0; i < 24; i++) b.put((byte) (i * 11)); });
        add("float64 random 10x10", "<f8", s(10, 10), 8, b -> { for (int i = 0; i < 100; i++) b.putDouble(r.nextDouble()); });
        add("float64 mixed", "<f8", s(7), 8, b -> {
            for (double d : new double[] {0.1, 100.0, -2.5, 0.0, 1.0, 3.0, 12.125}) b.putDouble(d);
        });
        add("float64 specials", "<f8", s(6), 8, b -> {
            for (double d : new double[] {1.5, Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.NEGATIVE_INFINITY, 2}) {
                b.putDouble(d);
            }
        });
        add("float64 only nan", "<f8", s(2), 8, b -> { b.putDouble(Double.NaN); b.putDouble(Double.NaN); });
        add("float64 exp format", "<f8", s(5), 8, b -> {
            for (double d : new double[] {1e-5, 1.5, 1e10, -3.25e-7, 6.02214076e23}) b.putDouble(d);
        });
        add("float64 long decimals", "<f8", s(4), 8, b -> {
            for (double d : new double[] {1.0 / 3, 2.0 / 3, 123.456789012, 0.000123456789}) b.putDouble(d);
        });
        add("float32 random", "<f4", s(9), 4, b -> { for (int i = 0; i < 9; i++) b.putFloat((float) r.nextGaussian()); });
        add("float32 exp with subnormal", "<f4", s(4), 4, b -> {
            for (float f : new float[] {1.4e-45f, 1.5f, 0.1f, 3e38f}) b.putFloat(f);
        });
        add("float32 over the exp cutoff", "<f4", s(2), 4, b -> { b.putFloat(1e6f); b.putFloat(2f); });
        add("float16 over the exp cutoff", "<f2", s(2), 2, b -> {
            b.putShort(org.npy4j.array.Float16.fromFloat(2048f));
            b.putShort(org.npy4j.array.Float16.fromFloat(3f));
        });
        add("float32 under the exp cutoff", "<f4", s(2), 4, b -> { b.putFloat(999999f); b.putFloat(2000f); });
        add("float32 big-endian", ">f4", s(3), 4, b -> { b.putFloat(0.1f); b.putFloat(-7f); b.putFloat(1e-3f); });
        add("float16", "<f2", s(5), 2, b -> {
            for (float f : new float[] {0.5f, 1.0f, -2.0f, 0.1f, 65504f}) b.putShort(org.npy4j.array.Float16.fromFloat(f));
        });
        add("bool 2-D", "|b1", s(4, 5), 1, b -> { for (int i = 0; i < 20; i++) b.put((byte) (r.nextBoolean() ? 1 : 0)); });
        add("bool all true", "|b1", s(3), 1, b -> { for (int i = 0; i < 3; i++) b.put((byte) 1); });
        add("summarised float 1-D", "<f8", s(2000), 8, b -> { for (int i = 0; i < 2000; i++) b.putDouble(r.nextGaussian()); });
        add("summarised int 2-D", "<i8", s(2, 1000), 8, b -> { for (int i = 0; i < 2000; i++) b.putLong(i); });
        add("summarised 3-D", "<i4", s(10, 10, 20), 4, b -> { for (int i = 0; i < 2000; i++) b.putInt(i % 97); });
        add("wide int rows", "<i8", s(3, 30), 8, b -> { for (int i = 0; i < 90; i++) b.putLong((long) i * 123457); });
        add("complex128", "<c16", s(4), 16, b -> {
            double[] v = {1, 2, -0.0, -1, Double.POSITIVE_INFINITY, Double.NaN, 3.25, 0};
            for (double d : v) b.putDouble(d);
        });
        add("complex64", "<c8", s(3), 8, b -> { for (int i = 0; i < 6; i++) b.putFloat(i * 0.5f - 1); });
        add("float 0-d", "<f8", s(), 8, b -> b.putDouble(3.5));
        add("float32 0-d", "<f4", s(), 4, b -> b.putFloat(0.1f));
        add("int 0-d", "<i4", s(), 4, b -> b.putInt(-7));
        add("timedelta 0-d s", "<m8[s]", s(), 8, b -> b.putLong(5));
        add("timedelta 0-d 10ms", "<m8[10ms]", s(), 8, b -> b.putLong(5));
        add("timedelta 0-d D", "<m8[D]", s(), 8, b -> b.putLong(1));
        add("timedelta 0-d generic", "<m8", s(), 8, b -> b.putLong(7));
        add("timedelta 0-d NaT", "<m8[us]", s(), 8, b -> b.putLong(Long.MIN_VALUE));
        add("datetime 0-d", "<M8[D]", s(), 8, b -> b.putLong(18262));
        add("datetime 0-d NaT", "<M8[ns]", s(), 8, b -> b.putLong(Long.MIN_VALUE));
        add("bytes 0-d", "|S3", s(), 3, b -> b.put(new byte[] {'a', 'b', 0}));
        add("unicode 0-d", "<U3", s(), 12, b -> { b.putInt('x'); b.putInt('\n'); b.putInt('y'); });
        add("bool 0-d", "|b1", s(), 1, b -> b.put((byte) 1));
        add("complex 0-d", "<c16", s(), 16, b -> { b.putDouble(1); b.putDouble(2); });
        add("complex 0-d imaginary", "<c16", s(), 16, b -> { b.putDouble(0); b.putDouble(-1); });
        add("complex 0-d specials", "<c16", s(), 16, b -> { b.putDouble(Double.NaN); b.putDouble(Double.POSITIVE_INFINITY); });
        add("complex64 0-d", "<c8", s(), 8, b -> { b.putFloat(0.1f); b.putFloat(-2.5f); });
        add("float16 0-d", "<f2", s(), 2, b -> b.putShort(org.npy4j.array.Float16.fromFloat(1000f)));
        add("uint64 0-d", "<u8", s(), 8, b -> b.putLong(-1));
        add("empty 0x3", "<i4", s(0, 3), 4, b -> { });
        add("empty 1-D", "<f8", s(0), 8, b -> { });
        add("S strings", "|S5", s(3), 5, b -> { b.put("ab\0\0\0x'y\"\0hello".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)); });
        add("datetime D", "<M8[D]", s(3), 8, b -> { b.putLong(0); b.putLong(Long.MIN_VALUE); b.putLong(20000); });
        add("datetime s", "<M8[s]", s(2), 8, b -> { b.putLong(1_700_000_000L); b.putLong(-1); });
        add("timedelta ms", "<m8[ms]", s(3), 8, b -> { b.putLong(5); b.putLong(Long.MIN_VALUE); b.putLong(-86_400_000L); });

        randomCases(new Random(99), 80);

        StringBuilder script = new StringBuilder("import sys, numpy as np\n");
        List<String> expectedNames = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path f = tmp.resolve("case" + i + ".bin");
            Files.write(f, c.data());
            StringBuilder shape = new StringBuilder("(");
            for (long d : c.shape()) {
                shape.append(d).append(',');
            }
            shape.append(')');
            script.append("a = np.frombuffer(open(").append(pyStr(f.toString())).append(", 'rb').read(), dtype=")
                    .append(pyStr(c.dtype())).append(").reshape(").append(shape).append(")\n")
                    .append("print(str(a)); print('\\x01'); print(repr(a)); print('\\x02')\n");
            expectedNames.add(c.name());
        }
        String out = Py.run(script.toString());
        String[] blocks = out.split("\n\u0002\n", -1);
        ArrayPrinter p = new ArrayPrinter(8, false);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String[] sr = blocks[i].split("\n\u0001\n");
            DType t = DType.parse(c.dtype());
            NdArray a = NdArray.contiguous(t, c.shape(), Order.C, Storage.wrap(c.data()), 0, false);
            assertEquals(sr[0], p.str(a), "str of " + c.name());
            assertEquals(sr[1], p.repr(a), "repr of " + c.name());
        }
    }

    /** Random dtypes, shapes (some past the summary threshold) and value scales: NumPy's layout rules at large. */
    private void randomCases(Random r, int count) {
        String[] types = {"<f8", "<f4", "<f2", ">f8", "<i8", "<i2", "|u1", ">u4", "|b1", "<c16", "<c8"};
        int[] sizes = {8, 4, 2, 8, 8, 2, 1, 4, 1, 16, 8};
        for (int c = 0; c < count; c++) {
            int t = r.nextInt(types.length);
            int ndim = 1 + r.nextInt(3);
            long[] shape = new long[ndim];
            long n = 1;
            for (int k = 0; k < ndim; k++) {
                shape[k] = 1 + r.nextInt(r.nextInt(4) == 0 ? 40 : 7);
                n *= shape[k];
            }
            double scale = Math.pow(10, r.nextInt(14) - 6);
            boolean specials = r.nextInt(5) == 0;
            String type = types[t];
            int size = sizes[t];
            add("random " + c + " " + type + " " + java.util.Arrays.toString(shape), type, shape, size, b -> {
                long items = b.capacity() / size;
                for (long i = 0; i < items; i++) {
                    double v = r.nextGaussian() * scale;
                    if (specials && r.nextInt(10) == 0) {
                        v = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0}[r.nextInt(4)];
                    }
                    if (r.nextInt(4) == 0) {
                        v = Math.rint(v);
                    }
                    switch (type.substring(1)) {
                        case "f8": b.putDouble(v); break;
                        case "f4": b.putFloat((float) v); break;
                        case "f2": b.putShort(org.npy4j.array.Float16.fromFloat((float) v)); break;
                        case "i8": b.putLong((long) (r.nextGaussian() * scale)); break;
                        case "i2": b.putShort((short) r.nextInt(1 << 16)); break;
                        case "u1": b.put((byte) r.nextInt(256)); break;
                        case "u4": b.putInt(r.nextInt()); break;
                        case "b1": b.put((byte) (r.nextBoolean() ? 1 : 0)); break;
                        case "c16": b.putDouble(v); b.putDouble(r.nextGaussian() * scale); break;
                        default: b.putFloat((float) v); b.putFloat((float) (r.nextGaussian() * scale)); break;
                    }
                }
            });
        }
    }

    @Test
    void precisionOptionMatchesNumpy() throws Exception {
        double[] v = {Math.PI, Math.E, 1.0 / 7, 100.5};
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        Path f = tmp.resolve("p.bin");
        Files.write(f, b.array());
        String out = Py.run("import numpy as np, sys\na = np.frombuffer(open(sys.argv[1], 'rb').read(), '<f8')\n"
                + "np.set_printoptions(precision=3)\nprint(str(a))\n", f.toString());
        NdArray a = NdArray.contiguous(DType.FLOAT64, new long[] {4}, Order.C, Storage.wrap(b.array()), 0, false);
        assertEquals(out.strip(), new ArrayPrinter(3, false).str(a));
    }

    private static String pyStr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
