package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.dtype.DType;
import org.npy4j.testing.Python;

/** x87 extended ({@code '<f16'}) conversions against NumPy's (the x87 unit's) on the same bit patterns. */
class LongDoubleTest {

    /** Patterns: random values across the whole range, dense around double/float subnormal and overflow edges, halfway points. */
    private static List<long[]> patterns() {
        List<long[]> p = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(80);
        for (int i = 0; i < 4000; i++) {
            long mant = r.nextLong() | Long.MIN_VALUE;
            int exp;
            switch (i % 6) {
                case 0: exp = r.nextInt(1, 0x7FFF); break;
                case 1: exp = 16383 - 1022 + r.nextInt(-60, 4); break;      // double subnormal boundary
                case 2: exp = 16383 + 1023 + r.nextInt(-3, 3); break;       // double overflow edge
                case 3: exp = 16383 - 126 + r.nextInt(-30, 4); break;       // float subnormal boundary
                case 4: exp = 16383 + r.nextInt(-70, 70); break;            // ordinary values, int range
                default: exp = 16383 + 127 + r.nextInt(-2, 2); break;       // float overflow edge
            }
            if (i % 5 == 0) {
                // exactly halfway for double (bit 10 set, lower bits clear), or halfway for float (bit 39)
                mant = i % 2 == 0 ? (mant & ~0x7FFL) | 0x400L : (mant & ~0xFFFFFFFFFFL) | 0x8000000000L;
            }
            p.add(new long[] {mant, exp | (r.nextBoolean() ? 0x8000 : 0)});
        }
        long[][] special = {
            {0, 0}, {0, 0x8000}, {1, 0}, {0x8000000000000001L, 0}, {0x4000000000000000L, 0}, {Long.MIN_VALUE, 0x7FFF},
            {Long.MIN_VALUE, 0xFFFF}, {0xC000000000000000L, 0x7FFF}, {0xA000000000000000L, 0x7FFF}, {0x8000000000000001L, 0xFFFF},
            {0, 0x7FFF}, {0x4000000000000000L, 0x3FFF}, {Long.MIN_VALUE, 0x3FFF}, {0xFFFFFFFFFFFFFFFFL, 0x43FE},
            {0xFFFFFFFFFFFFF800L, 0x43FE}, {0xFFFFFFFFFFFFF400L, 0x43FE}, {Long.MIN_VALUE, 16383 - 1075},
            {0xC000000000000000L, 16383 - 1075}, {Long.MIN_VALUE, 16383 - 1076}, {0x8000000000000001L, 16383 - 1076},
        };
        for (long[] s : special) {
            p.add(s);
        }
        return p;
    }

    @Test
    void toDoubleAndToFloatMatchNumpy(@TempDir Path dir) throws Exception {
        List<long[]> ps = patterns();
        ByteBuffer raw = ByteBuffer.allocate(16 * ps.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] v : ps) {
            raw.putLong(v[0]).putShort((short) v[1]).putShort((short) 0x1234).putInt(0x56789abc); // garbage padding
        }
        Path in = dir.resolve("ld.bin");
        Files.write(in, raw.array());
        String out = Python.run("import numpy as np, sys, warnings\n"
                + "warnings.simplefilter('ignore')\n"
                + "x = np.fromfile(sys.argv[1], dtype='<f16')\n"
                + "d = x.astype(np.float64).view(np.uint64)\n"
                + "f = x.astype(np.float32).view(np.uint32)\n"
                + "sys.stdout.write('\\n'.join('%x %x' % (a, b) for a, b in zip(d.tolist(), f.tolist())))\n",
                Python.arg(in));
        String[] lines = out.trim().split("\n");
        assertEquals(ps.size(), lines.length);
        NdArray a = NdArray.contiguous(DType.LONGDOUBLE, new long[] {ps.size()}, Order.C, Storage.wrap(raw.array()), 0, false);
        double[] all = a.toDoubleArray();
        for (int i = 0; i < lines.length; i++) {
            String[] two = lines[i].split(" ");
            long ed = Long.parseUnsignedLong(two[0], 16);
            int ef = (int) Long.parseLong(two[1], 16);
            long[] v = ps.get(i);
            String what = "mant=0x" + Long.toHexString(v[0]) + " se=0x" + Long.toHexString(v[1]);
            double gd = LongDouble.toDouble(v[0], (int) v[1]);
            float gf = LongDouble.toFloat(v[0], (int) v[1]);
            if (Double.isNaN(Double.longBitsToDouble(ed))) {
                assertTrue(Double.isNaN(gd), what);
                assertEquals(ed, Double.doubleToRawLongBits(gd), what + " (NaN bits)");
            } else {
                assertEquals(ed, Double.doubleToRawLongBits(gd), what);
            }
            if (Float.isNaN(Float.intBitsToFloat(ef))) {
                assertTrue(Float.isNaN(gf), what);
            } else {
                assertEquals(ef, Float.floatToRawIntBits(gf), what + " (float)");
            }
            assertEquals(Double.doubleToRawLongBits(gd), Double.doubleToRawLongBits(all[i]), what + " via toDoubleArray");
            assertEquals(Double.doubleToRawLongBits(gd), Double.doubleToRawLongBits(a.getDouble(i)), what + " via getDouble");
        }
    }

    /** The task's recipe: np.array([...], dtype=np.longdouble) saved by np.save, data at offset 128, float.hex as truth. */
    @Test
    void npySavedValuesMatchFloatHex(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ld.npy");
        String out = Python.run("import numpy as np, sys\n"
                + "v = ['1', '-2.5', '0.1', '1e-310', '3e-320', '4e-324', '2e-324', '1e-4940', '1.7976931348623158e308',\n"
                + "     '1.7976931348623159e308', '1e4000', '-1e4000', 'inf', '-inf', 'nan', '1.0000000000000000000542',\n"
                + "     '1.00000000000000011102230246251565404', '1.00000000000000011102230246251565405', '123456789012345678901']\n"
                + "a = np.array([np.longdouble(s) for s in v], dtype=np.longdouble)\n"
                + "np.save(sys.argv[1], a)\n"
                + "print(' '.join(float(x).hex() for x in a))\n", Python.arg(f));
        byte[] file = Files.readAllBytes(f);
        String header = new String(file, 10, 118, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'<f16'"), header);
        String[] expected = out.trim().split(" ");
        Storage s = Storage.wrap(java.util.Arrays.copyOfRange(file, 128, file.length));
        NdArray a = NdArray.contiguous(DType.LONGDOUBLE, new long[] {expected.length}, Order.C, s, 0, false);
        for (int i = 0; i < expected.length; i++) {
            double want = expected[i].equals("nan") ? Double.NaN : expected[i].equals("inf") ? Double.POSITIVE_INFINITY
                    : expected[i].equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(expected[i]);
            assertEquals(want, a.getDouble(i), "value " + i + " " + expected[i]);
        }
        // and the complex: clongdouble (1+2j) from NumPy's bytes
        Path c = dir.resolve("c.npy");
        Python.run("import numpy as np, sys\nnp.save(sys.argv[1], np.array([1+2j, -0.1-1e-320j], dtype=np.clongdouble))\n",
                Python.arg(c));
        byte[] cf = Files.readAllBytes(c);
        NdArray z = NdArray.contiguous(DType.CLONGDOUBLE, new long[] {2}, Order.C,
                Storage.wrap(java.util.Arrays.copyOfRange(cf, 128, cf.length)), 0, false);
        assertEquals(Complex.of(1, 2), z.getComplex(0));
        assertEquals(Complex.of(-0.1, -1e-320), z.getComplex(1));
    }

    @Test
    void exactRoundTripsThroughLongdouble() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            double back = LongDouble.toDouble(LongDouble.mantOf(d), LongDouble.signExpOf(d));
            if (Double.isNaN(d)) {
                assertTrue(Double.isNaN(back));
            } else {
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back), Double.toHexString(d));
            }
            long v = r.nextLong();
            assertEquals(v, LongDouble.toLongTruncated(LongDouble.mantOfInteger(v, false), LongDouble.signExpOfInteger(v, false)));
            assertEquals(v, LongDouble.toUnsignedTruncated(LongDouble.mantOfInteger(v, true), LongDouble.signExpOfInteger(v, true)));
        }
    }
}
