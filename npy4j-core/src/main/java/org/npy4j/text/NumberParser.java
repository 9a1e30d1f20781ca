package org.npy4j.text;

import java.math.BigInteger;

/**
 * Parses the number syntax NumPy's {@code loadtxt} accepts, from a char range, without allocating on the common path.
 *
 * <p>Floats: optional sign, then {@code digits[.digits]}, {@code .digits} or {@code digits.}, optional exponent
 * {@code [eE][+-]digits}; or {@code inf}, {@code infinity}, {@code nan} in any case. No hex floats, no underscores, no
 * {@code nan(...)} (NumPy refuses them too). Surrounding whitespace is ignored. The value is correctly rounded: the
 * Eisel-Lemire algorithm computes it from up to 19 significant digits with a 128-bit power-of-five table; inputs it
 * cannot decide (more digits, subnormal or out-of-range results) go to {@link Double#parseDouble}, which is exact.
 * Integers: optional sign and decimal digits only, range-checked exactly.
 */
final class NumberParser {
    private static final int MIN_Q = -342;
    private static final int MAX_Q = 308;
    /** For each q in [MIN_Q, MAX_Q]: the high and low 64 bits of 5^q normalised to 128 bits (truncated/rounded up). */
    private static final long[] POW5_128 = buildTable();
    private static final double[] EXACT_POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < EXACT_POW10.length; i++) {
            EXACT_POW10[i] = p;
            p *= 10;
        }
    }

    private static long[] buildTable() {
        long[] t = new long[2 * (MAX_Q - MIN_Q + 1)];
        BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        for (int q = MIN_Q; q <= MAX_Q; q++) {
            BigInteger v;
            if (q >= 0) {
                v = BigInteger.valueOf(5).pow(q);
                int bits = v.bitLength();
                v = bits <= 128 ? v.shiftLeft(128 - bits) : v.shiftRight(bits - 128);
            } else {
                // the leading 128 bits of 1 / 5^-q: rounded up while 5^-q fits in 64 bits, truncated beyond
                BigInteger p5 = BigInteger.valueOf(5).pow(-q);
                int z = p5.bitLength();
                if (q >= -27) {
                    v = BigInteger.ONE.shiftLeft(z + 127).divide(p5).add(BigInteger.ONE);
                } else {
                    v = BigInteger.ONE.shiftLeft(2 * z + 128).divide(p5).add(BigInteger.ONE);
                }
                while (v.compareTo(two128) >= 0) {
                    v = v.shiftRight(1);
                }
            }
            int i = 2 * (q - MIN_Q);
            t[i] = v.shiftRight(64).longValue();
            t[i + 1] = v.longValue();
        }
        return t;
    }

    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xFFF8000000000000L);

    /** Set by the parse methods: false if the text was not a number of the requested kind. */
    boolean ok;

    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1c && c <= 0x1f;
        }
        return c >= 0x85 && (c == 0x85 || c == 0xa0 || Character.isSpaceChar(c));
    }

    /** Parses a float; sets {@link #ok}. */
    double parseDouble(char[] b, int start, int end) {
        while (start < end && isSpace(b[start])) {
            start++;
        }
        while (end > start && isSpace(b[end - 1])) {
            end--;
        }
        double v = scan(b, start, end);
        if (next != end) {
            ok = false;
        }
        return v;
    }

    /** After {@link #scan}: the index just past the number. */
    int next;

    /**
     * Parses the longest float syntax starting at {@code start} (no whitespace skipping); sets {@link #ok} and
     * {@link #next}. The caller decides whether what follows may end a field.
     */
    double scan(char[] b, int start, int end) {
        ok = false;
        next = start;
        int i = start;
        if (i >= end) {
            return 0;
        }
        boolean neg = false;
        if (b[i] == '+' || b[i] == '-') {
            neg = b[i] == '-';
            i++;
        }
        long mant = 0; // up to 19 digits, read as unsigned (it may pass Long.MAX_VALUE)
        int sig = 0; // significant digits seen (leading zeros excluded)
        int dropped = 0; // digits beyond 19 before the point (they scale the value)
        boolean truncated = false;
        int digits = 0;
        int exp10 = 0;
        while (i < end && b[i] == '0') {
            digits++;
            i++;
        }
        // significant integer digits: the first 19 accumulate, the rest only scale
        int intStart = i;
        int limit = Math.min(end, i + 19);
        while (i < limit) {
            int d = b[i] - '0';
            if ((d | (9 - d)) < 0) {
                break;
            }
            mant = mant * 10 + d;
            i++;
        }
        sig = i - intStart;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            dropped++;
            truncated |= b[i] != '0';
            i++;
        }
        digits += i - intStart;
        exp10 += dropped;
        if (i < end && b[i] == '.') {
            i++;
            int fracStart = i;
            if (mant == 0) {
                // leading zeros of the fraction only move the point
                while (i < end && b[i] == '0') {
                    exp10--;
                    i++;
                }
            }
            // after the zeros above, the first digit here (if any) is significant
            int sigStart = i;
            int limit2 = Math.min(end, i + (19 - sig));
            while (i < limit2) {
                int d = b[i] - '0';
                if ((d | (9 - d)) < 0) {
                    break;
                }
                mant = mant * 10 + d;
                i++;
            }
            sig += i - sigStart;
            exp10 -= i - sigStart;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                truncated |= b[i] != '0';
                i++;
            }
            digits += i - fracStart;
        }
        if (digits == 0) {
            // "inf"/"nan" only as the whole mantissa: ".inf" is not a number
            return i > start && b[i - 1] == '.' ? 0 : special(b, i, end, neg);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                eneg = b[i] == '-';
                i++;
            }
            if (i >= end || b[i] < '0' || b[i] > '9') {
                return 0;
            }
            int e = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (e < 100_000) {
                    e = e * 10 + (b[i] - '0');
                }
                i++;
            }
            exp10 += eneg ? -e : e;
        }
        next = i;
        ok = true;
        if (mant == 0) {
            return neg ? -0.0 : 0.0;
        }
        if (!truncated) {
            // Clinger's fast path: both operands exact, one correctly rounded operation
            if (mant >= 0 && mant < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
                double v = exp10 >= 0 ? mant * EXACT_POW10[exp10] : mant / EXACT_POW10[-exp10];
                return neg ? -v : v;
            }
            long bits = eiselLemire(mant, exp10);
            if (bits >= 0) {
                double v = Double.longBitsToDouble(bits);
                return neg ? -v : v;
            }
        }
        return Double.parseDouble(new String(b, start, i - start));
    }

    private double special(char[] b, int i, int end, boolean neg) {
        int j = i;
        while (j < end && (b[j] | 0x20) >= 'a' && (b[j] | 0x20) <= 'z') {
            j++;
        }
        next = j;
        int n = j - i;
        if (n == 3 && eqIgnoreCase(b, i, "nan")) {
            ok = true;
            // NumPy keeps the sign of "-nan" (the sign bit is set in the stored value)
            return neg ? NEGATIVE_NAN : Double.NaN;
        }
        if (n == 3 && eqIgnoreCase(b, i, "inf") || n == 8 && eqIgnoreCase(b, i, "infinity")) {
            ok = true;
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return 0;
    }

    private static boolean eqIgnoreCase(char[] b, int i, String s) {
        for (int k = 0; k < s.length(); k++) {
            if ((b[i + k] | 0x20) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the bits of the double nearest {@code w * 10^q} (w exact, non-zero), or -1 if this fast algorithm
     * does not decide it (subnormal or overflowing results, or a product too close to a rounding boundary).
     */
    static long eiselLemire(long w, int q) {
        if (q < MIN_Q || q > MAX_Q) {
            return -1;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int idx = 2 * (q - MIN_Q);
        long hi = unsignedMultiplyHigh(w, POW5_128[idx]);
        long lo = w * POW5_128[idx];
        if ((hi & 0x1FF) == 0x1FF) {
            long hi2 = unsignedMultiplyHigh(w, POW5_128[idx + 1]);
            long newLo = lo + hi2;
            if (Long.compareUnsigned(newLo, lo) < 0) {
                hi++;
            }
            lo = newLo;
        }
        if (lo == -1L || lo == 0 && (hi & 0x1FF) == 0) {
            // too close to call with this precision: let the exact parser decide
            return -1;
        }
        int upper = (int) (hi >>> 63);
        long mantissa = hi >>> (upper + 9);
        int power2 = (int) (((152170L + 65536L) * q) >> 16) + 63 + upper - lz + 1023;
        if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && (mantissa << (upper + 9)) == hi) {
            return -1;
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << 52)) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 <= 0 || power2 >= 0x7FF) {
            return -1;
        }
        return mantissa | ((long) power2 << 52);
    }

    /** {@code Math.unsignedMultiplyHigh} (Java 18+) for Java 17. */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * Parses a decimal integer in {@code [min, max]} (as signed longs; for uint64 pass {@code unsigned}, then the
     * result is the bit pattern and the range is [0, 2^64-1]); sets {@link #ok}.
     */
    long parseLong(char[] b, int start, int end, long min, long max, boolean unsigned) {
        ok = false;
        while (start < end && isSpace(b[start])) {
            start++;
        }
        while (end > start && isSpace(b[end - 1])) {
            end--;
        }
        int i = start;
        if (i >= end) {
            return 0;
        }
        boolean neg = false;
        if (b[i] == '+' || b[i] == '-') {
            neg = b[i] == '-';
            i++;
        }
        if (i >= end || neg && (unsigned || min == 0)) {
            return 0;
        }
        long v = 0; // accumulated as a negative number (signed) or unsigned
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return 0;
            }
            if (unsigned) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                    return 0;
                }
                long nv = v * 10 + d;
                if (Long.compareUnsigned(nv, v * 10) < 0) {
                    return 0;
                }
                v = nv;
            } else {
                if (v < Long.MIN_VALUE / 10) {
                    return 0;
                }
                long nv = v * 10 - d;
                if (nv > v * 10 || v * 10 < Long.MIN_VALUE + d) {
                    return 0;
                }
                v = nv;
            }
        }
        if (unsigned) {
            ok = true;
            return v;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) {
                return 0;
            }
            v = -v;
        }
        if (v < min || v > max) {
            return 0;
        }
        ok = true;
        return v;
    }

    /** The imaginary part of the last {@link #parseComplex}. */
    double imag;

    /** Parses NumPy's complex syntax: {@code re}, {@code re±imj}, {@code imj}, optionally in parentheses. */
    double parseComplex(char[] b, int start, int end) {
        ok = false;
        while (start < end && isSpace(b[start])) {
            start++;
        }
        while (end > start && isSpace(b[end - 1])) {
            end--;
        }
        if (end - start >= 2 && b[start] == '(' && b[end - 1] == ')') {
            start++;
            end--;
        }
        if (start >= end) {
            return 0;
        }
        if (b[end - 1] == 'j') {
            // find the sign that starts the imaginary part: a '+'/'-' not at the start and not after 'e'/'E'
            int split = -1;
            for (int k = end - 2; k > start; k--) {
                char c = b[k];
                if ((c == '+' || c == '-') && b[k - 1] != 'e' && b[k - 1] != 'E') {
                    split = k;
                    break;
                }
            }
            if (split < 0) {
                double im = parseDouble(b, start, end - 1);
                if (!ok || end - 1 == start || isSpace(b[end - 2])) {
                    ok = false;
                    return 0;
                }
                imag = im;
                return 0;
            }
            double re = parseDouble(b, start, split);
            if (!ok || isSpace(b[split - 1])) {
                ok = false;
                return 0;
            }
            double im = parseDouble(b, split, end - 1);
            if (!ok || split + 1 == end - 1 || isSpace(b[split + 1]) || isSpace(b[end - 2])) {
                ok = false;
                return 0;
            }
            imag = im;
            return re;
        }
        double re = parseDouble(b, start, end);
        imag = 0;
        return re;
    }
}
