package org.npy4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming JSON writer (compact output): the CLI writes its own JSON so the runnable jar carries no
 * JSON library. Commas are placed from a stack of open containers; strings are escaped per RFC 8259, lone
 * surrogates (possible in NumPy {@code U} data) as {@code \\uXXXX} escapes.
 */
final class Json {
    private final Appendable out;
    /** One entry per open container: true once it holds a value (a comma is due before the next). */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    private boolean afterName;

    Json(Appendable out) {
        this.out = out;
    }

    Json beginArray() {
        before();
        write("[");
        open.push(new boolean[1]);
        return this;
    }

    Json endArray() {
        open.pop();
        write("]");
        return this;
    }

    Json beginObject() {
        before();
        write("{");
        open.push(new boolean[1]);
        return this;
    }

    Json endObject() {
        open.pop();
        write("}");
        return this;
    }

    Json name(String name) {
        before();
        string0(name);
        write(":");
        afterName = true;
        return this;
    }

    Json value(String s) {
        before();
        string0(s);
        return this;
    }

    Json value(boolean b) {
        before();
        write(b ? "true" : "false");
        return this;
    }

    Json value(long v) {
        before();
        write(Long.toString(v));
        return this;
    }

    /** Writes already-valid JSON number text ({@code 1.5}, {@code 1e-05}, {@code 18446744073709551615}). */
    Json number(String numberText) {
        before();
        write(numberText);
        return this;
    }

    Json nullValue() {
        before();
        write("null");
        return this;
    }

    private void before() {
        if (afterName) {
            afterName = false;
            return;
        }
        boolean[] top = open.peek();
        if (top != null) {
            if (top[0]) {
                write(",");
            }
            top[0] = true;
        }
    }

    private void string0(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        quote(s, sb);
        write(sb.append('"').toString());
    }

    /** Appends {@code s} escaped for the inside of a JSON string. */
    static void quote(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) && !pairedAt(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c)) {
                        sb.append(c).append(s.charAt(++i));
                    } else {
                        sb.append(c);
                    }
            }
        }
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private void write(String s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
