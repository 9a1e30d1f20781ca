package org.npy4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast paths against exact references: {@link FloatFormat#fastScaled} against {@link BigDecimal} (exact by
 * construction), and {@link NumberParser}'s Eisel-Lemire/Clinger paths against {@link Double#parseDouble} (correctly
 * rounded). Both fast paths must agree bit for bit wherever they answer, and must answer on the common inputs.
 */
class ExactArithmeticTest {

    /** Random doubles spread over all magnitudes, with many exact halves, integers and subnormals. */
    static double randomDouble(SplittableRandom r) {
        switch (r.nextInt(6)) {
            case 0:
                return Double.longBitsToDouble(r.nextLong() & Long.MAX_VALUE);
            case 1:
                return Math.abs((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-12, 20)));
            case 2:
                return r.nextInt(0, 2_000_000) / (double) (1 << r.nextInt(0, 12)); // exact binary fractions: ties
            case 3:
                return Double.longBitsToDouble(r.nextLong(1, 1L << 52)); // subnormal
            case 4:
                return (double) r.nextLong(0, 1L << 62);
            default:
                return r.nextDouble();
        }
    }

    @Test
    void fastScaledMatchesBigDecimal() {
        SplittableRandom r = new SplittableRandom(42);
        int answered = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            double v = randomDouble(r);
            if (!Double.isFinite(v)) {
                continue;
            }
            int s = r.nextInt(-30, 40);
            long fast = FloatFormat.fastScaled(v, s);
            if (fast == -1) {
                continue;
            }
            answered++;
            BigDecimal exact = new BigDecimal(v).scaleByPowerOfTen(s).setScale(0, RoundingMode.HALF_EVEN);
            assertEquals(exact.toBigInteger().toString(), Long.toUnsignedString(fast), () -> "round(" + v + " * 10^" + s + ")");
        }
        assertTrue(answered > n / 3, "fast path answered only " + answered);
    }

    @Test
    void significantDigitsMatchBigDecimal() {
        SplittableRandom r = new SplittableRandom(7);
        FloatFormat ff = new FloatFormat();
        for (int i = 0; i < 100_000; i++) {
            double v = randomDouble(r);
            if (i % 4 == 0) {
                // near powers of ten and their rounding boundaries, where exponent estimates and carries go wrong
                double base = Math.pow(10, r.nextInt(-320, 309)) * (r.nextBoolean() ? 1 : 9.5 + r.nextInt(5) * 0.09);
                v = r.nextBoolean() ? Math.nextUp(base) : r.nextBoolean() ? Math.nextDown(base) : base;
            }
            if (!Double.isFinite(v) || v == 0) {
                continue;
            }
            int p = r.nextInt(1, 25);
            int x = ff.significant(v, p);
            BigDecimal exact = new BigDecimal(v).round(new java.math.MathContext(p, RoundingMode.HALF_EVEN));
            String digits = exact.unscaledValue().toString();
            int ex = digits.length() - 1 - exact.scale();
            while (digits.length() < p) {
                digits += "0";
            }
            assertEquals(digits.substring(0, p), new String(ff.digits, 0, ff.nd), "digits of " + v + " to " + p);
            assertEquals(ex, x, "exponent of " + v + " to " + p);
        }
    }

    @Test
    void parserMatchesParseDoubleOnRandomDecimalStrings() {
        SplittableRandom r = new SplittableRandom(1);
        NumberParser np = new NumberParser();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600_000; i++) {
            sb.setLength(0);
            if (r.nextBoolean()) {
                sb.append('-');
            }
            int digits = r.nextInt(1, 22);
            for (int k = 0; k < digits; k++) {
                sb.append((char) ('0' + r.nextInt(10)));
                if (k == 0 && r.nextInt(3) == 0) {
                    sb.append('.');
                }
            }
            if (r.nextBoolean()) {
                sb.append('e').append(r.nextInt(-340, 320));
            }
            check(np, sb.toString());
        }
    }

    @Test
    void parserMatchesParseDoubleOnFormattedDoubles() {
        // the shapes savetxt writes (19 and 17 significant digits), Java's repr, and midpoints between neighbours
        SplittableRandom r = new SplittableRandom(3);
        NumberParser np = new NumberParser();
        for (int i = 0; i < 40_000; i++) {
            double v = randomDouble(r);
            if (!Double.isFinite(v)) {
                continue;
            }
            BigDecimal exact = new BigDecimal(v);
            check(np, exact.round(new java.math.MathContext(19, RoundingMode.HALF_EVEN)).toString());
            check(np, exact.round(new java.math.MathContext(17, RoundingMode.HALF_EVEN)).toString());
            check(np, Double.toString(v));
            BigDecimal mid = exact.add(new BigDecimal(Math.nextUp(v))).divide(BigDecimal.valueOf(2));
            check(np, mid.round(new java.math.MathContext(19, RoundingMode.DOWN)).toString());
            check(np, mid.round(new java.math.MathContext(25, RoundingMode.DOWN)).toString());
            if (i % 16 == 0) {
                check(np, mid.toString()); // the exact midpoint: a tie only the exact parser can settle
            }
        }
    }

    private static void check(NumberParser np, String s) {
        char[] c = s.toCharArray();
        double got = np.parseDouble(c, 0, c.length);
        assertTrue(np.ok, s);
        double want = Double.parseDouble(s);
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), s);
    }

    @Test
    void eiselLemireAnswersForTheCommonShapes() {
        // 19-digit mantissas with ordinary exponents must not fall back to the slow parser
        SplittableRandom r = new SplittableRandom(5);
        int answered = 0;
        for (int i = 0; i < 100_000; i++) {
            long w = r.nextLong(1_000_000_000_000_000_000L, Long.MAX_VALUE);
            if (NumberParser.eiselLemire(w, r.nextInt(-40, 10)) >= 0) {
                answered++;
            }
        }
        assertTrue(answered > 99_000, "answered " + answered);
    }

    @Test
    void halfConversionIsDirect() {
        // direct double -> half rounding, checked against exact arithmetic on the half grid
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double v = (r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-30, 18));
            short h = TextReader.doubleToHalf(v);
            double back = org.npy4j.array.Float16.toFloat(h);
            // neighbours on the half grid must not be closer
            short up = (short) (h + 1);
            short down = (short) (h - 1);
            double dv = Math.abs(back - v);
            if ((h & 0x7c00) != 0x7c00) {
                if ((up & 0x7c00) != 0x7c00) {
                    assertTrue(Math.abs(org.npy4j.array.Float16.toFloat(up) - v) >= dv, () -> v + " -> " + back);
                }
                if ((h & 0x7fff) != 0) {
                    assertTrue(Math.abs(org.npy4j.array.Float16.toFloat(down) - v) >= dv, () -> v + " -> " + back);
                }
            }
        }
    }
}
