package org.npy4j.header;

/**
 * Python's {@code repr} of the values a {@code .npy} header holds: strings (with CPython's quote choice and its
 * {@code str.isprintable} escaping rules), ints, bools and tuples. The header must match NumPy byte for byte, so these
 * follow CPython's {@code unicode_repr} exactly.
 */
final class PyRepr {
    private PyRepr() {
    }

    /** Appends {@code repr(s)}: single quotes unless the text has {@code '} and no {@code "}. */
    static void string(StringBuilder out, String s) {
        boolean hasSingle = s.indexOf('\'') >= 0;
        boolean hasDouble = s.indexOf('"') >= 0;
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').append((char) cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < ' ' || cp == 0x7f) {
                hex(out, "\\x", cp, 2);
            } else if (cp < 0x7f) {
                out.append((char) cp);
            } else if (isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                hex(out, "\\x", cp, 2);
            } else if (cp <= 0xffff) {
                hex(out, "\\u", cp, 4);
            } else {
                hex(out, "\\U", cp, 8);
            }
        }
        out.append(quote);
    }

    private static void hex(StringBuilder out, String prefix, int v, int digits) {
        out.append(prefix);
        String h = Integer.toHexString(v);
        for (int k = h.length(); k < digits; k++) {
            out.append('0');
        }
        out.append(h);
    }

    /**
     * CPython's {@code Py_UNICODE_ISPRINTABLE}: everything except the categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs
     * (the ASCII space is handled by the caller). Java's Unicode tables may lag CPython's for newly assigned characters.
     */
    static boolean isPrintable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** Appends a Python tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static void tuple(StringBuilder out, long[] values) {
        out.append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(values[i]);
        }
        if (values.length == 1) {
            out.append(',');
        }
        out.append(')');
    }

    static void tuple(StringBuilder out, int[] values) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = values[i];
        }
        tuple(out, l);
    }
}
