package org.npy4j.array;

/** Correctly rounded (ties to even) narrowing of exact binary values, shared by the longdouble and float16 casts. */
final class Rounding {
    private Rounding() {
    }

    /**
     * Returns {@code mant * 2^exp2} ({@code mant} read as unsigned, non-zero) rounded to a binary format with
     * {@code precision} significand bits and smallest normal exponent {@code eminNormal} (subnormals keep the
     * granularity {@code 2^(eminNormal - precision + 1)}). The result is exact in double; overflow past the target's
     * range is the caller's business, except that double overflow gives infinity.
     */
    static double round(long mant, int exp2, int precision, int eminNormal) {
        int msb = 63 - Long.numberOfLeadingZeros(mant);
        long e = (long) msb + exp2;
        long q = Math.max(e - (precision - 1), (long) eminNormal - (precision - 1));
        long shift = q - exp2;
        if (shift <= 0) {
            return Math.scalb((double) mant, exp2); // at most `precision` bits: exact
        }
        long kept;
        long rem;
        long half;
        if (shift >= 65) {
            return 0.0;
        } else if (shift == 64) {
            kept = 0;
            rem = mant;
            half = Long.MIN_VALUE; // 2^63 as unsigned
        } else {
            kept = mant >>> shift;
            rem = mant & ((1L << shift) - 1);
            half = 1L << (shift - 1);
        }
        int c = Long.compareUnsigned(rem, half);
        if (c > 0 || c == 0 && (kept & 1) != 0) {
            kept++;
        }
        if (q > Integer.MAX_VALUE) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.scalb((double) kept, (int) q);
    }
}
