package org.npy4j.dtype;

/**
 * The unit of a {@code datetime64} / {@code timedelta64} dtype, as NumPy spells it between brackets.
 * A dtype also carries a multiplier ({@code m8[10ms]} is unit {@link #MILLISECOND}, multiplier 10).
 */
public enum DateTimeUnit {
    /** No unit: {@code M8} / {@code m8}. */
    GENERIC("", 0),
    YEAR("Y", 0),
    MONTH("M", 0),
    WEEK("W", 7L * 86_400_000_000_000L),
    DAY("D", 86_400_000_000_000L),
    HOUR("h", 3_600_000_000_000L),
    MINUTE("m", 60_000_000_000L),
    SECOND("s", 1_000_000_000L),
    MILLISECOND("ms", 1_000_000L),
    MICROSECOND("us", 1_000L),
    NANOSECOND("ns", 1L),
    PICOSECOND("ps", -1_000L),
    FEMTOSECOND("fs", -1_000_000L),
    ATTOSECOND("as", -1_000_000_000L);

    private final String symbol;
    private final long nanos;

    DateTimeUnit(String symbol, long nanos) {
        this.symbol = symbol;
        this.nanos = nanos;
    }

    /** Returns the unit as NumPy writes it ({@code "ns"}, {@code "D"}, {@code ""} for generic). */
    public String symbol() {
        return symbol;
    }

    /**
     * Returns how many nanoseconds one unit lasts when that is a whole number ({@link #WEEK} … {@link #NANOSECOND});
     * for units finer than a nanosecond, minus how many units make one nanosecond; 0 for calendar units and generic.
     */
    public long nanosPerUnit() {
        return nanos;
    }

    /** Returns the unit for its NumPy symbol ({@code "μs"} is accepted as {@code "us"}). */
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
