package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.npy4j.testing.Python;

/** {@link Float16} against NumPy 2.4's own conversions, bit for bit. */
class Float16Test {

    private static long[] hexLines(String out) {
        String[] lines = out.trim().split("\\s+");
        long[] v = new long[lines.length];
        for (int i = 0; i < lines.length; i++) {
            v[i] = Long.parseUnsignedLong(lines[i], 16);
        }
        return v;
    }

    @Test
    void toFloatMatchesNumpyForAll65536Patterns() {
        String out = Python.run("import numpy as np, sys\n"
                + "v = np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float32).view(np.uint32)\n"
                + "sys.stdout.write('\\n'.join('%x' % x for x in v.tolist()))\n");
        long[] expected = hexLines(out);
        assertEquals(65536, expected.length);
        for (int h = 0; h < 65536; h++) {
            int got = Float.floatToRawIntBits(Float16.toFloat((short) h));
            int half = h;
            assertEquals((int) expected[h], got, () -> "half 0x" + Integer.toHexString(half));
        }
    }

    /** Random floats, every half-precision halfway point (and its neighbours), subnormals, overflow edge, NaNs. */
    @Test
    void fromFloatMatchesNumpy() {
        List<Integer> bits = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(16);
        for (int i = 0; i < 60000; i++) {
            bits.add(r.nextInt());
        }
        for (int h = 0; h < 0x7C00; h += 1) {
            // the float exactly halfway between half h and h+1, and one ulp either side
            float lo = Float16.toFloat((short) h);
            float hi = Float16.toFloat((short) (h + 1));
            float mid = (float) (((double) lo + hi) / 2);
            int m = Float.floatToRawIntBits(mid);
            if (h % 3 == 0) {
                bits.add(m);
                bits.add(m + 1);
                bits.add(m - 1);
                bits.add(m | 0x80000000);
            }
        }
        for (int x : new int[] {0x477FF000, 0x477FEFFF, 0x477FF001, 0x7F800001, 0x7FC00000, 0xFFA00000, 0x33000000,
                0x33000001, 0x32FFFFFF, 0x387FC000}) {
            bits.add(x);
        }
        StringBuilder in = new StringBuilder();
        for (int b : bits) {
            in.append(Integer.toHexString(b)).append('\n');
        }
        String out = Python.runWithInput("import numpy as np, sys\n"
                + "v = np.array([int(x, 16) for x in sys.stdin.read().split()], dtype=np.uint32)\n"
                + "h = v.view(np.float32).astype(np.float16).view(np.uint16)\n"
                + "sys.stdout.write('\\n'.join('%x' % x for x in h.tolist()))\n",
                in.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long[] expected = hexLines(out);
        assertEquals(bits.size(), expected.length);
        for (int i = 0; i < expected.length; i++) {
            int f = bits.get(i);
            assertEquals((short) expected[i], Float16.fromFloat(Float.intBitsToFloat(f)), "float 0x" + Integer.toHexString(f));
        }
    }

    /** float64 -> float16 rounds once; values halfway in half precision but not in float would round twice via float. */
    @Test
    void fromDoubleMatchesNumpy() {
        List<Long> bits = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(64);
        for (int i = 0; i < 30000; i++) {
            bits.add(r.nextLong());
            // doubles in the float16 range with random low bits
            double d = Math.scalb(1 + r.nextDouble(), r.nextInt(-26, 17)) * (r.nextBoolean() ? 1 : -1);
            bits.add(Double.doubleToRawLongBits(d));
        }
        for (int h = 0; h < 0x7C00; h += 7) {
            double lo = Float16.toFloat((short) h);
            double hi = Float16.toFloat((short) (h + 1));
            long m = Double.doubleToRawLongBits((lo + hi) / 2);
            bits.add(m);
            bits.add(m + 1);
            bits.add(m - 1);
        }
        StringBuilder in = new StringBuilder();
        for (long b : bits) {
            in.append(Long.toHexString(b)).append('\n');
        }
        String out = Python.runWithInput("import numpy as np, sys\n"
                + "v = np.array([int(x, 16) for x in sys.stdin.read().split()], dtype=np.uint64)\n"
                + "h = v.view(np.float64).astype(np.float16).view(np.uint16)\n"
                + "sys.stdout.write('\\n'.join('%x' % x for x in h.tolist()))\n",
                in.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long[] expected = hexLines(out);
        assertEquals(bits.size(), expected.length);
        for (int i = 0; i < expected.length; i++) {
            long d = bits.get(i);
            assertEquals((short) expected[i], Float16.fromDouble(Double.longBitsToDouble(d)), "double 0x" + Long.toHexString(d));
        }
    }
}
