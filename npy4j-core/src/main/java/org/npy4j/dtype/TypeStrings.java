package org.npy4j.dtype;

import java.util.HashMap;
import java.util.Map;

/** Parses NumPy type strings into {@link ScalarDType}s (see {@link DType#parse}). */
final class TypeStrings {
    private static final Map<String, ScalarDType> NAMES = new HashMap<>();

    static {
        name("bool", DType.BOOL);
        name("int8", DType.INT8);
        name("uint8", DType.UINT8);
        name("int16", DType.INT16);
        name("uint16", DType.UINT16);
        name("int32", DType.INT32);
        name("uint32", DType.UINT32);
        name("int64", DType.INT64);
        name("uint64", DType.UINT64);
        name("float16", DType.FLOAT16);
        name("float32", DType.FLOAT32);
        name("float64", DType.FLOAT64);
        name("longdouble", DType.LONGDOUBLE);
        name("float128", DType.LONGDOUBLE);
        name("complex64", DType.COMPLEX64);
        name("complex128", DType.COMPLEX128);
        name("clongdouble", DType.CLONGDOUBLE);
        name("complex256", DType.CLONGDOUBLE);
        name("object", DType.OBJECT);
        name("?", DType.BOOL);
        name("b", DType.INT8);
        name("B", DType.UINT8);
        name("h", DType.INT16);
        name("H", DType.UINT16);
        name("i", DType.INT32);
        name("I", DType.UINT32);
        name("l", DType.INT64);
        name("L", DType.UINT64);
        name("q", DType.INT64);
        name("Q", DType.UINT64);
        name("p", DType.INT64);
        name("P", DType.UINT64);
        name("e", DType.FLOAT16);
        name("f", DType.FLOAT32);
        name("d", DType.FLOAT64);
        name("g", DType.LONGDOUBLE);
        name("F", DType.COMPLEX64);
        name("D", DType.COMPLEX128);
        name("G", DType.CLONGDOUBLE);
        name("O", DType.OBJECT);
        name("S", DType.bytes(0));
        name("a", DType.bytes(0));
        name("U", DType.unicode(0));
        name("V", DType.voidType(0));
    }

    private static void name(String n, ScalarDType t) {
        NAMES.put(n, t);
    }

    private TypeStrings() {
    }

    static ScalarDType parse(String s) {
        if (s == null || s.isEmpty()) {
            throw bad(s);
        }
        Endianness order = null;
        String body = s;
        char first = s.charAt(0);
        if (first == '<' || first == '>' || first == '|' || first == '=') {
            order = Endianness.of(first);
            body = s.substring(1);
        }
        if (body.isEmpty()) {
            throw bad(s);
        }
        ScalarDType t = parseBody(s, body);
        return order == null ? t : t.withEndianness(order);
    }

    private static ScalarDType parseBody(String whole, String body) {
        ScalarDType named = NAMES.get(body);
        if (named != null) {
            return named;
        }
        String unitPart = null;
        int bracket = body.indexOf('[');
        if (bracket >= 0) {
            if (!body.endsWith("]")) {
                throw bad(whole);
            }
            unitPart = body.substring(bracket + 1, body.length() - 1);
            body = body.substring(0, bracket);
        }
        if (body.equals("datetime64") || body.equals("M") || body.equals("M8")) {
            return time(whole, Kind.DATETIME, unitPart);
        }
        if (body.equals("timedelta64") || body.equals("m") || body.equals("m8")) {
            return time(whole, Kind.TIMEDELTA, unitPart);
        }
        if (unitPart != null || body.length() < 2) {
            throw bad(whole);
        }
        char code = body.charAt(0);
        long size = digits(whole, body.substring(1));
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("type string '" + whole + "' declares an item too large for this library");
        }
        int n = (int) size;
        try {
            switch (code) {
                case 'b':
                    return ScalarDType.of(Kind.BOOL, Endianness.NOT_APPLICABLE, n);
                case 'i':
                    return ScalarDType.of(Kind.INT, Endianness.nativeOrder(), n);
                case 'u':
                    return ScalarDType.of(Kind.UINT, Endianness.nativeOrder(), n);
                case 'f':
                    return ScalarDType.of(Kind.FLOAT, Endianness.nativeOrder(), n);
                case 'c':
                    return ScalarDType.of(Kind.COMPLEX, Endianness.nativeOrder(), n);
                case 'S':
                case 'a':
                    return DType.bytes(n);
                case 'U':
                    if (n > Integer.MAX_VALUE / 4) {
                        throw new IllegalArgumentException("type string '" + whole + "' declares an item too large");
                    }
                    return DType.unicode(n);
                case 'V':
                    return DType.voidType(n);
                case 'O':
                    if (n == 8) {
                        return DType.OBJECT;
                    }
                    throw bad(whole);
                default:
                    throw bad(whole);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("type string")) {
                throw e;
            }
            throw bad(whole);
        }
    }

    private static ScalarDType time(String whole, Kind kind, String unitPart) {
        if (unitPart == null) {
            return ScalarDType.time(kind, Endianness.nativeOrder(), DateTimeUnit.GENERIC, 1);
        }
        int i = 0;
        while (i < unitPart.length() && Character.isDigit(unitPart.charAt(i)) && unitPart.charAt(i) < 128) {
            i++;
        }
        long mult = i == 0 ? 1 : digits(whole, unitPart.substring(0, i));
        if (mult < 1 || mult > Integer.MAX_VALUE) {
            throw bad(whole);
        }
        String sym = unitPart.substring(i);
        DateTimeUnit unit;
        try {
            unit = DateTimeUnit.of(sym);
        } catch (IllegalArgumentException e) {
            throw bad(whole);
        }
        if (unit == DateTimeUnit.GENERIC) {
            throw bad(whole);
        }
        return ScalarDType.time(kind, Endianness.nativeOrder(), unit, (int) mult);
    }

    private static long digits(String whole, String d) {
        if (d.isEmpty() || d.length() > 12) {
            throw bad(whole);
        }
        long v = 0;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(whole);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("not a valid dtype descriptor: '" + s + "'");
    }
}
