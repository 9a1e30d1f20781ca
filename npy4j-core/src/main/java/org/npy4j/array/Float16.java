package org.npy4j.array;

/** IEEE 754 binary16 conversions (Java 17 has no {@code Float.float16ToFloat}). *
 * <p>Thread safety: stateless static methods, safe to call from any thread.
 */
public final class Float16 {
    private Float16() {
    }

    /**
     * Converts half-precision bits to the {@code float} of exactly the same value (every one of the 65536 patterns).
     *
     * @param bits the binary16 bit pattern
     * @return the value as a float
     */
    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            // inf or NaN: keep the payload in the top mantissa bits, as NumPy's npy_half_to_float does
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: value = mant * 2^-24, exact in float
            float f = mant * 0x1p-24f;
            return sign != 0 ? -f : f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * Converts a {@code float} to the nearest half-precision bits (round half to even, overflow to infinity).
     *
     * @param f the value to convert
     * @return the binary16 bit pattern
     */
    public static short fromFloat(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int exp = (x >>> 23) & 0xFF;
        int mant = x & 0x7FFFFF;
        if (exp == 0xFF) {
            if (mant == 0) {
                return (short) (sign | 0x7C00);
            }
            int payload = mant >>> 13;
            return (short) (sign | 0x7C00 | (payload == 0 ? 1 : payload)); // NumPy keeps it a NaN by setting bit 0
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // rounds to zero (|f| < 2^-25)
            }
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, up to infinity: correct
        }
        return (short) (sign | half);
    }

    /**
     * Converts a {@code double} to the nearest half-precision bits directly (one rounding, ties to even), as NumPy's
     * {@code float64 -> float16} cast does; rounding through {@code float} first could round twice.
     *
     * @param d the value to convert
     * @return the binary16 bit pattern
     */
    public static short fromDouble(double d) {
        long bits = Double.doubleToRawLongBits(d);
        int sign = (int) (bits >>> 48) & 0x8000;
        int exp = (int) (bits >>> 52) & 0x7FF;
        long frac = bits & 0x000FFFFFFFFFFFFFL;
        if (exp == 0x7FF) {
            if (frac == 0) {
                return (short) (sign | 0x7C00);
            }
            int payload = (int) (frac >>> 42);
            return (short) (sign | 0x7C00 | (payload == 0 ? 1 : payload));
        }
        if (exp == 0 && frac == 0) {
            return (short) sign;
        }
        long mant = exp == 0 ? frac : frac | (1L << 52);
        int exp2 = exp == 0 ? -1074 : exp - 1075;
        double r = Rounding.round(mant, exp2, 11, -14);
        if (r >= 65536.0) {
            return (short) (sign | 0x7C00);
        }
        if (r < 0x1p-14) {
            return (short) (sign | (int) (r * 0x1p24)); // subnormal (or zero): exact multiple of 2^-24
        }
        int e = Math.getExponent(r);
        int m = (int) Math.scalb(r, 10 - e) - 1024;
        return (short) (sign | ((e + 15) << 10) | m);
    }
}
