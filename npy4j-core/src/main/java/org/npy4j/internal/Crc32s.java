package org.npy4j.internal;

/**
 * CRC-32 (the zip and zlib polynomial) of a concatenation from the CRCs of its parts, so parts of one member can be
 * checksummed on different threads: {@code crc(A + B) = combine(crc(A), crc(B), length(B))}.
 *
 * <p>The arithmetic: appending {@code n} bytes multiplies the (pre- and post-inverted) remainder of {@code A} by
 * {@code x^(8n)} modulo the CRC polynomial before the remainder of {@code B} is added; the inversions cancel. Polynomials
 * are held bit-reflected as in the CRC itself (bit 31 is the coefficient of {@code x^0}).
 *
 * <p>Not API: this package is not exported by the module. Thread safety: stateless.
 */
public final class Crc32s {
    /** The reflected CRC-32 polynomial. */
    private static final int POLY = 0xEDB88320;
    /** {@code X2K[k] = x^(2^k) mod P}. */
    private static final int[] X2K = new int[64];

    static {
        int p = 1 << 30; // x^1 in the reflected representation
        for (int k = 0; k < X2K.length; k++) {
            X2K[k] = p;
            p = multiply(p, p);
        }
    }

    private Crc32s() {
    }

    /** {@code a * b mod P}, reflected: walks the coefficients of {@code a} from {@code x^0} up. */
    static int multiply(int a, int b) {
        int product = 0;
        int shifted = b; // b * x^i mod P for the current coefficient i of a
        for (int i = 0; i < 32; i++) {
            if ((a & (0x80000000 >>> i)) != 0) {
                product ^= shifted;
            }
            shifted = (shifted & 1) != 0 ? (shifted >>> 1) ^ POLY : shifted >>> 1;
        }
        return product;
    }

    /** {@code x^(8 * bytes) mod P}. */
    static int xPowBytes(long bytes) {
        int result = 0x80000000; // x^0
        long e = bytes; // exponent 8 * bytes = bytes << 3: start at x^(2^3)
        for (int k = 3; e != 0 && k < X2K.length; k++, e >>>= 1) {
            if ((e & 1) != 0) {
                result = multiply(result, X2K[k]);
            }
        }
        return result;
    }

    /**
     * Returns the CRC-32 of a sequence followed by parts checksummed separately (as {@link Parallel#run} gives them).
     *
     * @param crc the CRC-32 of what precedes the parts (0 for nothing)
     * @param partCrcs the CRC-32 of each part, in order
     * @param partLengths the length of each part
     * @return the CRC-32 of everything, in order
     */
    public static long combine(long crc, long[] partCrcs, long[] partLengths) {
        for (int i = 0; i < partCrcs.length; i++) {
            crc = combine(crc, partCrcs[i], partLengths[i]);
        }
        return crc;
    }

    /**
     * Returns the CRC-32 of the concatenation of two byte sequences.
     *
     * @param crcA the CRC-32 of the first sequence (as {@link java.util.zip.CRC32#getValue()} gives it)
     * @param crcB the CRC-32 of the second
     * @param lengthB the length of the second, in bytes
     * @return the CRC-32 of both, one after the other
     */
    public static long combine(long crcA, long crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        return (multiply(xPowBytes(lengthB), (int) crcA) ^ (int) crcB) & 0xFFFFFFFFL;
    }
}
