package org.npy4j.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;

/**
 * Prints an array as NumPy's {@code print(a)} ({@link #str}) and {@code repr(a)} ({@link #repr}) do with the default
 * print options: line width 75, summarised with {@code ...} beyond 1000 elements keeping 3 edge items per axis,
 * floats in Dragon4 "unique" digits with {@code precision} digits at most, columns aligned. A port of the layout
 * rules of {@code numpy/_core/arrayprint.py} (the algorithm, written anew in Java); only the elements printed are read.
 */
final class ArrayPrinter {
    private static final int LINE_WIDTH = 75;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private final int precision;
    private final boolean full;

    ArrayPrinter(int precision, boolean full) {
        this.precision = precision;
        this.full = full;
    }

    /** Formats one element at a storage offset. */
    private interface Fmt {
        String format(long off);
    }

    /** {@code print(a)}. */
    String str(NdArray a) {
        if (a.ndim() == 0 && !(a.dtype() instanceof StructDType)) {
            return scalarStr(a.storage(), a.offset(), (ScalarDType) a.dtype());
        }
        return body(a, " ", "", LINE_WIDTH);
    }

    /** {@code repr(a)}. */
    String repr(NdArray a) {
        String prefix = "array(";
        // array2string takes the suffix ")" off the line width
        String lst = body(a, ", ", prefix, LINE_WIDTH - 1);
        List<String> extras = new ArrayList<>();
        long[] shape = a.shape();
        if (a.size() == 0 && !(shape.length == 1 && shape[0] == 0) || !full && a.size() > THRESHOLD) {
            extras.add("shape=" + tuple(shape));
        }
        if (!dtypeImplied(a.dtype()) || a.size() == 0) {
            extras.add("dtype=" + dtypeShortRepr(a.dtype()));
        }
        if (extras.isEmpty()) {
            return prefix + lst + ")";
        }
        String arrStr = prefix + lst + ",";
        String extraStr = String.join(", ", extras) + ")";
        int lastLineLen = arrStr.length() - (arrStr.lastIndexOf('\n') + 1);
        String spacer = lastLineLen + extraStr.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat(prefix.length()) : " ";
        return arrStr + spacer + extraStr;
    }

    static String tuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    private static boolean dtypeImplied(DType t) {
        if (!(t instanceof ScalarDType) || !t.isNativeOrder()) {
            return false;
        }
        Kind k = t.kind();
        int n = t.itemSize();
        return k == Kind.BOOL || k == Kind.INT && n == 8 || k == Kind.FLOAT && n == 8 || k == Kind.COMPLEX && n == 16;
    }

    static String dtypeShortRepr(DType t) {
        if (!(t instanceof ScalarDType)) {
            return dtypeStr(t);
        }
        Kind k = t.kind();
        if (k == Kind.BYTES || k == Kind.UNICODE || k == Kind.VOID || !t.isNativeOrder()) {
            return "'" + t.str() + "'";
        }
        String name = t.name();
        return name.chars().allMatch(Character::isLetterOrDigit) ? name : "'" + name + "'";
    }

    /** NumPy's {@code str(dtype)}: {@code '?'}, {@code 'S4'}, {@code '<f8'}; records as a list, or a dict when not packed. */
    static String dtypeStr(DType t) {
        if (t instanceof ScalarDType) {
            if (t.kind() == Kind.BOOL) {
                return "'?'";
            }
            String s = t.str();
            return "'" + (s.charAt(0) == '|' ? s.substring(1) : s) + "'";
        }
        if (t instanceof SubarrayDType) {
            SubarrayDType sub = (SubarrayDType) t;
            return "(" + dtypeStr(sub.base()) + ", " + intTuple(sub.shape()) + ")";
        }
        StructDType st = (StructDType) t;
        boolean packed = true;
        int end = 0;
        for (Field f : st.fields()) {
            packed &= f.offset() == end;
            end = f.offset() + f.dtype().itemSize();
        }
        packed &= end == st.itemSize();
        StringBuilder sb = new StringBuilder();
        if (packed) {
            sb.append('[');
            for (int i = 0; i < st.fields().size(); i++) {
                Field f = st.fields().get(i);
                sb.append(i == 0 ? "" : ", ").append('(').append(strRepr(f.name())).append(", ");
                if (f.dtype() instanceof SubarrayDType) {
                    SubarrayDType sub = (SubarrayDType) f.dtype();
                    sb.append(dtypeStr(sub.base())).append(", ").append(intTuple(sub.shape()));
                } else {
                    sb.append(dtypeStr(f.dtype()));
                }
                sb.append(')');
            }
            return sb.append(']').toString();
        }
        List<String> names = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        List<String> offsets = new ArrayList<>();
        for (Field f : st.fields()) {
            names.add(strRepr(f.name()));
            formats.add(dtypeStr(f.dtype()));
            offsets.add(Integer.toString(f.offset()));
        }
        return "{'names': [" + String.join(", ", names) + "], 'formats': [" + String.join(", ", formats)
                + "], 'offsets': [" + String.join(", ", offsets) + "], 'itemsize': " + st.itemSize() + "}";
    }

    private static String intTuple(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return tuple(l);
    }

    // ---- layout (NumPy's _formatArray) ---------------------------------------------------------------------------

    private String body(NdArray a, String separator, String prefix, int lineWidth) {
        if (a.size() == 0) {
            return "[]";
        }
        boolean summary = !full && a.size() > THRESHOLD;
        List<Long> offsets = new ArrayList<>();
        collect(a.offset(), a.shape(), a.strides(), 0, summary, offsets);
        Fmt fmt = formatFor(a.dtype(), a.storage(), offsets, a.ndim() == 0);
        if (a.ndim() == 0) {
            return fmt.format(a.offset());
        }
        String nextLinePrefix = " " + " ".repeat(prefix.length());
        return recurse(a, fmt, a.offset(), 0, nextLinePrefix, lineWidth, separator, summary ? "..." : "");
    }

    /** The offsets of the elements that will be printed (NumPy's {@code _leading_trailing}). */
    private static void collect(long off, long[] shape, long[] strides, int axis, boolean summary, List<Long> out) {
        if (axis == shape.length) {
            out.add(off);
            return;
        }
        long n = shape[axis];
        if (summary && n > 2 * EDGE_ITEMS) {
            for (long i = 0; i < EDGE_ITEMS; i++) {
                collect(off + i * strides[axis], shape, strides, axis + 1, true, out);
            }
            for (long i = n - EDGE_ITEMS; i < n; i++) {
                collect(off + i * strides[axis], shape, strides, axis + 1, true, out);
            }
        } else {
            for (long i = 0; i < n; i++) {
                collect(off + i * strides[axis], shape, strides, axis + 1, summary, out);
            }
        }
    }

    private String recurse(NdArray a, Fmt fmt, long off, int axis, String hangingIndent, int currWidth, String separator,
            String summaryInsert) {
        int axesLeft = a.ndim() - axis;
        if (axesLeft == 0) {
            return fmt.format(off);
        }
        String nextHangingIndent = hangingIndent + " ";
        int nextWidth = currWidth - 1;
        long len = a.shape(axis);
        long stride = a.strides()[axis];
        boolean showSummary = !summaryInsert.isEmpty() && 2 * EDGE_ITEMS < len;
        long leading = showSummary ? EDGE_ITEMS : 0;
        long trailing = showSummary ? EDGE_ITEMS : len;
        StringBuilder s = new StringBuilder();
        if (axesLeft == 1) {
            int elemWidth = currWidth - Math.max(separator.stripTrailing().length(), 1);
            StringBuilder line = new StringBuilder(hangingIndent);
            for (long i = 0; i < leading; i++) {
                String word = recurse(a, fmt, off + i * stride, axis + 1, nextHangingIndent, nextWidth, separator, summaryInsert);
                line = extendLine(s, line, word, elemWidth, hangingIndent);
                line.append(separator);
            }
            if (showSummary) {
                line = extendLine(s, line, summaryInsert, elemWidth, hangingIndent);
                line.append(separator);
            }
            for (long i = trailing; i > 1; i--) {
                String word = recurse(a, fmt, off + (len - i) * stride, axis + 1, nextHangingIndent, nextWidth, separator,
                        summaryInsert);
                line = extendLine(s, line, word, elemWidth, hangingIndent);
                line.append(separator);
            }
            String word = recurse(a, fmt, off + (len - 1) * stride, axis + 1, nextHangingIndent, nextWidth, separator,
                    summaryInsert);
            line = extendLine(s, line, word, elemWidth, hangingIndent);
            s.append(line);
        } else {
            String lineSep = separator.stripTrailing() + "\n".repeat(axesLeft - 1);
            for (long i = 0; i < leading; i++) {
                s.append(hangingIndent)
                        .append(recurse(a, fmt, off + i * stride, axis + 1, nextHangingIndent, nextWidth, separator, summaryInsert))
                        .append(lineSep);
            }
            if (showSummary) {
                s.append(hangingIndent).append(summaryInsert).append(lineSep);
            }
            for (long i = trailing; i > 1; i--) {
                s.append(hangingIndent).append(recurse(a, fmt, off + (len - i) * stride, axis + 1, nextHangingIndent, nextWidth,
                        separator, summaryInsert)).append(lineSep);
            }
            s.append(hangingIndent).append(recurse(a, fmt, off + (len - 1) * stride, axis + 1, nextHangingIndent, nextWidth,
                    separator, summaryInsert));
        }
        return "[" + s.substring(hangingIndent.length()) + "]";
    }

    private static StringBuilder extendLine(StringBuilder s, StringBuilder line, String word, int lineWidth,
            String nextLinePrefix) {
        boolean needsWrap = line.length() + word.length() > lineWidth;
        if (line.length() <= nextLinePrefix.length()) {
            needsWrap = false; // wrapping would not help
        }
        if (needsWrap) {
            s.append(line.toString().stripTrailing()).append('\n');
            line = new StringBuilder(nextLinePrefix);
        }
        return line.append(word);
    }

    // ---- element formats (NumPy's _get_format_function) ----------------------------------------------------------

    private Fmt formatFor(DType t, Storage s, List<Long> offsets, boolean zeroD) {
        if (t instanceof StructDType) {
            List<Field> fields = new ArrayList<>();
            List<Fmt> fmts = new ArrayList<>();
            for (Field f : ((StructDType) t).fields()) {
                if (f.name().isEmpty()) {
                    continue;
                }
                fields.add(f);
                List<Long> fo = new ArrayList<>(offsets.size());
                for (long o : offsets) {
                    fo.add(o + f.offset());
                }
                fmts.add(formatFor(f.dtype(), s, fo, false));
            }
            return off -> {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(fmts.get(i).format(off + fields.get(i).offset()));
                }
                if (fields.size() == 1) {
                    sb.append(',');
                }
                return sb.append(')').toString();
            };
        }
        if (t instanceof SubarrayDType) {
            SubarrayDType sub = (SubarrayDType) t;
            DType base = sub.base();
            long[] shape = toLong(sub.shape());
            long[] strides = NdArray.contiguousStrides(shape, base.itemSize(), Order.C);
            long count = sub.count();
            boolean summarise = count > THRESHOLD;
            List<Long> all = new ArrayList<>();
            for (long o : offsets) {
                for (long i = 0; i < count; i++) {
                    all.add(o + i * base.itemSize());
                }
            }
            Fmt baseFmt = formatFor(base, s, all, false);
            return off -> subarray(baseFmt, off, shape, strides, 0, summarise);
        }
        ScalarDType st = (ScalarDType) t;
        switch (st.kind()) {
            case BOOL: {
                String trueStr = zeroD ? "True" : " True";
                return off -> Values.bool(s, off) ? trueStr : "False";
            }
            case INT:
            case UINT: {
                int w = 0;
                for (long o : offsets) {
                    w = Math.max(w, Values.integerText(s, o, st).length());
                }
                int width = w;
                return off -> pad(Values.integerText(s, off, st), width);
            }
            case FLOAT: {
                double[] v = new double[offsets.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Values.real(s, offsets.get(i), st.itemSize(), st.endianness());
                }
                FloatFormat ff = new FloatFormat(v, Values.width(st.itemSize()), precision, false);
                return off -> ff.format(Values.real(s, off, st.itemSize(), st.endianness()));
            }
            case COMPLEX: {
                int half = st.itemSize() / 2;
                double[] re = new double[offsets.size()];
                double[] im = new double[offsets.size()];
                for (int i = 0; i < re.length; i++) {
                    re[i] = Values.real(s, offsets.get(i), half, st.endianness());
                    im[i] = Values.real(s, offsets.get(i) + half, half, st.endianness());
                }
                FloatFormat rf = new FloatFormat(re, Values.width(half), precision, false);
                FloatFormat imf = new FloatFormat(im, Values.width(half), precision, true);
                return off -> {
                    String r = rf.format(Values.real(s, off, half, st.endianness()));
                    String i = imf.format(Values.real(s, off + half, half, st.endianness()));
                    int sp = i.stripTrailing().length();
                    return r + i.substring(0, sp) + "j" + i.substring(sp);
                };
            }
            case BYTES:
                return off -> bytesRepr(Values.bytesText(s, off, st.itemSize()));
            case UNICODE:
                return off -> strRepr(Values.unicodeText(s, off, st));
            case VOID:
                return off -> {
                    StringBuilder sb = new StringBuilder("b'");
                    for (byte b : Values.raw(s, off, st.itemSize())) {
                        sb.append(String.format("\\x%02X", b & 0xFF));
                    }
                    return sb.append('\'').toString();
                };
            case DATETIME:
            case TIMEDELTA: {
                boolean dt = st.kind() == Kind.DATETIME;
                int w = 0;
                for (long o : offsets) {
                    w = Math.max(w, timeText(Values.signed(s, o, st), st, dt).length());
                }
                int width = w;
                return off -> pad(timeText(Values.signed(s, off, st), st, dt), width);
            }
            default:
                return off -> "<" + st.str() + ">";
        }
    }

    private static String timeText(long v, ScalarDType t, boolean datetime) {
        if (Values.isNat(v)) {
            return "'NaT'";
        }
        return datetime ? "'" + DateTimes.format(v, t) + "'" : Long.toString(v);
    }

    private String subarray(Fmt base, long off, long[] shape, long[] strides, int axis, boolean summarise) {
        if (axis == shape.length) {
            return base.format(off);
        }
        List<String> parts = new ArrayList<>();
        long n = shape[axis];
        if (summarise && n > 2 * EDGE_ITEMS) {
            for (long i = 0; i < EDGE_ITEMS; i++) {
                parts.add(subarray(base, off + i * strides[axis], shape, strides, axis + 1, summarise));
            }
            parts.add("...");
            for (long i = n - EDGE_ITEMS; i < n; i++) {
                parts.add(subarray(base, off + i * strides[axis], shape, strides, axis + 1, summarise));
            }
        } else {
            for (long i = 0; i < n; i++) {
                parts.add(subarray(base, off + i * strides[axis], shape, strides, axis + 1, summarise));
            }
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static long[] toLong(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** {@code str(a[()])} of a 0-d array: NumPy scalars print like Python values. */
    private String scalarStr(Storage s, long off, ScalarDType t) {
        switch (t.kind()) {
            case BOOL:
                return Values.bool(s, off) ? "True" : "False";
            case INT:
            case UINT:
                return Values.integerText(s, off, t);
            case FLOAT:
                return FloatRepr.pythonRepr(Values.real(s, off, t.itemSize(), t.endianness()), Values.width(t.itemSize()));
            case COMPLEX: {
                int half = t.itemSize() / 2;
                FloatRepr.Width w = Values.width(half);
                double re = Values.real(s, off, half, t.endianness());
                double im = Values.real(s, off + half, half, t.endianness());
                String is = FloatRepr.pythonRepr(im, w).replaceAll("\\.0$", "");
                if (re == 0 && 1 / re > 0) {
                    return is + "j";
                }
                String rs = FloatRepr.pythonRepr(re, w).replaceAll("\\.0$", "");
                return "(" + rs + (is.startsWith("-") ? "" : "+") + is + "j)";
            }
            case BYTES:
                // NumPy 2 prints a 0-d bytes array through the scalar's repr
                return "np.bytes_(" + bytesRepr(Values.bytesText(s, off, t.itemSize())) + ")";
            case UNICODE:
                return Values.unicodeText(s, off, t);
            case DATETIME: {
                long v = Values.signed(s, off, t);
                return DateTimes.format(v, t);
            }
            case TIMEDELTA: {
                long v = Values.signed(s, off, t);
                if (Values.isNat(v)) {
                    return "NaT";
                }
                return Math.multiplyExact(v, (long) Math.max(1, t.multiplier())) + " " + unitWords(t.unit());
            }
            default:
                return formatFor(t, s, List.of(off), true).format(off);
        }
    }

    private static String unitWords(org.npy4j.dtype.DateTimeUnit u) {
        switch (u) {
            case YEAR: return "years";
            case MONTH: return "months";
            case WEEK: return "weeks";
            case DAY: return "days";
            case HOUR: return "hours";
            case MINUTE: return "minutes";
            case SECOND: return "seconds";
            case MILLISECOND: return "milliseconds";
            case MICROSECOND: return "microseconds";
            case NANOSECOND: return "nanoseconds";
            case PICOSECOND: return "picoseconds";
            case FEMTOSECOND: return "femtoseconds";
            case ATTOSECOND: return "attoseconds";
            default: return "generic time units";
        }
    }

    /** Python's {@code repr(bytes)}. */
    static String bytesRepr(String latin1) {
        char q = latin1.indexOf('\'') >= 0 && latin1.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(q);
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }

    /** Python's {@code repr(str)} (printable characters kept, control characters escaped). */
    static String strRepr(String v) {
        char q = v.indexOf('\'') >= 0 && v.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7F && c < 0xA0) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }

    /** NumPy's {@code FloatingFormat} with {@code floatmode='maxprec'}, {@code suppress=False}. */
    static final class FloatFormat {
        private final FloatRepr.Width width;
        private final boolean plusSign;
        private boolean expFormat;
        private int precision;
        private int padLeft;
        private int padRight;
        private int expSize = -1;

        FloatFormat(double[] data, FloatRepr.Width width, int precision, boolean plusSign) {
            this.width = width;
            this.precision = precision;
            this.plusSign = plusSign;
            List<Double> finite = new ArrayList<>();
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            boolean anyNonFinite = false;
            boolean anyNegInf = false;
            for (double d : data) {
                if (Double.isFinite(d)) {
                    finite.add(d);
                    double a = Math.abs(d);
                    if (a != 0) {
                        max = Math.max(max, a);
                        min = Math.min(min, a);
                    }
                } else {
                    anyNonFinite = true;
                    anyNegInf |= d == Double.NEGATIVE_INFINITY;
                }
            }
            // NumPy >= 2.3: the cutoff is 10**min(8, finfo(dtype).precision): 1e3 for float16, 1e6 for float32
            double cutoff = width == FloatRepr.Width.HALF ? 1e3 : width == FloatRepr.Width.SINGLE ? 1e6 : 1e8;
            if (max != 0 && (max >= cutoff || min < 0.0001 || max / min > 1000.0)) {
                expFormat = true;
            }
            if (finite.isEmpty()) {
                padLeft = 0;
                padRight = 0;
            } else if (expFormat) {
                int maxFrac = 0;
                int maxInt = 0;
                int maxExp = 0;
                for (double d : finite) {
                    String[] p = scientificParts(d, this.precision, 0);
                    maxInt = Math.max(maxInt, p[0].length());
                    maxFrac = Math.max(maxFrac, p[1].length());
                    maxExp = Math.max(maxExp, p[2].length());
                }
                this.precision = maxFrac;
                this.expSize = maxExp - 1; // digits, without the sign
                this.padLeft = maxInt;
                this.padRight = expSize + 2 + this.precision;
            } else {
                int maxFrac = 0;
                int maxInt = 0;
                for (double d : finite) {
                    String[] p = positionalParts(d);
                    maxInt = Math.max(maxInt, p[0].length());
                    maxFrac = Math.max(maxFrac, p[1].length());
                }
                padLeft = maxInt;
                padRight = maxFrac;
            }
            if (anyNonFinite) {
                int neginf = plusSign || anyNegInf ? 1 : 0;
                int offset = padRight + 1;
                padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + neginf - offset));
            }
        }

        private String sign(double d) {
            boolean neg = d < 0 || d == 0 && 1 / d < 0;
            return neg ? "-" : plusSign ? "+" : "";
        }

        /** Digits of |d|: shortest unique, cut to at most {@code maxFrac} digits after the point in positional form. */
        private BigDecimal positionalValue(double d) {
            BigDecimal v = FloatRepr.shortest(Math.abs(d), width);
            if (v.scale() > precision) {
                v = new BigDecimal(Math.abs(d)).setScale(precision, RoundingMode.HALF_EVEN).stripTrailingZeros();
            }
            return v;
        }

        /** {int part with sign, fraction digits} of the positional form, trailing zeros trimmed. */
        private String[] positionalParts(double d) {
            BigDecimal v = positionalValue(d);
            String s = v.signum() == 0 ? "0." : FloatRepr.Digits.of(v).positional(false);
            int dot = s.indexOf('.');
            return new String[] {sign(d) + s.substring(0, dot), s.substring(dot + 1)};
        }

        /** {mantissa int part with sign, fraction digits, exponent digits with sign}. */
        private String[] scientificParts(double d, int maxFrac, int minFrac) {
            String digits;
            int exp;
            if (d == 0) {
                digits = "0";
                exp = 0;
            } else {
                FloatRepr.Digits g = FloatRepr.Digits.of(FloatRepr.shortest(Math.abs(d), width));
                if (minFrac > 0 && g.digits.length() - 1 < minFrac) {
                    // Dragon4's min_digits continues with the exact value's digits, not with zeros
                    BigDecimal r = new BigDecimal(Math.abs(d)).round(new java.math.MathContext(minFrac + 1,
                            RoundingMode.HALF_EVEN));
                    g = FloatRepr.Digits.of(r);
                } else if (g.digits.length() - 1 > maxFrac) {
                    BigDecimal r = new BigDecimal(Math.abs(d)).round(new java.math.MathContext(maxFrac + 1,
                            RoundingMode.HALF_EVEN));
                    g = FloatRepr.Digits.of(r);
                }
                digits = g.digits;
                exp = g.exponent;
            }
            StringBuilder frac = new StringBuilder(digits.substring(1));
            while (frac.length() < minFrac) {
                frac.append('0');
            }
            String e = Integer.toString(Math.abs(exp));
            StringBuilder es = new StringBuilder(exp < 0 ? "-" : "+");
            for (int i = e.length(); i < Math.max(2, expSize); i++) {
                es.append('0');
            }
            es.append(e);
            return new String[] {sign(d) + digits.charAt(0), frac.toString(), es.toString()};
        }

        String format(double d) {
            if (!Double.isFinite(d)) {
                String ret = Double.isNaN(d) ? (plusSign ? "+nan" : "nan") : (d < 0 ? "-inf" : plusSign ? "+inf" : "inf");
                return " ".repeat(Math.max(0, padLeft + padRight + 1 - ret.length())) + ret;
            }
            if (expFormat) {
                String[] p = scientificParts(d, precision, precision);
                return pad(p[0], padLeft) + "." + p[1] + "e" + p[2];
            }
            String[] p = positionalParts(d);
            StringBuilder sb = new StringBuilder(pad(p[0], padLeft)).append('.').append(p[1]);
            for (int i = p[1].length(); i < padRight; i++) {
                sb.append(' ');
            }
            return sb.toString();
        }
    }

    static boolean isBigEndian(DType t) {
        return t.endianness() == Endianness.BIG;
    }
}
