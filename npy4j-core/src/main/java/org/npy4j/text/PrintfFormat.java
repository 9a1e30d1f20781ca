package org.npy4j.text;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Python {@code %}-format string ({@code "%.18e"}, {@code "%d,%10.5f"}) that formats values the way
 * {@code fmt % tuple(row)} does on NumPy scalars, into a reused {@link CharBuf}.
 *
 * <p>Python follows C's printf for {@code d i u o x X e E f F g G s c} with flags {@code -+ 0#}, with its own
 * twists that are reproduced here: negative hex/octal print a minus sign ({@code '%x' % -255 == '-ff'}), {@code %#o}
 * prefixes {@code 0o}, zero padding applies to {@code inf}/{@code nan} too, {@code %d} of a float truncates toward zero
 * (exact for huge values), {@code %s} of a float is its {@code repr}. Length modifiers {@code h l L} are accepted and
 * ignored, as Python does.
 */
final class PrintfFormat {

    /** One conversion: {@code %[flags][width][.precision]conv}. */
    static final class Spec {
        final boolean left;
        final boolean plus;
        final boolean space;
        final boolean zero;
        final boolean alt;
        final int width;
        final int precision; // -1 when absent
        final char conv;

        Spec(boolean left, boolean plus, boolean space, boolean zero, boolean alt, int width, int precision, char conv) {
            this.left = left;
            this.plus = plus;
            this.space = space;
            this.zero = zero;
            this.alt = alt;
            this.width = width;
            this.precision = precision;
            this.conv = conv;
        }

        boolean isIntegerOnly() {
            return conv == 'o' || conv == 'x' || conv == 'X' || conv == 'c';
        }

        boolean isFloat() {
            return "eEfFgG".indexOf(conv) >= 0;
        }
    }

    final String source;
    /** literals[i] precedes specs[i]; literals has one more element than specs (the tail). */
    final String[] literals;
    final Spec[] specs;

    private PrintfFormat(String source, String[] literals, Spec[] specs) {
        this.source = source;
        this.literals = literals;
        this.specs = specs;
    }

    /** Parses a format string; throws IllegalArgumentException with Python's wording for malformed ones. */
    static PrintfFormat parse(String fmt) {
        List<String> lits = new ArrayList<>();
        List<Spec> specs = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = fmt.length();
        while (i < n) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                lit.append(c);
                continue;
            }
            if (i >= n) {
                throw new IllegalArgumentException("incomplete format: '" + fmt + "'");
            }
            if (fmt.charAt(i) == '%') {
                lit.append('%');
                i++;
                continue;
            }
            if (fmt.charAt(i) == '(') {
                throw new IllegalArgumentException("mapping keys ('%(name)s') are not supported in format '" + fmt + "'");
            }
            boolean left = false;
            boolean plus = false;
            boolean space = false;
            boolean zero = false;
            boolean alt = false;
            for (; i < n; i++) {
                char f = fmt.charAt(i);
                if (f == '-') {
                    left = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == ' ') {
                    space = true;
                } else if (f == '0') {
                    zero = true;
                } else if (f == '#') {
                    alt = true;
                } else {
                    break;
                }
            }
            if (i < n && fmt.charAt(i) == '*') {
                throw new IllegalArgumentException("'*' width is not supported in format '" + fmt + "'");
            }
            int width = 0;
            while (i < n && Character.isDigit(fmt.charAt(i)) && fmt.charAt(i) < 128) {
                width = checkedTen(width, fmt.charAt(i++), fmt);
            }
            int precision = -1;
            if (i < n && fmt.charAt(i) == '.') {
                i++;
                if (i < n && fmt.charAt(i) == '*') {
                    throw new IllegalArgumentException("'*' precision is not supported in format '" + fmt + "'");
                }
                precision = 0;
                while (i < n && fmt.charAt(i) >= '0' && fmt.charAt(i) <= '9') {
                    precision = checkedTen(precision, fmt.charAt(i++), fmt);
                }
            }
            while (i < n && (fmt.charAt(i) == 'h' || fmt.charAt(i) == 'l' || fmt.charAt(i) == 'L')) {
                i++;
            }
            if (i >= n) {
                throw new IllegalArgumentException("incomplete format: '" + fmt + "'");
            }
            char conv = fmt.charAt(i++);
            if ("diuoxXeEfFgGsc".indexOf(conv) < 0) {
                if (conv == 'r' || conv == 'a') {
                    throw new IllegalArgumentException("'%" + conv + "' (Python repr of NumPy scalars) is not supported in format '"
                            + fmt + "'");
                }
                throw new IllegalArgumentException("unsupported format character '" + conv + "' (0x"
                        + Integer.toHexString(conv) + ") at index " + (i - 1) + " in '" + fmt + "'");
            }
            lits.add(lit.toString());
            lit.setLength(0);
            specs.add(new Spec(left, plus, space, zero && !left, alt, width, precision, conv));
        }
        lits.add(lit.toString());
        return new PrintfFormat(fmt, lits.toArray(new String[0]), specs.toArray(new Spec[0]));
    }

    private static int checkedTen(int v, char c, String fmt) {
        long r = v * 10L + (c - '0');
        if (r > 100_000_000) {
            throw new IllegalArgumentException("width or precision too big in format '" + fmt + "'");
        }
        return (int) r;
    }

    /** Returns the number of '%' characters, the count NumPy's savetxt checks (so {@code %%} counts twice). */
    static int percentCount(String fmt) {
        int n = 0;
        for (int i = 0; i < fmt.length(); i++) {
            if (fmt.charAt(i) == '%') {
                n++;
            }
        }
        return n;
    }

    // ---- value formatting ------------------------------------------------------------------------------------

    private final FloatFormat ff = new FloatFormat();
    private final CharBuf tmp = new CharBuf(64);

    /** Digits of the current integer, right-aligned in a reused scratch array (no per-value strings). */
    private final char[] idig = new char[400]; // %d of 1.8e308 has 309 digits
    private int idigStart;

    /** Writes the digits of the unsigned magnitude {@code mag} in {@code base} into {@link #idig}. */
    private void magnitudeDigits(long mag, int base, boolean upper) {
        int p = idig.length;
        if (base == 10) {
            if (mag < 0) {
                long q = Long.divideUnsigned(mag, 10);
                idig[--p] = (char) ('0' + (mag - q * 10));
                mag = q;
            }
            do {
                long q = mag / 10;
                idig[--p] = (char) ('0' + (mag - q * 10));
                mag = q;
            } while (mag != 0);
        } else {
            int shift = base == 16 ? 4 : 3;
            int mask = base - 1;
            String alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
            do {
                idig[--p] = alphabet.charAt((int) (mag & mask));
                mag >>>= shift;
            } while (mag != 0);
        }
        idigStart = p;
    }

    /** Formats a signed integer value ({@code unsigned}: {@code v} is a uint64 bit pattern). */
    void formatLong(CharBuf out, Spec spec, long v, boolean unsigned) {
        switch (spec.conv) {
            case 'd':
            case 'i':
            case 'u':
            case 's': {
                if (spec.conv != 's' && spec.width == 0 && spec.precision < 0 && !spec.plus && !spec.space && v >= 0) {
                    out.appendDigits(v);
                    return;
                }
                boolean neg = !unsigned && v < 0;
                magnitudeDigits(neg ? -v : v, 10, false); // -Long.MIN_VALUE is its own unsigned magnitude
                integer(out, spec, neg, 10);
                return;
            }
            case 'o':
            case 'x':
            case 'X': {
                boolean neg = !unsigned && v < 0;
                int base = spec.conv == 'o' ? 8 : 16;
                magnitudeDigits(neg ? -v : v, base, spec.conv == 'X');
                integer(out, spec, neg, base);
                return;
            }
            case 'c':
                if (v < 0 || v > Character.MAX_CODE_POINT) {
                    throw new IllegalArgumentException("%c arg not in range(0x110000)");
                }
                string(out, spec, new String(Character.toChars((int) v)));
                return;
            default: {
                double d = unsigned && v < 0 ? ((double) ((v >>> 1) | (v & 1))) * 2.0 : (double) v;
                formatDouble(out, spec, d);
            }
        }
    }

    /** Formats a bool the way NumPy's {@code np.bool_} formats: an int for numbers, {@code True}/{@code False} for %s. */
    void formatBool(CharBuf out, Spec spec, boolean v) {
        if (spec.conv == 's') {
            string(out, spec, v ? "True" : "False");
        } else if (spec.isIntegerOnly()) {
            // np.bool_ has no __index__: Python refuses %x/%o/%c of it
            throw new IllegalArgumentException("%" + spec.conv + " format: an integer is required, not numpy.bool");
        } else {
            formatLong(out, spec, v ? 1 : 0, false);
        }
    }

    /** Writes sign, prefix, precision zeros and the digits in {@link #idig}, padded to the width. */
    private void integer(CharBuf out, Spec spec, boolean neg, int base) {
        int n = idig.length - idigStart;
        if (spec.conv == 's') {
            // str(int): no sign flags, no zero padding
            tmp.clear();
            if (neg) {
                tmp.append('-');
            }
            tmp.append(idig, idigStart, n);
            int len = spec.precision >= 0 ? Math.min(spec.precision, tmp.len) : tmp.len;
            int fill = spec.width - len;
            if (fill > 0 && !spec.left) {
                out.repeat(' ', fill);
            }
            out.append(tmp.buf, 0, len);
            if (fill > 0 && spec.left) {
                out.repeat(' ', fill);
            }
            return;
        }
        tmp.clear();
        if (neg) {
            tmp.append('-');
        } else if (spec.plus) {
            tmp.append('+');
        } else if (spec.space) {
            tmp.append(' ');
        }
        if (spec.alt && base != 10) {
            tmp.append('0').append(base == 8 ? 'o' : spec.conv);
        }
        int prefix = tmp.len;
        if (spec.precision > n) {
            tmp.repeat('0', spec.precision - n);
        }
        tmp.append(idig, idigStart, n);
        pad(out, spec, prefix, true);
    }

    /** Copies {@link #tmp} to {@code out} padded to the width; zeros go after the first {@code prefix} chars. */
    private void pad(CharBuf out, Spec spec, int prefix, boolean zeroAllowed) {
        int fill = spec.width - tmp.len;
        if (fill <= 0) {
            out.append(tmp.buf, 0, tmp.len);
        } else if (spec.left) {
            out.append(tmp.buf, 0, tmp.len).repeat(' ', fill);
        } else if (spec.zero && zeroAllowed) {
            out.append(tmp.buf, 0, prefix).repeat('0', fill).append(tmp.buf, prefix, tmp.len - prefix);
        } else {
            out.repeat(' ', fill).append(tmp.buf, 0, tmp.len);
        }
    }

    /** Formats a float64 (or a float32/float16 widened to double, as Python's {@code float()} of it is). */
    void formatDouble(CharBuf out, Spec spec, double v) {
        formatFloat(out, spec, v, 8);
    }

    /**
     * Formats a float of {@code size} bytes (8, 4, 2) widened to {@code v}: numeric conversions see the widened value
     * (Python's {@code float()}), {@code %s} sees NumPy's {@code str()} of the narrow value.
     */
    void formatFloat(CharBuf out, Spec spec, double v, int size) {
        char c = spec.conv;
        if (c == 'd' || c == 'i' || c == 'u') {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("cannot convert float NaN to integer");
            }
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("cannot convert float infinity to integer");
            }
            if (Math.abs(v) < 9.2e18) {
                formatLong(out, spec, (long) v, false);
            } else {
                // beyond long: Python's int(v) is exact; so is BigDecimal's
                String s = new BigDecimal(v).toBigInteger().toString();
                boolean neg = s.charAt(0) == '-';
                String mag = neg ? s.substring(1) : s;
                mag.getChars(0, mag.length(), idig, idig.length - mag.length());
                idigStart = idig.length - mag.length();
                integer(out, spec, neg, 10);
            }
            return;
        }
        if (spec.isIntegerOnly()) {
            throw new IllegalArgumentException("%" + c + " format: an integer is required, not a float");
        }
        boolean neg = (Double.doubleToRawLongBits(v) < 0) && !Double.isNaN(v);
        double abs = Math.abs(v);
        if (c == 's') {
            // Python's str(float) is its repr
            tmp.clear();
            if (neg) {
                tmp.append('-');
            }
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                tmp.append(Double.isNaN(v) ? "nan" : "inf");
            } else {
                ff.appendShortest(tmp, abs, size);
            }
            string(out, spec, tmp.toString());
            return;
        }
        boolean simple = !spec.plus && !spec.space && spec.width == 0;
        CharBuf dst = simple ? out : tmp;
        if (!simple) {
            tmp.clear();
        }
        if (neg) {
            dst.append('-');
        } else if (spec.plus) {
            dst.append('+');
        } else if (spec.space) {
            dst.append(' ');
        }
        int prefix = simple ? 0 : tmp.len;
        boolean upper = c == 'E' || c == 'F' || c == 'G';
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            dst.append(Double.isNaN(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
        } else {
            int prec = spec.precision < 0 ? 6 : spec.precision;
            switch (c) {
                case 'e':
                case 'E':
                    ff.appendE(dst, abs, prec, upper, spec.alt);
                    break;
                case 'f':
                case 'F':
                    ff.appendF(dst, abs, prec, spec.alt);
                    break;
                case 'g':
                case 'G':
                    ff.appendG(dst, abs, prec, upper, spec.alt);
                    break;
                default:
                    throw new IllegalStateException("conversion " + c);
            }
        }
        if (!simple) {
            pad(out, spec, prefix, true);
        }
    }

    /** Formats a string value ({@code %s}); numeric conversions of a string are refused as Python does. */
    void formatString(CharBuf out, Spec spec, String s) {
        if (spec.conv != 's') {
            throw new IllegalArgumentException("%" + spec.conv + " format: a real number is required, not str");
        }
        string(out, spec, s);
    }

    private void string(CharBuf out, Spec spec, String s) {
        int cps = s.codePointCount(0, s.length());
        if (spec.precision >= 0 && spec.precision < cps) {
            s = s.substring(0, s.offsetByCodePoints(0, spec.precision));
            cps = spec.precision;
        }
        int fill = spec.width - cps;
        if (fill > 0 && !spec.left) {
            out.repeat(' ', fill);
        }
        out.append(s);
        if (fill > 0 && spec.left) {
            out.repeat(' ', fill);
        }
    }

    long slowCount() {
        return ff.slowCount;
    }
}
