package org.npy4j.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact decimal formatting of doubles for {@code %e}, {@code %f}, {@code %g} and Python's {@code repr}, as C's printf
 * and Python's {@code %} operator do it: the exact binary value rounded half-even to the requested digits.
 *
 * <p>The work is one primitive, {@link #scaledDigits}: {@code round_half_even(|v| * 10^s)}. A fast path computes it
 * exactly in 64/128-bit integer arithmetic whenever the operands fit (every finite double is {@code m * 2^e} with
 * {@code m < 2^53}, so for {@code 0 <= s <= 27} the product {@code m * 5^s} fits in 116 bits and the rounding is decided
 * on the exact remainder); everything else goes through {@link BigDecimal}, which is exact by construction.
 * Instances hold scratch buffers and are not thread-safe.
 */
final class FloatFormat {
    private static final long[] POW5 = new long[28];
    static final long[] POW10 = new long[19];

    static {
        POW5[0] = 1;
        for (int i = 1; i < POW5.length; i++) {
            POW5[i] = POW5[i - 1] * 5;
        }
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Digits of the last {@link #scaledDigits} result, most significant first. */
    final char[] digits = new char[1200];
    int nd;

    /** Counts how often the exact BigDecimal path ran (tests check that the fast path is really taken). */
    long slowCount;

    /**
     * Sets {@link #digits}/{@link #nd} to the decimal digits of {@code round_half_even(abs * 10^s)} ("0" for zero).
     * {@code abs} must be finite and non-negative.
     */
    void scaledDigits(double abs, int s) {
        long d = fastScaled(abs, s);
        if (d != -1) {
            setDigits(d);
            return;
        }
        slowCount++;
        BigInteger q = new BigDecimal(abs).scaleByPowerOfTen(s).setScale(0, RoundingMode.HALF_EVEN).unscaledValue();
        String str = q.toString();
        nd = str.length();
        str.getChars(0, nd, digits, 0);
    }

    private static final char[] TENS = new char[100];
    private static final char[] ONES = new char[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (char) ('0' + i / 10);
            ONES[i] = (char) ('0' + i % 10);
        }
    }

    /** Sets the digits of {@code d}, an unsigned value below 10^19. */
    private void setDigits(long d) {
        if (d < 0) {
            // 19 digits past Long.MAX_VALUE: peel the last digit off unsigned, then continue signed
            long q = Long.divideUnsigned(d, 10);
            digits[18] = (char) ('0' + (d - q * 10));
            setDigits(q);
            nd = 19;
            return;
        }
        int n = digitCount(d);
        nd = n;
        int p = n;
        char[] dg = digits;
        // eight digits per long division, then two per int step
        while (d >= 100_000_000L) {
            long q = d / 100_000_000L;
            int r = (int) (d - q * 100_000_000L);
            d = q;
            for (int k = 0; k < 4; k++) {
                int r2 = r / 100;
                int two = r - r2 * 100;
                dg[--p] = ONES[two];
                dg[--p] = TENS[two];
                r = r2;
            }
        }
        int v = (int) d;
        while (v >= 100) {
            int q = v / 100;
            int two = v - q * 100;
            dg[--p] = ONES[two];
            dg[--p] = TENS[two];
            v = q;
        }
        if (v >= 10) {
            dg[--p] = ONES[v];
            dg[--p] = TENS[v];
        } else {
            dg[--p] = (char) ('0' + v);
        }
    }

    static int digitCount(long v) {
        int n = 1;
        while (n < 19 && v >= POW10[n]) {
            n++;
        }
        return n;
    }

    /** 10^19 as an unsigned long: the results of {@link #fastScaled} are below it (at most 19 digits). */
    static final long TEN19 = Long.parseUnsignedLong("10000000000000000000");

    /**
     * Returns {@code round_half_even(abs * 10^s)} as an unsigned long below 10^19 when it can be computed exactly in
     * 64/128-bit arithmetic, else -1 (which, read unsigned, is never a valid result).
     */
    static long fastScaled(double abs, int s) {
        long bits = Double.doubleToRawLongBits(abs);
        int be = (int) (bits >>> 52) & 0x7ff;
        long m = bits & ((1L << 52) - 1);
        int e;
        if (be == 0) {
            if (m == 0) {
                return 0;
            }
            e = -1074;
        } else {
            m |= 1L << 52;
            e = be - 1075;
        }
        // strip trailing zero bits: smaller operands fit the fast path more often
        int tz = Long.numberOfTrailingZeros(m);
        m >>>= tz;
        e += tz;
        if (s >= 0) {
            if (s >= POW5.length) {
                return -1;
            }
            long p5 = POW5[s];
            long hi = Math.multiplyHigh(m, p5);
            long lo = m * p5;
            int shift = e + s; // value * 10^s = m * 5^s * 2^shift
            if (shift >= 0) {
                if (hi != 0 || shift > 63 || Long.numberOfLeadingZeros(lo) < shift) {
                    return -1;
                }
                return below19(lo << shift);
            }
            int k = -shift;
            long q;
            int cmp;
            if (k < 64) {
                if ((hi >>> k) != 0) {
                    return -1;
                }
                q = (hi << (64 - k)) | (lo >>> k);
                long r = lo & ((1L << k) - 1);
                long half = 1L << (k - 1);
                cmp = Long.compareUnsigned(r, half);
            } else if (k == 64) {
                q = hi;
                cmp = Long.compareUnsigned(lo, Long.MIN_VALUE);
            } else if (k < 128) {
                int j = k - 64;
                q = hi >>> j;
                long rh = hi & ((1L << j) - 1);
                long halfH = 1L << (j - 1);
                cmp = rh != halfH ? Long.compareUnsigned(rh, halfH) : (lo != 0 ? 1 : 0);
            } else {
                return 0; // the product is below 2^116, far below half of 2^k
            }
            if (cmp > 0 || cmp == 0 && (q & 1) != 0) {
                if (q == -1) {
                    return -1;
                }
                q++;
            }
            return below19(q);
        }
        int t = -s;
        if (t >= POW5.length) {
            return -1;
        }
        long p5 = POW5[t];
        // value * 10^s = m * 2^(e - t) / 5^t
        int shift = e - t;
        int mbits = 64 - Long.numberOfLeadingZeros(m);
        if (shift >= 0) {
            if (mbits + shift > 62) {
                return -1;
            }
            long n = m << shift;
            long q = n / p5;
            long r = n - q * p5;
            // 5^t is odd, so there is never an exact tie
            if (r > p5 - r) {
                q++;
            }
            return q;
        }
        int k = -shift;
        if (k > 62 || (64 - Long.numberOfLeadingZeros(p5)) + k > 62) {
            // the divisor does not fit; if it dwarfs m the answer is 0 (m < 2^53 < half the divisor)
            return k > 62 && mbits + 1 < k ? 0 : -1;
        }
        long den = p5 << k;
        long q = m / den;
        long r = m - q * den;
        long rest = den - r;
        if (r > rest || r == rest && (q & 1) != 0) {
            q++;
        }
        return q;
    }

    private static long below19(long q) {
        return Long.compareUnsigned(q, TEN19) < 0 ? q : -1;
    }

    /** Returns a lower bound of {@code floor(log10(abs))} that is exact or one too small (abs finite, positive). */
    static int log10LowerBound(double abs) {
        long bits = Double.doubleToRawLongBits(abs);
        int be = (int) (bits >>> 52) & 0x7ff;
        int e2;
        if (be == 0) {
            long m = bits & ((1L << 52) - 1);
            e2 = -1074 + 63 - Long.numberOfLeadingZeros(m);
        } else {
            e2 = be - 1023;
        }
        // floor(e2 * log10(2)), exact for |e2| < 1700
        return (int) Math.floor(e2 * 0.30102999566398119521);
    }

    /**
     * Sets {@link #digits} to exactly {@code p} significant digits of {@code abs} (rounded half-even) and returns the
     * decimal exponent of the first digit. {@code abs} finite, {@code p >= 1}; zero gives {@code p} zeros and exponent 0.
     */
    int significant(double abs, int p) {
        if (abs == 0) {
            for (int i = 0; i < p; i++) {
                digits[i] = '0';
            }
            nd = p;
            return 0;
        }
        int x = log10LowerBound(abs);
        if (p <= 19) {
            // fast path: the estimate is exact or one low, and rounding may carry into a new digit (then the exponent
            // is one more too); an estimate one low can also overflow the long arithmetic, so try x + 1 then
            boolean unknown = false; // the previous attempt gave no answer, so x + 1 is not known to be right
            for (int attempt = 0; attempt < 2; attempt++, x++) {
                long d = fastScaled(abs, p - 1 - x);
                if (d == -1) {
                    unknown = true;
                    continue;
                }
                if (p == 19 || Long.compareUnsigned(d, POW10[p]) < 0) {
                    // after an unknown attempt, exactly 10^(p-1) may be a rounded-up value of exponent x - 1
                    int c = Long.compareUnsigned(d, POW10[p - 1]);
                    if (c > 0 || c == 0 && !unknown) {
                        setDigits(d);
                        return x;
                    }
                    break; // fewer digits than asked, or ambiguous: the exact path decides
                }
            }
            x = log10LowerBound(abs);
        }
        scaledDigits(abs, p - 1 - x);
        if (nd > p) {
            // either the estimate was one low or rounding carried into a new digit: both mean exponent x + 1
            x++;
            scaledDigits(abs, p - 1 - x);
        } else if (nd < p) {
            // guard against an estimate one too high (floating-point log estimate at an edge)
            x--;
            scaledDigits(abs, p - 1 - x);
        }
        return x;
    }

    /** Appends {@code %.{prec}e} of {@code abs} (no sign). */
    void appendE(CharBuf out, double abs, int prec, boolean upper, boolean alt) {
        int x = significant(abs, prec + 1);
        appendMantissaExp(out, prec + 1, x, upper, alt, false);
    }

    private void appendMantissaExp(CharBuf out, int count, int x, boolean upper, boolean alt, boolean strip) {
        int n = count;
        if (strip) {
            while (n > 1 && digits[n - 1] == '0') {
                n--;
            }
        }
        out.ensure(n + 8);
        out.append(digits[0]);
        if (n > 1 || alt) {
            out.append('.');
        }
        out.append(digits, 1, n - 1);
        appendExponent(out, x, upper ? 'E' : 'e');
    }

    static void appendExponent(CharBuf out, int x, char e) {
        out.append(e);
        if (x < 0) {
            out.append('-');
            x = -x;
        } else {
            out.append('+');
        }
        if (x < 10) {
            out.append('0');
        }
        out.appendDigits(x);
    }

    /** Appends {@code %.{prec}f} of {@code abs} (no sign). */
    void appendF(CharBuf out, double abs, int prec, boolean alt) {
        scaledDigits(abs, prec);
        appendFixed(out, prec, alt, false);
    }

    /** Writes {@link #digits} as a number with {@code frac} digits after the point. */
    private void appendFixed(CharBuf out, int frac, boolean alt, boolean strip) {
        int n = nd;
        out.ensure(n + frac + 3);
        int intDigits = n - frac;
        if (intDigits <= 0) {
            out.append('0');
        } else {
            out.append(digits, 0, intDigits);
        }
        int fracEnd = n; // digits[intDigits .. n) are the fraction, preceded by -intDigits zeros when intDigits < 0
        int lead = intDigits < 0 ? -intDigits : 0;
        int from = Math.max(intDigits, 0);
        if (strip) {
            while (fracEnd > from && digits[fracEnd - 1] == '0') {
                fracEnd--;
            }
            if (fracEnd == from) {
                lead = 0;
            }
        }
        if (lead + fracEnd - from > 0 || alt) {
            out.append('.');
            out.repeat('0', lead);
            out.append(digits, from, fracEnd - from);
        }
    }

    /** Appends {@code %.{prec}g} of {@code abs} (no sign). */
    void appendG(CharBuf out, double abs, int prec, boolean upper, boolean alt) {
        int p = prec == 0 ? 1 : prec;
        int x = significant(abs, p);
        if (x >= -4 && x < p) {
            // same rounding position as %e with p digits, so the digits are already right
            int frac = p - 1 - x;
            if (abs == 0) {
                nd = 1;
                if (alt) {
                    for (int i = 1; i < p; i++) {
                        digits[i] = '0';
                    }
                    nd = p;
                }
            }
            appendFixed(out, frac, alt, !alt);
        } else {
            appendMantissaExp(out, p, x, upper, alt, !alt);
        }
    }

    /** Appends Python's {@code repr(float)} of {@code abs} (no sign): the shortest digits that read back exactly. */
    void appendRepr(CharBuf out, double abs) {
        appendShortest(out, abs, 8);
    }

    /**
     * Appends NumPy's {@code str()} of a float of {@code size} bytes (8, 4 or 2) widened to {@code abs}: the shortest
     * digits that read back as the same value of that type; positional for float64 as Python's repr decides it
     * (decimal exponent in [-4, 16)), and for float32/float16 as NumPy does (1e-4 &lt;= value &lt; 1e6 or 1e3), else
     * scientific.
     */
    void appendShortest(CharBuf out, double abs, int size) {
        if (abs == 0) {
            out.append("0.0");
            return;
        }
        int maxDigits = size == 8 ? 17 : size == 4 ? 9 : 5;
        int x = 0;
        int p;
        for (p = 1; p < maxDigits; p++) {
            x = significant(abs, p);
            double back = Double.parseDouble(new String(digits, 0, p) + "e" + (x - p + 1));
            if (size == 8 ? back == abs : size == 4 ? (float) back == (float) abs
                    : org.npy4j.array.Float16.toFloat(TextReader.doubleToHalf(back)) == abs) {
                break;
            }
        }
        if (p == maxDigits) {
            x = significant(abs, p);
        }
        int n = p;
        while (n > 1 && digits[n - 1] == '0') {
            n--;
        }
        boolean positional = size == 8 ? x >= -4 && x < 16 : abs >= 1e-4 && abs < (size == 4 ? 1e6 : 1e3);
        if (positional) {
            nd = n;
            int frac = Math.max(n - 1 - x, 0);
            if (n - 1 - x < 0) {
                // pad integral digits with zeros: 1e3 -> "1000"
                for (int i = n; i < x + 1; i++) {
                    digits[i] = '0';
                }
                nd = x + 1;
            }
            appendFixed(out, frac, false, false);
            if (frac == 0) {
                out.append(".0");
            }
        } else {
            appendMantissaExp(out, n, x, false, false, false);
        }
    }
}
