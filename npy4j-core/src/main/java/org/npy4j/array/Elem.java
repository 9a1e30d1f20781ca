package org.npy4j.array;

import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.ScalarDType;

/**
 * Element codes and the element-level codec. An array resolves its dtype to one code once; every accessor then
 * switches on that small int instead of re-inspecting the dtype. Storage is little-endian, so {@code swap} is true
 * exactly for big-endian dtypes.
 */
final class Elem {
    static final int BOOL = 0;
    static final int I8 = 1;
    static final int U8 = 2;
    static final int I16 = 3;
    static final int U16 = 4;
    static final int I32 = 5;
    static final int U32 = 6;
    static final int I64 = 7;
    static final int U64 = 8;
    static final int F16 = 9;
    static final int F32 = 10;
    static final int F64 = 11;
    static final int F128 = 12;
    static final int C64 = 13;
    static final int C128 = 14;
    static final int C256 = 15;
    static final int TIME = 16;
    static final int BYTES = 17;
    static final int UNICODE = 18;
    static final int OTHER = 19;

    private Elem() {
    }

    static int mask(int... codes) {
        int m = 0;
        for (int c : codes) {
            m |= 1 << c;
        }
        return m;
    }

    static int code(DType t) {
        if (!(t instanceof ScalarDType)) {
            return OTHER;
        }
        int n = t.itemSize();
        switch (t.kind()) {
            case BOOL: return BOOL;
            case INT: return n == 1 ? I8 : n == 2 ? I16 : n == 4 ? I32 : I64;
            case UINT: return n == 1 ? U8 : n == 2 ? U16 : n == 4 ? U32 : U64;
            case FLOAT: return n == 2 ? F16 : n == 4 ? F32 : n == 8 ? F64 : F128;
            case COMPLEX: return n == 8 ? C64 : n == 16 ? C128 : C256;
            case DATETIME:
            case TIMEDELTA: return TIME;
            case BYTES: return BYTES;
            case UNICODE: return UNICODE;
            default: return OTHER;
        }
    }

    static boolean swap(DType t) {
        return t.endianness() == Endianness.BIG;
    }

    static boolean isInteger(int code) {
        return code <= U64 || code == TIME;
    }

    static boolean isFloat(int code) {
        return code >= F16 && code <= F128;
    }

    static boolean isComplex(int code) {
        return code >= C64 && code <= C256;
    }

    // ---- raw words -------------------------------------------------------------------------------------------

    static short getShort(Storage s, long off, boolean swap) {
        short v = s.getShort(off);
        return swap ? Short.reverseBytes(v) : v;
    }

    static int getInt(Storage s, long off, boolean swap) {
        int v = s.getInt(off);
        return swap ? Integer.reverseBytes(v) : v;
    }

    static long getLong(Storage s, long off, boolean swap) {
        long v = s.getLong(off);
        return swap ? Long.reverseBytes(v) : v;
    }

    static void putShort(Storage s, long off, boolean swap, short v) {
        s.putShort(off, swap ? Short.reverseBytes(v) : v);
    }

    static void putInt(Storage s, long off, boolean swap, int v) {
        s.putInt(off, swap ? Integer.reverseBytes(v) : v);
    }

    static void putLong(Storage s, long off, boolean swap, long v) {
        s.putLong(off, swap ? Long.reverseBytes(v) : v);
    }

    /** Significand of the longdouble at {@code off} ({@code '>f16'} is the 16 bytes reversed). */
    static long ldMant(Storage s, long off, boolean swap) {
        return swap ? Long.reverseBytes(s.getLong(off + 8)) : s.getLong(off);
    }

    static int ldSignExp(Storage s, long off, boolean swap) {
        return (swap ? Short.reverseBytes(s.getShort(off + 6)) : s.getShort(off + 8)) & 0xFFFF;
    }

    /** Writes an extended value with zeroed padding (NumPy leaves garbage there; zero is as good and reproducible). */
    static void putLongDouble(Storage s, long off, boolean swap, long mant, int signExp) {
        if (swap) {
            s.putInt(off, 0);
            s.putShort(off + 4, (short) 0);
            s.putShort(off + 6, Short.reverseBytes((short) signExp));
            s.putLong(off + 8, Long.reverseBytes(mant));
        } else {
            s.putLong(off, mant);
            s.putShort(off + 8, (short) signExp);
            s.putShort(off + 10, (short) 0);
            s.putInt(off + 12, 0);
        }
    }

    // ---- values ----------------------------------------------------------------------------------------------

    /** Integer value of a bool/int/uint/datetime element: sign- or zero-extended; uint64 as its bit pattern. */
    static long readInteger(Storage s, long off, int code, boolean swap) {
        switch (code) {
            case BOOL: return s.getByte(off) != 0 ? 1 : 0;
            case I8: return s.getByte(off);
            case U8: return s.getByte(off) & 0xFFL;
            case I16: return getShort(s, off, swap);
            case U16: return getShort(s, off, swap) & 0xFFFFL;
            case I32: return getInt(s, off, swap);
            case U32: return getInt(s, off, swap) & 0xFFFFFFFFL;
            case I64:
            case U64:
            case TIME: return getLong(s, off, swap);
            default: throw new IllegalStateException("not an integer code " + code);
        }
    }

    /** uint64 bits to the nearest double (round half even via a sticky bit). */
    static double unsignedToDouble(long v) {
        return v >= 0 ? (double) v : (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    static float unsignedToFloat(long v) {
        return v >= 0 ? (float) v : (float) ((v >>> 1) | (v & 1)) * 2.0f;
    }

    /** Real value as double: integers (uint64 unsigned), floats (longdouble rounded once), complex: the real part. */
    static double readDouble(Storage s, long off, int code, boolean swap) {
        switch (code) {
            case F16: return Float16.toFloat(getShort(s, off, swap));
            case F32:
            case C64: return Float.intBitsToFloat(getInt(s, off, swap));
            case F64:
            case C128: return Double.longBitsToDouble(getLong(s, off, swap));
            case F128:
            case C256: return LongDouble.toDouble(ldMant(s, off, swap), ldSignExp(s, off, swap));
            case U64: return unsignedToDouble(getLong(s, off, swap));
            default: return readInteger(s, off, code, swap);
        }
    }

    /** Imaginary part of a complex element (0 for real kinds). */
    static double readImag(Storage s, long off, int code, boolean swap) {
        switch (code) {
            case C64: return Float.intBitsToFloat(getInt(s, off + 4, swap));
            case C128: return Double.longBitsToDouble(getLong(s, off + 8, swap));
            case C256: return LongDouble.toDouble(ldMant(s, off + 16, swap), ldSignExp(s, off + 16, swap));
            default: return 0;
        }
    }

    /** Writes the low bits of {@code v} to an integer/datetime element. */
    static void writeInteger(Storage s, long off, int code, boolean swap, long v) {
        switch (code) {
            case BOOL: s.putByte(off, (byte) (v != 0 ? 1 : 0)); break;
            case I8:
            case U8: s.putByte(off, (byte) v); break;
            case I16:
            case U16: putShort(s, off, swap, (short) v); break;
            case I32:
            case U32: putInt(s, off, swap, (int) v); break;
            default: putLong(s, off, swap, v); break;
        }
    }

    /** Writes a float/complex element from a double, rounding once (complex: imaginary part 0). */
    static void writeFloating(Storage s, long off, int code, boolean swap, double re, double im) {
        switch (code) {
            case F16: putShort(s, off, swap, Float16.fromDouble(re)); break;
            case F32: putInt(s, off, swap, Float.floatToRawIntBits((float) re)); break;
            case F64: putLong(s, off, swap, Double.doubleToRawLongBits(re)); break;
            case F128: putLongDouble(s, off, swap, LongDouble.mantOf(re), LongDouble.signExpOf(re)); break;
            case C64:
                putInt(s, off, swap, Float.floatToRawIntBits((float) re));
                putInt(s, off + 4, swap, Float.floatToRawIntBits((float) im));
                break;
            case C128:
                putLong(s, off, swap, Double.doubleToRawLongBits(re));
                putLong(s, off + 8, swap, Double.doubleToRawLongBits(im));
                break;
            case C256:
                putLongDouble(s, off, swap, LongDouble.mantOf(re), LongDouble.signExpOf(re));
                putLongDouble(s, off + 16, swap, LongDouble.mantOf(im), LongDouble.signExpOf(im));
                break;
            default: throw new IllegalStateException("not a floating code " + code);
        }
    }

    /** Writes an exact integer value to a float/complex element (one rounding; exact into longdouble). */
    static void writeIntegerAsFloating(Storage s, long off, int code, boolean swap, long v, boolean unsigned) {
        switch (code) {
            case F128:
            case C256:
                putLongDouble(s, off, swap, LongDouble.mantOfInteger(v, unsigned), LongDouble.signExpOfInteger(v, unsigned));
                if (code == C256) {
                    putLongDouble(s, off + 16, swap, 0, 0);
                }
                break;
            case F32:
            case C64: {
                float f = unsigned ? unsignedToFloat(v) : (float) v;
                writeFloating(s, off, code, swap, f, 0);
                break;
            }
            case F16:
                // |v| >= 2^53 is far beyond float16's range: any rounding of the double still overflows to infinity
                writeFloating(s, off, code, swap, unsigned ? unsignedToDouble(v) : (double) v, 0);
                break;
            default:
                writeFloating(s, off, code, swap, unsigned ? unsignedToDouble(v) : (double) v, 0);
                break;
        }
    }
}
