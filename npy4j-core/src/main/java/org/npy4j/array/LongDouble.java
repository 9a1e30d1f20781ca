package org.npy4j.array;

/**
 * x87 80-bit extended precision ({@code '<f16'} on x86-64 Linux): a 64-bit significand with an explicit integer bit,
 * then 15 exponent bits (bias 16383) and the sign, in the low 10 of 16 bytes; the 6 padding bytes are garbage.
 * Conversions round exactly once, to nearest with ties to even, as the x87 unit does.
 *
 * <pre>
 *  byte  0 ........ 7 | 8   9 | 10 ... 15
 *        significand  | sign+exp | padding
 * </pre>
 */
final class LongDouble {
    private static final int BIAS = 16383;

    private LongDouble() {
    }

    /** Returns the value as the nearest double; unnormals and pseudo-infinities are invalid operands, hence NaN. */
    static double toDouble(long mant, int signExp) {
        return round(mant, signExp, 53, -1022);
    }

    /** Returns the value as the nearest float (one rounding, not via double). */
    static float toFloat(long mant, int signExp) {
        double d = round(mant, signExp, 24, -126);
        return (float) d; // exact: d already has float precision and range, or is 0, inf or NaN
    }

    private static double round(long mant, int signExp, int precision, int eminNormal) {
        boolean neg = (signExp & 0x8000) != 0;
        int exp = signExp & 0x7FFF;
        if (exp == 0x7FFF) {
            if (mant == 0x8000000000000000L) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (mant >= 0) {
                return Double.longBitsToDouble(0xFFF8000000000000L); // pseudo-NaN/inf: x87 default NaN
            }
            // NaN: keep the sign and the top payload bits, quiet, as fstp does
            long bits = (neg ? 0x8000000000000000L : 0) | 0x7FF8000000000000L | ((mant >>> 11) & 0x000FFFFFFFFFFFFFL);
            return Double.longBitsToDouble(bits);
        }
        if (exp != 0 && mant >= 0) {
            return Double.longBitsToDouble(0xFFF8000000000000L); // unnormal: invalid operand
        }
        if (mant == 0) {
            return neg ? -0.0 : 0.0;
        }
        // value = mant * 2^(e - 63), pseudo-denormals (exp 0 with the integer bit set) use exponent 1 like denormals
        int e2 = (exp == 0 ? 1 : exp) - BIAS - 63;
        double r = Rounding.round(mant, e2, precision, eminNormal);
        return neg ? -r : r;
    }

    /** Returns the significand of {@code d}'s exact extended-precision value ({@link #signExpOf} gives the rest). */
    static long mantOf(double d) {
        long bits = Double.doubleToRawLongBits(d);
        int exp = (int) ((bits >>> 52) & 0x7FF);
        long frac = bits & 0x000FFFFFFFFFFFFFL;
        if (exp == 0x7FF) {
            return 0x8000000000000000L | (frac << 11);
        }
        if (exp == 0) {
            if (frac == 0) {
                return 0;
            }
            return frac << Long.numberOfLeadingZeros(frac); // normalise the double subnormal: extended has the range
        }
        return 0x8000000000000000L | (frac << 11);
    }

    /** Returns the sign and biased exponent of {@code d}'s exact extended-precision value. */
    static int signExpOf(double d) {
        long bits = Double.doubleToRawLongBits(d);
        int sign = bits < 0 ? 0x8000 : 0;
        int exp = (int) ((bits >>> 52) & 0x7FF);
        long frac = bits & 0x000FFFFFFFFFFFFFL;
        if (exp == 0x7FF) {
            return sign | 0x7FFF;
        }
        if (exp == 0) {
            if (frac == 0) {
                return sign;
            }
            // value = frac * 2^-1074; normalised significand has its msb at bit 63
            int msb = 63 - Long.numberOfLeadingZeros(frac);
            return sign | (msb - 1074 + BIAS);
        }
        return sign | (exp - 1023 + BIAS);
    }

    /** Significand of an integer's exact value; {@code unsigned} reads {@code v} as uint64. */
    static long mantOfInteger(long v, boolean unsigned) {
        if (v == 0) {
            return 0;
        }
        long m = unsigned || v > 0 ? v : -v; // -Long.MIN_VALUE is 2^63 as unsigned: right
        return m << Long.numberOfLeadingZeros(m);
    }

    static int signExpOfInteger(long v, boolean unsigned) {
        if (v == 0) {
            return 0;
        }
        boolean neg = !unsigned && v < 0;
        long m = neg ? -v : v;
        int msb = 63 - Long.numberOfLeadingZeros(m);
        return (neg ? 0x8000 : 0) | (msb + BIAS);
    }

    /**
     * Truncates toward zero to an int64; NaN and values outside the int64 range give {@code Long.MIN_VALUE}, as the
     * x87 {@code fisttp} instruction does.
     */
    static long toLongTruncated(long mant, int signExp) {
        boolean neg = (signExp & 0x8000) != 0;
        int exp = signExp & 0x7FFF;
        if (exp == 0x7FFF || exp != 0 && mant >= 0) {
            return Long.MIN_VALUE;
        }
        int e = (exp == 0 ? 1 : exp) - BIAS; // value = mant * 2^(e - 63)
        if (e < 0 || mant == 0) {
            return 0;
        }
        if (e >= 63) {
            return Long.MIN_VALUE; // -2^63 exactly, or out of range (the x87 "integer indefinite")
        }
        long m = mant >>> (63 - e);
        return neg ? -m : m;
    }

    /** Truncates toward zero to a uint64 bit pattern when in range [0, 2^64); negative in-range values wrap. */
    static long toUnsignedTruncated(long mant, int signExp) {
        boolean neg = (signExp & 0x8000) != 0;
        int exp = signExp & 0x7FFF;
        if (!neg && exp != 0x7FFF && (exp == 0 || mant < 0)) {
            int e = (exp == 0 ? 1 : exp) - BIAS;
            if (e < 0 || mant == 0) {
                return 0;
            }
            if (e <= 63) {
                return mant >>> (63 - e);
            }
            return Long.MIN_VALUE;
        }
        return toLongTruncated(mant, signExp);
    }
}
