package org.npy4j.text;

import java.util.Arrays;

/** A growable char buffer reused across rows so that formatting does not allocate per value. */
final class CharBuf {
    char[] buf;
    int len;

    CharBuf(int capacity) {
        buf = new char[Math.max(16, capacity)];
    }

    void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    CharBuf append(char c) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = c;
        return this;
    }

    CharBuf append(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = s.charAt(i);
        }
        return this;
    }

    CharBuf append(char[] s, int off, int n) {
        ensure(n);
        System.arraycopy(s, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends {@code n} copies of {@code c}. */
    CharBuf repeat(char c, int n) {
        if (n > 0) {
            ensure(n);
            Arrays.fill(buf, len, len + n, c);
            len += n;
        }
        return this;
    }

    /** Inserts {@code n} copies of {@code c} at {@code at}, shifting what follows. */
    void insert(int at, char c, int n) {
        if (n <= 0) {
            return;
        }
        ensure(n);
        System.arraycopy(buf, at, buf, at + n, len - at);
        Arrays.fill(buf, at, at + n, c);
        len += n;
    }

    /** Appends the decimal digits of a non-negative long. */
    CharBuf appendDigits(long v) {
        int n = digitCount(v);
        ensure(n);
        int end = len + n;
        int p = end;
        while (v >= 10) {
            long q = v / 10;
            buf[--p] = (char) ('0' + (v - q * 10));
            v = q;
        }
        buf[--p] = (char) ('0' + v);
        len = end;
        return this;
    }

    static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    void clear() {
        len = 0;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len);
    }
}
