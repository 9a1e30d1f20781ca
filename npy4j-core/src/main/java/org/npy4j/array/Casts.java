package org.npy4j.array;

import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;

/** {@link NdArray#astype}: NumPy's {@code unsafe} casting for numeric kinds, plus the few non-numeric casts NumPy makes. */
final class Casts {
    private static final double TWO_63 = 0x1p63;
    private static final double TWO_64 = 0x1p64;

    private Casts() {
    }

    static NdArray astype(NdArray src, DType target) {
        java.util.Objects.requireNonNull(target, "target");
        DType from = src.dtype();
        if (from.equals(target)) {
            return src.copy();
        }
        long[] shape = src.shape();
        if (target instanceof ScalarDType && from instanceof ScalarDType
                && target.withEndianness(Endianness.LITTLE).equals(from.withEndianness(Endianness.LITTLE))) {
            return swapped(src, target);
        }
        if (!(target instanceof ScalarDType) || !(from instanceof ScalarDType)) {
            throw refuse(from, target);
        }
        int sc = src.code();
        int tc = Elem.code(target);
        boolean srcNumeric = from.isNumeric();
        boolean dstNumeric = target.isNumeric();
        boolean srcTime = sc == Elem.TIME;
        boolean dstTime = tc == Elem.TIME;
        NdArray out = NdArray.zeros(target, shape);
        if (srcNumeric && dstNumeric
                || srcTime && dstNumeric && Elem.isInteger(tc)
                || dstTime && srcNumeric && Elem.isInteger(sc)) {
            numeric(src, out);
            return out;
        }
        if (srcTime && dstTime && DateTimes.convertible((ScalarDType) from, (ScalarDType) target)) {
            times(src, out);
            return out;
        }
        Kind fk = from.kind();
        Kind tk = target.kind();
        if ((fk == Kind.BYTES || fk == Kind.UNICODE) && (tk == Kind.BYTES || tk == Kind.UNICODE)) {
            strings(src, out);
            return out;
        }
        throw refuse(from, target);
    }

    /** datetime64/timedelta64 unit changes, element by element (calendar arithmetic for datetime Y and M). */
    private static void times(NdArray src, NdArray out) {
        ScalarDType from = (ScalarDType) src.dtype();
        ScalarDType to = (ScalarDType) out.dtype();
        Storage s = src.storage();
        Storage d = out.storage();
        boolean ss = src.swap();
        boolean ts = Elem.swap(to);
        Runs r = src.runsForCast();
        long o = 0;
        while (r.next()) {
            for (long i = 0; i < r.length(); i++, o += 8) {
                long v = Elem.getLong(s, r.offset(0) + r.stride(0) * i, ss);
                Elem.putLong(d, o, ts, DateTimes.convert(v, from, to));
            }
        }
    }

    private static IllegalArgumentException refuse(DType from, DType target) {
        return new IllegalArgumentException("cannot cast " + from.name() + " (" + from + ") to " + target.name() + " ("
                + target + ")");
    }

    /** Same layout, other byte order: reverse each scalar's bytes (complex and longdouble as NumPy's byteswap does). */
    private static NdArray swapped(NdArray src, DType target) {
        NdArray out = NdArray.zeros(target, src.shape());
        src.copyInto(out);
        if (src.dtype().endianness() == target.endianness() || target.itemSize() == 0) {
            return out; // only the 1-byte / not-applicable spelling differed
        }
        int item = target.itemSize();
        int unit;
        switch (target.kind()) {
            case COMPLEX: unit = item / 2; break;
            case UNICODE: unit = 4; break;
            default: unit = item;
        }
        Storage s = out.storage();
        byte[] b = new byte[unit];
        long total = out.byteSize();
        for (long off = 0; off < total; off += unit) {
            s.getBytes(off, b, 0, unit);
            for (int i = 0, j = unit - 1; i < j; i++, j--) {
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
            s.putBytes(off, b, 0, unit);
        }
        return out;
    }

    private static void numeric(NdArray src, NdArray out) {
        Storage s = src.storage();
        Storage d = out.storage();
        int sc = src.code();
        boolean ss = src.swap();
        int tc = Elem.code(out.dtype());
        boolean ts = Elem.swap(out.dtype());
        int item = out.dtype().itemSize();
        Runs r = src.runsForCast();
        long o = 0;
        while (r.next()) {
            long len = r.length();
            for (long i = 0; i < len; i++, o += item) {
                long off = r.offset(0) + r.stride(0) * i;
                convert(s, off, sc, ss, d, o, tc, ts);
            }
        }
    }

    private static void convert(Storage s, long off, int sc, boolean ss, Storage d, long o, int tc, boolean ts) {
        if (Elem.isInteger(sc)) {
            long v = Elem.readInteger(s, off, sc, ss);
            boolean unsigned = sc == Elem.U64;
            if (Elem.isInteger(tc)) {
                Elem.writeInteger(d, o, tc, ts, v);
            } else {
                Elem.writeIntegerAsFloating(d, o, tc, ts, v, unsigned);
            }
            return;
        }
        if (sc == Elem.F128 || sc == Elem.C256) {
            long mant = Elem.ldMant(s, off, ss);
            int se = Elem.ldSignExp(s, off, ss);
            switch (tc) {
                case Elem.F128:
                    Elem.putLongDouble(d, o, ts, mant, se);
                    return;
                case Elem.C256:
                    Elem.putLongDouble(d, o, ts, mant, se);
                    if (sc == Elem.C256) {
                        Elem.putLongDouble(d, o + 16, ts, Elem.ldMant(s, off + 16, ss), Elem.ldSignExp(s, off + 16, ss));
                    } else {
                        Elem.putLongDouble(d, o + 16, ts, 0, 0);
                    }
                    return;
                case Elem.F32:
                case Elem.C64:
                    float re = LongDouble.toFloat(mant, se);
                    float im = sc == Elem.C256
                            ? LongDouble.toFloat(Elem.ldMant(s, off + 16, ss), Elem.ldSignExp(s, off + 16, ss)) : 0f;
                    Elem.writeFloating(d, o, tc, ts, re, tc == Elem.C64 ? im : 0);
                    return;
                case Elem.BOOL:
                    boolean nz = !isZero(mant, se) || sc == Elem.C256
                            && !isZero(Elem.ldMant(s, off + 16, ss), Elem.ldSignExp(s, off + 16, ss));
                    d.putByte(o, (byte) (nz ? 1 : 0));
                    return;
                default:
                    if (Elem.isInteger(tc)) {
                        Elem.writeInteger(d, o, tc, ts, fromLongDouble(mant, se, tc));
                    } else {
                        double im2 = sc == Elem.C256 ? Elem.readImag(s, off, sc, ss) : 0;
                        Elem.writeFloating(d, o, tc, ts, LongDouble.toDouble(mant, se), im2);
                    }
                    return;
            }
        }
        double re = Elem.readDouble(s, off, sc, ss);
        double im = Elem.readImag(s, off, sc, ss);
        if (tc == Elem.BOOL) {
            d.putByte(o, (byte) (re != 0 || im != 0 ? 1 : 0)); // NaN != 0: true, as in NumPy
        } else if (Elem.isInteger(tc)) {
            Elem.writeInteger(d, o, tc, ts, fromDouble(re, tc));
        } else if (tc == Elem.F16 && sc == Elem.F32) {
            Elem.putShort(d, o, ts, Float16.fromFloat((float) re));
        } else {
            Elem.writeFloating(d, o, tc, ts, re, im);
        }
    }

    private static boolean isZero(long mant, int signExp) {
        return mant == 0 && (signExp & 0x7FFF) == 0;
    }

    /**
     * Truncates toward zero to the integer code {@code tc} (the bits to store). In range this is NumPy's result;
     * out of range and NaN follow x86's conversions: int64 and int32 give their minimum, narrower types wrap the
     * int32 result, unsigned 32/64-bit go through int64 (wrapping negatives) or the unsigned range.
     */
    static long fromDouble(double d, int tc) {
        switch (tc) {
            case Elem.I64:
            case Elem.TIME:
                return d >= -TWO_63 && d < TWO_63 ? (long) d : Long.MIN_VALUE;
            case Elem.U64:
            case Elem.U32:
                if (d >= TWO_63 && d < TWO_64) {
                    return (long) (d - TWO_63) ^ Long.MIN_VALUE;
                }
                return d >= -TWO_63 && d < TWO_63 ? (long) d : Long.MIN_VALUE;
            default:
                return d > -2147483649.0 && d < 2147483648.0 ? (int) d : Integer.MIN_VALUE;
        }
    }

    /** String casts, element by element through the accessors: strings are not a bulk path. */
    /**
     * Truncates a longdouble toward zero to the integer code {@code tc}, exact in range. Out of range follows the x87
     * stores a C compiler uses: int8/uint8/int16 through a 16-bit store, uint16/int32 through a 32-bit one (both give
     * their "integer indefinite", the minimum), uint32/int64 through a 64-bit one.
     */
    static long fromLongDouble(long mant, int se, int tc) {
        if (tc == Elem.U64) {
            return LongDouble.toUnsignedTruncated(mant, se);
        }
        long v = LongDouble.toLongTruncated(mant, se);
        switch (tc) {
            case Elem.I8:
            case Elem.U8:
            case Elem.I16:
                return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? v : Short.MIN_VALUE;
            case Elem.U16:
            case Elem.I32:
                return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? v : Integer.MIN_VALUE;
            default:
                return v;
        }
    }

    private static void strings(NdArray src, NdArray out) {
        Kind fk = src.dtype().kind();
        Kind tk = out.dtype().kind();
        int cap = ((ScalarDType) out.dtype()).length();
        NdArray flatOut = out.reshape(out.size());
        long[] shape = src.shape();
        long[] cur = new long[shape.length];
        for (long k = 0; k < src.size(); k++) {
            String v;
            if (fk == Kind.UNICODE) {
                v = src.getString(cur);
            } else {
                byte[] b = src.getBytes(cur);
                for (byte x : b) {
                    if (x < 0 && tk == Kind.UNICODE) {
                        throw new IllegalArgumentException("cannot cast " + src.dtype().str() + " to " + out.dtype().str()
                                + ": byte 0x" + Integer.toHexString(x & 0xFF) + " is not ASCII (NumPy raises UnicodeDecodeError)");
                    }
                }
                v = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            if (v.codePointCount(0, v.length()) > cap) {
                v = v.substring(0, v.offsetByCodePoints(0, cap)); // NumPy truncates when casting to a shorter string
            }
            if (tk == Kind.UNICODE) {
                flatOut.setString(v, k);
            } else {
                byte[] b = new byte[v.length()];
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c > 127 && fk == Kind.UNICODE) {
                        throw new IllegalArgumentException("cannot cast " + src.dtype().str() + " to " + out.dtype().str()
                                + ": '" + v + "' is not ASCII (NumPy raises UnicodeEncodeError)");
                    }
                    b[i] = (byte) c;
                }
                flatOut.setBytes(b, k);
            }
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++cur[a] < shape[a]) {
                    break;
                }
                cur[a] = 0;
            }
        }
    }
}
