package org.npy4j.header;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the Python literals a {@code .npy} header may hold: what {@code ast.literal_eval} accepts there in
 * practice (dicts, tuples, lists, strings with escapes and prefixes, implicit string joining, ints in any base with
 * {@code _} and, for v1/v2 headers, Python 2's {@code L} suffix, floats, {@code True}/{@code False}/{@code None},
 * comments and any whitespace). Nothing is evaluated; nesting is bounded.
 *
 * <p>Values come back as {@link String}, {@link Long} or {@link BigInteger}, {@link Double}, {@link Boolean},
 * {@link #NONE}, {@link Bytes}, {@link Tuple}, {@link List} and {@link Map} (insertion-ordered; a repeated key keeps its
 * first position and its last value, as in Python).
 */
final class PyLiteral {
    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A Python tuple. */
    static final class Tuple {
        final List<Object> items;

        Tuple(List<Object> items) {
            this.items = Collections.unmodifiableList(items);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(show(items.get(i)));
            }
            return sb.append(items.size() == 1 ? ",)" : ")").toString();
        }
    }

    /** A Python bytes literal ({@code b'...'}): parsed so that it can be refused with a clear message. */
    static final class Bytes {
        final String latin1;

        Bytes(String latin1) {
            this.latin1 = latin1;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("b");
            PyRepr.string(sb, latin1);
            return sb.toString();
        }
    }

    /** Thrown for text that is not a literal; the message says what and where (character offset). */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    /** Thrown when brackets nest deeper than allowed. */
    static final class TooDeep extends Exception {
        private static final long serialVersionUID = 1L;
        final int depth;

        TooDeep(int depth) {
            super("nesting deeper than " + depth);
            this.depth = depth;
        }
    }

    private final String s;
    private final boolean allowLongSuffix;
    private final int maxDepth;
    private int pos;

    private PyLiteral(String s, boolean allowLongSuffix, int maxDepth) {
        this.s = s;
        this.allowLongSuffix = allowLongSuffix;
        this.maxDepth = maxDepth;
    }

    /** Parses {@code text} as one literal followed only by whitespace and comments. */
    static Object parse(String text, boolean allowLongSuffix, int maxDepth) throws SyntaxError, TooDeep {
        PyLiteral p = new PyLiteral(text, allowLongSuffix, maxDepth);
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the literal");
        }
        return v;
    }

    /** A short Python-like rendering of a parsed value for error messages. */
    static String show(Object v) {
        if (v instanceof String) {
            StringBuilder sb = new StringBuilder();
            PyRepr.string(sb, (String) v);
            return sb.toString();
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? "True" : "False";
        }
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            List<?> l = (List<?>) v;
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(show(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(show(e.getKey())).append(": ").append(show(e.getValue()));
            }
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }

    private SyntaxError error(String what) {
        return new SyntaxError(what + " at character " + pos);
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
                pos++;
            } else if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (c == '\\' && pos + 1 < s.length() && (s.charAt(pos + 1) == '\n' || s.charAt(pos + 1) == '\r')) {
                pos += 2; // explicit line joining
            } else {
                return;
            }
        }
    }

    private Object value(int depth) throws SyntaxError, TooDeep {
        skipSpace();
        if (pos >= s.length()) {
            throw error("unexpected end of header");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth + 1);
            case '[':
                return sequence(depth + 1, ']');
            case '(':
                return sequence(depth + 1, ')');
            case '+':
            case '-': {
                // ast.literal_eval takes one sign on a number literal, which parentheses may group: never a sign on
                // a sign or on a bool. Parsed here without recursion, so no run of signs can exhaust the stack.
                pos++;
                skipSpace();
                int opened = 0;
                while (pos < s.length() && s.charAt(pos) == '(') {
                    if (depth + opened + 1 > maxDepth) {
                        throw new TooDeep(maxDepth);
                    }
                    opened++;
                    pos++;
                    skipSpace();
                }
                if (!startsNumber()) {
                    throw error("unary " + c + " applied to a non-number");
                }
                Object v = number();
                for (int k = 0; k < opened; k++) {
                    skipSpace();
                    expect(')');
                }
                return c == '+' ? v : negate(v);
            }
            default:
                break;
        }
        if (c == '\'' || c == '"') {
            return strings();
        }
        if (startsNumber()) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String word = s.substring(start, pos);
            if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"') && isStringPrefix(word)) {
                pos = start;
                return strings();
            }
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return NONE;
                default:
                    pos = start;
                    throw error("name '" + word + "' is not a literal (nothing in a header is evaluated)");
            }
        }
        throw error("unexpected character '" + c + "'");
    }

    private boolean startsNumber() {
        if (pos >= s.length()) {
            return false;
        }
        char c = s.charAt(pos);
        return c >= '0' && c <= '9' || c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1));
    }

    private static boolean isStringPrefix(String w) {
        switch (w.toLowerCase()) {
            case "r":
            case "u":
            case "b":
            case "br":
            case "rb":
                return true;
            default:
                return false;
        }
    }

    private static Object negate(Object v) {
        if (v instanceof Long) {
            long l = (Long) v;
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : (Object) (-l);
        }
        if (v instanceof BigInteger) {
            return normalise(((BigInteger) v).negate());
        }
        return -((Double) v);
    }

    private static Object normalise(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private Map<Object, Object> dict(int depth) throws SyntaxError, TooDeep {
        if (depth > maxDepth) {
            throw new TooDeep(maxDepth);
        }
        pos++; // '{'
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return map;
            }
            Object key = value(depth);
            if (key instanceof List || key instanceof Map) {
                throw error("unhashable dict key");
            }
            skipSpace();
            expect(':');
            Object val = value(depth);
            map.put(key, val);
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return map;
            } else {
                throw error(pos >= s.length() ? "unexpected end of header inside '{'" : "expected ',' or '}'");
            }
        }
    }

    private Object sequence(int depth, char close) throws SyntaxError, TooDeep {
        if (depth > maxDepth) {
            throw new TooDeep(maxDepth);
        }
        pos++; // '(' or '['
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == close) {
                pos++;
                break;
            }
            items.add(value(depth));
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                sawComma = true;
            } else if (pos < s.length() && s.charAt(pos) == close) {
                pos++;
                break;
            } else {
                throw error(pos >= s.length() ? "unexpected end of header inside '" + (close == ')' ? '(' : '[') + "'"
                        : "expected ',' or '" + close + "'");
            }
        }
        if (close == ']') {
            return items;
        }
        if (items.size() == 1 && !sawComma) {
            return items.get(0); // (x) is x, not a tuple
        }
        return new Tuple(items);
    }

    private void expect(char c) throws SyntaxError {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** One or more adjacent string literals, joined as Python joins them. */
    private Object strings() throws SyntaxError {
        StringBuilder sb = new StringBuilder();
        Boolean bytes = null;
        while (true) {
            skipSpace();
            if (pos >= s.length()) {
                break;
            }
            int start = pos;
            boolean raw = false;
            boolean isBytes = false;
            while (pos < s.length() && Character.isLetter(s.charAt(pos)) && pos - start < 2) {
                char p = Character.toLowerCase(s.charAt(pos));
                if (p == 'r') {
                    raw = true;
                } else if (p == 'b') {
                    isBytes = true;
                } else if (p != 'u') {
                    break;
                }
                pos++;
            }
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                pos = start;
                break;
            }
            if (bytes != null && bytes != isBytes) {
                throw error("cannot mix bytes and str literals");
            }
            bytes = isBytes;
            one(sb, raw);
        }
        return bytes != null && bytes ? new Bytes(sb.toString()) : sb.toString();
    }

    private void one(StringBuilder sb, boolean raw) throws SyntaxError {
        char q = s.charAt(pos);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), pos);
        pos += triple ? 3 : 1;
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos);
            if (c == q && (!triple || s.startsWith(String.valueOf(q).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return;
            }
            if ((c == '\n' || c == '\r') && !triple) {
                throw error("end of line inside a string");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(pos + 1);
            if (raw) {
                sb.append('\\').append(e);
                pos += 2;
                continue;
            }
            pos += 2;
            switch (e) {
                case '\n':
                    break;
                case '\\':
                case '\'':
                case '"':
                    sb.append(e);
                    break;
                case 'a':
                    sb.append('\u0007');
                    break;
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'n':
                    sb.append('\n');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'v':
                    sb.append('\u000b');
                    break;
                case 'x':
                    sb.appendCodePoint(hexDigits(2));
                    break;
                case 'u':
                    sb.appendCodePoint(hexDigits(4));
                    break;
                case 'U': {
                    int cp = hexDigits(8); // eight hex digits may exceed int: negative means out of range too
                    if (cp < 0 || cp > 0x10FFFF) {
                        throw error("\\U escape out of range");
                    }
                    sb.appendCodePoint(cp);
                    break;
                }
                case 'N':
                    throw error("\\N{...} escapes are not supported in headers");
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; k++) {
                            v = v * 8 + (s.charAt(pos++) - '0');
                        }
                        sb.append((char) v);
                    } else {
                        sb.append('\\').append(e); // Python keeps unknown escapes as written
                    }
            }
        }
    }

    private int hexDigits(int n) throws SyntaxError {
        if (pos + n > s.length()) {
            throw error("truncated escape");
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0 || s.charAt(pos + i) > 127) {
                throw error("bad hex escape");
            }
            v = v * 16 + d;
        }
        pos += n;
        return v;
    }

    private Object number() throws SyntaxError {
        int start = pos;
        int radix = 10;
        if (s.charAt(pos) == '0' && pos + 1 < s.length()) {
            char x = Character.toLowerCase(s.charAt(pos + 1));
            radix = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 10;
            if (radix != 10) {
                pos += 2;
            }
        }
        StringBuilder digits = new StringBuilder();
        boolean isFloat = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '_' && digits.length() > 0 && pos + 1 < s.length() && Character.digit(s.charAt(pos + 1), radix) >= 0) {
                pos++;
                continue;
            }
            if (c < 128 && Character.digit(c, radix) >= 0) {
                digits.append(c);
                pos++;
            } else if (radix == 10 && (c == '.' || c == 'e' || c == 'E')) {
                isFloat = true;
                digits.append(c);
                pos++;
                if ((c == 'e' || c == 'E') && pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    digits.append(s.charAt(pos++));
                }
            } else {
                break;
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'j' || s.charAt(pos) == 'J')) {
            throw error("complex numbers are not valid here");
        }
        if (isFloat) {
            try {
                return Double.parseDouble(digits.toString());
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad number");
            }
        }
        if (digits.length() == 0) {
            pos = start;
            throw error("bad number");
        }
        if (radix == 10 && digits.length() > 1 && digits.charAt(0) == '0' && !digits.toString().matches("0+")) {
            pos = start;
            throw error("leading zeros in a decimal integer");
        }
        if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
            if (!allowLongSuffix) {
                throw error("Python 2 'L' suffix (only accepted in format 1.0 and 2.0 headers)");
            }
            pos++;
        }
        if (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            throw error("bad number");
        }
        if (digits.length() > 4000) {
            throw error("integer literal too long");
        }
        return normalise(new BigInteger(digits.toString(), radix));
    }
}
