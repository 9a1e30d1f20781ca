package org.npy4j.npz;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Zip constants and little-endian byte helpers shared by the container writer and reader. */
final class Zip {
    static final int LOCAL_SIG = 0x04034b50;
    static final int CENTRAL_SIG = 0x02014b50;
    static final int EOCD_SIG = 0x06054b50;
    static final int ZIP64_EOCD_SIG = 0x06064b50;
    static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    static final int DESCRIPTOR_SIG = 0x08074b50;

    static final int LOCAL_HEADER = 30;
    static final int CENTRAL_HEADER = 46;
    static final int EOCD = 22;
    static final int ZIP64_EOCD = 56;
    static final int ZIP64_LOCATOR = 20;

    static final int STORED = 0;
    static final int DEFLATED = 8;

    static final int FLAG_ENCRYPTED = 0x0001;
    static final int FLAG_DESCRIPTOR = 0x0008;
    static final int FLAG_UTF8 = 0x0800;

    /** Version 4.5 (zip64), what CPython >= 3.11.4 writes for NumPy's force_zip64 members. */
    static final int VERSION_ZIP64 = 45;
    /** "Made by" 4.5 on host 3 (Unix): CPython on POSIX. */
    static final int MADE_BY = 0x0300 | VERSION_ZIP64;
    /** 1980-01-01, the ZipInfo default date; CPython's ZipFile.open(name, 'w') never uses the clock. */
    static final int DOS_DATE_1980 = 0x0021;
    /** 0o600 << 16: CPython's permissions for members written through ZipFile.open(name, 'w'). */
    static final int EXTERNAL_ATTR = 0x01800000;
    /** CPython's ZIP64_LIMIT: above it a central entry needs a zip64 extra. */
    static final long ZIP64_LIMIT = (1L << 31) - 1;
    /** CPython's ZIP_FILECOUNT_LIMIT: above it the archive needs a zip64 end record. */
    static final int FILECOUNT_LIMIT = 0xFFFF;
    static final long U32 = 0xFFFFFFFFL;

    /** zip's legacy name encoding when flag bit 11 is clear (what Python's zipfile decodes with). */
    static final Charset CP437 = cp437();

    private Zip() {
    }

    private static Charset cp437() {
        try {
            return Charset.forName("IBM437");
        } catch (RuntimeException e) {
            // a JDK without jdk.charsets: latin-1 keeps every byte distinct, which is what matters for lookups
            return StandardCharsets.ISO_8859_1;
        }
    }

    static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void putInt(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, v);
        putInt(b, at + 4, v >>> 32);
    }

    static int getShort(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long getInt(byte[] b, int at) {
        return ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (long) (b[at + 3] & 0xFF) << 24);
    }

    static long getLong(byte[] b, int at) {
        return getInt(b, at) | getInt(b, at + 4) << 32;
    }

    static String methodName(int method) {
        switch (method) {
            case 0: return "stored";
            case 8: return "deflate";
            case 9: return "deflate64";
            case 12: return "bzip2";
            case 14: return "lzma";
            case 93: return "zstandard";
            case 95: return "xz";
            case 98: return "ppmd";
            default: return "method " + method;
        }
    }
}
