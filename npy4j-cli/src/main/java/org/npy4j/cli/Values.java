package org.npy4j.cli;

import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;

/**
 * Decodes one element of a plain dtype from raw storage bytes. Done here from the bytes rather than through typed
 * getters so that every dtype NumPy writes (both byte orders, strings, datetimes, longdouble) decodes the same way
 * in {@code show} and {@code dump}, for record fields too.
 */
final class Values {
    private Values() {
    }

    /** Reads {@code n} bytes ({@code n} of 1, 2, 4, 8) as an integer in the dtype's byte order (no sign extension). */
    static long rawBits(Storage s, long off, int n, Endianness order) {
        long v = 0;
        if (order == Endianness.BIG) {
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (s.getByte(off + i) & 0xFF);
            }
        } else {
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (s.getByte(off + i) & 0xFF);
            }
        }
        return v;
    }

    static boolean bool(Storage s, long off) {
        return s.getByte(off) != 0;
    }

    /** Signed integers, datetimes and timedeltas: sign-extended. */
    static long signed(Storage s, long off, ScalarDType t) {
        int n = t.itemSize();
        long v = rawBits(s, off, n, t.endianness());
        int shift = 64 - 8 * n;
        return (v << shift) >> shift;
    }

    /** Unsigned integers: the bit pattern (uint64 values above Long.MAX_VALUE are negative longs). */
    static long unsigned(Storage s, long off, ScalarDType t) {
        return rawBits(s, off, t.itemSize(), t.endianness());
    }

    /** The integer as decimal text, uint64 in full. */
    static String integerText(Storage s, long off, ScalarDType t) {
        return t.kind() == Kind.UINT ? Long.toUnsignedString(unsigned(s, off, t)) : Long.toString(signed(s, off, t));
    }

    /**
     * A float of any width as a double (longdouble rounds to the nearest double), through the library's own element
     * decoding (half precision, x87 extended precision, both byte orders) on a 0-d view of the item.
     */
    static double real(Storage s, long off, int size, Endianness order) {
        if (size != 2 && size != 4 && size != 8 && size != 16) {
            throw new IllegalArgumentException("no float of " + size + " bytes");
        }
        ScalarDType t = ScalarDType.of(Kind.FLOAT, order, size);
        return NdArray.view(t, SCALAR, SCALAR, off, s, false).getDouble();
    }

    private static final long[] SCALAR = new long[0];

    /** The width whose shortest digits represent a float of {@code size} bytes (longdouble prints as double). */
    static FloatRepr.Width width(int size) {
        return size == 2 ? FloatRepr.Width.HALF : size == 4 ? FloatRepr.Width.SINGLE : FloatRepr.Width.DOUBLE;
    }

    /** {@code S}: the bytes as latin-1 with trailing NULs stripped (as NumPy's item access does). */
    static String bytesText(Storage s, long off, int n) {
        byte[] b = new byte[n];
        s.getBytes(off, b, 0, n);
        int end = n;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return new String(b, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Raw bytes of the item. */
    static byte[] raw(Storage s, long off, int n) {
        byte[] b = new byte[n];
        s.getBytes(off, b, 0, n);
        return b;
    }

    /** {@code U}: UCS-4 code points with trailing NULs stripped; invalid code points become U+FFFD. */
    static String unicodeText(Storage s, long off, ScalarDType t) {
        int n = t.itemSize() / 4;
        int[] cps = new int[n];
        int len = 0;
        for (int i = 0; i < n; i++) {
            int cp = (int) rawBits(s, off + 4L * i, 4, t.endianness());
            cps[i] = cp;
            if (cp != 0) {
                len = i + 1;
            }
        }
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int cp = cps[i];
            if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                sb.append('\uFFFD');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    /** NumPy's NaT: the most negative int64. */
    static boolean isNat(long v) {
        return v == Long.MIN_VALUE;
    }
}
