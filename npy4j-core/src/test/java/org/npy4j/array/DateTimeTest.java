package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.testing.Python;

/** datetime64/timedelta64 to java.time against NumPy's own string conversions. */
class DateTimeTest {
    private static final String[] UNITS = {"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns"};
    /** Seconds per unit, roughly, to keep random counts within years 1..9999 (what both sides can print). */
    private static final double[] SECONDS = {3.16e7, 2.63e6, 604800, 86400, 3600, 60, 1, 1e-3, 1e-6, 1e-9};

    @Test
    void instantsAndDatesMatchNumpy() {
        SplittableRandom r = new SplittableRandom(1970);
        StringBuilder in = new StringBuilder();
        int[] mults = {1, 1, 3, 7};
        int n = 0;
        for (int u = 0; u < UNITS.length; u++) {
            for (int mult : mults) {
                double span = u == 9 ? 9.2e18 / mult : 2.5e11 / SECONDS[u] / mult; // ns: the whole int64 range
                for (int i = 0; i < 40; i++) {
                    long v = (long) ((r.nextDouble() * 2 - 1) * Math.min(span, 9e18));
                    if (i == 0) {
                        v = 0;
                    } else if (i == 1) {
                        v = -1;
                    }
                    in.append(UNITS[u]).append(' ').append(mult).append(' ').append(v).append('\n');
                    n++;
                }
            }
        }
        String out = Python.runWithInput("import numpy as np, sys\n"
                + "for line in sys.stdin.read().splitlines():\n"
                + "    u, m, v = line.split()\n"
                + "    a = np.array([int(v)], dtype='M8[%s%s]' % ('' if m == '1' else m, u))\n"
                + "    fine = u in ('ms', 'us', 'ns')\n"
                + "    s = np.datetime_as_string(a if fine else a.astype('M8[s]'), timezone='UTC')[0]\n"
                + "    d = np.datetime_as_string(a.astype('M8[D]'))[0]\n"
                + "    print(s, d)\n", in.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String[] lines = out.trim().split("\n");
        String[] inputs = in.toString().split("\n");
        assertEquals(n, lines.length);
        for (int i = 0; i < n; i++) {
            String[] spec = inputs[i].split(" ");
            String[] want = lines[i].split(" ");
            ScalarDType t = DType.datetime64(DateTimeUnit.of(spec[0]), Integer.parseInt(spec[1]));
            long v = Long.parseLong(spec[2]);
            NdArray a = NdArray.of(t, new long[] {1}, Order.C, new long[] {v});
            assertEquals(Instant.parse(iso(want[0])), a.getInstant(0), inputs[i]);
            if (t.unit().ordinal() <= DateTimeUnit.DAY.ordinal()) {
                assertEquals(LocalDate.parse(iso(want[1])), a.getLocalDate(0), inputs[i]);
            }
        }
    }

    /** NumPy prints years as plain integers ({@code -876}, {@code 10000}); java.time wants 4 digits and a sign beyond. */
    private static String iso(String numpy) {
        int dash = numpy.indexOf('-', 1);
        int year = Integer.parseInt(numpy.substring(0, dash));
        String y = year > 9999 ? "+" + year : year < 0 ? String.format("-%04d", -year) : String.format("%04d", year);
        return y + numpy.substring(dash);
    }

    @Test
    void durationsMatchNumpy() {
        SplittableRandom r = new SplittableRandom(86400);
        StringBuilder in = new StringBuilder();
        String[] units = {"W", "D", "h", "m", "s", "ms", "us", "ns"};
        for (String u : units) {
            for (int mult : new int[] {1, 10}) {
                for (int i = 0; i < 30; i++) {
                    long v = r.nextLong(-1_000_000_000L, 1_000_000_000L);
                    in.append(u).append(' ').append(mult).append(' ').append(v).append('\n');
                }
            }
        }
        // NumPy gives the exact value in ns as an integer when converted to m8[ns] (all values here fit)
        String out = Python.runWithInput("import numpy as np, sys\n"
                + "for line in sys.stdin.read().splitlines():\n"
                + "    u, m, v = line.split()\n"
                + "    a = np.array([int(v)], dtype='m8[%s%s]' % ('' if m == '1' else m, u))\n"
                + "    s = a.astype('m8[s]').astype(np.int64)[0]\n"
                + "    ns = (a - a.astype('m8[s]')).astype('m8[ns]').astype(np.int64)[0]\n"
                + "    print(s, ns)\n", in.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String[] lines = out.trim().split("\n");
        String[] inputs = in.toString().split("\n");
        for (int i = 0; i < inputs.length; i++) {
            String[] spec = inputs[i].split(" ");
            String[] want = lines[i].split(" ");
            ScalarDType t = DType.timedelta64(DateTimeUnit.of(spec[0]), Integer.parseInt(spec[1]));
            NdArray a = NdArray.of(t, new long[] {1}, Order.C, new long[] {Long.parseLong(spec[2])});
            // NumPy's m8 -> coarser unit truncates toward zero; rebuild the exact duration from its two parts
            Duration expect = Duration.ofSeconds(Long.parseLong(want[0])).plusNanos(Long.parseLong(want[1]));
            assertEquals(expect, a.getDuration(0), inputs[i]);
        }
    }

    @Test
    void natIsNullAndReported() {
        NdArray a = NdArray.of(DType.datetime64(DateTimeUnit.SECOND), new long[] {2}, Order.C, new long[] {Long.MIN_VALUE, 5});
        assertTrue(a.isNaT(0));
        assertFalse(a.isNaT(1));
        assertNull(a.getInstant(0));
        assertNull(a.getLocalDate(0)); // NaT answers null before the unit is even considered
        assertEquals(Long.MIN_VALUE, a.getLong(0));
        assertEquals(Instant.ofEpochSecond(5), a.getInstant(1));
        NdArray d = NdArray.of(DType.timedelta64(DateTimeUnit.SECOND), new long[] {1}, Order.C, new long[] {Long.MIN_VALUE});
        assertNull(d.getDuration(0));
        assertTrue(d.isNaT(0));
    }

    @Test
    void unsupportedUnitsAndOverflowAreClear() {
        NdArray ps = NdArray.of(DType.datetime64(DateTimeUnit.PICOSECOND), new long[] {1}, Order.C, new long[] {1});
        assertTrue(assertThrows(UnsupportedOperationException.class, () -> ps.getInstant(0)).getMessage().contains("ps"));
        NdArray s = NdArray.of(DType.datetime64(DateTimeUnit.SECOND), new long[] {1}, Order.C, new long[] {1});
        assertThrows(UnsupportedOperationException.class, () -> s.getLocalDate(0));
        assertThrows(IllegalStateException.class, () -> s.getDuration(0));
        NdArray huge = NdArray.of(DType.datetime64(DateTimeUnit.YEAR, 1000), new long[] {1}, Order.C, new long[] {Long.MAX_VALUE / 2});
        assertThrows(ArithmeticException.class, () -> huge.getInstant(0));
        NdArray months = NdArray.of(DType.timedelta64(DateTimeUnit.MONTH), new long[] {1}, Order.C, new long[] {1});
        assertThrows(UnsupportedOperationException.class, () -> months.getDuration(0));
        // big-endian counts are swapped transparently
        NdArray be = NdArray.of(DType.datetime64(DateTimeUnit.DAY).withEndianness(org.npy4j.dtype.Endianness.BIG),
                new long[] {1}, Order.C, new long[] {18262});
        assertEquals(LocalDate.of(2020, 1, 1), be.getLocalDate(0));
        assertEquals((byte) 0, be.storage().getByte(0));
    }
}
