package org.npy4j.dtype;

import java.nio.ByteOrder;

/**
 * The byte order of a dtype, as NumPy writes it in a type string: {@code '<'}, {@code '>'} or {@code '|'}.
 *
 * <p>NumPy's {@code '='} (native) is never stored: it is resolved to the platform's order when a dtype is parsed,
 * exactly as {@code np.save} writes {@code '<'} for a native array on a little-endian machine.
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public enum Endianness {
    /** Little-endian, {@code '<'}. */
    LITTLE('<'),
    /** Big-endian, {@code '>'}. */
    BIG('>'),
    /** Byte order does not apply (1-byte types, {@code S}, {@code V}, records), {@code '|'}. */
    NOT_APPLICABLE('|');

    private final char symbol;

    Endianness(char symbol) {
        this.symbol = symbol;
    }

    /**
     * Returns the character NumPy uses for this order in a type string.
     *
     * @return {@code '<'}, {@code '>'} or {@code '|'}
     */
    public char symbol() {
        return symbol;
    }

    /**
     * Returns the order of this JVM's platform, {@link #LITTLE} on x86-64 and aarch64.
     *
     * @return the native byte order
     */
    public static Endianness nativeOrder() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? LITTLE : BIG;
    }

    /**
     * Returns the NIO byte order to read values of this order with ({@code NOT_APPLICABLE} reads as little-endian).
     *
     * @return the NIO byte order
     */
    public ByteOrder toByteOrder() {
        return this == BIG ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * Returns the order for a type-string character, resolving {@code '='} to the native order.
     *
     * @param symbol {@code '<'}, {@code '>'}, {@code '|'} or {@code '='}
     * @return the byte order
     * @throws IllegalArgumentException for any other character
     */
    public static Endianness of(char symbol) {
        switch (symbol) {
            case '<': return LITTLE;
            case '>': return BIG;
            case '|': return NOT_APPLICABLE;
            case '=': return nativeOrder();
            default: throw new IllegalArgumentException("not a byte order character: '" + symbol + "'");
        }
    }
}
