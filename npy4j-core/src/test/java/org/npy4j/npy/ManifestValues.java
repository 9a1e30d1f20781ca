package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;

/**
 * An independent oracle for the corpus manifest's values (encoding at the top of {@code conformance/generate.py}):
 * decodes each element's raw bytes here, without the library's accessors, and compares.
 */
public final class ManifestValues {
    private ManifestValues() {
    }

    /** Asserts that {@code a}'s elements, in C order, are the manifest's {@code values}. */
    public static void assertValues(JsonNode values, NdArray a) {
        assertEquals(values.size(), a.size(), "element count");
        for (long i = 0; i < a.size(); i++) {
            check(values.get((int) i), a.dtype(), a.storage(), a.byteOffsetFlat(i), "[" + i + "]");
        }
    }

    private static void check(JsonNode v, DType t, Storage st, long off, String where) {
        if (t instanceof StructDType) {
            for (Field f : ((StructDType) t).fields()) {
                check(v.get(f.name()), f.dtype(), st, off + f.offset(), where + "." + f.name());
            }
            return;
        }
        if (t instanceof SubarrayDType) {
            DType base = t;
            long count = 1;
            while (base instanceof SubarrayDType) {
                count *= ((SubarrayDType) base).count();
                base = ((SubarrayDType) base).base();
            }
            assertEquals(count, v.size(), where + " subarray length");
            for (int k = 0; k < count; k++) {
                check(v.get(k), base, st, off + (long) k * base.itemSize(), where + "[" + k + "]");
            }
            return;
        }
        ScalarDType s = (ScalarDType) t;
        byte[] b = new byte[s.itemSize()];
        st.getBytes(off, b, 0, b.length);
        boolean big = s.endianness() == Endianness.BIG;
        switch (s.kind()) {
            case BOOL:
                assertEquals(v.asBoolean(), b[0] != 0, where);
                break;
            case INT:
                assertEquals(v.asText(), integer(b, big, true).toString(), where);
                break;
            case UINT:
                assertEquals(v.asText(), integer(b, big, false).toString(), where);
                break;
            case FLOAT:
                assertFloat(v.asText(), b, 0, b.length, big, where);
                break;
            case COMPLEX:
                assertFloat(v.get(0).asText(), b, 0, b.length / 2, big, where + ".real");
                assertFloat(v.get(1).asText(), b, b.length / 2, b.length / 2, big, where + ".imag");
                break;
            case BYTES: {
                int n = b.length;
                while (n > 0 && b[n - 1] == 0) {
                    n--;
                }
                assertEquals(v.asText(), HexFormat.of().formatHex(b, 0, n), where);
                break;
            }
            case UNICODE: {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < b.length; k += 4) {
                    int cp = (int) integer(java.util.Arrays.copyOfRange(b, k, k + 4), big, false).longValue();
                    sb.appendCodePoint(cp);
                }
                int n = sb.length();
                while (n > 0 && sb.charAt(n - 1) == 0) {
                    n--;
                }
                assertEquals(v.asText(), sb.substring(0, n), where);
                break;
            }
            case VOID:
                assertEquals(v.asText(), HexFormat.of().formatHex(b), where);
                break;
            case DATETIME:
            case TIMEDELTA: {
                long c = integer(b, big, true).longValue();
                assertEquals(v.asText(), c == Long.MIN_VALUE ? "NaT" : Long.toString(c), where);
                break;
            }
            default:
                throw new AssertionError("no manifest encoding for " + s + " at " + where);
        }
    }

    private static BigInteger integer(byte[] b, boolean big, boolean signed) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = big ? b[i] : b[b.length - 1 - i];
        }
        return signed ? new BigInteger(be) : new BigInteger(1, be);
    }

    private static void assertFloat(String expected, byte[] b, int from, int len, boolean big, String where) {
        byte[] part = java.util.Arrays.copyOfRange(b, from, from + len);
        long bits = integer(part, big, false).longValue();
        double actual;
        switch (len) {
            case 2:
                actual = half((int) bits);
                break;
            case 4:
                actual = Float.intBitsToFloat((int) bits);
                break;
            case 8:
                actual = Double.longBitsToDouble(bits);
                break;
            default:
                throw new AssertionError("float of " + len + " bytes at " + where);
        }
        switch (expected) {
            case "nan":
                assertTrue(Double.isNaN(actual), where + ": expected nan, got " + actual);
                return;
            case "inf":
                assertEquals(Double.POSITIVE_INFINITY, actual, where);
                return;
            case "-inf":
                assertEquals(Double.NEGATIVE_INFINITY, actual, where);
                return;
            default:
                assertEquals(Double.doubleToLongBits(Double.parseDouble(expected)), Double.doubleToLongBits(actual),
                        where + ": expected " + expected + ", got " + Double.toHexString(actual));
        }
    }

    /** binary16 to double, written out here from the IEEE definition (independent of the library's Float16). */
    private static double half(int h) {
        int sign = (h >> 15) & 1;
        int exp = (h >> 10) & 0x1F;
        int mant = h & 0x3FF;
        double v;
        if (exp == 0) {
            v = mant * Math.pow(2, -24);
        } else if (exp == 31) {
            v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            v = (1 + mant / 1024.0) * Math.pow(2, exp - 15);
        }
        return sign == 1 ? -v : v;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
