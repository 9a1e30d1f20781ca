package org.npy4j.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.npy4j.array.Float16;

/**
 * Shortest round-trip decimal digits of binary floats, as Python's {@code repr(float)} and NumPy's Dragon4 in
 * "unique" mode produce them. Java 17's {@code Double.toString} sometimes gives one digit too many (fixed in JDK 19),
 * so the digits are searched for here: its output always round-trips and bounds the length from above.
 */
final class FloatRepr {
    /** The precision of the binary type being printed: the shortest digits must round-trip in this type. */
    enum Width {
        HALF, SINGLE, DOUBLE
    }

    private FloatRepr() {
    }

    /**
     * Returns the shortest decimal that reads back as {@code v} in {@code width} (closest to the exact value among the
     * shortest), stripped of trailing zeros. {@code v} must be finite; zero returns {@link BigDecimal#ZERO}.
     */
    static BigDecimal shortest(double v, Width width) {
        if (v == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(v);
        int upper;
        switch (width) {
            case HALF:
                upper = 5;
                break;
            case SINGLE:
                upper = significantDigits(Float.toString((float) v));
                break;
            default:
                upper = significantDigits(Double.toString(v));
                break;
        }
        // a p-digit decimal is also a (p+1)-digit one, so "some p-digit decimal round-trips" is monotone in p
        BigDecimal best = candidate(exact, v, upper, width);
        if (best == null) {
            best = candidate(exact, v, 17, width); // cannot happen for Java's own output; stay safe
        }
        for (int p = upper - 1; p >= 1; p--) {
            BigDecimal c = candidate(exact, v, p, width);
            if (c == null) {
                break;
            }
            best = c;
        }
        return best.stripTrailingZeros();
    }

    /** Of the two p-digit decimals around the exact value, the closest one that round-trips, else null. */
    private static BigDecimal candidate(BigDecimal exact, double v, int p, Width width) {
        BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
        BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
        boolean loOk = roundTrips(lo, v, width);
        boolean hiOk = roundTrips(hi, v, width);
        if (loOk && hiOk) {
            int cmp = exact.subtract(lo).compareTo(hi.subtract(exact));
            if (cmp != 0) {
                return cmp < 0 ? lo : hi;
            }
            return exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        }
        return loOk ? lo : hiOk ? hi : null;
    }

    private static boolean roundTrips(BigDecimal d, double v, Width width) {
        String s = d.toString();
        switch (width) {
            case HALF: {
                float f = Float.parseFloat(s);
                return Float16.fromFloat(f) == Float16.fromFloat((float) v);
            }
            case SINGLE:
                return Float.parseFloat(s) == (float) v;
            default:
                return Double.parseDouble(s) == v;
        }
    }

    private static int significantDigits(String javaRepr) {
        int n = 0;
        boolean leading = true;
        int end = javaRepr.indexOf('E');
        if (end < 0) {
            end = javaRepr.length();
        }
        int lastNonZero = 0;
        for (int i = 0; i < end; i++) {
            char c = javaRepr.charAt(i);
            if (c >= '0' && c <= '9') {
                if (leading && c == '0') {
                    continue;
                }
                leading = false;
                n++;
                if (c != '0') {
                    lastNonZero = n;
                }
            }
        }
        return Math.max(1, lastNonZero);
    }

    /**
     * Python's {@code repr(float)} of {@code v} (for {@code DOUBLE}; NumPy's {@code str} of the scalar for narrower widths): {@code 1.5}, {@code 100.0}, {@code 1e-05},
     * {@code 1.2345e+16}, {@code nan}, {@code inf}, {@code -inf}, {@code -0.0}.
     */
    static String pythonRepr(double v, Width width) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String sign = (v < 0 || v == 0 && 1 / v < 0) ? "-" : "";
        if (v == 0) {
            return sign + "0.0";
        }
        Digits d = Digits.of(shortest(Math.abs(v), width));
        // NumPy's scalar str switches to scientific from 1e3 for float16 and 1e6 for float32; Python from 1e16
        int upper = width == Width.HALF ? 3 : width == Width.SINGLE ? 6 : 16;
        if (d.exponent >= -4 && d.exponent < upper) {
            return sign + d.positional(true);
        }
        return sign + d.scientific(true, 2);
    }

    /** A positive decimal as its significant digits {@code 0.d1d2d3... x 10^(exponent+1)}, i.e. {@code d1.d2d3... x 10^exponent}. */
    static final class Digits {
        final String digits;
        final int exponent;

        Digits(String digits, int exponent) {
            this.digits = digits;
            this.exponent = exponent;
        }

        static Digits of(BigDecimal positive) {
            BigDecimal s = positive.stripTrailingZeros();
            String u = s.unscaledValue().toString();
            return new Digits(u, u.length() - 1 - s.scale());
        }

        /** {@code 123.45}; {@code 100.0} (Python style) or {@code 100.} (NumPy trim '.') when there is no fraction. */
        String positional(boolean pythonStyle) {
            StringBuilder sb = new StringBuilder();
            if (exponent < 0) {
                sb.append("0.");
                for (int i = -1; i > exponent; i--) {
                    sb.append('0');
                }
                sb.append(digits);
                return sb.toString();
            }
            int intLen = exponent + 1;
            if (digits.length() <= intLen) {
                sb.append(digits);
                for (int i = digits.length(); i < intLen; i++) {
                    sb.append('0');
                }
                sb.append(pythonStyle ? ".0" : ".");
            } else {
                sb.append(digits, 0, intLen).append('.').append(digits, intLen, digits.length());
            }
            return sb.toString();
        }

        /** {@code 1.5e-05}; a single digit gives {@code 1e-05} (Python) or {@code 1.e-05} (NumPy). */
        String scientific(boolean pythonStyle, int minExpDigits) {
            StringBuilder sb = new StringBuilder();
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            } else if (!pythonStyle) {
                sb.append('.');
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exponent));
            for (int i = e.length(); i < minExpDigits; i++) {
                sb.append('0');
            }
            return sb.append(e).toString();
        }
    }
}
