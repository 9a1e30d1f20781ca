package org.npy4j.dtype;

/**
 * The unit of a {@code datetime64} / {@code timedelta64} dtype, as NumPy spells it between brackets.
 * A dtype also carries a multiplier ({@code m8[10ms]} is unit {@link #MILLISECOND}, multiplier 10).
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public enum DateTimeUnit {
    /** No unit: {@code M8} / {@code m8}. */
    GENERIC("", 0),
    /** Calendar years ({@code Y}); no fixed length in nanoseconds. */
    YEAR("Y", 0),
    /** Calendar months ({@code M}); no fixed length in nanoseconds. */
    MONTH("M", 0),
    /** Weeks ({@code W}) of 7 days. */
    WEEK("W", 7L * 86_400_000_000_000L),
    /** Days ({@code D}) of 86400 seconds. */
    DAY("D", 86_400_000_000_000L),
    /** Hours ({@code h}). */
    HOUR("h", 3_600_000_000_000L),
    /** Minutes ({@code m}). */
    MINUTE("m", 60_000_000_000L),
    /** Seconds ({@code s}). */
    SECOND("s", 1_000_000_000L),
    /** Milliseconds ({@code ms}). */
    MILLISECOND("ms", 1_000_000L),
    /** Microseconds ({@code us}; NumPy also accepts {@code μs}). */
    MICROSECOND("us", 1_000L),
    /** Nanoseconds ({@code ns}). */
    NANOSECOND("ns", 1L),
    /** Picoseconds ({@code ps}). */
    PICOSECOND("ps", -1_000L),
    /** Femtoseconds ({@code fs}). */
    FEMTOSECOND("fs", -1_000_000L),
    /** Attoseconds ({@code as}). */
    ATTOSECOND("as", -1_000_000_000L);

    private final String symbol;
    private final long nanos;

    DateTimeUnit(String symbol, long nanos) {
        this.symbol = symbol;
        this.nanos = nanos;
    }

    /**
     * Returns the unit as NumPy writes it ({@code "ns"}, {@code "D"}, {@code ""} for generic).
     *
     * @return the symbol
     */
    public String symbol() {
        return symbol;
    }

    /**
     * Returns how many nanoseconds one unit lasts when that is a whole number ({@link #WEEK} … {@link #NANOSECOND});
     * for units finer than a nanosecond, minus how many units make one nanosecond; 0 for calendar units and generic.
     *
     * @return nanoseconds per unit, minus units per nanosecond, or 0
     */
    public long nanosPerUnit() {
        return nanos;
    }

    /**
     * Returns the unit for its NumPy symbol ({@code "μs"} is accepted as {@code "us"}).
     *
     * @param symbol the unit as written in a type string
     * @return the unit
     * @throws IllegalArgumentException if {@code symbol} is not a NumPy datetime unit
     */
    public static DateTimeUnit of(String symbol) {
        if ("\u03bcs".equals(symbol)) {
            return MICROSECOND;
        }
        for (DateTimeUnit u : values()) {
            if (u.symbol.equals(symbol)) {
                return u;
            }
        }
        throw new IllegalArgumentException("not a datetime unit: '" + symbol + "'");
    }
}
